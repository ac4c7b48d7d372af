import type { Channel, FlowAction, FlowDocument } from '../model/instance.ts';
import type { PlannedAudio } from '../voice/mediaPlan.ts';
import { cloneJson, type ContactFlowSettings, type FlowLogEntry, type FlowRun, type FlowWait } from './run.ts';
import { flatten, interpolate, lookup, next, stripSsml } from './language.ts';
import { performAction } from './actions.ts';
import { storedPhoneNumber } from './phoneInput.ts';

export { contactData, flatten, interpolate, lookup, matches, next, percent, stripSsml } from './language.ts';

/**
 * The flow interpreter: steps an Amazon Connect flow-language document (flow-language.md §1.3) from
 * where the run stands until the flow needs the outside world — a Lambda result, customer input, a
 * prompt to finish playing, a timer — or ends. It is pure: it reads the world it is given and returns
 * the new run and the effects, which flow/effects.ts turns into events.
 */

export type FlowEffect =
  | { kind: 'message'; text: string }
  | { kind: 'setAttributes'; attributes: Record<string, string> }
  | { kind: 'setQueue'; queueId: string }
  | { kind: 'enqueue'; queueId: string }
  | { kind: 'settings'; settings: ContactFlowSettings }
  | { kind: 'disconnect' }
  | { kind: 'end' }
  /** CreateCallbackContact: a CALLBACK contact to `number`, queued in `queueId` (flow/callEffects.ts makes it). */
  | { kind: 'callback'; queueId: string; number: string; flowId?: string; delaySeconds: number };

/** Every action type the interpreter runs; any other takes its error branch (and the flow log says why). */
export const SUPPORTED_ACTIONS: ReadonlySet<string> = new Set([
  // tier 1
  'DisconnectParticipant', 'MessageParticipant', 'UpdateContactAttributes', 'Compare', 'UpdateFlowLoggingBehavior',
  'InvokeLambdaFunction', 'UpdateContactTargetQueue', 'TransferContactToQueue', 'GetParticipantInput', 'TransferToFlow',
  'EndFlowExecution', 'Loop', 'UpdateContactRecordingBehavior', 'UpdateContactEventHooks', 'MessageParticipantIteratively',
  // tier 2 (ConnectParticipantWithLexBot has no bot adapter yet: it takes its error branch)
  'CheckHoursOfOperation', 'CheckMetricData', 'UpdateContactTextToSpeechVoice', 'UpdateContactMediaStreamingBehavior',
  // tier 3
  'InvokeFlowModule', 'EndFlowModuleExecution', 'UpdateFlowAttributes', 'Wait', 'DistributeByPercentage', 'TagContact',
  'UpdateContactData', 'GetMetricData', 'UpdateContactRoutingBehavior', 'UpdateContactCallbackNumber', 'DequeueContactAndTransferToQueue',
  // through the server's built-in bot adapter
  'ConnectParticipantWithLexBot',
  // flow moments on calls (flow/callActions.ts)
  'CreateCallbackContact', 'TransferContactToAgent',
]);

/** Voice-only actions: on a chat or a task they take their error branch (flow-language.md §2.6). */
export const VOICE_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'TransferParticipantToThirdParty', 'UpdateContactCallbackNumber', 'UpdatePreviousContactParticipantState',
  'UpdateContactMediaStreamingBehavior', 'TransferContactToAgent', 'CheckVoiceId', 'StartVoiceIdStream', 'CompleteOutboundCall',
]);

/** The flow types each event hook takes (a flow of another type is refused: flow types are checked where a flow is used). */
export const HOOK_FLOW_TYPES: Readonly<Record<string, readonly string[]>> = {
  CustomerQueue: ['CUSTOMER_QUEUE'], CustomerHold: ['CUSTOMER_HOLD'], AgentHold: ['AGENT_HOLD'],
  CustomerWhisper: ['CUSTOMER_WHISPER'], AgentWhisper: ['AGENT_WHISPER'], CustomerRemaining: ['CONTACT_FLOW'],
};

/** A run that performs this many actions without waiting is ended (the flow loops). */
export const MAX_FLOW_STEPS = 1000;

