/**
 * Agent sessions against a real server: POST /agent/logout ends one session durably, its token is
 * refused from then on (HTTP and socket, cached or not, after a restart too), its open sockets are
 * closed with 4001, the agent goes Offline, and the agent's other sessions go on. Bad input gets the
 * AccessDenied every agent route answers for a bad token, and changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { Event } from '@switchboard/engine';
import { AGENT_SESSION_ENDED_CLOSE, AgentClient, loginAgent, logoutAgent, type AgentSession } from '@switchboard/sdk';
import { issueToken } from '../src/auth/tokens.ts';
import {
  DEMO_PASSWORD, NodeWebSocket, RawAgent, RecordingSocket, postJson, startTestServer, startWidgetChat, upgradeStatus, userIdOf, waitFor, type TestServer,
} from './harness.ts';

const login = (srv: TestServer, username: string) => loginAgent({ baseUrl: srv.url, username, password: DEMO_PASSWORD });
const logout = (srv: TestServer, token: string | undefined) =>
  postJson(`${srv.url}/agent/logout`, {}, token === undefined ? {} : { authorization: `Bearer ${token}` });
const sessionCheck = (srv: TestServer, token: string) => fetch(`${srv.url}/agent/session`, { headers: { authorization: `Bearer ${token}` } });
const socketUrl = (srv: TestServer, token: string) => `${srv.url.replace(/^http/, 'ws')}/agent/ws?token=${encodeURIComponent(token)}`;

/** Opens an agent socket with a token and waits for its first snapshot. */
async function openAgentSocket(srv: TestServer, token: string): Promise<RecordingSocket> {
  const socket = await RecordingSocket.open(socketUrl(srv, token));
  await socket.next((f) => f.event === 'agent::update', 3000, 'the first snapshot');
  return socket;
}

