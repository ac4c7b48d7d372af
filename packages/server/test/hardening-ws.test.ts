/**
 * Hostile WebSocket clients (issue 14): protocol errors, frames that are not what the protocol says, and
 * names that are Object members must close or answer that one socket, never stop the server.
 */
import { describe, test } from 'node:test';
import { serverThatMustNotThrow } from './mustNotThrow.ts';
import assert from 'node:assert/strict';
import { RawAgent, createConnection, startWidgetChat, waitFor, DEMO_PASSWORD, postJson, type TestServer } from './harness.ts';
import { RawSocket, frame, text } from './rawSocket.ts';

let srv: TestServer;
serverThatMustNotThrow((server) => {
  srv = server;
});

/** A subscribed raw chat socket of a new chat's customer. */
async function chatSocket(): Promise<RawSocket> {
  const chat = await startWidgetChat(srv);
  const connection = await createConnection(srv, chat.ParticipantToken);
  const socket = await RawSocket.open(connection.Websocket.Url);
  socket.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
  await waitFor(() => socket.json().find((f) => f.topic === 'aws/subscribe'), 3000, 'the subscribe ack');
  return socket;
}

async function agentSocket(): Promise<RawSocket> {
  const r = await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: 'agent2', Password: DEMO_PASSWORD });
  assert.equal(r.status, 200);
  const socket = await RawSocket.open(`${srv.url.replace(/^http/, 'ws')}/agent/ws?token=${encodeURIComponent(r.body.Token)}`);
  await waitFor(() => socket.json().find((f) => f.event === 'agent::update'), 3000, 'the first snapshot');
  return socket;
}

async function serverIsUp(): Promise<void> {
  const health = await fetch(`${srv.url}/health`);
  assert.equal(health.status, 200);
}

/** Each malformed frame, with the close code RFC 6455 gives it. */
const PROTOCOL_ERRORS: [string, () => Buffer, number][] = [
  ['a frame over the 64 KiB payload limit', () => frame({ payload: Buffer.alloc(70 * 1024, 0x61) }), 1009],
  ['invalid UTF-8 in a text frame', () => frame({ payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), 1007],
  ['RSV1 set without an extension', () => frame({ payload: '{}', rsv1: true }), 1002],
  ['an unmasked client frame', () => frame({ payload: '{}', mask: false }), 1002],
  ['a reserved opcode', () => frame({ opcode: 3, payload: 'x' }), 1002],
  ['a fragmented control frame', () => frame({ opcode: 9, fin: false, payload: 'x' }), 1002],
];

describe('hostile frames on the chat socket', () => {
  for (const [what, bytes, code] of PROTOCOL_ERRORS) {
    test(`${what} closes that chat socket (${code}); the server and the chat's other sockets go on`, async () => {
      const bystander = await chatSocket();
      const socket = await chatSocket();
      socket.write(bytes());
      await waitFor(() => socket.closed, 3000, 'the socket to close');
      assert.equal(socket.closeCode(), code);
      await serverIsUp();
      bystander.send({ topic: 'aws/ping' });
      await waitFor(() => bystander.json().find((f) => f.topic === 'aws/ping'), 3000, 'the bystander answered');
      bystander.destroy();
    });
  }

  test('a text frame that is not a JSON object (null, a number, an array, a string) is ignored, and the socket still answers', async () => {
    const socket = await chatSocket();
    for (const value of ['null', '42', '[]', '"aws/ping"', 'true', '{"topic":null}', '{"topic":"aws/subscribe","content":null}', 'not json']) socket.write(text(value));
    socket.send({ topic: 'aws/ping' });
    await waitFor(() => socket.json().find((f) => f.topic === 'aws/ping'), 3000, 'the ping answer');
    assert.equal(socket.closed, false);
    socket.destroy();
    await serverIsUp();
  });
});

describe('hostile frames on the agent socket', () => {
  for (const [what, bytes, code] of PROTOCOL_ERRORS) {
    test(`${what} closes that agent socket (${code}); the server goes on`, async () => {
      const socket = await agentSocket();
      socket.write(bytes());
      await waitFor(() => socket.closed, 3000, 'the socket to close');
      assert.equal(socket.closeCode(), code);
      await serverIsUp();
    });
  }

  test('methods named like Object members (toString, constructor, __proto__, hasOwnProperty) are unknown methods, answered as a typed error', async () => {
    const agent = await RawAgent.login(srv, 'agent1');
    for (const method of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      await assert.rejects(agent.request(method), (error: Error & { type?: string }) => {
        assert.equal(error.type, 'InvalidRequestException');
        assert.match(error.message, /unknown method/);
        return true;
      });
    }
    await agent.socket.close();
  });

  test('a frame that is not a request object (null, a number, an array) is answered with a typed error', async () => {
    const socket = await agentSocket();
    for (const value of ['null', '7', '[]', '"x"']) socket.write(text(value));
    await waitFor(() => socket.json().filter((f) => f.event === 'api_response').length === 4, 3000, 'four answers');
    for (const answer of socket.json().filter((f) => f.event === 'api_response')) assert.equal(JSON.parse(answer.err).type, 'InvalidRequestException');
    socket.destroy();
  });
});

describe('WebSocket upgrades with odd targets', () => {
  test('an upgrade to // or to an unknown path is refused with a typed answer, and the server stays up', async () => {
    for (const path of ['//', '//x/participant/ws', '/nowhere', '/participant/ws?token=%ZZ']) {
      await assert.rejects(RawSocket.open(`${srv.url.replace(/^http/, 'ws')}${path}`), /HTTP\/1\.1 (403|404) /);
    }
    await serverIsUp();
  });
});