/** How long a bot waits for the customer's answer on a chat before its error branch. */
export const BOT_INPUT_SECONDS = 300;
/** How long the bot adapter has to answer. */
export const BOT_ANSWER_SECONDS = 10;

/** Lambda timeouts: console exports use 1–8 s; larger values are clamped. */
export const MAX_LAMBDA_SECONDS = 8;

/** What a contact looks like to its flow (the `$.` namespaces). Changed by the run as it goes. */
export interface FlowContactView {
  contactId: string;
  initialContactId: string;
  previousContactId?: string;
  channel: Channel;
  initiationMethod: string;
  attributes: Record<string, string>;
  customerName: string;
  /** Voice: the caller's number. */
  customerAddress?: string;
  systemAddress?: string;
  targetQueueId?: string;
  /** Already waiting in a queue (TransferContactToQueue then fails). */
  queued: boolean;
  /** Media plays this call's prompts and reports when they end: voice prompts wait for FlowPromptPlayed. */
  media: boolean;
  name?: string;
  description?: string;
  languageCode?: string;
  voice?: string;
  agent?: { userName: string; firstName: string; lastName: string; arn: string };
  /** UpdateContactCallbackNumber's number (CreateCallbackContact calls it), else the caller's. */
  callbackNumber?: string;
  /** UpdateContactData's CustomerId ($.CustomerId). */
  customerId?: string;
  /** TagContact's tags ($.Tags.<key>). */
  tags?: Record<string, string>;
}

/** A flow (or module) the run can go to. */
export interface RunnableFlow {
  id: string;
  name: string;
  type: string;
  content: FlowDocument;
}

/** What the interpreter may ask of the instance. Pure lookups. */
export interface FlowWorld {
  now: number;
  instanceArn: string;
  contact: FlowContactView;
  /** A flow or module by id or ARN. */
  flow(ref: string): RunnableFlow | undefined;
  /** A queue by id or ARN. */
  queue(ref: string): { id: string; arn: string; name: string } | undefined;
  admission(queueId: string): 'open' | 'closed' | 'full';
  /** Are these hours (id or ARN) open now? undefined if there are no such hours. */
  hoursOpen(ref: string): boolean | undefined;
  queueHours(queueId: string): string | undefined;
  /** CheckMetricData / GetMetricData: a queue's real-time metric, undefined if unknown. */
  metric(queueId: string, metric: string): number | undefined;
  /** InvokeLambdaFunction: may the instance's flows invoke this function (AssociateLambdaFunction)? */
  lambdaAssociated(functionArn: string): boolean;
}

/** How the outside world answers a wait. */
export type FlowResume =
  | { kind: 'played'; playbackId: string }
  | { kind: 'digits'; digits: string; reason: 'maxDigits' | 'terminator' | 'timeout' | 'stopped' }
  | { kind: 'chatInput'; text: string }
  | { kind: 'lambda'; ok: boolean; result?: Record<string, unknown>; error?: string }
  | { kind: 'bot'; ok: boolean; intentName?: string; slots?: Record<string, string>; error?: string }
  | { kind: 'timeout' }
  /** The platform ends the run (agent accepted, contact ended). */
  | { kind: 'stop' };

export interface Advance {
  /** The run after stepping; undefined when the flow ended. */
  run: FlowRun | undefined;
  effects: FlowEffect[];
  log: FlowLogEntry[];
  /** How the flow ended: it queued the contact, disconnected, or ended (fell off / EndFlowExecution). */
  ended?: 'queued' | 'disconnect' | 'end' | 'stopped';
}

export type Outcome =
  | { ok: true; result?: string }
  | { ok: false; error: string; reason?: string }
  | { wait: FlowWait }
  | { terminal: 'disconnect' | 'end' | 'queued' }
  | { jump: string }
  /** A module returned (EndFlowModuleExecution); `result` is its Result: the branch the caller takes. */
  | { returned: true; result?: string };

export const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);
export const lastSegment = (ref: string) => (ref.includes('/') ? ref.slice(ref.lastIndexOf('/') + 1) : ref);
export const bool = (v: unknown) => String(v).toLowerCase() === 'true';
export const num = (v: unknown, fallback: number) => {
  const n = Number(v);
  return v === undefined || v === null || v === '' || Number.isNaN(n) ? fallback : n;
};