/** Resolves with the close code and reason of a socket. */
function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) throw new Error('already closed');
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** Asserts the answer is the AccessDenied every agent route gives a bad token. */
async function assertRefused(response: Response | { status: number; headers: Headers; body: unknown }): Promise<void> {
  assert.equal(response.status, 403);
  assert.equal(response.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  const body = response instanceof Response ? await response.json() : response.body;
  assert.deepEqual(body, { message: 'the agent session is not valid' });
}

function statusName(srv: TestServer, username: string, which: 'statusId' | 'nextStatusId' = 'statusId'): string | undefined {
  const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
  const id = instance.users.get(userIdOf(srv, username))![which];
  return id === undefined ? undefined : instance.agentStatuses.get(id)!.name;
}

describe('agent sessions: logout', () => {
  let srv: TestServer;
  /** Every event made durable, in order (the pipeline tells subscribers only once a batch is durable). */
  const durable: Event[] = [];
  const sockets: RecordingSocket[] = [];

  before(async () => {
    srv = await startTestServer();
    srv.services.pipeline.subscribe((events) => durable.push(...events));
  });
  after(async () => {
    for (const s of sockets) await s.close();
    await srv.stop();
  });

  test('logout ends the session: answered 200 only once the end is durable, and the token is refused afterwards on HTTP', async () => {
    const session = await login(srv, 'agent1');
    assert.equal((await sessionCheck(srv, session.token)).status, 200);
    const r = await logout(srv, session.token);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {});
    // By the time of the answer, the event had been made durable and published.
    const ended = durable.filter((e) => e.type === 'AgentSessionEnded' && e.userId === session.userId);
    assert.equal(ended.length, 1);
    await assertRefused(await sessionCheck(srv, session.token));
    await assertRefused(await logout(srv, session.token));
  });

  test('the token is refused on the agent socket after logout (the upgrade answers 403), even though its signature check was cached', async () => {
    const session = await login(srv, 'agent2');
    // Both uses verify the token: its signature check is now cached (auth/tokens.ts).
    assert.equal((await sessionCheck(srv, session.token)).status, 200);
    assert.equal(await upgradeStatus(socketUrl(srv, session.token)), 101);
    assert.equal((await logout(srv, session.token)).status, 200);
    assert.equal(await upgradeStatus(socketUrl(srv, session.token)), 403);
    await assertRefused(await sessionCheck(srv, session.token));
  });

  test('logout closes the session\'s open agent sockets with 4001 "agent session ended"', async () => {
    const session = await login(srv, 'agent3');
    const first = await openAgentSocket(srv, session.token);
    const second = await openAgentSocket(srv, session.token);
    sockets.push(first, second);
    const closes = [closed(first.ws), closed(second.ws)];
    assert.equal((await logout(srv, session.token)).status, 200);
    for (const close of await Promise.all(closes)) assert.deepEqual(close, { code: AGENT_SESSION_ENDED_CLOSE, reason: 'agent session ended' });
  });

  test('other sessions of the same agent survive a logout: their token and socket still work, and see the agent Offline', async () => {
    const leaving = await login(srv, 'agent4');
    const staying = await login(srv, 'agent4');
    const gone = await openAgentSocket(srv, leaving.token);
    const kept = await RawAgent.login(srv, 'agent4'); // a third session, with its socket
    const keptToo = await openAgentSocket(srv, staying.token);
    sockets.push(gone, kept.socket, keptToo);
    await kept.request('putAgentState', { state: { name: 'Available' } });
    const goneClosed = closed(gone.ws);
    assert.equal((await logout(srv, leaving.token)).status, 200);
    assert.equal((await goneClosed).code, AGENT_SESSION_ENDED_CLOSE);

    assert.equal((await sessionCheck(srv, staying.token)).status, 200);
    assert.equal(kept.socket.ws.readyState, WebSocket.OPEN);
    assert.equal(keptToo.ws.readyState, WebSocket.OPEN);
    await waitFor(() => kept.latestSnapshot().snapshot.state.name === 'Offline', 3000, 'the other session to show Offline');
    // The agent is still present (a CCP is open): setting Available again works from the other session.
    await kept.request('putAgentState', { state: { name: 'Available' } });
    assert.equal(statusName(srv, 'agent4'), 'Available');
    assert.equal(srv.services.state.instances.get(srv.demo.instanceId)!.users.get(kept.userId)!.presence, 'present');
    await kept.request('putAgentState', { state: { name: 'Offline' } });
  });

  test('logout sets an agent with no contacts Offline', async () => {
    const agent = await RawAgent.login(srv, 'agent5');
    sockets.push(agent.socket);
    await agent.request('putAgentState', { state: { name: 'Available' } });
    const session = await login(srv, 'agent5');
    assert.equal((await logout(srv, session.token)).status, 200);
    assert.equal(statusName(srv, 'agent5'), 'Offline');
    assert.equal(statusName(srv, 'agent5', 'nextStatusId'), undefined);
  });

  test('logout while on a chat keeps the chat and makes Offline the next status (the chat goes on in another session)', async () => {
    const session = await login(srv, 'agent1');
    const ccp = await openAgentSocket(srv, session.token);
    const other = await RawAgent.login(srv, 'agent1');
    sockets.push(ccp, other.socket);
    await other.request('putAgentState', { state: { name: 'Available' } });
    const chat = await startWidgetChat(srv, 'Logout Lou');
    await waitFor(() => other.contact(chat.ContactId)?.state.type === 'incoming', 3000, 'the offer');
    await other.request('acceptContact', { contactId: chat.ContactId });
    assert.equal((await logout(srv, session.token)).status, 200);
    assert.equal(statusName(srv, 'agent1'), 'Available');
    assert.equal(statusName(srv, 'agent1', 'nextStatusId'), 'Offline');
    await waitFor(() => other.latestSnapshot().snapshot.nextState?.name === 'Offline', 3000, 'the next status on the other CCP');
    assert.equal(other.contact(chat.ContactId)?.state.type, 'connected');
    await other.request('sendMessage', { contactId: chat.ContactId, contentType: 'text/plain', content: 'still here' });
    await other.request('destroyConnection', { contactId: chat.ContactId });
    await other.request('clearContact', { contactId: chat.ContactId });
    await waitFor(() => statusName(srv, 'agent1') === 'Offline', 3000, 'Offline once the chat is cleared');
  });
});

// Its own server: the login rate limit (10 at once per address) would refuse the logins of one more test above.
describe('agent sessions: bad input', () => {
  let srv: TestServer;
  const durable: Event[] = [];
  before(async () => {
    srv = await startTestServer();
    srv.services.pipeline.subscribe((events) => durable.push(...events));
  });
  after(async () => {
    await srv.stop();
  });

  test('bad input: logout with no token, a malformed one, a forged one, a participant token, or a token naming no session or no user, is refused with the same AccessDenied, and nothing is stored', async () => {
    const session = await login(srv, 'agent2');
    const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
    const [prefix, payload, signature] = session.token.split('.') as [string, string, string];
    const forgedClaims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), userId: userIdOf(srv, 'agent3') };
    const forged = `${prefix}.${Buffer.from(JSON.stringify(forgedClaims)).toString('base64url')}.${signature}`;
    const chat = await startWidgetChat(srv, 'Not An Agent');
    const noSession = issueToken(instance.tokenKey, { kind: 'agent', instanceId: instance.id, userId: session.userId, expires: Date.now() + 60_000 });
    const expired = issueToken(instance.tokenKey, { kind: 'agent', instanceId: instance.id, userId: session.userId, sessionId: 'x', expires: Date.now() - 1 });
    // Well signed, but naming a user the instance does not have (as after a user is deleted).
    const noUser = issueToken(instance.tokenKey, { kind: 'agent', instanceId: instance.id, userId: '00000000-0000-4000-8000-000000000000', sessionId: 'y', expires: Date.now() + 60_000 });
    const before = durable.length;
    const ended = instance.endedSessions.size;
    await assertRefused(await logout(srv, undefined));
    await assertRefused(await postJson(`${srv.url}/agent/logout`, {}, { authorization: session.token })); // not "Bearer …"
    for (const token of ['', 'sb1.bad.token', 'not-a-token', forged, chat.ParticipantToken, noSession, expired, noUser]) await assertRefused(await logout(srv, token));
    const agentEvents = durable.slice(before).filter((e) => e.type === 'AgentSessionEnded' || e.type === 'AgentStatusChanged' || e.type === 'NextAgentStatusSet');
    assert.deepEqual(agentEvents, [], 'a refused logout stored something');
    assert.equal(instance.endedSessions.size, ended);
    // The token naming no session is refused everywhere, not only on logout.
    await assertRefused(await sessionCheck(srv, noSession));
    assert.equal(await upgradeStatus(socketUrl(srv, noSession)), 403);
    // The real session was not touched by any of it.
    assert.equal((await sessionCheck(srv, session.token)).status, 200);
  });
});

