/**
 * JSON bodies for the fuzz suite, as a tree that can say what JSON.stringify cannot: `__proto__` and
 * duplicate keys, numbers out of range (1e400), huge strings and deep nesting (kept small in a
 * counterexample: `{ long: n }`, `{ deep: n }`). Valid shapes of each operation are mutated (a value
 * replaced, a field dropped, a field added) by positions drawn by fast-check, so shrinking works.
 * Strings `{name}` are placeholders for live values (ids, tokens), filled in when the input is sent.
 */
import fc from 'fast-check';

export type J =
  | null | boolean | number | string | J[]
  | { obj: [string, J][] }
  /** Written as is (e.g. 1e400, -0, 007). */
  | { raw: string }
  /** A string of n characters. */
  | { long: number }
  /** n nested arrays. */
  | { deep: number };

export type Ctx = Record<string, string | number>;

function isObj(j: J): j is { obj: [string, J][] } {
  return typeof j === 'object' && j !== null && !Array.isArray(j) && 'obj' in j;
}

/** A plain value (a sample body) as a tree. */
export function tree(value: unknown): J {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(tree);
  return { obj: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, tree(v)]) };
}

/** Fills the `{name}` placeholders of a string (a string that is only a placeholder of a number becomes that number). */
export function fill(text: string, ctx: Ctx): string {
  return text.replace(/\{(\w+)\}/g, (all, name: string) => (name in ctx ? String(ctx[name]) : all));
}

