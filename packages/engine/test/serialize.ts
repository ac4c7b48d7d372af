/**
 * A deep, canonical serialization of a state (or anything in it): Maps become arrays of entries sorted by
 * key, object keys are sorted, and an own property holding `undefined` is kept (so `delete` and
 * `= undefined` differ). Two states serialize identically exactly when they hold the same data.
 */
export function serialize(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    if (typeof value === 'bigint') return { $bigint: value.toString() };
    return value;
  }
  if (value instanceof Map) {
    const entries = [...value.entries()].map(([k, v]) => [canonical(k), canonical(v)] as const);
    entries.sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : JSON.stringify(a[0]) > JSON.stringify(b[0]) ? 1 : 0));
    return { $map: entries };
  }
  if (value instanceof Set) {
    const items = [...value].map(canonical).map((v) => JSON.stringify(v)).sort();
    return { $set: items };
  }
  if (Array.isArray(value)) return value.map(canonical);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
  return out;
}