/** A new run of `flow`, not started yet (pass it to `advance` with no resume). */
export function newRun(id: string, flow: RunnableFlow, audience: 'customer' | 'agent' = 'customer'): FlowRun {
  return {
    id, rootFlowId: flow.id, flowType: flow.type, flowId: flow.id, actionId: flow.content.StartAction, step: 0,
    loops: {}, external: {}, flowAttributes: {}, stack: [], logging: false, audience,
  };
}

/**
 * Steps the run: from its start (`resume` undefined: `run.actionId` is the first action to perform), or
 * from the action it waits in, answered by `resume`. Returns the new run (a fresh object; the given one
 * is not changed) until the flow ends.
 */
export function advance(world: FlowWorld, given: FlowRun, resume?: FlowResume): Advance {
  const run: FlowRun = cloneJson(given);
  const effects: FlowEffect[] = [];
  const log: FlowLogEntry[] = [];
  const view = world.contact;
  const settings: ContactFlowSettings = {};
  let settingsChanged = false;
  const patch = (s: ContactFlowSettings) => {
    for (const [k, v] of Object.entries(s)) {
      if (k === 'eventHooks' || k === 'tags') (settings as Record<string, unknown>)[k] = { ...((settings as Record<string, Record<string, string>>)[k] ?? {}), ...(v as Record<string, string>) };
      else (settings as Record<string, unknown>)[k] = v;
    }
    settingsChanged = true;
  };
  const finish = (ended: Advance['ended']): Advance => {
    if (settingsChanged) effects.push({ kind: 'settings', settings });
    return { run: undefined, effects, log, ended };
  };

  let doc = world.flow(run.flowId)?.content;
  if (!doc) return finish('end');
  let actions = indexActions(doc);
  let action: FlowAction | undefined;

  if (resume === undefined) {
    action = actions.get(run.actionId);
  } else {
    const waitingIn = actions.get(run.actionId);
    const wait = run.waiting;
    delete run.waiting;
    if (resume.kind === 'stop' || !waitingIn || !wait) return finish('stopped');
    const outcome = resumed(waitingIn, wait, resume);
    if ('wait' in outcome) {
      run.waiting = outcome.wait;
      if (settingsChanged) effects.push({ kind: 'settings', settings });
      return { run, effects, log };
    }
    record(waitingIn, outcome);
    action = next(waitingIn, outcome, actions);
  }

  for (let steps = 0; steps < MAX_FLOW_STEPS; steps++) {
    if (!action) {
      // Falling off the end of a module returns to its caller; off the end of a flow, it ends.
      if (run.stack.length > 0) {
        const back = returnFromModule();
        if (!back) return finish('end');
        action = back;
        continue;
      }
      return finish('end');
    }
    run.step += 1;
    run.actionId = action.Identifier;
    const outcome = perform(action);
    if ('wait' in outcome) {
      run.waiting = outcome.wait;
      if (settingsChanged) effects.push({ kind: 'settings', settings });
      if (run.logging) log.push(entry(action, { result: `waiting:${outcome.wait.kind}` }));
      return { run, effects, log };
    }
    if ('terminal' in outcome) {
      if (run.logging) log.push(entry(action, { result: outcome.terminal }));
      return finish(outcome.terminal);
    }
    if ('jump' in outcome) {
      const target = world.flow(outcome.jump)!;
      doc = target.content;
      actions = indexActions(doc);
      action = actions.get(doc.StartAction);
      continue;
    }
    if ('returned' in outcome) {
      action = returnFromModule(outcome.result);
      if (!action) return finish('end');
      continue;
    }
    record(action, outcome);
    action = next(action, outcome, actions);
  }
  log.push({ at: world.now, flowId: run.flowId, actionId: run.actionId, actionType: 'Flow', error: 'TooManySteps', reason: `the flow ran ${MAX_FLOW_STEPS} actions without waiting and was ended` });
  return finish('end');

  /**
   * Back in the caller, after its InvokeFlowModule. A module's Return may name a Result — one of the
   * branches its Settings.Transitions declare (Success, Error, or the module's own): the caller's
   * condition equal to it is taken; else "Success" goes on to NextAction and "Error" takes the error
   * branch; another Result no condition names is NoMatchingCondition; no Result goes on to NextAction.
   */
  function returnFromModule(result?: string): FlowAction | undefined {
    const frame = run.stack.pop()!;
    const caller = world.flow(frame.flowId);
    if (!caller) return undefined;
    run.flowId = frame.flowId;
    run.flowAttributes = frame.flowAttributes;
    doc = caller.content;
    actions = indexActions(doc);
    const invoke = actions.get(frame.actionId);
    if (!invoke) return undefined;
    if (result === undefined) return next(invoke, { ok: true }, actions);
    const named = (invoke.Transitions?.Conditions ?? []).some((c) => c.Condition.Operands?.map(String).includes(result));
    if (result === 'Success' && !named) return next(invoke, { ok: true }, actions);
    if (result === 'Error' && !named) return next(invoke, { ok: false, error: 'NoMatchingError' }, actions);
    return next(invoke, { ok: true, result }, actions);
  }

  function entry(action: FlowAction, extra: Partial<FlowLogEntry>): FlowLogEntry {
    return { at: world.now, flowId: run.flowId, actionId: action.Identifier, actionType: action.Type, ...(action.Parameters ? { parameters: action.Parameters } : {}), ...extra };
  }

  function record(action: FlowAction, outcome: { ok: true; result?: string } | { ok: false; error: string; reason?: string }): void {
    if ('error' in outcome && outcome.reason !== undefined) {
      // Why an error branch was taken is always logged: the flow log is where a user finds out.
      log.push(entry(action, { error: outcome.error, reason: outcome.reason }));
    } else if (run.logging) {
      log.push(entry(action, 'error' in outcome ? { error: outcome.error } : outcome.result !== undefined ? { result: outcome.result } : {}));
    }
  }

  function text(value: unknown): string {
    return interpolate(String(value ?? ''), (path) => lookup(world, run, path));
  }

  /** A prompt's audio (Text, SSML or PromptId), or undefined when the action has none. */
  function audioOf(p: Record<string, unknown>): PlannedAudio | undefined {
    const voice = view.voice;
    const lang = view.languageCode;
    const extras = { ...(voice ? { voice } : {}), ...(lang ? { languageCode: lang } : {}) };
    if (p.Text !== undefined) return { kind: 'text', text: text(p.Text), ...extras };
    if (p.SSML !== undefined) return { kind: 'ssml', ssml: text(p.SSML), ...extras };
    if (p.PromptId !== undefined) return { kind: 'prompt', promptId: lastSegment(text(p.PromptId)) };
    return undefined;
  }

  /** The text a chat shows for a prompt: Text as is, SSML without its tags; a recorded prompt has no text. */
  function chatText(audio: PlannedAudio): string | undefined {
    if (audio.kind === 'text') return audio.text;
    if (audio.kind === 'ssml') return stripSsml(audio.ssml);
    return undefined;
  }

  function waitId(): string {
    return `${run.id}:${run.step}`;
  }

  function perform(action: FlowAction): Outcome {
    return performAction({ run, world, view, effects, log, patch, entry, text, audioOf, chatText, waitId }, action);
  }

  /** The outcome of the action a run waited in, once the world answers. */
  function resumed(action: FlowAction, wait: FlowWait, answer: FlowResume): { ok: true; result?: string } | { ok: false; error: string; reason?: string } | { wait: FlowWait } {
    switch (wait.kind) {
      case 'prompt':
        return answer.kind === 'played' || answer.kind === 'timeout' ? { ok: true } : { wait };
      case 'iterate':
        if (answer.kind === 'played') return { wait: { ...wait, played: wait.played + 1 } };
        if (answer.kind === 'timeout') return { ok: true, result: 'MessagesInterrupted' };
        return { wait };
      case 'timer':
        if (answer.kind === 'timeout') return { ok: true, result: 'WaitCompleted' };
        if (answer.kind === 'chatInput' && wait.events.includes('CustomerReturned')) return { ok: true, result: 'CustomerReturned' };
        return { wait };
      case 'bot': {
        if (answer.kind === 'timeout') return { ok: false, error: 'NoMatchingError', reason: `the bot ${wait.botRef} did not answer` };
        if (answer.kind !== 'bot') return { wait };
        if (!answer.ok) return { ok: false, error: 'NoMatchingError', reason: `the bot failed: ${answer.error ?? 'error'}` };
        run.lex = { intentName: answer.intentName ?? '', slots: answer.slots ?? {}, sessionAttributes: wait.sessionAttributes };
        return { ok: true, result: answer.intentName ?? '' };
      }
      case 'lambda': {
        if (answer.kind === 'timeout') return { ok: false, error: 'NoMatchingError', reason: `the Lambda function did not answer within ${wait.timeoutSeconds} s` };
        if (answer.kind !== 'lambda') return { wait };
        if (!answer.ok) return { ok: false, error: 'NoMatchingError', reason: `the Lambda function failed: ${answer.error ?? 'error'}` };
        // $.External is replaced on each invocation.
        run.external = flatten(answer.result ?? {});
        return { ok: true };
      }
      case 'input': {
        let input: string;
        if (answer.kind === 'chatInput' && wait.channel === 'CHAT') input = answer.text.trim();
        else if (answer.kind === 'digits' && wait.channel === 'VOICE') {
          input = answer.digits;
          if (wait.terminator && input.endsWith(wait.terminator)) input = input.slice(0, -wait.terminator.length);
          if (input === '' && (answer.reason === 'timeout' || answer.reason === 'stopped')) return inputTimedOut(wait);
        } else if (answer.kind === 'timeout') return inputTimedOut(wait);
        else return { wait };
        if (wait.bot) {
          return { wait: { kind: 'bot', id: `${wait.id}:bot`, botRef: wait.bot.ref, utterance: input, sessionAttributes: wait.bot.sessionAttributes, deadline: world.now + BOT_ANSWER_SECONDS * 1000 } };
        }
        if (wait.storeInput) {
          const phone = (((action.Parameters ?? {}).InputValidation ?? {}) as Record<string, unknown>).PhoneNumberValidation;
          const stored = phone ? storedPhoneNumber(input, phone as Record<string, unknown>) : input;
          if (stored === undefined) return { ok: false, error: 'InvalidPhoneNumber' };
          run.storedInput = stored;
          return { ok: true };
        }
        return { ok: true, result: input };
      }
    }
  }

  /** No input in time: Get customer input takes InputTimeLimitExceeded; Store customer input goes on with $.StoredCustomerInput "Timeout". */
  function inputTimedOut(wait: Extract<FlowWait, { kind: 'input' }>): { ok: true } | { ok: false; error: string } {
    if (!wait.storeInput || wait.bot) return { ok: false, error: 'InputTimeLimitExceeded' };
    run.storedInput = STORED_INPUT_TIMEOUT;
    return { ok: true };
  }
}

