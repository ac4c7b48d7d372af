/**
 * Ids come in with commands: each command carries a random UUID `seed` made by the shell, and the
 * engine derives every further id it needs from it, in order. The same command always yields the same
 * ids, so a history replays exactly. Derived ids stay UUID-shaped: the last 48 bits count up from the seed's.
 */
export interface IdSource {
  next(): string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function idsFrom(seed: string): IdSource {
  if (!isUuid(seed)) throw new Error(`command seed must be a lower-case UUID, got ${JSON.stringify(seed)}`);
  const head = seed.slice(0, 24);
  const tail = BigInt('0x' + seed.slice(24));
  const mask = (1n << 48n) - 1n;
  let n = 0n;
  return {
    next() {
      n += 1n;
      return head + ((tail + n) & mask).toString(16).padStart(12, '0');
    },
  };
}
