/**
 * The admin console's real-time dashboard socket (/admin/socket): a snapshot of the instance's queues
 * and agents on open and after changes, throttled per instance; only for users whose security profiles
 * grant AccessMetrics; closed when the session ends.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebSocket } from 'ws';
import { CONSOLE_NOT_PERMITTED_CLOSE, ConsoleFeed, type FeedClock } from '../src/console/feed.ts';
import { AGENT_SESSION_ENDED_CLOSE } from '../src/agent/session.ts';
import { DEMO_PASSWORD, RecordingSocket, postJson, startTestServer, startWidgetChat, upgradeStatus, type TestServer } from './harness.ts';
import { demoInstance } from './flowsApi.ts';

async function login(srv: TestServer, username: string): Promise<string> {
  const r = await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: username, Password: DEMO_PASSWORD });
  assert.equal(r.status, 200);
  return r.body.Token;
}
const socketUrl = (srv: TestServer, token: string) => `${srv.url.replace('http', 'ws')}/admin/socket?token=${encodeURIComponent(token)}`;
const basic = (frame: any) => frame.queues.find((q: { name: string }) => q.name === 'BasicQueue');

describe('the admin console dashboard socket', () => {
  let srv: TestServer;

  before(async () => {
    srv = await startTestServer();
  });
  after(async () => {
    await srv.stop();
  });

  test('a console socket gets a snapshot of queues and agents at once, and a new one when a chat is queued', async () => {
    const socket = await RecordingSocket.open(socketUrl(srv, await login(srv, 'admin')));
    try {
      const first = await socket.next((f) => f.type === 'snapshot', 3000, 'the first snapshot');
      assert.equal(basic(first).inQueue, 0);
      assert.equal(basic(first).oldestSince, null);
      assert.deepEqual(first.agents.map((a: { username: string }) => a.username).sort(), ['admin', 'agent1', 'agent2', 'agent3', 'agent4', 'agent5']);
      assert.equal(first.agents[0].status, 'Offline');
      await startWidgetChat(srv, 'Waiting customer');
      const queued = await socket.next((f) => f.type === 'snapshot' && basic(f).inQueue === 1, 5000, 'a snapshot with the chat queued');
      assert.equal(typeof basic(queued).oldestSince, 'number');
      assert.ok(basic(queued).oldestSince <= queued.at);
    } finally {
      await socket.close();
    }
  });

  test('a user without AccessMetrics, or without a good session, cannot open the dashboard socket (403)', async () => {
    assert.equal(await upgradeStatus(socketUrl(srv, await login(srv, 'agent1'))), 403);
    assert.equal(await upgradeStatus(socketUrl(srv, 'not-a-token')), 403);
    assert.equal(await upgradeStatus(`${srv.url.replace('http', 'ws')}/admin/socket`), 403);
  });

  test('signing out closes the session\'s dashboard socket with 4001', async () => {
    const token = await login(srv, 'admin');
    const socket = await RecordingSocket.open(socketUrl(srv, token));
    await socket.next((f) => f.type === 'snapshot', 3000, 'the first snapshot');
    const closed = new Promise<number>((resolve) => socket.ws.once('close', (code) => resolve(code)));
    const out = await postJson(`${srv.url}/agent/logout`, {}, { authorization: `Bearer ${token}` });
    assert.equal(out.status, 200);
    assert.equal(await closed, AGENT_SESSION_ENDED_CLOSE);
  });
});

/** A socket that records what it is sent, and a clock whose timers run only when the test says so. */
function fakes() {
  const sent: string[] = [];
  const closes: number[] = [];
  const ws = { OPEN: 1, readyState: 1, send: (text: string) => sent.push(text), on: () => undefined, close: (code: number) => closes.push(code) } as unknown as WebSocket;
  let now = 0;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const clock: FeedClock = {
    now: () => now,
    schedule(fn, ms) {
      const t = { at: now + ms, fn, cancelled: false };
      timers.push(t);
      return { cancel: () => (t.cancelled = true) };
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.splice(0).filter((t) => !t.cancelled)) {
      if (t.at <= now) t.fn();
      else timers.push(t);
    }
  };
  return { sent, closes, ws, clock, advance, pendingTimers: () => timers.filter((t) => !t.cancelled).length };
}

describe('the dashboard feed throttles its pushes', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(async () => {
    await srv.stop();
  });

  test('changes within the push interval arrive together in one push, no sooner than the interval after the last', async () => {
    const { sent, ws, clock, advance, pendingTimers } = fakes();
    const feed = new ConsoleFeed(srv.services, 1_000, clock);
    const token = (await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: 'admin', Password: DEMO_PASSWORD })).body.Token;
    feed.add(srv.demo.instanceId, ws, token);
    const afterOpen = sent.length;
    assert.equal(afterOpen, 1, 'a snapshot on open');
    const event = { type: 'QueueNameUpdated', instanceId: srv.demo.instanceId } as never;
    feed.onEvents([event]);
    feed.onEvents([event]);
    feed.onEvents([event]);
    assert.equal(pendingTimers(), 1, 'one push scheduled for three batches');
    advance(999);
    assert.equal(sent.length, 1, 'nothing before the interval');
    advance(1);
    assert.equal(sent.length, 2, 'one push for the three batches');
    feed.onEvents([{ type: 'QueueNameUpdated', instanceId: 'another-instance' } as never]);
    assert.equal(pendingTimers(), 0, 'an instance nobody watches schedules nothing');
    assert.equal(JSON.parse(sent[1]!).queues.length, demoInstance(srv).queues.size);
  });

  test('a socket whose user no longer holds AccessMetrics is closed with 4003 at the next push, and gets nothing', async () => {
    const { sent, closes, ws, clock, advance } = fakes();
    const feed = new ConsoleFeed(srv.services, 1_000, clock);
    const token = (await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: 'admin', Password: DEMO_PASSWORD })).body.Token;
    feed.add(srv.demo.instanceId, ws, token);
    assert.equal(sent.length, 1);
    const admin = [...demoInstance(srv).users.values()].find((u) => u.username === 'admin')!;
    const held = admin.profile!.securityProfileIds;
    // What UpdateUserSecurityProfiles (another part of the admin API) does to the user: Agent only now.
    admin.profile!.securityProfileIds = ['security-profile-agent'];
    try {
      feed.onEvents([{ type: 'QueueNameUpdated', instanceId: srv.demo.instanceId } as never]);
      advance(1_000);
      assert.deepEqual(closes, [CONSOLE_NOT_PERMITTED_CLOSE]);
      assert.equal(sent.length, 1, 'no snapshot after the permission is gone');
    } finally {
      admin.profile!.securityProfileIds = held;
    }
  });
});
