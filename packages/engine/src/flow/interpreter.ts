import type { Channel, FlowAction, FlowDocument } from '../model/instance.ts';
import type { PlannedAudio } from '../voice/mediaPlan.ts';
import { cloneJson, type ContactFlowSettings, type FlowLogEntry, type FlowRun, type FlowWait } from './run.ts';
import { contactData, flatten, interpolate, lookup, next, percent, stripSsml } from './language.ts';

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
  | { kind: 'end' };

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

type Outcome =
  | { ok: true; result?: string }
  | { ok: false; error: string; reason?: string }
  | { wait: FlowWait }
  | { terminal: 'disconnect' | 'end' | 'queued' }
  | { jump: string }
  | { returned: true };

const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const lastSegment = (ref: string) => (ref.includes('/') ? ref.slice(ref.lastIndexOf('/') + 1) : ref);
const bool = (v: unknown) => String(v).toLowerCase() === 'true';
const num = (v: unknown, fallback: number) => {
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
      action = returnFromModule();
      if (!action) return finish('end');
      continue;
    }
    record(action, outcome);
    action = next(action, outcome, actions);
  }
  log.push({ at: world.now, flowId: run.flowId, actionId: run.actionId, actionType: 'Flow', error: 'TooManySteps', reason: `the flow ran ${MAX_FLOW_STEPS} actions without waiting and was ended` });
  return finish('end');

  function returnFromModule(): FlowAction | undefined {
    const frame = run.stack.pop()!;
    const caller = world.flow(frame.flowId);
    if (!caller) return undefined;
    run.flowId = frame.flowId;
    run.flowAttributes = frame.flowAttributes;
    doc = caller.content;
    actions = indexActions(doc);
    const invoke = actions.get(frame.actionId);
    if (!invoke) return undefined;
    return next(invoke, { ok: true }, actions);
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
    const p = action.Parameters ?? {};
    const type = action.Type;
    if (VOICE_ONLY_ACTIONS.has(type) && view.channel !== 'VOICE') {
      return { ok: false, error: 'NoMatchingError', reason: `${type} works on voice contacts only; this is a ${view.channel} contact` };
    }
    switch (type) {
      case 'MessageParticipant': {
        const audio = audioOf(p);
        if (!audio) return { ok: false, error: 'NoMatchingError', reason: 'the prompt has no Text, SSML or PromptId' };
        if (view.channel === 'TASK') return { ok: true };
        if (view.channel === 'CHAT') {
          const shown = chatText(audio);
          if (shown === undefined) return { ok: false, error: 'NoMatchingError', reason: 'a recorded prompt (PromptId) cannot be sent in a chat; use Text' };
          effects.push({ kind: 'message', text: shown });
          return { ok: true };
        }
        if (!view.media) return { ok: true };
        return { wait: { kind: 'prompt', id: waitId(), audio } };
      }
      case 'MessageParticipantIteratively': {
        if (view.channel !== 'VOICE') return { ok: false, error: 'NoMatchingError', reason: 'Loop prompts plays on voice only; a chat takes the error branch' };
        const messages = (Array.isArray(p.Messages) ? p.Messages : []).map((m) => audioOf(m as Record<string, unknown>)).filter((m): m is PlannedAudio => m !== undefined);
        if (messages.length === 0) return { ok: false, error: 'NoMatchingError', reason: 'Loop prompts has no messages' };
        const interrupt = num(p.InterruptFrequencySeconds, 0);
        return { wait: { kind: 'iterate', id: waitId(), messages, played: 0, ...(interrupt > 0 ? { deadline: world.now + interrupt * 1000 } : {}) } };
      }
      case 'GetParticipantInput': {
        const audio = audioOf(p);
        const timeoutSeconds = num(p.InputTimeLimitSeconds ?? p.InputTimeoutSeconds, 5);
        const storeInput = bool(p.StoreInput);
        if (view.channel === 'TASK') return { ok: false, error: 'NoMatchingError', reason: 'a task cannot give input' };
        if (view.channel === 'CHAT') {
          if (audio) {
            const shown = chatText(audio);
            if (shown !== undefined) effects.push({ kind: 'message', text: shown });
          }
          return { wait: { kind: 'input', id: waitId(), channel: 'CHAT', maxDigits: 0, timeoutSeconds, interDigitSeconds: 0, storeInput, deadline: world.now + timeoutSeconds * 1000 } };
        }
        const dtmf = (p.DTMFConfiguration ?? {}) as Record<string, unknown>;
        const custom = ((p.InputValidation ?? {}) as Record<string, Record<string, unknown>>).CustomValidation;
        const phone = ((p.InputValidation ?? {}) as Record<string, unknown>).PhoneNumberValidation;
        const maxDigits = !storeInput ? 1 : custom ? num(custom.MaximumLength, 20) : phone ? 20 : 20;
        const terminator = storeInput ? (dtmf.InputTerminationSequence !== undefined ? String(dtmf.InputTerminationSequence) : '#') : undefined;
        return {
          wait: {
            kind: 'input', id: waitId(), channel: 'VOICE', ...(audio ? { prompt: audio } : {}), maxDigits,
            ...(terminator ? { terminator } : {}), timeoutSeconds, interDigitSeconds: num(dtmf.InterdigitTimeLimitSeconds, 5), storeInput,
            ...(view.media ? {} : { deadline: world.now + timeoutSeconds * 1000 }),
          },
        };
      }
      case 'ConnectParticipantWithLexBot': {
        // The customer's answer (chat: their next message; voice: digits, as no speech is recognised) goes to the bot adapter.
        const v2 = (p.LexV2Bot ?? {}) as Record<string, unknown>;
        const classic = (p.LexBot ?? {}) as Record<string, unknown>;
        const ref = v2.AliasArn !== undefined ? text(v2.AliasArn) : classic.Name !== undefined ? text(classic.Name) : '';
        if (!ref) return { ok: false, error: 'NoMatchingError', reason: 'no LexV2Bot.AliasArn or LexBot.Name' };
        if (view.channel === 'TASK') return { ok: false, error: 'NoMatchingError', reason: 'a task cannot talk to a bot' };
        const sessionAttributes: Record<string, string> = {};
        for (const [k, v] of Object.entries((p.LexSessionAttributes ?? {}) as Record<string, unknown>)) sessionAttributes[k] = text(v);
        const audio = audioOf(p);
        const bot = { ref, sessionAttributes };
        if (view.channel === 'CHAT') {
          const shown = audio ? chatText(audio) : undefined;
          if (shown !== undefined) effects.push({ kind: 'message', text: shown });
          return { wait: { kind: 'input', id: waitId(), channel: 'CHAT', maxDigits: 0, timeoutSeconds: BOT_INPUT_SECONDS, interDigitSeconds: 0, storeInput: false, deadline: world.now + BOT_INPUT_SECONDS * 1000, bot } };
        }
        return {
          wait: {
            kind: 'input', id: waitId(), channel: 'VOICE', ...(audio ? { prompt: audio } : {}), maxDigits: 20, terminator: '#', timeoutSeconds: 8, interDigitSeconds: 3,
            storeInput: false, bot, ...(view.media ? {} : { deadline: world.now + 8000 }),
          },
        };
      }
      case 'DisconnectParticipant':
        effects.push({ kind: 'disconnect' });
        return { terminal: 'disconnect' };
      case 'EndFlowExecution':
        return { terminal: 'end' };
      case 'UpdateContactAttributes': {
        const raw = (p.Attributes ?? {}) as Record<string, unknown>;
        const set: Record<string, string> = {};
        for (const [k, v] of Object.entries(raw)) set[k] = text(v);
        Object.assign(view.attributes, set);
        effects.push({ kind: 'setAttributes', attributes: set });
        return { ok: true };
      }
      case 'UpdateFlowAttributes': {
        const raw = (p.FlowAttributes ?? {}) as Record<string, unknown>;
        for (const [k, v] of Object.entries(raw)) {
          run.flowAttributes[k] = text(v !== null && typeof v === 'object' && 'Value' in v ? (v as { Value: unknown }).Value : v);
        }
        return { ok: true };
      }
      case 'Compare': {
        return { ok: true, result: text(p.ComparisonValue) };
      }
      case 'UpdateFlowLoggingBehavior':
        run.logging = String(p.FlowLoggingBehavior) === 'Enabled';
        return { ok: true };
      case 'UpdateContactTargetQueue': {
        if (p.QueueId === undefined) return { ok: false, error: 'NoMatchingError', reason: p.AgentId !== undefined ? 'agent queues (AgentId) are not supported' : 'no QueueId' };
        const queue = world.queue(text(p.QueueId));
        if (!queue) return { ok: false, error: 'NoMatchingError', reason: `no queue ${text(p.QueueId)}` };
        view.targetQueueId = queue.id;
        effects.push({ kind: 'setQueue', queueId: queue.id });
        return { ok: true };
      }
      case 'TransferContactToQueue': {
        const queueId = view.targetQueueId;
        if (!queueId) return { ok: false, error: 'NoMatchingError', reason: 'no working queue set' };
        if (view.queued) return { ok: false, error: 'NoMatchingError', reason: 'the contact is already in a queue' };
        // A closed queue refuses new contacts; a full one answers QueueAtCapacity.
        const admission = world.admission(queueId);
        if (admission === 'full') return { ok: false, error: 'QueueAtCapacity' };
        if (admission === 'closed') return { ok: false, error: 'NoMatchingError' };
        effects.push({ kind: 'enqueue', queueId });
        view.queued = true;
        return { terminal: 'queued' };
      }
      case 'DequeueContactAndTransferToQueue': {
        // A customer queue flow moves its contact to another queue (it leaves the one it waits in).
        if (!view.queued) return { ok: false, error: 'NoMatchingError', reason: 'the contact is not in a queue' };
        const queue = p.QueueId !== undefined ? world.queue(text(p.QueueId)) : undefined;
        if (!queue) return { ok: false, error: 'NoMatchingError', reason: p.AgentId !== undefined ? 'agent queues (AgentId) are not supported' : `no queue ${text(p.QueueId)}` };
        const admission = world.admission(queue.id);
        if (admission === 'full') return { ok: false, error: 'QueueAtCapacity' };
        if (admission === 'closed') return { ok: false, error: 'NoMatchingError', reason: `queue ${queue.name} is closed` };
        view.targetQueueId = queue.id;
        effects.push({ kind: 'setQueue', queueId: queue.id }, { kind: 'enqueue', queueId: queue.id });
        return { terminal: 'queued' };
      }
      case 'UpdateContactCallbackNumber': {
        const number = text(p.CallbackNumber).replace(/[\s()-]/g, '');
        if (!/^\+[1-9][0-9]{6,14}$/.test(number)) return { ok: false, error: 'InvalidCallbackNumber' };
        patch({ callbackNumber: number });
        return { ok: true };
      }
      case 'CheckHoursOfOperation': {
        // The given hours, else the working queue's; a queue with no hours is always open.
        const ref = p.HoursOfOperationId !== undefined ? text(p.HoursOfOperationId) : (view.targetQueueId ? world.queueHours(view.targetQueueId) : undefined);
        if (ref === undefined) return view.targetQueueId ? { ok: true, result: 'True' } : { ok: false, error: 'NoMatchingError', reason: 'no hours given and no working queue' };
        const open = world.hoursOpen(ref);
        if (open === undefined) return { ok: false, error: 'NoMatchingError', reason: `no hours of operation ${ref}` };
        return { ok: true, result: open ? 'True' : 'False' };
      }
      case 'CheckMetricData': {
        const queueId = p.QueueId !== undefined ? world.queue(text(p.QueueId))?.id : view.targetQueueId;
        if (!queueId) return { ok: false, error: 'NoMatchingError', reason: 'no queue to check' };
        const value = world.metric(queueId, String(p.MetricType ?? ''));
        if (value === undefined) return { ok: false, error: 'NoMatchingError', reason: `unknown metric ${String(p.MetricType)}` };
        return { ok: true, result: String(value) };
      }
      case 'GetMetricData': {
        const queueId = p.QueueId !== undefined ? world.queue(text(p.QueueId))?.id : view.targetQueueId;
        const queue = queueId ? world.queue(queueId) : undefined;
        if (!queueId || !queue) return { ok: false, error: 'NoMatchingError', reason: 'no queue to read' };
        const m = (name: string) => String(world.metric(queueId, name) ?? 0);
        run.metrics = {
          'Queue.Name': queue.name, 'Queue.ARN': queue.arn, 'Queue.Size': m('NumberOfContactsInQueue'),
          'Queue.OldestContactAge': m('OldestContactInQueueAgeSeconds'), 'Agents.Online.Count': m('NumberOfAgentsOnline'),
          'Agents.Available.Count': m('NumberOfAgentsAvailable'), 'Agents.Staffed.Count': m('NumberOfAgentsStaffed'),
        };
        return { ok: true };
      }
      case 'DistributeByPercentage':
        return { ok: true, result: String(percent(`${run.id}:${run.step}`)) };
      case 'Loop': {
        const key = `${run.flowId}:${action.Identifier}`;
        const count = num(text(p.LoopCount), 0);
        const done = has(run.loops, key) ? run.loops[key]! : 0;
        if (done < count) {
          run.loops[key] = done + 1;
          return { ok: true, result: 'ContinueLooping' };
        }
        delete run.loops[key];
        return { ok: true, result: 'DoneLooping' };
      }
      case 'InvokeLambdaFunction': {
        const functionArn = text(p.LambdaFunctionARN);
        if (!functionArn) return { ok: false, error: 'NoMatchingError', reason: 'no LambdaFunctionARN' };
        const timeoutSeconds = Math.min(Math.max(num(p.InvocationTimeLimitSeconds, 3), 1), MAX_LAMBDA_SECONDS);
        const parameters: Record<string, string> = {};
        for (const [k, v] of Object.entries((p.LambdaInvocationAttributes ?? {}) as Record<string, unknown>)) parameters[k] = text(v);
        return {
          wait: {
            kind: 'lambda', id: waitId(), functionArn, timeoutSeconds,
            // The shell enforces the timeout; this deadline only rescues a run whose answer never comes.
            deadline: world.now + (timeoutSeconds + 2) * 1000,
            payload: { Details: { ContactData: contactData(world, run), Parameters: parameters }, Name: 'ContactFlowEvent' },
          },
        };
      }
      case 'TransferToFlow': {
        const target = world.flow(text(p.ContactFlowId));
        if (!target) return { ok: false, error: 'NoMatchingError', reason: `no flow ${text(p.ContactFlowId)}` };
        if (!['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER', ''].includes(target.type)) return { ok: false, error: 'NoMatchingError', reason: `TransferToFlow goes to inbound or transfer flows; ${target.id} is ${target.type}` };
        // Contact attributes go along; flow attributes and loop counters do not.
        run.flowId = target.id;
        run.loops = {};
        run.flowAttributes = {};
        run.stack = [];
        if (run.logging) log.push(entry(action, { result: target.id }));
        return { jump: target.id };
      }
      case 'InvokeFlowModule': {
        const target = world.flow(text(p.FlowModuleId));
        if (!target) return { ok: false, error: 'NoMatchingError', reason: `no flow module ${text(p.FlowModuleId)}` };
        if (run.stack.length >= 5) return { ok: false, error: 'NoMatchingError', reason: 'flow modules nest at most 5 deep' };
        run.stack.push({ flowId: run.flowId, actionId: action.Identifier, flowAttributes: run.flowAttributes });
        run.flowId = target.id;
        run.flowAttributes = {};
        if (run.logging) log.push(entry(action, { result: target.id }));
        return { jump: target.id };
      }
      case 'EndFlowModuleExecution':
        if (run.stack.length === 0) return { terminal: 'end' };
        return { returned: true };
      case 'Wait': {
        const seconds = num(p.TimeLimitSeconds ?? p.TimeoutSeconds, 0);
        if (view.channel === 'VOICE') return { ok: false, error: 'NoMatchingError', reason: 'Wait does not run on voice contacts' };
        const events = Array.isArray(p.Events) ? p.Events.map(String) : [];
        return { wait: { kind: 'timer', id: waitId(), deadline: world.now + seconds * 1000, events } };
      }
      case 'UpdateContactRecordingBehavior': {
        if (view.channel === 'TASK') return { ok: false, error: 'NoMatchingError', reason: 'tasks are not recorded' };
        const rb = (p.RecordingBehavior ?? {}) as Record<string, unknown>;
        patch({ recordedParticipants: Array.isArray(rb.RecordedParticipants) ? rb.RecordedParticipants.map(String) : [] });
        return { ok: true };
      }
      case 'UpdateContactEventHooks': {
        const hooks: Record<string, string> = {};
        for (const [k, v] of Object.entries((p.EventHooks ?? {}) as Record<string, unknown>)) {
          const ref = text(v);
          const flow = world.flow(ref);
          if (!flow) return { ok: false, error: 'NoMatchingError', reason: `no flow ${ref} for the ${k} hook` };
          const wanted = HOOK_FLOW_TYPES[k];
          if (wanted && flow.type !== '' && !wanted.includes(flow.type)) return { ok: false, error: 'NoMatchingError', reason: `the ${k} hook takes a ${wanted.join(' or ')} flow; ${flow.id} is ${flow.type}` };
          hooks[k] = flow.id;
        }
        patch({ eventHooks: hooks });
        return { ok: true };
      }
      case 'UpdateContactTextToSpeechVoice': {
        const name = text(p.TextToSpeechVoice);
        if (name) {
          view.voice = name;
          patch({ voice: { name, ...(p.TextToSpeechEngine !== undefined ? { engine: text(p.TextToSpeechEngine) } : {}), ...(p.TextToSpeechStyle !== undefined ? { style: text(p.TextToSpeechStyle) } : {}) } });
        }
        return { ok: true };
      }
      case 'UpdateContactMediaStreamingBehavior':
        patch({ mediaStreaming: String(p.MediaStreamingState) === 'Enabled' });
        return { ok: true };
      case 'TagContact': {
        const tags: Record<string, string> = {};
        for (const [k, v] of Object.entries((p.Tags ?? {}) as Record<string, unknown>)) tags[k] = text(v);
        patch({ tags });
        return { ok: true };
      }
      case 'UpdateContactData': {
        const s: ContactFlowSettings = {};
        if (p.Name !== undefined) view.name = s.name = text(p.Name);
        if (p.Description !== undefined) view.description = s.description = text(p.Description);
        if (p.LanguageCode !== undefined) view.languageCode = s.languageCode = text(p.LanguageCode);
        if (p.CustomerId !== undefined) s.customerId = text(p.CustomerId);
        patch(s);
        return { ok: true };
      }
      case 'UpdateContactRoutingBehavior': {
        if (p.QueuePriority !== undefined) patch({ queuePriority: num(text(p.QueuePriority), 5) });
        if (p.QueueTimeAdjustmentSeconds !== undefined) patch({ queueTimeAdjustmentSeconds: num(text(p.QueueTimeAdjustmentSeconds), 0) });
        return { ok: true };
      }
      default:
        return { ok: false, error: 'NoMatchingError', reason: `action type ${type} is not supported by this server` };
    }
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
        run.lex = { intentName: answer.intentName ?? '', slots: answer.slots ?? {} };
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
          if (input === '' && (answer.reason === 'timeout' || answer.reason === 'stopped')) return { ok: false, error: 'InputTimeLimitExceeded' };
        } else if (answer.kind === 'timeout') return { ok: false, error: 'InputTimeLimitExceeded' };
        else return { wait };
        if (wait.bot) {
          return { wait: { kind: 'bot', id: `${wait.id}:bot`, botRef: wait.bot.ref, utterance: input, sessionAttributes: wait.bot.sessionAttributes, deadline: world.now + BOT_ANSWER_SECONDS * 1000 } };
        }
        if (wait.storeInput) {
          run.storedInput = input;
          const validation = ((action.Parameters ?? {}).InputValidation ?? {}) as Record<string, unknown>;
          if (validation.PhoneNumberValidation && !/^\+?[0-9]{5,15}$/.test(input)) return { ok: false, error: 'InvalidPhoneNumber' };
          return { ok: true };
        }
        return { ok: true, result: input };
      }
    }
  }
}

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
  };
  return advance(world, newRun('inline', flow)).effects;
}
