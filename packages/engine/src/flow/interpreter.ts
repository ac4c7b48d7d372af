import type { FlowAction, FlowDocument } from '../model/instance.ts';

/**
 * The flow interpreter: steps an Amazon Connect flow-language document and returns the effects for
 * the caller to turn into events. It only reads the document and the context it is given.
 * This first cut runs flows that finish without waiting (chat greeting, set queue, transfer to queue);
 * blocks that wait for input arrive with the issues that need them.
 */
export type FlowEffect =
  | { kind: 'message'; text: string }
  | { kind: 'setAttributes'; attributes: Record<string, string> }
  | { kind: 'setQueue'; queueId: string }
  | { kind: 'enqueue'; queueId: string }
  | { kind: 'disconnect' }
  | { kind: 'end' };

export interface FlowContext {
  attributes: Record<string, string>;
  /** Resolves a queue reference (id or ARN) to a queue id of the instance, or undefined. */
  resolveQueue(ref: string): string | undefined;
  customerName: string;
}

export const SUPPORTED_ACTIONS: ReadonlySet<string> = new Set([
  'MessageParticipant', 'UpdateContactTargetQueue', 'TransferContactToQueue', 'UpdateContactAttributes',
  'DisconnectParticipant', 'EndFlowExecution',
]);

/** A flow that runs longer than this many steps without stopping is ended (it loops). */
export const MAX_FLOW_STEPS = 1000;

type Outcome = { ok: true } | { ok: false; error: string } | { stop: true };

export function runFlow(doc: FlowDocument, context: FlowContext): FlowEffect[] {
  const actions = new Map<string, FlowAction>(doc.Actions.map((a) => [a.Identifier, a]));
  const effects: FlowEffect[] = [];
  const attributes = { ...context.attributes };
  let targetQueue: string | undefined;
  let current = actions.get(doc.StartAction);
  for (let step = 0; current && step < MAX_FLOW_STEPS; step++) {
    const outcome = perform(current);
    if ('stop' in outcome) return effects;
    current = next(current, outcome, actions);
  }
  // Falling off the end of a flow (or looping) ends the contact.
  effects.push({ kind: 'end' });
  return effects;

  function perform(action: FlowAction): Outcome {
    const p = action.Parameters ?? {};
    switch (action.Type) {
      case 'MessageParticipant': {
        if (typeof p.Text !== 'string') return { ok: false, error: 'NoMatchingError' };
        effects.push({ kind: 'message', text: interpolate(p.Text, attributes, context.customerName) });
        return { ok: true };
      }
      case 'UpdateContactAttributes': {
        const raw = (p.Attributes ?? {}) as Record<string, unknown>;
        const set: Record<string, string> = {};
        for (const [k, v] of Object.entries(raw)) set[k] = interpolate(String(v), attributes, context.customerName);
        Object.assign(attributes, set);
        effects.push({ kind: 'setAttributes', attributes: set });
        return { ok: true };
      }
      case 'UpdateContactTargetQueue': {
        const ref = typeof p.QueueId === 'string' ? interpolate(p.QueueId, attributes, context.customerName) : undefined;
        const queueId = ref === undefined ? undefined : context.resolveQueue(ref);
        if (!queueId) return { ok: false, error: 'NoMatchingError' };
        targetQueue = queueId;
        effects.push({ kind: 'setQueue', queueId });
        return { ok: true };
      }
      case 'TransferContactToQueue':
        if (!targetQueue) return { ok: false, error: 'NoMatchingError' };
        effects.push({ kind: 'enqueue', queueId: targetQueue });
        return { stop: true };
      case 'DisconnectParticipant':
        effects.push({ kind: 'disconnect' });
        return { stop: true };
      case 'EndFlowExecution':
        effects.push({ kind: 'end' });
        return { stop: true };
      default:
        return { ok: false, error: 'NoMatchingError' };
    }
  }
}

/** Flow-language transitions: the matching error branch, else NoMatchingError, else NextAction. */
function next(action: FlowAction, outcome: { ok: true } | { ok: false; error: string }, actions: Map<string, FlowAction>): FlowAction | undefined {
  const t = action.Transitions ?? {};
  if (!outcome.ok) {
    const handler = t.Errors?.find((e) => e.ErrorType === outcome.error) ?? t.Errors?.find((e) => e.ErrorType === 'NoMatchingError');
    const target = handler?.NextAction ?? t.NextAction;
    return target === undefined ? undefined : actions.get(target);
  }
  return t.NextAction === undefined ? undefined : actions.get(t.NextAction);
}

/** Replaces `$.Attributes.key` and `$.CustomerEndpoint.DisplayName`-style references; unknown ones become "". */
export function interpolate(text: string, attributes: Record<string, string>, customerName: string): string {
  return text.replace(/\$\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)/g, (_match, path: string) => {
    const [namespace, ...rest] = path.split('.');
    const key = rest.join('.');
    if (namespace === 'Attributes') return attributes[key] ?? '';
    if (namespace === 'CustomerEndpoint' && key === 'DisplayName') return customerName;
    return '';
  });
}