/** What Store customer input keeps when the customer entered nothing before the time limit (Connect's admin guide: the Success branch, value "Timeout"). */
export const STORED_INPUT_TIMEOUT = 'Timeout';

const indexActions = (doc: FlowDocument) => new Map<string, FlowAction>(doc.Actions.map((a) => [a.Identifier, a]));

/**
 * Runs a flow on a chat with nothing around it (no queues, no hours, no other flows) until it ends or
 * waits, and returns its effects: how a transfer flow's prompts reach the chat.
 */
export function runFlow(doc: FlowDocument, context: { attributes: Record<string, string>; customerName: string; flowType?: string; channel?: Channel }): FlowEffect[] {
  const flow: RunnableFlow = { id: 'inline', name: '', type: context.flowType ?? 'CONTACT_FLOW', content: doc };
  const world: FlowWorld = {
    now: 0, instanceArn: '',
    contact: { contactId: '', initialContactId: '', channel: context.channel ?? 'CHAT', initiationMethod: 'API', attributes: { ...context.attributes }, customerName: context.customerName, queued: false, media: false },
    flow: (ref) => (ref === flow.id ? flow : undefined), queue: () => undefined, admission: () => 'open', hoursOpen: () => undefined, queueHours: () => undefined, metric: () => undefined,
    lambdaAssociated: () => false,
  };
  return advance(world, newRun('inline', flow)).effects;
}
