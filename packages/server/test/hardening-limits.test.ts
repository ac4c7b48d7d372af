/**
 * What one client may hold (issue 14): sockets per participant, per contact and per agent session,
 * connections per address, deadlines for sockets that do not subscribe or go quiet, login failures.
 * Each limit is an environment setting; the tests set small ones.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { DEMO_PASSWORD, createConnection, postJson, startTestServer, startWidgetChat, waitFor, type TestServer } from './harness.ts';
import { RawSocket } from './rawSocket.ts';
import { CreateParticipantCommand } from '@aws-sdk/client-connect';
import { LoginLimits } from '../src/limits/logins.ts';
import { demoConnectClient } from './sdkClients.ts';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({
    env: {
      SWITCHBOARD_CHAT_SOCKETS_PER_PARTICIPANT: '2',
      SWITCHBOARD_CHAT_SOCKETS_PER_CONTACT: '3',
      SWITCHBOARD_AGENT_SOCKETS_PER_SESSION: '2',
      SWITCHBOARD_SUBSCRIBE_TIMEOUT_MS: '300',
      SWITCHBOARD_SOCKET_IDLE_TIMEOUT_MS: '600',
      SWITCHBOARD_CONNECTIONS_PER_ADDRESS: '40',
      SWITCHBOARD_LOGIN_FAILURES_PER_ACCOUNT: '5',
      SWITCHBOARD_LOGIN_FAILURES_PER_ADDRESS: '30',
    },
  });
});
after(() => srv.stop());

const wsUrl = (path: string) => `${srv.url.replace(/^http/, 'ws')}${path}`;

async function login(username: string, password = DEMO_PASSWORD) {
  return postJson<{ Token: string; message?: string }>(`${srv.url}/agent/login`, { Username: username, Password: password });
}

describe('sockets one client may hold', () => {
  test('a participant holds at most the limit of chat sockets: the next upgrade is refused 429 ThrottlingException, and closing one frees its place', async () => {
    const chat = await startWidgetChat(srv);
    const url = () => createConnection(srv, chat.ParticipantToken).then((c) => c.Websocket.Url);
    const first = await RawSocket.open(await url());
    const second = await RawSocket.open(await url());
    await assert.rejects(RawSocket.open(await url()), /HTTP\/1\.1 429 /);
    first.destroy();
    await waitFor(async () => RawSocket.open(await url()).then((s) => s, () => undefined), 3000, 'a place to open');
    second.destroy();
  });

  test('a chat holds at most the limit of chat sockets over all its participants', async () => {
    const chat = await startWidgetChat(srv);
    const customer = [];
    for (let i = 0; i < 2; i++) customer.push(await RawSocket.open((await createConnection(srv, chat.ParticipantToken)).Websocket.Url));
    const bot = await demoConnectClient(srv).send(new CreateParticipantCommand({
      InstanceId: srv.demo.instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' },
    }));
    const botUrl = () => createConnection(srv, bot.ParticipantCredentials!.ParticipantToken!).then((c) => c.Websocket.Url);
    const botSocket = await RawSocket.open(await botUrl());
    // The bot holds one of its own two, but the chat holds its three.
    await assert.rejects(RawSocket.open(await botUrl()), /HTTP\/1\.1 429 /);
    for (const s of [...customer, botSocket]) s.destroy();
  });

  test('an agent session holds at most the limit of CCP sockets; another login of the same agent has its own', async () => {
    const a = await login('agent3');
    const b = await login('agent3');
    const open = (token: string) => RawSocket.open(wsUrl(`/agent/ws?token=${encodeURIComponent(token)}`));
    const held = [await open(a.body.Token), await open(a.body.Token)];
    await assert.rejects(open(a.body.Token), /HTTP\/1\.1 429 /);
    held.push(await open(b.body.Token));
    for (const s of held) s.destroy();
  });

  test('a client address holds at most the limit of connections: the next is answered 429 ThrottlingException and closed; the others are served', async () => {
    const u = new URL(srv.url);
    const held: Socket[] = [];
    // Some of the 40 may still be held by earlier tests' closing sockets: open until refused.
    let refusal = '';
    for (let i = 0; i < 45 && !refusal; i++) {
      const socket = connect(Number(u.port), u.hostname);
      socket.on('error', () => undefined);
      held.push(socket);
      refusal = await new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.once('close', () => resolve(text));
        setTimeout(() => resolve(''), 100);
      });
    }
    assert.match(refusal, /^HTTP\/1\.1 429 /);
    assert.match(refusal, /x-amzn-ErrorType: ThrottlingException/);
    for (const s of held) s.destroy();
    await waitFor(() => fetch(`${srv.url}/health`).then((r) => r.status === 200, () => false), 3000, 'the address to be served again');
  });
});

describe('deadlines for sockets', () => {
  test('a chat socket that does not subscribe in time is closed (1008)', async () => {
    const chat = await startWidgetChat(srv);
    const socket = await RawSocket.open((await createConnection(srv, chat.ParticipantToken)).Websocket.Url);
    assert.equal(await waitFor(() => socket.closeCode(), 3000, 'a close frame'), 1008);
  });

  test('a quiet socket is pinged, and one that answers (as every browser does) stays open; one that never answers is closed (1001)', async () => {
    const chat = await startWidgetChat(srv);
    const subscribe = JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
    const deaf = await RawSocket.open((await createConnection(srv, chat.ParticipantToken)).Websocket.Url);
    deaf.send(subscribe);
    const polite = new WebSocket((await createConnection(srv, chat.ParticipantToken)).Websocket.Url);
    let pings = 0;
    polite.on('ping', () => pings++);
    await new Promise((resolve) => polite.once('open', resolve));
    polite.send(subscribe);
    assert.equal(await waitFor(() => deaf.closeCode(), 3000, 'a close frame for the deaf socket'), 1001);
    assert.ok(deaf.frames.some((f) => f.opcode === 9), 'it was pinged first');
    await waitFor(() => pings >= 2, 3000, 'two pings answered');
    assert.equal(polite.readyState, WebSocket.OPEN);
    polite.close();
  });
});

describe('logins', () => {
  test('wrong passwords for one agent from an address do not lock out another agent\'s right password from it; the guessed agent waits (ThrottlingException) without the password being checked', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await login('agent4', 'wrong-password')).status, 403);
    const guessed = await login('agent4');
    assert.equal(guessed.status, 429);
    assert.equal(guessed.body.message, 'too many wrong passwords; wait a minute and try again');
    const wrongAgain = await login('agent4', 'still-wrong');
    assert.equal(wrongAgain.status, 429, 'a waiting pair gets the same answer whatever the password');
    assert.equal((await login('agent5')).status, 200, 'another agent signs in from the same address');
    assert.equal((await login('agent5')).status, 200, 'right passwords are never counted');
  });

  test('login limits refill by the minute: a waiting account signs in again, an address that guessed at many accounts waits too', () => {
    const limits = new LoginLimits({ loginFailuresPerAccount: 5, loginFailuresPerAddress: 20 });
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) limits.failed('10.0.0.1', 'ann', t0);
    assert.equal(limits.allows('10.0.0.1', 'ann', t0), false);
    assert.equal(limits.allows('10.0.0.1', 'ANN', t0), false, 'usernames are compared without case');
    assert.equal(limits.allows('10.0.0.2', 'ann', t0), true, 'from another address');
    assert.equal(limits.allows('10.0.0.1', 'bob', t0), true, 'another account');
    assert.equal(limits.allows('10.0.0.1', 'ann', t0 + 12_000), true, 'one failure refilled after 12 s (5 a minute)');
    for (let i = 0; i < 20; i++) limits.failed('10.0.0.3', `user${i}`, t0);
    assert.equal(limits.allows('10.0.0.3', 'someone-new', t0), false, 'the address guessed at 20 accounts');
    assert.equal(limits.allows('10.0.0.3', 'someone-new', t0 + 60_000), true, 'and is let in again a minute later');
  });
});