export function toJson(j: J, ctx: Ctx): string {
  if (j === null || typeof j === 'boolean') return String(j);
  if (typeof j === 'number') return Number.isFinite(j) ? JSON.stringify(j) : 'null';
  if (typeof j === 'string') {
    const whole = /^\{(\w+)\}$/.exec(j);
    if (whole && typeof ctx[whole[1]!] === 'number') return String(ctx[whole[1]!]);
    return JSON.stringify(fill(j, ctx));
  }
  if (Array.isArray(j)) return `[${j.map((x) => toJson(x, ctx)).join(',')}]`;
  if ('obj' in j) return `{${j.obj.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v, ctx)}`).join(',')}}`;
  if ('raw' in j) return j.raw;
  if ('long' in j) return JSON.stringify('x'.repeat(j.long));
  return '['.repeat(j.deep) + ']'.repeat(j.deep);
}

/** Every node of a tree, in pre-order, with the path to it (keys and indexes). */
function nodes(j: J, path: (string | number)[] = [], out: { path: (string | number)[]; node: J }[] = []): { path: (string | number)[]; node: J }[] {
  out.push({ path, node: j });
  if (Array.isArray(j)) j.forEach((x, i) => nodes(x, [...path, i], out));
  else if (isObj(j)) j.obj.forEach(([, v], i) => nodes(v, [...path, i], out));
  return out;
}

/** The tree with the node at `path` replaced by what `change` makes of it (undefined: removed). */
function edit(j: J, path: (string | number)[], change: (node: J) => J | undefined): J | undefined {
  if (path.length === 0) return change(j);
  const [step, ...rest] = path as [number, ...number[]];
  if (Array.isArray(j)) {
    const copy = [...j];
    const next = edit(copy[step]!, rest, change);
    if (next === undefined) copy.splice(step, 1);
    else copy[step] = next;
    return copy;
  }
  if (isObj(j)) {
    const copy = [...j.obj];
    const next = edit(copy[step]![1], rest, change);
    if (next === undefined) copy.splice(step, 1);
    else copy[step] = [copy[step]![0], next];
    return { obj: copy };
  }
  return j;
}

export type Mutation =
  | { op: 'set'; at: number; value: J }
  | { op: 'drop'; at: number }
  | { op: 'add'; at: number; key: string; value: J };

export function mutate(j: J, mutations: readonly Mutation[]): J {
  let out = j;
  for (const m of mutations) {
    const all = nodes(out);
    const { path } = all[m.at % all.length]!;
    if (m.op === 'set') out = edit(out, path, () => m.value) ?? null;
    else if (m.op === 'drop') out = path.length === 0 ? { obj: [] } : (edit(out, path, () => undefined) ?? null);
    else {
      out = edit(out, path, (node) => {
        if (isObj(node)) return { obj: [...node.obj, [m.key, m.value]] };
        if (Array.isArray(node)) return [...node, m.value];
        return { obj: [[m.key, m.value]] };
      }) ?? null;
    }
  }
  return out;
}

/** Keys that mean something to JavaScript objects. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'then', 'toJSON'];

/** Values a handler should refuse cleanly (or take) wherever they appear. */
export const hostileValue: fc.Arbitrary<J> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<J>(
    null, true, false, 0, -1, 1.5, -2147483649, 4294967296, { raw: '9007199254740993' }, { raw: '1e400' }, { raw: '-1e400' }, { raw: '1e-400' }, { raw: '-0' },
    { raw: '1e21' }, 'NaN', 'Infinity', '-1', '', ' ', '\u0000', '\ud800', '\udfff\ud800', 'null', '__proto__', 'constructor', 'toString',
    '{instanceId}', '{contactId}', '{queueId}', '{instanceArn}', '{userId}', '{participantId}', '{now}', '{contactFlowId}',
    'arn:aws:connect:us-east-1:1:instance/{instanceId}/queue/__proto__', 'x/y/../z', '%ZZ', '\u202e\ufeff', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '+275760-09-13T00:00:00.001Z',
    'Etc/GMT+14', '+05:30', 'America/New_York', 'Foo/Bar', 'UTC', [], { obj: [] }, [null], [''], ['__proto__'],
    { obj: [['__proto__', { obj: [['polluted', true]] }]] }, { obj: [['constructor', { obj: [['prototype', { obj: [['polluted', true]] }]] }]] },
  ) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n): J => ({ raw: String(n) }))) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(257, 1025, 16_385, 32_768, 70_000, 1_100_000).map((n): J => ({ long: n })) },
  { weight: 1, arbitrary: fc.constantFrom(64, 1000, 100_000).map((n): J => ({ deep: n })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }).map(tree) },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...PROTO_KEYS, '', ' ', 'a'.repeat(1000)), fc.string({ maxLength: 12 }));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: hostileKey, value: hostileValue }) },
);

/** A body: a valid sample (as is or mutated), or something else entirely. */
export interface BodyPlan {
  kind: 'sample' | 'other' | 'text' | 'bytes' | 'empty';
  mutations?: Mutation[];
  value?: J;
  text?: string;
  bytes?: number[];
}

export const NOT_JSON = [
  '{', '{"a":', 'nul', '\ufeff{}', '{"a":1}garbage', "{'a':1}", '[1,2', '"\\ud800"', '{"a":"\\u00"}', '{"a":1,}', 'undefined', 'NaN', '-', '0x10',
  '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '\u0000', '{"a":"\u0000"}', ' ', '\r\n',
];

export const bodyPlan: fc.Arbitrary<BodyPlan> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<BodyPlan>({ kind: 'sample', mutations: [] }) },
  { weight: 6, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations): BodyPlan => ({ kind: 'sample', mutations })) },
  { weight: 1, arbitrary: hostileValue.map((value): BodyPlan => ({ kind: 'other', value })) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...NOT_JSON), fc.string({ unit: 'binary', maxLength: 60 })).map((text): BodyPlan => ({ kind: 'text', text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b): BodyPlan => ({ kind: 'bytes', bytes: [...b] })) },
  { weight: 1, arbitrary: fc.constant<BodyPlan>({ kind: 'empty' }) },
);

/** The bytes of a body plan for an operation whose valid shape is `sample`. */
export function bodyBytes(plan: BodyPlan, sample: unknown, ctx: Ctx): Buffer {
  switch (plan.kind) {
    case 'sample':
      // An operation without a body (GET, DELETE) sends none, or the mutations of an empty object.
      if (sample === undefined && !plan.mutations?.length) return Buffer.alloc(0);
      return Buffer.from(toJson(mutate(tree(sample ?? {}), plan.mutations ?? []), ctx), 'utf8');
    case 'other': return Buffer.from(toJson(plan.value ?? null, ctx), 'utf8');
    case 'text': return Buffer.from(plan.text ?? '', 'utf8');
    case 'bytes': return Buffer.from(plan.bytes ?? []);
    case 'empty': return Buffer.alloc(0);
  }
}
