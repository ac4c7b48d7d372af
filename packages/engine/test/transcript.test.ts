/** GetTranscript paging (views/transcript.ts). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { transcriptPage, isRejection, TRANSCRIPT_PAGE, type TranscriptItem, type TranscriptPage, type TranscriptQuery } from '../src/index.ts';
import { World, T0 } from './fixtures.ts';
import { eventsOf } from './decisions.ts';

/** n messages m0…m{n-1}, one second apart, oldest first. */
function items(n: number): TranscriptItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `m${i}`, type: 'MESSAGE' as const, contentType: 'text/plain', content: `message ${i}`, role: 'CUSTOMER' as const, at: T0 + i * 1000,
  }));
}

function page(all: readonly TranscriptItem[], query: TranscriptQuery): TranscriptPage {
  const result = transcriptPage(all, query);
  if (isRejection(result)) throw new Error(`refused: ${result.message}`);
  return result;
}

const ids = (p: TranscriptPage) => p.items.map((i) => i.id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

/** Every page of a scan, following NextToken until there is none. */
function scan(all: readonly TranscriptItem[], query: TranscriptQuery): TranscriptPage[] {
  const pages: TranscriptPage[] = [];
  let p = page(all, query);
  pages.push(p);
  while (p.nextToken !== undefined) {
    assert.ok(pages.length <= all.length + 1, 'the scan does not end');
    p = page(all, { ...query, nextToken: p.nextToken });
    pages.push(p);
  }
  return pages;
}

describe('GetTranscript paging', () => {
  test('by default a page is the 15 newest items, scanning BACKWARD, in ascending order', () => {
    const all = items(40);
    assert.equal(TRANSCRIPT_PAGE.default, 15);
    const p = page(all, {});
    assert.deepEqual(ids(p), range(25, 39));
    assert.ok(p.nextToken);
  });

  test('FORWARD starts from the oldest item', () => {
    const p = page(items(40), { scanDirection: 'FORWARD' });
    assert.deepEqual(ids(p), range(0, 14));
    assert.ok(p.nextToken);
  });

  test('NextToken continues a BACKWARD scan without overlap or gaps', () => {
    const all = items(40);
    const pages = scan(all, {});
    assert.deepEqual(pages.map(ids), [range(25, 39), range(10, 24), range(0, 9)]);
    assert.equal(pages.at(-1)!.nextToken, undefined);
  });

  test('NextToken continues a FORWARD scan without overlap or gaps', () => {
    const all = items(40);
    const pages = scan(all, { scanDirection: 'FORWARD', maxResults: 15 });
    assert.deepEqual(pages.map(ids), [range(0, 14), range(15, 29), range(30, 39)]);
    assert.equal(pages.at(-1)!.nextToken, undefined);
  });

  test('a transcript that fits in one page has no NextToken', () => {
    for (const scanDirection of ['FORWARD', 'BACKWARD'] as const) {
      const p = page(items(15), { scanDirection });
      assert.deepEqual(ids(p), range(0, 14));
      assert.equal(p.nextToken, undefined);
    }
    assert.deepEqual(page([], {}), { items: [] });
  });

  test('SortOrder DESCENDING returns a page newest first', () => {
    const all = items(40);
    assert.deepEqual(ids(page(all, { sortOrder: 'DESCENDING' })), range(25, 39).reverse());
    assert.deepEqual(ids(page(all, { sortOrder: 'DESCENDING', scanDirection: 'FORWARD' })), range(0, 14).reverse());
    assert.deepEqual(ids(page(all, { sortOrder: 'ASCENDING' })), range(25, 39));
  });

  test('StartPosition Id starts the scan at that item, inclusive', () => {
    const all = items(40);
    assert.deepEqual(ids(page(all, { scanDirection: 'FORWARD', startPosition: { id: 'm10' } })), range(10, 24));
    const back = page(all, { scanDirection: 'BACKWARD', startPosition: { id: 'm10' } });
    assert.deepEqual(ids(back), range(0, 10));
    assert.equal(back.nextToken, undefined);
    const rejection = transcriptPage(all, { startPosition: { id: 'nope' } });
    assert.ok(isRejection(rejection));
    assert.equal(rejection.code, 'InvalidRequest');
  });

  test('StartPosition MostRecent counts back from the newest item', () => {
    const all = items(40);
    assert.deepEqual(ids(page(all, { startPosition: { mostRecent: 0 } })), range(25, 39));
    assert.deepEqual(ids(page(all, { startPosition: { mostRecent: 5 } })), range(20, 34));
    assert.deepEqual(ids(page(all, { scanDirection: 'FORWARD', startPosition: { mostRecent: 4 } })), range(35, 39));
    assert.deepEqual(ids(page(all, { startPosition: { mostRecent: 100 } })), range(0, 0));
    for (const mostRecent of [-1, 101, 1.5]) assert.ok(isRejection(transcriptPage(all, { startPosition: { mostRecent } })));
  });

  test('StartPosition AbsoluteTime starts at the first item at or after (FORWARD) or before (BACKWARD) the time', () => {
    const all = items(40);
    assert.deepEqual(ids(page(all, { scanDirection: 'FORWARD', maxResults: 3, startPosition: { absoluteTime: T0 + 9_500 } })), range(10, 12));
    assert.deepEqual(ids(page(all, { scanDirection: 'BACKWARD', maxResults: 3, startPosition: { absoluteTime: T0 + 9_500 } })), range(7, 9));
  });

  test('a bad NextToken is refused', () => {
    const all = items(40);
    for (const nextToken of ['', 'garbage', 'X1', 'F', 'F-1']) {
      const rejection = transcriptPage(all, { nextToken });
      assert.ok(isRejection(rejection), `token ${JSON.stringify(nextToken)} was accepted`);
      assert.equal(rejection.code, 'InvalidRequest');
    }
    // A token from a FORWARD scan does not continue a BACKWARD one.
    const forward = page(all, { scanDirection: 'FORWARD' });
    assert.ok(isRejection(transcriptPage(all, { scanDirection: 'BACKWARD', nextToken: forward.nextToken! })));
    assert.ok(!isRejection(transcriptPage(all, { scanDirection: 'FORWARD', nextToken: forward.nextToken! })));
  });

  test('MaxResults must be 0 to 100', () => {
    const all = items(200);
    assert.equal(page(all, { maxResults: 100 }).items.length, 100);
    for (const maxResults of [-1, 101, 2.5]) assert.ok(isRejection(transcriptPage(all, { maxResults })));
  });

  test('MaxResults 0 returns no items and no NextToken, so following tokens always makes progress', () => {
    const p = page(items(5), { maxResults: 0 });
    assert.deepEqual(p.items, []);
    assert.equal(p.nextToken, undefined);
  });

  test('items with the same timestamp keep their transcript order', () => {
    const all = items(6).map((i) => ({ ...i, at: T0 }));
    assert.deepEqual(ids(page(all, {})), range(0, 5));
    assert.deepEqual(ids(page(all, { sortOrder: 'DESCENDING' })), range(0, 5).reverse());
  });

  test('scanning a real chat transcript in pages of any size yields every item exactly once, in order (both directions)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 100 }), fc.boolean(), (n, maxResults, forward) => {
        const all = items(n);
        const pages = scan(all, { maxResults, scanDirection: forward ? 'FORWARD' : 'BACKWARD' });
        for (const p of pages.slice(0, -1)) assert.equal(p.items.length, maxResults);
        const ordered = forward ? pages : [...pages].reverse();
        assert.deepEqual(ordered.flatMap(ids), all.map((i) => i.id));
      }),
      { numRuns: 200 },
    );
  });

  test('the transcript of a live chat pages the same way', () => {
    const world = new World({ agents: ['alice'] });
    const chat = world.startChat('Ann');
    for (let i = 0; i < 30; i++) {
      world.advance(500);
      eventsOf(world.send(chat.contactId, chat.customerId, `line ${i}`));
    }
    const transcript = world.contact(chat.contactId).transcript;
    const backward = scan(transcript, { maxResults: 7 });
    assert.deepEqual([...backward].reverse().flatMap(ids), transcript.map((i) => i.id));
    assert.equal(new Set(transcript.map((i) => i.id)).size, transcript.length, 'transcript item ids are distinct');
  });
});
