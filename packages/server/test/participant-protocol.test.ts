/**
 * The Participant Service REST API and the chat WebSocket, raw (fetch + ws) as chatjs speaks them
 * (connect-wire-apis.md §1 and §2), against a real server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RawAgent, anyContactOf, createConnection, openChatSocket, participant, RecordingSocket, startTestServer, startWidgetChat,
  upgradeStatus, waitFor, type ConnectionDetails, type JsonResponse, type StartedChat, type TestServer,
} from './harness.ts';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const JOINED = 'application/vnd.amazonaws.connect.event.participant.joined';
const TYPING = 'application/vnd.amazonaws.connect.event.typing';

interface Page {
  InitialContactId: string;
  Transcript: any[];
  NextToken?: string;
}

describe('participant protocol', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(async () => {
    await srv.stop();
  });

  async function chatWithConnection(name = 'Customer'): Promise<{ chat: StartedChat; conn: ConnectionDetails; token: string }> {
    const chat = await startWidgetChat(srv, name);
    const conn = await createConnection(srv, chat.ParticipantToken);
    return { chat, conn, token: conn.ConnectionCredentials.ConnectionToken };
  }

  async function send(token: string, content: string): Promise<{ Id: string; AbsoluteTime: string }> {
    const r = await participant(srv, 'message', token, { ContentType: 'text/plain', Content: content });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  }

  test('CreateParticipantConnection returns a ws://127.0.0.1: URL and connection credentials with ISO expiries', async () => {
    const chat = await startWidgetChat(srv);
    const before = Date.now();
    const conn = await createConnection(srv, chat.ParticipantToken);
    assert.ok(conn.Websocket.Url.startsWith('ws://127.0.0.1:'), conn.Websocket.Url);
    assert.match(conn.Websocket.ConnectionExpiry, ISO_MS);
    assert.equal(typeof conn.ConnectionCredentials.ConnectionToken, 'string');
    assert.ok(conn.ConnectionCredentials.ConnectionToken.length > 0);
    assert.match(conn.ConnectionCredentials.Expiry, ISO_MS);
    assert.ok(Date.parse(conn.ConnectionCredentials.Expiry) > before);
    assert.ok(Date.parse(conn.Websocket.ConnectionExpiry) > before);
  });

  test('CreateParticipantConnection returns only the types asked for', async () => {
    const chat = await startWidgetChat(srv);
    const r = await participant(srv, 'connection', chat.ParticipantToken, { Type: ['CONNECTION_CREDENTIALS'] });
    assert.equal(r.status, 200);
    assert.ok(r.body.ConnectionCredentials);
    assert.equal(r.body.Websocket, undefined);
  });

  test('the participant token is not a connection token, and a connection token is not a participant token', async () => {
    const { chat, token } = await chatWithConnection();
    const asConnection = await participant(srv, 'message', chat.ParticipantToken, { ContentType: 'text/plain', Content: 'x' });
    assert.equal(asConnection.status, 403);
    assert.equal(asConnection.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    const asParticipant = await participant(srv, 'connection', token, { Type: ['WEBSOCKET'] });
    assert.equal(asParticipant.status, 403);
    const missing = await participant(srv, 'connection', '', { Type: ['WEBSOCKET'] });
    assert.equal(missing.status, 403);
  });

  test('the socket answers aws/subscribe, aws/heartbeat and aws/ping in the shapes chatjs expects', async () => {
    const { conn } = await chatWithConnection();
    const socket = await RecordingSocket.open(conn.Websocket.Url);
    try {
      socket.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
      const ack = await socket.next((f) => f.topic === 'aws/subscribe');
      assert.deepEqual(ack, { topic: 'aws/subscribe', content: { status: 'success', topics: ['aws/chat'] } });
      socket.send({ topic: 'aws/heartbeat' });
      const heartbeat = await socket.next((f) => f.topic === 'aws/heartbeat');
      assert.deepEqual(heartbeat, { topic: 'aws/heartbeat' });
      socket.send({ topic: 'aws/ping' });
      const ping = await socket.next((f) => f.topic === 'aws/ping');
      assert.deepEqual(ping, { topic: 'aws/ping', statusCode: 200, statusContent: 'OK' });
    } finally {
      await socket.close();
    }
  });

  test('a subscribe to an unknown topic is answered with a non-success status', async () => {
    const { conn } = await chatWithConnection();
    const socket = await RecordingSocket.open(conn.Websocket.Url);
    try {
      socket.send({ topic: 'aws/subscribe', content: { topics: ['aws/other'] } });
      const ack = await socket.next((f) => f.topic === 'aws/subscribe');
      assert.notEqual(ack.content.status, 'success');
    } finally {
      await socket.close();
    }
  });

  test('a SendMessage is delivered on the socket as an aws/chat frame whose content is the item as a string', async () => {
    const { chat, conn, token } = await chatWithConnection('Alice');
    const socket = await openChatSocket(conn.Websocket.Url);
    try {
      const sent = await send(token, 'hello there');
      assert.match(sent.AbsoluteTime, ISO_MS);
      const frame = await socket.next((f) => f.topic === 'aws/chat' && typeof f.content === 'string' && JSON.parse(f.content).Id === sent.Id);
      assert.equal(frame.contentType, 'application/json');
      assert.equal(typeof frame.content, 'string');
      const item = JSON.parse(frame.content);
      assert.equal(item.Type, 'MESSAGE');
      assert.equal(item.ParticipantRole, 'CUSTOMER');
      assert.equal(item.ParticipantId, chat.ParticipantId);
      assert.equal(item.DisplayName, 'Alice');
      assert.equal(item.Content, 'hello there');
      assert.equal(item.ContentType, 'text/plain');
      assert.equal(item.ContactId, chat.ContactId);
      assert.equal(item.InitialContactId, chat.ContactId);
      assert.equal(item.AbsoluteTime, sent.AbsoluteTime);
      // Every chat frame's content is a string (chatjs JSON.parses it).
      for (const f of socket.frames.filter((x) => x.topic === 'aws/chat')) assert.equal(typeof f.content, 'string');
    } finally {
      await socket.close();
    }
  });

  test('GetTranscript by default scans BACKWARD 15 and holds the customer joining, the flow greeting and the message', async () => {
    const { chat, token } = await chatWithConnection('Bob');
    const sent = await send(token, 'my order is late');
    const r = await participant(srv, 'transcript', token, {});
    assert.equal(r.status, 200);
    assert.equal(r.body.InitialContactId, chat.ContactId);
    const items = r.body.Transcript as any[];
    const joined = items.find((i) => i.ContentType === JOINED && i.ParticipantId === chat.ParticipantId);
    assert.ok(joined, 'the customer participant.joined event');
    assert.equal(joined.Type, 'EVENT');
    assert.equal(joined.ParticipantRole, 'CUSTOMER');
    const greeting = items.find((i) => i.ParticipantRole === 'SYSTEM');
    assert.ok(greeting, 'the flow greeting');
    assert.equal(greeting.DisplayName, 'SYSTEM_MESSAGE');
    assert.equal(greeting.Type, 'MESSAGE');
    assert.equal(greeting.Content, 'Thanks for contacting us. An agent will be with you shortly.');
    const message = items.find((i) => i.Id === sent.Id);
    assert.ok(message, 'the message');
    assert.equal(message.Content, 'my order is late');
    for (const item of items) {
      assert.equal(item.ContactId, chat.ContactId);
      assert.equal(item.InitialContactId, chat.ContactId);
      assert.match(item.AbsoluteTime, ISO_MS);
    }
    // Ascending order within a page.
    const times = items.map((i) => Date.parse(i.AbsoluteTime));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.equal(r.body.NextToken, undefined);

    // With more than 15 items the default page is the newest 15, with a token to go further back.
    for (let i = 0; i < 15; i++) await send(token, `m${i}`);
    const all = (await participant(srv, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: 100 })).body.Transcript as any[];
    assert.equal(all.length, 18);
    const byDefault = await participant(srv, 'transcript', token, {});
    assert.equal(byDefault.body.Transcript.length, 15);
    assert.deepEqual(byDefault.body.Transcript.map((i: any) => i.Id), all.slice(-15).map((i) => i.Id));
    assert.equal(typeof byDefault.body.NextToken, 'string');
    const explicit = await participant(srv, 'transcript', token, { MaxResults: 15, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: {} });
    assert.deepEqual(explicit.body, byDefault.body);
  });

  test('GetTranscript paging with NextToken has no gaps or duplicates, FORWARD and BACKWARD', async () => {
    const { token } = await chatWithConnection();
    for (let i = 0; i < 20; i++) await send(token, `message ${i}`);
    const whole = await participant(srv, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: 100 });
    const ids = (whole.body.Transcript as any[]).map((i) => i.Id);
    assert.equal(ids.length, 22); // joined + greeting + 20 messages
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(whole.body.NextToken, undefined);

    for (const max of [1, 4, 7]) {
      const forward: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const r: JsonResponse<Page> = await participant<Page>(srv, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: max, ...(next ? { NextToken: next } : {}) });
        assert.equal(r.status, 200);
        assert.ok(r.body.Transcript.length <= max);
        forward.push(...r.body.Transcript.map((i: any) => i.Id));
        next = r.body.NextToken;
        assert.ok(++pages < 100);
      } while (next);
      assert.deepEqual(forward, ids, `FORWARD pages of ${max}`);

      const backwardPages: string[][] = [];
      next = undefined;
      pages = 0;
      do {
        const r: JsonResponse<Page> = await participant<Page>(srv, 'transcript', token, { ScanDirection: 'BACKWARD', MaxResults: max, ...(next ? { NextToken: next } : {}) });
        assert.equal(r.status, 200);
        assert.ok(r.body.Transcript.length <= max);
        backwardPages.push(r.body.Transcript.map((i: any) => i.Id));
        next = r.body.NextToken;
        assert.ok(++pages < 100);
      } while (next);
      // Each page is ascending; pages go from newest to oldest.
      assert.deepEqual(backwardPages.reverse().flat(), ids, `BACKWARD pages of ${max}`);
    }
  });

  test('GetTranscript refuses a NextToken made for the other direction and a bad MaxResults', async () => {
    const { token } = await chatWithConnection();
    for (let i = 0; i < 3; i++) await send(token, `m${i}`);
    const first = await participant(srv, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: 1 });
    assert.ok(first.body.NextToken);
    const wrong = await participant(srv, 'transcript', token, { ScanDirection: 'BACKWARD', MaxResults: 1, NextToken: first.body.NextToken });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.headers.get('x-amzn-errortype'), 'ValidationException');
    const tooMany = await participant(srv, 'transcript', token, { MaxResults: 101 });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.headers.get('x-amzn-errortype'), 'ValidationException');
  });

  test('two sockets of the same participant both receive items (chatjs refresh)', async () => {
    const { chat, token } = await chatWithConnection();
    const conn2 = await createConnection(srv, chat.ParticipantToken);
    const conn3 = await createConnection(srv, chat.ParticipantToken);
    const first = await openChatSocket(conn2.Websocket.Url);
    const second = await openChatSocket(conn3.Websocket.Url);
    try {
      const sent = await send(token, 'to both');
      await first.next((f) => f.topic === 'aws/chat' && JSON.parse(f.content).Id === sent.Id, 3000, 'the item on the first socket');
      await second.next((f) => f.topic === 'aws/chat' && JSON.parse(f.content).Id === sent.Id, 3000, 'the item on the second socket');
      // Closing the primary (as chatjs does after the secondary subscribes) leaves the secondary working.
      await first.close();
      const again = await send(token, 'after the refresh');
      await second.next((f) => f.topic === 'aws/chat' && JSON.parse(f.content).Id === again.Id, 3000, 'the item after the refresh');
    } finally {
      await first.close();
      await second.close();
    }
  });

  test('a socket URL with a bad token is refused with HTTP 403 on upgrade', async () => {
    const { conn, token } = await chatWithConnection();
    const good = new URL(conn.Websocket.Url);
    const base = `${good.protocol}//${good.host}/participant/ws`;
    assert.equal(await upgradeStatus(`${base}?token=not-a-token`), 403);
    assert.equal(await upgradeStatus(base), 403);
    const goodToken = good.searchParams.get('token')!;
    const tampered = goodToken.slice(0, -2) + (goodToken.endsWith('AA') ? 'BB' : 'AA');
    assert.equal(await upgradeStatus(`${base}?token=${encodeURIComponent(tampered)}`), 403);
    // A connection token is not a WebSocket token.
    assert.equal(await upgradeStatus(`${base}?token=${encodeURIComponent(token)}`), 403);
    // The good URL is accepted.
    assert.equal(await upgradeStatus(conn.Websocket.Url), 101);
  });

  test('after the customer disconnects, the chat ends on the socket and the tokens stop working for new connections', async () => {
    const { chat, conn, token } = await chatWithConnection();
    const socket = await openChatSocket(conn.Websocket.Url);
    try {
      const r = await participant(srv, 'disconnect', token, {});
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, {});
      const ended = await socket.next((f) => f.topic === 'aws/chat' && JSON.parse(f.content).ContentType === 'application/vnd.amazonaws.connect.event.chat.ended');
      assert.equal(JSON.parse(ended.content).ContactId, chat.ContactId);
      assert.equal((await anyContactOf(srv, chat.ContactId)).status, 'ended');
      const again = await participant(srv, 'connection', chat.ParticipantToken, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] });
      assert.equal(again.status, 403);
      assert.equal(again.headers.get('x-amzn-errortype'), 'AccessDeniedException');
      const late = await participant(srv, 'message', token, { ContentType: 'text/plain', Content: 'too late' });
      assert.equal(late.status, 403);
      assert.equal(late.headers.get('x-amzn-errortype'), 'AccessDeniedException');
      // The transcript can still be read, and ends with the participant leaving and the chat ending.
      const transcript = await participant(srv, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: 100 });
      assert.equal(transcript.status, 200);
      const types = (transcript.body.Transcript as any[]).map((i) => i.ContentType);
      assert.deepEqual(types.slice(-2), ['application/vnd.amazonaws.connect.event.participant.left', 'application/vnd.amazonaws.connect.event.chat.ended']);
    } finally {
      await socket.close();
    }
  });

  test('a URL that is not a chat or agent socket is refused with 404 on upgrade', async () => {
    assert.equal(await upgradeStatus(`${srv.url.replace(/^http/, 'ws')}/elsewhere`), 404);
  });
});

describe('typing events', () => {
  let srv: TestServer;
  before(async () => {
    // Its own server: making an agent Available would otherwise route the other tests' queued chats.
    srv = await startTestServer();
  });
  after(async () => {
    await srv.stop();
  });

  test('a typing event (SendEvent) reaches the agent live but is not kept in the transcript', async () => {
    const agent = await RawAgent.login(srv, 'agent1');
    const chat = await startWidgetChat(srv, 'Typist');
    const conn = await createConnection(srv, chat.ParticipantToken);
    const token = conn.ConnectionCredentials.ConnectionToken;
    const customerSocket = await openChatSocket(conn.Websocket.Url);
    try {
      await agent.request('putAgentState', { state: { name: 'Available' } });
      await waitFor(() => agent.contact(chat.ContactId)?.state.type === 'incoming', 3000, 'the offer');
      await agent.request('acceptContact', { contactId: chat.ContactId });
      await waitFor(() => agent.contact(chat.ContactId)?.state.type === 'connected', 3000, 'the agent connected');

      // chatjs sends typing with no Content.
      const r = await participant(srv, 'event', token, { ContentType: TYPING, ClientToken: 'typing-1' });
      assert.equal(r.status, 200);
      assert.equal(typeof r.body.Id, 'string');
      assert.match(r.body.AbsoluteTime, ISO_MS);
      const frame = await agent.socket.next((f) => f.event === 'webSocket::all_message' && f.data.topic === 'aws/chat' && JSON.parse(f.data.content).ContentType === TYPING, 3000, 'the typing event at the agent');
      const item = JSON.parse(frame.data.content);
      assert.equal(item.Id, r.body.Id);
      assert.equal(item.Type, 'EVENT');
      assert.equal(item.ParticipantRole, 'CUSTOMER');
      assert.equal(item.ParticipantId, chat.ParticipantId);
      assert.equal(item.ContactId, chat.ContactId);
      assert.equal(item.InitialContactId, chat.ContactId);

      // The agent's typing reaches the customer's socket; the customer's own typing is not echoed back to it.
      await agent.request('sendEvent', { contactId: chat.ContactId, contentType: TYPING });
      await customerSocket.next((f) => f.topic === 'aws/chat' && JSON.parse(f.content).ContentType === TYPING, 3000, 'the agent typing at the customer');
      const typingAtCustomer = customerSocket.chatItems().filter((i) => i.ContentType === TYPING);
      assert.equal(typingAtCustomer.length, 1);
      assert.equal(typingAtCustomer[0].ParticipantRole, 'AGENT');

      const transcript = await participant(srv, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: 100 });
      assert.equal(transcript.status, 200);
      assert.equal((transcript.body.Transcript as any[]).filter((i) => i.ContentType === TYPING).length, 0);
      assert.ok((transcript.body.Transcript as any[]).some((i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT'));
    } finally {
      await customerSocket.close();
      await agent.socket.close();
    }
  });

  test('SendEvent refuses a content type that is not a participant event', async () => {
    const chat = await startWidgetChat(srv);
    const conn = await createConnection(srv, chat.ParticipantToken);
    const r = await participant(srv, 'event', conn.ConnectionCredentials.ConnectionToken, { ContentType: 'application/vnd.amazonaws.connect.event.chat.ended' });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('x-amzn-errortype'), 'ValidationException');
  });
});

describe('shutdown', () => {
  test('close() finishes while a chat socket is open but has not subscribed yet', { timeout: 10_000 }, async () => {
    const srv = await startTestServer();
    try {
      const chat = await startWidgetChat(srv);
      const conn = await createConnection(srv, chat.ParticipantToken);
      const unsubscribed = await RecordingSocket.open(conn.Websocket.Url);
      const subscribed = await openChatSocket((await createConnection(srv, chat.ParticipantToken)).Websocket.Url);
      const agent = await RawAgent.login(srv, 'agent1');
      await srv.stop();
      await waitFor(() => unsubscribed.ws.readyState === unsubscribed.ws.CLOSED, 3000, 'the unsubscribed socket closed');
      await waitFor(() => subscribed.ws.readyState === subscribed.ws.CLOSED, 3000, 'the subscribed socket closed');
      await waitFor(() => agent.socket.ws.readyState === agent.socket.ws.CLOSED, 3000, 'the agent socket closed');
    } finally {
      await srv.stop();
    }
  });
});
