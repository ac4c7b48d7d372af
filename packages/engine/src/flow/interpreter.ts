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
  /** Can the queue take one more contact now: open, closed (outside its hours) or full (at MaxContacts)? */
  admission(queueId: string): 'open' | 'closed' | 'full';
  /** Are these hours of operation (id or ARN) open now? undefined if there are no such hours. */
  hoursOpen(ref: string): boolean | undefined;
  /** The hours of operation of a queue, if it has any. */
  queueHours(queueId: string): string | undefined;
  customerName: string;
}

export const SUPPORTED_ACTIONS: ReadonlySet<string> = new Set([
  'MessageParticipant', 'UpdateContactTargetQueue', 'TransferContactToQueue', 'UpdateContactAttributes',
  'CheckHoursOfOperation', 'DisconnectParticipant', 'EndFlowExecution',
]);

/** A flow that runs longer than this many steps without stopping is ended (it loops). */
export const MAX_FLOW_STEPS = 1000;

type Outcome = { ok: true; result?: string } | { ok: false; error: string } | { stop: true };

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
      case 'TransferContactToQueue': {
        if (!targetQueue) return { ok: false, error: 'NoMatchingError' };
        // A closed queue refuses new contacts; a full one answers QueueAtCapacity.
        const admission = context.admission(targetQueue);
        if (admission === 'full') return { ok: false, error: 'QueueAtCapacity' };
        if (admission === 'closed') return { ok: false, error: 'NoMatchingError' };
        effects.push({ kind: 'enqueue', queueId: targetQueue });
        return { stop: true };
      }
      case 'CheckHoursOfOperation': {
        // The given hours, else the working queue's; a queue with no hours is always open.
        const ref = typeof p.HoursOfOperationId === 'string' ? interpolate(p.HoursOfOperationId, attributes, context.customerName) : (targetQueue ? context.queueHours(targetQueue) : undefined);
        if (ref === undefined) return targetQueue ? { ok: true, result: 'True' } : { ok: false, error: 'NoMatchingError' };
        const open = context.hoursOpen(ref);
        if (open === undefined) return { ok: false, error: 'NoMatchingError' };
        return { ok: true, result: open ? 'True' : 'False' };
      }
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
function next(action: FlowAction, outcome: { ok: true; result?: string } | { ok: false; error: string }, actions: Map<string, FlowAction>): FlowAction | undefined {
  const t = action.Transitions ?? {};
  if (outcome.ok && outcome.result !== undefined && t.Conditions && t.Conditions.length > 0) {
    const match = t.Conditions.find((c) => matches(c.Condition, outcome.result!));
    if (match) return actions.get(match.NextAction);
    return next(action, { ok: false, error: 'NoMatchingCondition' }, actions);
  }
  if (!outcome.ok) {
    const handler = t.Errors?.find((e) => e.ErrorType === outcome.error) ?? t.Errors?.find((e) => e.ErrorType === 'NoMatchingError');
    const target = handler?.NextAction ?? t.NextAction;
    return target === undefined ? undefined : actions.get(target);
  }
  return t.NextAction === undefined ? undefined : actions.get(t.NextAction);
}

/** Flow-language condition operators, on the action's result. */
function matches(condition: { Operator: string; Operands: unknown[] }, result: string): boolean {
  const operand = String(condition.Operands[0] ?? '');
  const a = Number(result), b = Number(operand);
  const numeric = result.trim() !== '' && operand.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(b);
  switch (condition.Operator) {
    case 'Equals': return result === operand;
    case 'TextStartsWith': return result.startsWith(operand);
    case 'TextEndsWith': return result.endsWith(operand);
    case 'TextContains': return result.includes(operand);
    case 'NumberGreaterThan': return numeric && a > b;
    case 'NumberGreaterOrEqualTo': return numeric && a >= b;
    case 'NumberLessThan': return numeric && a < b;
    case 'NumberLessOrEqualTo': return numeric && a <= b;
    default: return false;
  }
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
