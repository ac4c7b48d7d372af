/**
 * Clients that do not read (issue 14): what waits for them is bounded. A socket whose unsent bytes pass
 * the bound is closed with a code clients reconnect after, and nothing is lost (the sdk catches up from
 * the transcript); requests on a socket are answered no faster than the client reads the answers.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatItemView } from '@switchboard/engine';
import { CreateParticipantCommand } from '@aws-sdk/client-connect';
import { DEMO_PASSWORD, createConnection, participant, postJson, startTestServer, startWidgetChat, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer, demoConnectClient } from './sdkClients.ts';
import { RawSocket, text } from './rawSocket.ts';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.stop();
  srv = undefined;
});

const NO_RATES = { SWITCHBOARD_MESSAGES_PER_SECOND: '1000000', SWITCHBOARD_MESSAGE_BURST: '1000000' };

/** A bot in the chat, with a connection token to send messages as it. */
async function botIn(server: TestServer, contactId: string): Promise<string> {
  const bot = await demoConnectClient(server).send(new CreateParticipantCommand({
    InstanceId: server.demo.instanceId, ContactId: contactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' },
  }));
  return (await createConnection(server, bot.ParticipantCredentials!.ParticipantToken!)).ConnectionCredentials.ConnectionToken;
}

describe('a chat socket whose client does not read', () => {
  test('is closed (1013, reconnect-able) once its unsent bytes pass the bound; the sdk reconnects and gets every message from the transcript', async () => {
    const server = (srv = await startTestServer({ env: { ...NO_RATES, SWITCHBOARD_SOCKET_MAX_BUFFERED_BYTES: String(256 * 1024) } }));
    const customer = await connectCustomer(server, 'Slow');
    const received = new Set<string>();
    customer.onMessage((item: ChatItemView) => received.add(item.Id));
    let lost = 0;
    customer.onConnectionLost(() => lost++);
    const bot = await botIn(server, customer.details.contactId);
    // The customer's socket stops reading (its TCP socket is paused under the sdk's WebSocket).
    const transport = (customer as unknown as { socket: { _socket: { pause(): void; resume(): void } } }).socket._socket;
    transport.pause();
    const sent: string[] = [];
    const content = 'x'.repeat(15 * 1024);
    for (let i = 0; i < 400; i++) {
      const r = await participant(server, 'message', bot, { ContentType: 'text/plain', Content: `${i} ${content}` });
      assert.equal(r.status, 200);
      sent.push(r.body.Id);
    }
    // The server gave up on the socket rather than keep ~6 MB for it.
    await waitFor(() => server.services.hub.chatSocketCount(customer.details.contactId) === 0, 10_000, 'the slow socket to be closed');
    assert.ok(server.services.sockets.pressure().largestBuffered <= 256 * 1024);
    transport.resume();
    await waitFor(() => sent.every((id) => received.has(id)), 15_000, 'every message, after the reconnect');
    assert.ok(lost >= 1, 'the connection was lost once');
    customer.close();
  });
});

