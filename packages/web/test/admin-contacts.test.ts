/**
 * The Contacts page's logic outside the browser: the search form → SearchContacts' request (time presets,
 * custom ranges, criteria), and the recording loader, which fetches a recording with the user's token and hands
 * the player an object URL (tested against a real HTTP server that checks the token).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { resolveObjectURL } from 'node:buffer';
import { ConsoleApiError } from '../src/admin/api.ts';
import { attributeCriterion, EMPTY_SEARCH, searchBody, timeRange } from '../src/admin/contactsApi.ts';
import { loadRecording, recordingPath } from '../src/admin/recording.ts';
import { whisperNote } from '../src/admin/contactFormat.ts';

const NOW = Date.UTC(2026, 11, 7, 15, 30, 0);

describe('the search form', () => {
  test('presets end now: the last hour, the last 7 days, and today from local midnight', () => {
    assert.deepEqual(timeRange({ range: 'hour', from: '', to: '' }, NOW), { start: NOW - 3_600_000, end: NOW });
    assert.deepEqual(timeRange({ range: 'week', from: '', to: '' }, NOW), { start: NOW - 7 * 86_400_000, end: NOW });
    const today = timeRange({ range: 'today', from: '', to: '' }, NOW) as { start: number; end: number };
    const midnight = new Date(NOW);
    midnight.setHours(0, 0, 0, 0);
    assert.deepEqual(today, { start: midnight.getTime(), end: NOW });
  });

  test('a custom range is read as local times; an empty end is now; a missing start or a backwards range is refused', () => {
    assert.deepEqual(timeRange({ range: 'custom', from: '2026-12-01T09:00', to: '2026-12-01T17:00' }, NOW), {
      start: new Date(2026, 11, 1, 9, 0).getTime(), end: new Date(2026, 11, 1, 17, 0).getTime(),
    });
    assert.deepEqual(timeRange({ range: 'custom', from: '2026-12-01T09:00', to: '' }, NOW), { start: new Date(2026, 11, 1, 9, 0).getTime(), end: NOW });
    assert.equal(typeof timeRange({ range: 'custom', from: '', to: '' }, NOW), 'string');
    assert.equal(timeRange({ range: 'custom', from: '2026-12-02T09:00', to: '2026-12-01T09:00' }, NOW), 'The range must start before it ends.');
  });

  test('an attribute is key=value (spaces around are dropped); a key alone or a value alone is refused; empty is no criterion', () => {
    assert.deepEqual(attributeCriterion(' order = A-100 '), { Key: 'order', Values: ['A-100'] });
    assert.deepEqual(attributeCriterion('url=https://x.test/?a=b'), { Key: 'url', Values: ['https://x.test/?a=b'] });
    assert.equal(attributeCriterion(''), undefined);
    for (const bad of ['order', 'order=', '=A-100']) assert.equal(attributeCriterion(bad), 'Write the attribute as key=value.');
  });

  test('the request: epoch seconds, newest first, only the criteria chosen, the page size and the NextToken', () => {
    assert.deepEqual(searchBody('inst', { ...EMPTY_SEARCH, range: 'hour' }, NOW, 25), {
      InstanceId: 'inst', TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: (NOW - 3_600_000) / 1000, EndTime: NOW / 1000 },
      Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'DESCENDING' }, MaxResults: 25,
    });
    const body = searchBody('inst', { ...EMPTY_SEARCH, range: 'hour', channel: 'CHAT', queueId: 'q1', agentId: 'u1', attribute: 'tier=gold' }, NOW, 25, '25') as Record<string, unknown>;
    assert.deepEqual(body.SearchCriteria, { Channels: ['CHAT'], QueueIds: ['q1'], AgentIds: ['u1'], SearchableContactAttributes: { Criteria: [{ Key: 'tier', Values: ['gold'] }], MatchType: 'MATCH_ALL' } });
    assert.equal(body.NextToken, '25');
    assert.equal(searchBody('inst', { ...EMPTY_SEARCH, attribute: 'tier' }, NOW, 25), 'Write the attribute as key=value.');
  });
});

describe('the recording loader', () => {
  const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(40), Buffer.from([1, 2, 3, 4])]);
  let server: Server;
  let base: string;
  before(async () => {
    // Answers as GET /recordings does: the file for the right token, a typed refusal otherwise.
    server = createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer good-token') {
        res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'AccessDeniedException' }).end(JSON.stringify({ message: 'not permitted' }));
      } else if (req.url !== recordingPath('inst', 'contact 1', 'rec/1')) {
        res.writeHead(404, { 'x-amzn-ErrorType': 'ResourceNotFoundException' }).end(JSON.stringify({ message: 'no such recording' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(WAV.length) }).end(WAV);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('the recording is fetched with the bearer token and played from an object URL of its bytes, typed audio/wav', async () => {
    const url = await loadRecording('good-token', base + recordingPath('inst', 'contact 1', 'rec/1'));
    assert.match(url, /^blob:/);
    const blob = resolveObjectURL(url)!;
    assert.equal(blob.type, 'audio/wav');
    assert.deepEqual(Buffer.from(await blob.arrayBuffer()), WAV);
    URL.revokeObjectURL(url);
    assert.equal(resolveObjectURL(url), undefined, 'revoked: the bytes are let go');
  });

  test("a refusal is the server's exception, and nothing is played", async () => {
    const refused = await loadRecording('bad-token', base + recordingPath('inst', 'contact 1', 'rec/1')).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof ConsoleApiError);
    assert.deepEqual([refused.type, refused.message, refused.status], ['AccessDeniedException', 'not permitted', 403]);
    const missing = await loadRecording('good-token', base + recordingPath('inst', 'contact 1', 'other')).then(() => undefined, (e: unknown) => e);
    assert.equal((missing as ConsoleApiError).type, 'ResourceNotFoundException');
  });
});

describe('the transcript record', () => {
  test('a whisper\'s message says who alone saw it', () => {
    assert.equal(whisperNote([{ ParticipantRole: 'AGENT' }]), 'Whisper: seen by the agent only');
    assert.equal(whisperNote([{ ParticipantRole: 'CUSTOMER' }]), 'Whisper: seen by the customer only');
  });
});
