/**
 * An agent (sdk AgentClient) and a customer (sdk ChatSession) through a whole chat, against a real
 * server; and what an agent may not do to chats that are not theirs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentClient, OFFER_TIMEOUT_MS, loginAgent, type AgentSession, type ChatItemView, type ChatSession, type ContactView } from '@switchboard/sdk';
import { DEMO_PASSWORD, NodeWebSocket, contactOf, startTestServer, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer } from './sdkClients.ts';


describe('agent flow', () => {
  let srv: TestServer;
  const clients: AgentClient[] = [];
  const sessions: ChatSession[] = [];

  before(async () => {
    srv = await startTestServer();
  });
  after(async () => {
    for (const c of clients) c.close();
    for (const s of sessions) s.close();
    await srv.stop();
  });

  async function agent(username: string): Promise<{ client: AgentClient; session: AgentSession }> {
    const connected = await connectAgent(srv, username);
    clients.push(connected.client);
    return connected;
  }

  async function customer(name: string): Promise<ChatSession> {
    const session = await connectCustomer(srv, name);
    sessions.push(session);
    return session;
  }

  const contactIn = (client: AgentClient, contactId: string): ContactView | undefined => client.contacts().find((c) => c.contactId === contactId);

  test('a chat from offer to clear: incoming with a 20 s offer, accepted, messages both ways, ended by the customer, cleared', async () => {
    const { client, session } = await agent('agent1');
    assert.equal(client.snapshot?.configuration.username, 'agent1');
    assert.equal(client.snapshot?.configuration.userId, session.userId);
    await client.setStatus('Available');
    await waitFor(() => client.snapshot?.snapshot.state.name === 'Available', 3000, 'the agent Available');
    assert.equal(client.snapshot!.snapshot.state.type, 'routable');

    const chat = await customer('Carol');
    const contactId = chat.details.contactId;
    const fromAgent: ChatItemView[] = [];
    const ended: ChatItemView[] = [];
    chat.onMessage((item) => {
      if (item.ParticipantRole === 'AGENT') fromAgent.push(item);
    });
    chat.onEnded((item) => ended.push(item));
    await chat.sendMessage({ message: 'hello' });

    const incoming = await waitFor(() => {
      const c = contactIn(client, contactId);
      return c?.state.type === 'incoming' ? c : undefined;
    }, 3000, 'the offer');
    assert.equal(incoming.type, 'chat');
    assert.equal(incoming.customerName, 'Carol');
    assert.equal(OFFER_TIMEOUT_MS, 20_000);
    assert.equal(incoming.offerDeadline, incoming.state.timestamp + 20_000);
    assert.equal(contactOf(srv, contactId).offer?.deadline, incoming.offerDeadline);

    await client.accept(contactId);
    await waitFor(() => contactIn(client, contactId)?.state.type === 'connected', 3000, 'the contact connected');
    assert.equal(contactIn(client, contactId)!.offerDeadline, undefined);

    const transcript = await client.getTranscript(contactId);
    assert.ok(transcript.some((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER' && i.Content === 'hello'), 'the customer hello');
    assert.ok(transcript.some((i) => i.ParticipantRole === 'SYSTEM' && i.DisplayName === 'SYSTEM_MESSAGE'), 'the system greeting');
    assert.ok(transcript.some((i) => i.ParticipantRole === 'AGENT' && i.ContentType === 'application/vnd.amazonaws.connect.event.participant.joined'), 'the agent joining');

    const reply = await client.sendMessage(contactId, 'Hi Carol, how can I help?');
    const got = await waitFor(() => fromAgent.find((i) => i.Id === reply.Id), 3000, 'the reply at the customer');
    assert.equal(got.Content, 'Hi Carol, how can I help?');
    assert.equal(got.ContactId, contactId);
    const customerView = await chat.getWholeTranscript();
    assert.ok(customerView.some((i) => i.Id === reply.Id));

    await chat.disconnectParticipant();
    await waitFor(() => ended.length > 0, 3000, 'onEnded at the customer');
    assert.equal(ended[0]!.ContentType, 'application/vnd.amazonaws.connect.event.chat.ended');
    await waitFor(() => contactIn(client, contactId)?.state.type === 'ended', 3000, 'after contact work');
    assert.equal(contactOf(srv, contactId).status, 'ended');

    await client.clear(contactId);
    await waitFor(() => client.snapshot && !contactIn(client, contactId), 3000, 'the contact gone from the snapshot');

    // Offline again, so the next test's chats go to the agents it chooses.
    await client.setStatus('Offline');
    await waitFor(() => client.snapshot?.snapshot.state.name === 'Offline', 3000, 'the agent Offline');
  });

  test('a wrong password is refused with AccessDeniedException', async () => {
    await assert.rejects(loginAgent({ baseUrl: srv.url, username: 'agent1', password: 'wrong-password' }), { name: 'AccessDeniedException' });
    await assert.rejects(loginAgent({ baseUrl: srv.url, username: 'nobody', password: DEMO_PASSWORD }), { name: 'AccessDeniedException' });
  });

  test('an agent cannot accept a contact offered to another agent, nor read or write a chat they are not in', async () => {
    const { client: agent2, session: session2 } = await agent('agent2');
    const { client: agent3 } = await agent('agent3');
    await agent2.setStatus('Available');
    await waitFor(() => agent2.snapshot?.snapshot.state.name === 'Available', 3000, 'agent2 Available');

    const chat = await customer('Dave');
    const contactId = chat.details.contactId;
    await waitFor(() => contactIn(agent2, contactId)?.state.type === 'incoming', 3000, 'the offer to agent2');
    assert.equal(contactOf(srv, contactId).offer?.userId, session2.userId);
    assert.equal(contactIn(agent3, contactId), undefined);

    await assert.rejects(agent3.accept(contactId), { name: 'AccessDeniedException' });
    await assert.rejects(agent3.getTranscript(contactId), { name: 'AccessDeniedException' });
    await assert.rejects(agent3.sendMessage(contactId, 'not mine'), { name: 'AccessDeniedException' });
    // Still agent2's offer, which agent2 can take.
    assert.equal(contactOf(srv, contactId).offer?.userId, session2.userId);
    await agent2.accept(contactId);
    await waitFor(() => contactIn(agent2, contactId)?.state.type === 'connected', 3000, 'agent2 connected');

    await assert.rejects(agent3.getTranscript(contactId), { name: 'AccessDeniedException' });
    await assert.rejects(agent3.sendMessage(contactId, 'still not mine'), { name: 'AccessDeniedException' });
    await assert.rejects(agent3.clear(contactId), { name: 'AccessDeniedException' });
    await assert.rejects(agent3.leave(contactId), { name: 'AccessDeniedException' });
    // Nothing agent3 tried reached the transcript.
    const transcript = await agent2.getTranscript(contactId);
    assert.equal(transcript.filter((i) => i.Content === 'not mine' || i.Content === 'still not mine').length, 0);
    // And agent2 cannot accept twice.
    await assert.rejects(agent2.accept(contactId), { name: 'InvalidRequestException' });
    await agent2.setStatus('Offline');
    await waitFor(() => agent2.snapshot?.snapshot.state.name === 'Offline', 3000, 'agent2 Offline');
  });

  test('an agent socket with a bad token is refused', async () => {
    const bad: AgentSession = { token: 'sb1.bad.token', expiry: new Date().toISOString(), instanceId: srv.demo.instanceId, userId: 'x' };
    const client = new AgentClient(srv.url, bad, { WebSocket: NodeWebSocket });
    clients.push(client);
    await assert.rejects(client.connect(), { name: 'AccessDeniedException' });
    client.close();
  });

  test('GET /agent/session answers 200 for a good agent token and AccessDenied for a bad one', async () => {
    const session = await loginAgent({ baseUrl: srv.url, username: "agent5", password: DEMO_PASSWORD });
    const good = await fetch(`${srv.url}/agent/session`, { headers: { authorization: `Bearer ${session.token}` } });
    assert.equal(good.status, 200);
    assert.equal(((await good.json()) as { UserId: string }).UserId, session.userId);
    const bad = await fetch(`${srv.url}/agent/session`, { headers: { authorization: 'Bearer sb1.bad.token' } });
    assert.equal(bad.status, 403);
    assert.equal(bad.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  });

  test('when the agent ends the chat, the customer session ends too', async () => {
    const { client } = await agent('agent4');
    await client.setStatus('Available');
    const chat = await customer('Erin');
    const contactId = chat.details.contactId;
    const ended: ChatItemView[] = [];
    chat.onEnded((item) => ended.push(item));
    await waitFor(() => contactIn(client, contactId)?.state.type === 'incoming', 3000, 'the offer to agent4');
    await client.accept(contactId);
    await waitFor(() => contactIn(client, contactId)?.state.type === 'connected', 3000, 'agent4 connected');
    await client.leave(contactId);
    await waitFor(() => ended.length > 0, 3000, 'onEnded at the customer');
    await waitFor(() => contactIn(client, contactId)?.state.type === 'ended', 3000, 'after contact work');
    assert.equal(contactOf(srv, contactId).disconnectReason, 'AGENT_DISCONNECT');
    await assert.rejects(chat.sendMessage({ message: 'are you there?' }), { name: 'AccessDeniedException' });
  });
});
