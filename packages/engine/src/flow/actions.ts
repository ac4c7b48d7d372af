import type { FlowAction } from '../model/instance.ts';
import type { PlannedAudio } from '../voice/mediaPlan.ts';
import type { ContactFlowSettings, FlowLogEntry, FlowRun } from './run.ts';
import {
  BOT_INPUT_SECONDS, HOOK_FLOW_TYPES, MAX_LAMBDA_SECONDS, VOICE_ONLY_ACTIONS, bool, has, num,
  type FlowContactView, type FlowEffect, type FlowWorld, type Outcome,
} from './interpreter.ts';
import { contactData, percent } from './language.ts';
import { callAction } from './callActions.ts';

/** What an action may touch: the run, the world it reads, the effects it adds, and the interpreter's readers. */
export interface ActionContext {
  run: FlowRun;
  world: FlowWorld;
  view: FlowContactView;
  effects: FlowEffect[];
  /** The flow log entries this step adds. */
  log: FlowLogEntry[];
  patch(settings: ContactFlowSettings): void;
  entry(action: FlowAction, extra: Partial<FlowLogEntry>): FlowLogEntry;
  text(value: unknown): string;
  audioOf(p: Record<string, unknown>): PlannedAudio | undefined;
  chatText(audio: PlannedAudio): string | undefined;
  waitId(): string;
}

/** One action of a flow, performed (flow-language.md §2): its outcome picks the next action. The interpreter steps them (interpreter.ts). */
export function performAction(c: ActionContext, action: FlowAction): Outcome {
  const { run, world, view, effects, log, patch, entry, text, audioOf, chatText, waitId } = c;
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
      patch({ flowLogging: run.logging });
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
      view.callbackNumber = number;
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
      // Amazon Connect may call only the functions associated with the instance (AssociateLambdaFunction).
      if (!world.lambdaAssociated(functionArn)) return { ok: false, error: 'NoMatchingError', reason: `${functionArn} is not associated with this instance (AssociateLambdaFunction)` };
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
      // Result names the caller's branch (ResultData, seen in exports, is not read by the caller: not kept).
      return { returned: true, ...(p.Result !== undefined ? { result: text(p.Result) } : {}) };
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
      view.tags = { ...view.tags, ...tags };
      patch({ tags });
      return { ok: true };
    }
    case 'UpdateContactData': {
      const s: ContactFlowSettings = {};
      if (p.Name !== undefined) view.name = s.name = text(p.Name);
      if (p.Description !== undefined) view.description = s.description = text(p.Description);
      if (p.LanguageCode !== undefined) view.languageCode = s.languageCode = text(p.LanguageCode);
      if (p.CustomerId !== undefined) view.customerId = s.customerId = text(p.CustomerId);
      patch(s);
      return { ok: true };
    }
    case 'UpdateContactRoutingBehavior': {
      if (p.QueuePriority !== undefined) patch({ queuePriority: num(text(p.QueuePriority), 5) });
      if (p.QueueTimeAdjustmentSeconds !== undefined) patch({ queueTimeAdjustmentSeconds: num(text(p.QueueTimeAdjustmentSeconds), 0) });
      return { ok: true };
    }
    default:
      return callAction(c, action) ?? { ok: false, error: 'NoMatchingError', reason: `action type ${type} is not supported by this server` };
  }
}