describe('an agent socket whose client does not read', () => {
  test('is closed (1013) once its unsent bytes pass the bound; the AgentClient reconnects with a fresh snapshot, and the chat\'s transcript has every message', async () => {
    const server = (srv = await startTestServer({ env: { ...NO_RATES, SWITCHBOARD_SOCKET_MAX_BUFFERED_BYTES: String(256 * 1024) } }));
    const { client: agent } = await connectAgent(server, 'agent1');
    let connects = 0;
    agent.onConnected(() => connects++);
    const chat = await startWidgetChat(server, 'Flood');
    await agent.setStatus('Available');
    await waitFor(() => agent.snapshot?.snapshot.contacts.find((c) => c.contactId === chat.ContactId)?.state.type === 'incoming', 5000, 'the offer');
    await agent.accept(chat.ContactId);
    const customer = (await createConnection(server, chat.ParticipantToken)).ConnectionCredentials.ConnectionToken;
    const transport = (agent as unknown as { socket: { _socket: { pause(): void; resume(): void } } }).socket._socket;
    transport.pause();
    const sent: string[] = [];
    for (let i = 0; i < 400; i++) {
      const r = await participant(server, 'message', customer, { ContentType: 'text/plain', Content: `${i} ${'z'.repeat(15 * 1024)}` });
      assert.equal(r.status, 200);
      sent.push(r.body.Id);
    }
    await waitFor(() => server.services.sockets.size === 0, 10_000, 'the slow agent socket to be closed');
    transport.resume();
    await waitFor(() => connects >= 1 && agent.snapshot?.snapshot.contacts.some((c) => c.contactId === chat.ContactId), 15_000, 'the reconnect and a fresh snapshot');
    const items = await waitFor(() => agent.getTranscript(chat.ContactId).catch(() => undefined), 10_000, 'the transcript');
    assert.ok(sent.every((id) => items.some((item) => item.Id === id)), 'every message is in the transcript the CCP fetches again');
    agent.close();
  });
});

describe('requests on a socket', () => {
  test('a chat client sending pings without reading is read no faster than it reads: unsent bytes stay bounded, and every ping is answered once it reads', async () => {
    const server = (srv = await startTestServer());
    const chat = await startWidgetChat(server);
    const socket = await RawSocket.open((await createConnection(server, chat.ParticipantToken)).Websocket.Url);
    socket.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
    await waitFor(() => socket.json().length === 1, 3000, 'the subscribe ack');
    socket.pause();
    const PINGS = 150_000;
    const ping = text('{"topic":"aws/ping"}');
    socket.write(Buffer.concat(Array.from({ length: PINGS }, () => ping)));
    await waitFor(() => server.services.sockets.pressure().paused === 1, 10_000, 'the server to stop reading the socket');
    await new Promise((r) => setTimeout(r, 300));
    // Answered in full it would be ~8 MB; the server holds at most its pause bound plus one read's worth.
    assert.ok(server.services.sockets.pressure().largestBuffered < 1024 * 1024, `unsent: ${server.services.sockets.pressure().largestBuffered}`);
    socket.resume();
    await waitFor(() => socket.frames.length === PINGS + 1, 30_000, 'every ping answered');
    assert.equal(socket.closed, false);
    socket.destroy();
  });

  test('an agent sending requests without reading gets them answered no faster than it reads (unsent bytes stay bounded), and all of them in order once it does', async () => {
    const server = (srv = await startTestServer({ env: NO_RATES }));
    const login = await postJson<{ Token: string }>(`${server.url}/agent/login`, { Username: 'agent1', Password: DEMO_PASSWORD });
    const agent = await RawSocket.open(`${server.url.replace(/^http/, 'ws')}/agent/ws?token=${encodeURIComponent(login.body.Token)}`);
    await waitFor(() => agent.json().length > 0, 3000, 'the snapshot');
    agent.pause();
    // Each snapshot is a few kB: answered at once, 3,000 of them would be ~10 MB waiting for the agent.
    const REQUESTS = 3_000;
    for (let i = 0; i < REQUESTS; i++) {
      agent.send({ event: 'api_request', requestId: `r${i}`, method: 'getAgentSnapshot', params: {} });
    }
    await waitFor(() => server.services.sockets.pressure().paused === 1, 10_000, 'the server to stop reading the agent socket');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(server.services.sockets.pressure().largestBuffered < 1024 * 1024, `unsent: ${server.services.sockets.pressure().largestBuffered}`);
    agent.resume();
    await waitFor(() => agent.json().filter((f) => f.event === 'api_response').length === REQUESTS, 30_000, 'every request answered');
    assert.deepEqual(agent.json().filter((f) => f.event === 'api_response').map((f) => f.requestId), Array.from({ length: REQUESTS }, (_, i) => `r${i}`));
    agent.destroy();
  });
});