describe('agent sessions: expiry', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(async () => {
    await srv.stop();
  });

  test('an open agent socket is closed with 4001 "agent session expired" when its token expires, and the token is refused from then on', async () => {
    const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
    const token = issueToken(instance.tokenKey, { kind: 'agent', instanceId: instance.id, userId: userIdOf(srv, 'agent1'), sessionId: 'expiring-session', expires: Date.now() + 1500 });
    const socket = await openAgentSocket(srv, token);
    const close = closed(socket.ws);
    // Still open while the token is good: a request is answered.
    socket.ws.send(JSON.stringify({ event: 'api_request', requestId: 'r1', method: 'getAgentSnapshot', params: {} }));
    await socket.next((f) => f.event === 'api_response' && f.requestId === 'r1', 1000, 'an answer before expiry');
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the socket was not closed at its token\'s expiry')), 5000).unref());
    assert.deepEqual(await Promise.race([close, late]), { code: AGENT_SESSION_ENDED_CLOSE, reason: 'agent session expired' });
    await assertRefused(await sessionCheck(srv, token));
    assert.equal(await upgradeStatus(socketUrl(srv, token)), 403);
  });
});

describe('agent sessions: the sdk', () => {
  let srv: TestServer;
  const clients: AgentClient[] = [];
  before(async () => {
    srv = await startTestServer();
  });
  after(async () => {
    for (const c of clients) c.close();
    await srv.stop();
  });

  function client(session: AgentSession): AgentClient {
    const c = new AgentClient(srv.url, session, { WebSocket: NodeWebSocket });
    clients.push(c);
    return c;
  }

  test('AgentClient.logout() ends the session: the token is refused and the client does not reconnect', async () => {
    const session = await login(srv, 'agent1');
    const c = client(session);
    await c.connect();
    let disconnects = 0, refusals = 0;
    c.onDisconnected(() => disconnects++);
    c.onUnauthorized(() => refusals++);
    await c.logout();
    await assertRefused(await sessionCheck(srv, session.token));
    await new Promise((r) => setTimeout(r, 600)); // longer than the first reconnect backoff (250 ms)
    assert.equal(srv.services.state.instances.get(srv.demo.instanceId)!.users.get(session.userId)!.presence, 'away', 'no socket came back');
    assert.deepEqual([disconnects, refusals], [0, 0], 'a logout is neither a drop nor a refusal');
    // Logging out again: the session is already over, which is what was asked.
    await c.logout();
  });

  test('a client whose session is logged out elsewhere stops on the 4001 close and reports unauthorized, without reconnecting', async () => {
    const session = await login(srv, 'agent2');
    const c = client(session);
    await c.connect();
    let refusals = 0;
    c.onUnauthorized(() => refusals++);
    await logoutAgent({ baseUrl: srv.url, session });
    await waitFor(() => refusals === 1, 3000, 'unauthorized');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(refusals, 1);
    assert.equal(srv.services.state.instances.get(srv.demo.instanceId)!.users.get(session.userId)!.presence, 'away');
    await assert.rejects(logoutAgent({ baseUrl: srv.url, session }), { name: 'AccessDeniedException' });
  });
});

describe('agent sessions: restart', () => {
  test('a restart on the same data directory keeps a logged-out session ended (SQLite store), and a session not logged out still works', async () => {
    const first = await startTestServer();
    let second: TestServer | undefined;
    try {
      const ended = await login(first, 'agent1');
      const kept = await login(first, 'agent1');
      assert.equal((await logout(first, ended.token)).status, 200);
      await first.stop({ keepDir: true });

      second = await startTestServer({ dir: first.dir });
      await assertRefused(await sessionCheck(second, ended.token));
      assert.equal(await upgradeStatus(socketUrl(second, ended.token)), 403);
      await assertRefused(await logout(second, ended.token));
      assert.equal((await sessionCheck(second, kept.token)).status, 200);
      assert.equal(await upgradeStatus(socketUrl(second, kept.token)), 101);
      assert.equal(statusName(second, 'agent1'), 'Offline');
    } finally {
      await first.stop({ keepDir: !!second });
      await second?.stop();
    }
  });
});
