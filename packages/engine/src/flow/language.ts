import type { FlowAction } from '../model/instance.ts';
import type { FlowRun } from './run.ts';
import type { FlowWorld } from './interpreter.ts';

/**
 * The flow language's own rules, apart from the actions: transitions (§1.3), condition operators
 * (§1.4), `$.` references and their namespaces (§1.5–1.6), Connect's ContactData for Lambdas.
 */

const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Flow-language transitions (§1.3): conditions in order, else NoMatchingCondition; errors by type, else NoMatchingError, else NextAction. */
export function next(action: FlowAction, outcome: { ok: true; result?: string } | { ok: false; error: string }, actions: Map<string, FlowAction>): FlowAction | undefined {
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

/** Flow-language condition operators (§1.4), on the action's result; numeric ones are false on non-numbers. */
export function matches(condition: { Operator: string; Operands: unknown[] }, result: string): boolean {
  const operand = String(condition.Operands?.[0] ?? '');
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

/**
 * Replaces `$.Namespace.key` references in text (§1.5): `$.` then dot-separated `[A-Za-z0-9_-]+`
 * segments, so sentence punctuation is not swallowed. Unknown references become "".
 */
export function interpolate(text: string, resolve: (path: string[]) => string | undefined): string {
  return text.replace(/\$\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)/g, (_m, path: string) => resolve(path.split('.')) ?? '');
}

/** The value of a `$.` path for this run (flow-language.md §1.6). */
export function lookup(world: FlowWorld, run: FlowRun, path: string[]): string | undefined {
  const [ns, ...rest] = path;
  const key = rest.join('.');
  const c = world.contact;
  const get = (o: Record<string, string>) => (has(o, key) ? o[key] : undefined);
  switch (ns) {
    case 'Attributes': return get(c.attributes);
    case 'External': return get(run.external);
    case 'FlowAttributes': return get(run.flowAttributes);
    case 'StoredCustomerInput': return run.storedInput;
    case 'Channel': return c.channel;
    case 'InitiationMethod': return c.initiationMethod;
    case 'ContactId': return c.contactId;
    case 'InitialContactId': return c.initialContactId;
    case 'PreviousContactId': return c.previousContactId;
    case 'InstanceARN': return world.instanceArn;
    case 'Name': return c.name;
    case 'Description': return c.description;
    case 'CustomerId': return c.customerId;
    case 'Tags': return get(c.tags ?? {});
    case 'LanguageCode': return c.languageCode ?? 'en-US';
    case 'TextToSpeechVoiceId': return c.voice ?? 'Joanna';
    case 'CustomerEndpoint':
      if (key === 'Address') return c.customerAddress;
      if (key === 'Type') return c.customerAddress ? 'TELEPHONE_NUMBER' : undefined;
      if (key === 'DisplayName') return c.customerName;
      return undefined;
    case 'SystemEndpoint':
      if (key === 'Address') return c.systemAddress;
      if (key === 'Type') return c.systemAddress ? 'TELEPHONE_NUMBER' : undefined;
      return undefined;
    case 'Queue': {
      const queue = c.targetQueueId ? world.queue(c.targetQueueId) : undefined;
      if (!queue) return undefined;
      if (key === 'Name') return queue.name;
      if (key === 'ARN') return queue.arn;
      if (key === 'Id') return queue.id;
      return undefined;
    }
    case 'Metrics': return run.metrics && has(run.metrics, key) ? run.metrics[key] : undefined;
    case 'Lex':
      if (!run.lex) return undefined;
      if (key === 'IntentName') return run.lex.intentName;
      if (rest[0] === 'Slots') return run.lex.slots[rest.slice(1).join('.')];
      if (rest[0] === 'SessionAttributes') return run.lex.sessionAttributes?.[rest.slice(1).join('.')];
      return undefined;
    case 'Agent':
      if (!c.agent) return undefined;
      return ({ UserName: c.agent.userName, FirstName: c.agent.firstName, LastName: c.agent.lastName, ARN: c.agent.arn } as Record<string, string>)[key];
    case 'Media': return undefined;
    default: return undefined;
  }
}

/** Amazon Connect's ContactData, as a Lambda receives it in `Details.ContactData`. */
export function contactData(world: FlowWorld, run: FlowRun): Record<string, unknown> {
  const c = world.contact;
  const queue = c.targetQueueId ? world.queue(c.targetQueueId) : undefined;
  const endpoint = (address: string | undefined) => (address ? { Address: address, Type: 'TELEPHONE_NUMBER' } : null);
  return {
    Attributes: { ...c.attributes },
    Channel: c.channel,
    ContactId: c.contactId,
    CustomerEndpoint: endpoint(c.customerAddress),
    CustomerId: c.customerId ?? null,
    Description: c.description ?? null,
    InitialContactId: c.initialContactId,
    InitiationMethod: c.initiationMethod,
    InstanceARN: world.instanceArn,
    LanguageCode: c.languageCode ?? 'en-US',
    MediaStreams: { Customer: { Audio: null } },
    Name: c.name ?? null,
    PreviousContactId: c.previousContactId ?? c.contactId,
    Queue: queue ? { ARN: queue.arn, Name: queue.name, OutboundCallerId: null } : null,
    References: {},
    SegmentAttributes: {},
    SystemEndpoint: endpoint(c.systemAddress),
    Tags: { ...c.tags },
    ...(run.storedInput !== undefined ? { StoredCustomerInput: run.storedInput } : {}),
  };
}

/** A Lambda's answer as $.External: nested objects (ResponseType JSON) read as dotted keys; values as strings. */
export function flatten(value: Record<string, unknown>, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
    else out[key] = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** Removes SSML markup, leaving the words a chat shows. */
export function stripSsml(ssml: string): string {
  return ssml.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/** DistributeByPercentage: a number 1–100 drawn from the run id and step (deterministic, so replays agree). */
export function percent(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return (h % 100) + 1;
}

