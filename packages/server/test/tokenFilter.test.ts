/**
 * The in-memory filter of ClientToken keys (tokenFilter.ts): never "no" for a key it holds; "no" for
 * nearly every other; slices leave with the window; past its memory bound it says "maybe" (so the store
 * is asked) until the keys it could not hold have expired.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CLIENT_TOKEN_WINDOW_MS, TokenFilter, tokenHash } from '../src/tokenFilter.ts';

const T0 = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;
const keys = (n: number, tag: string) => Array.from({ length: n }, () => `SendMessage/${randomUUID()}/${tag}-${randomUUID()}`);

describe('ClientToken filter', () => {
  test('the key hash is 53 bits, the same for the same key, and spreads keys that differ in one character', () => {
    const a = tokenHash('SendMessage/p-1/token-1');
    assert.equal(a, tokenHash('SendMessage/p-1/token-1'));
    assert.ok(Number.isSafeInteger(a) && a >= 0 && a < 2 ** 53);
    const hashes = new Set(Array.from({ length: 10_000 }, (_, i) => tokenHash(`SendMessage/p-1/token-${i}`)));
    assert.equal(hashes.size, 10_000);
  });

  test('the filter never says no to a key it holds, and says no to nearly every other key (under 0.5%)', () => {
    const filter = new TokenFilter();
    const held = keys(50_000, 'held');
    held.forEach((k, i) => filter.add(tokenHash(k), T0 + i * 20_000)); // ~11.5 days of keys over two slices and more
    const now = T0 + 50_000 * 20_000;
    const inWindow = held.filter((_, i) => T0 + i * 20_000 >= now - CLIENT_TOKEN_WINDOW_MS);
    for (const k of inWindow) assert.equal(filter.mayHave(tokenHash(k), now), true);
    const strangers = keys(20_000, 'stranger').filter((k) => filter.mayHave(tokenHash(k), now)).length;
    assert.ok(strangers < 100, `${strangers} of 20,000 strangers were "maybe"`);
  });

  test('slices whose keys are all out of the window leave, with their memory', () => {
    const filter = new TokenFilter();
    const day1 = keys(1000, 'd1');
    for (const k of day1) filter.add(tokenHash(k), T0);
    for (const k of keys(1000, 'd2')) filter.add(tokenHash(k), T0 + DAY);
    const before = filter.capacity;
    filter.retire(T0 + 1);
    assert.ok(filter.capacity < before, 'the first day\'s slice left');
    assert.equal(day1.filter((k) => filter.mayHave(tokenHash(k), T0 + CLIENT_TOKEN_WINDOW_MS + 1)).length < 10, true);
  });

  test('past its memory bound the filter says maybe to every key until the keys it could not hold have expired', () => {
    const filter = new TokenFilter(1 << 13); // room for one smallest slice
    const first = keys(1 << 13, 'first');
    for (const k of first) filter.add(tokenHash(k), T0);
    const dropped = `SendMessage/p/${randomUUID()}`;
    filter.add(tokenHash(dropped), T0 + 1000); // no room: not held
    assert.equal(filter.capacity, 1 << 13, 'no more memory was taken');
    const stranger = tokenHash(`SendMessage/p/${randomUUID()}`);
    assert.equal(filter.mayHave(tokenHash(dropped), T0 + 2000), true, 'a key it could not hold is still "maybe"');
    assert.equal(filter.mayHave(stranger, T0 + 1000 + CLIENT_TOKEN_WINDOW_MS - 1), true, 'so is every key, while that one counts');
    filter.retire(T0 + 1000 + CLIENT_TOKEN_WINDOW_MS);
    assert.equal(filter.mayHave(stranger, T0 + 1000 + CLIENT_TOKEN_WINDOW_MS), false, 'once it has expired, strangers are "no" again');
  });
});
