/**
 * Chat whispers end to end (seed 003; Connect's "Set whisper flow": a whisper is one-sided): a chat whose
 * flow set both whispers, taken by an agent (sdk AgentClient) from a customer (sdk ChatSession). The agent
 * sees the agent whisper's message on their CCP socket and in their transcript, the customer the customer
 * whisper's on their chat socket and in GetTranscript; neither ever gets the other's. The agent's CCP is
 * told which of its messages are whispers (`VisibleTo`); the customer's items keep chatjs's shapes. The
 * admin console's record keeps both, marked with who saw them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { ChatSession, type AgentChatItemView, type AgentClient, type ChatItemView } from '@switchboard/sdk';
import type { FlowAction, FlowDocument } from '@switchboard/engine';
import { DEMO_PASSWORD, NodeWebSocket, contactOf, participant, postJson, startTestServer, ticks, waitFor, type TestServer } from './harness.ts';
import { connectAgent, demoConnectClient } from './sdkClients.ts';

const AGENT_TEXT = 'Whisper to the agent: VIP customer from $.Queue.Name';
const CUSTOMER_TEXT = 'Whisper to the customer: this chat may be reviewed';

const doc = (actions: FlowAction[]): FlowDocument => ({ Version: '2019-10-30', StartAction: actions[0]!.Identifier, Actions: actions });
const say = (text: string): FlowDocument => doc([
  { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
  { Identifier: 'end', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
]);

let srv: TestServer;
let agent: AgentClient;
const sessions: ChatSession[] = [];
before(async () => {
  srv = await startTestServer();
  agent = (await connectAgent(srv, 'agent1')).client;
});
after(async () => {
  agent.close();
  for (const s of sessions) s.close();
  await srv.stop();
});

async function createFlow(type: string, content: FlowDocument): Promise<string> {
  const flowId = randomUUID();
  const r = await srv.services.pipeline.submit({ type: 'CreateContactFlow', instanceId: srv.demo.instanceId, flowId, name: `${type}-${flowId}`, flowType: type, content });
  assert.ok(r.ok, `${type} flow created`);
  return flowId;
}

/** A chat on a flow that sets `hooks` (Set whisper flow) and queues it on BasicQueue; the customer's ChatSession connected. */
async function chatSettingHooks(hooks: Record<string, string>): Promise<ChatSession> {
  const queueArn = srv.services.state.instances.get(srv.demo.instanceId)!.queues.get(srv.demo.queueId)!.arn;
  const inbound = await createFlow('CONTACT_FLOW', doc([
    { Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: hooks }, Transitions: { NextAction: 'queue', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: { NextAction: 'go', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'go', Type: 'TransferContactToQueue', Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ]));
  const connect = demoConnectClient(srv);
  const started = await connect.send(new StartChatContactCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: inbound, ParticipantDetails: { DisplayName: 'Vera' } }));
  connect.destroy();
  const session = new ChatSession({
    endpoint: srv.url, WebSocket: NodeWebSocket,
    details: { contactId: started.ContactId!, participantId: started.ParticipantId!, participantToken: started.ParticipantToken! },
  });
  sessions.push(session);
  await session.connect();
  return session;
}

const texts = (items: readonly ChatItemView[]) => items.filter((i) => i.Type === 'MESSAGE').map((i) => i.Content);

/** A chat started with these hooks, what each side receives from the start, and the agent taking the offer. */
async function acceptedChat(hooks: Record<string, string>) {
  const chat = await chatSettingHooks(hooks);
  const contactId = chat.details.contactId;
  const atCustomer: ChatItemView[] = [];
  chat.onMessage((item) => atCustomer.push(item));
  const atAgent: AgentChatItemView[] = [];
  agent.onChatItem((item) => { if (item.ContactId === contactId) atAgent.push(item); });
  await agent.setStatus('Available');
  await waitFor(() => agent.contacts().find((c) => c.contactId === contactId)?.state.type === 'incoming', 3000, 'the offer');
  await agent.accept(contactId);
  return { chat, contactId, atCustomer, atAgent };
}

describe('chat whispers end to end', () => {
  test('each whisper reaches only its side: the agent whisper the agent (CCP socket, transcript), the customer whisper the customer (chat socket, GetTranscript)', async () => {
    const agentWhisper = await createFlow('AGENT_WHISPER', say(AGENT_TEXT));
    const customerWhisper = await createFlow('CUSTOMER_WHISPER', say(CUSTOMER_TEXT));
    const { chat, contactId, atCustomer, atAgent } = await acceptedChat({ AgentWhisper: agentWhisper, CustomerWhisper: customerWhisper });
    const agentSays = 'Whisper to the agent: VIP customer from BasicQueue';
    await waitFor(() => texts(atAgent).includes(agentSays), 3000, 'the agent whisper at the agent');
    await waitFor(() => texts(atCustomer).includes(CUSTOMER_TEXT), 3000, 'the customer whisper at the customer');
    await waitFor(() => contactOf(srv, contactId).flowRun === undefined, 3000, 'the whispers done');
    const reply = await agent.sendMessage(contactId, 'Hello Vera');
    await waitFor(() => atCustomer.some((i) => i.Id === reply.Id), 3000, 'the agent reply at the customer');
    await ticks(10);

    assert.ok(!texts(atCustomer).includes(agentSays), 'the customer socket never got the agent whisper');
    assert.ok(!texts(atAgent).includes(CUSTOMER_TEXT), 'the CCP socket never got the customer whisper');
    assert.deepEqual(texts(await chat.getWholeTranscript()), [CUSTOMER_TEXT, 'Hello Vera'], 'the customer\'s transcript');
    assert.deepEqual(texts(await agent.getTranscript(contactId)), [agentSays, 'Hello Vera'], 'the agent\'s transcript');
    // Paging runs over the participant's own view: one item at a time, still no agent whisper.
    const token = (await participant(srv, 'connection', chat.details.participantToken, { Type: ['CONNECTION_CREDENTIALS'] })).body.ConnectionCredentials.ConnectionToken as string;
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page = await participant(srv, 'transcript', token, { MaxResults: 1, ScanDirection: 'FORWARD', ...(next ? { NextToken: next } : {}) });
      assert.equal(page.status, 200);
      seen.push(...(page.body.Transcript as ChatItemView[]).map((i) => i.Content ?? i.ContentType));
      next = page.body.NextToken;
    } while (next);
    assert.ok(!seen.includes(agentSays) && seen.includes(CUSTOMER_TEXT));
    // The admin console's record keeps both, each saying who alone saw it.
    const login = await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: 'admin', Password: DEMO_PASSWORD, InstanceId: srv.demo.instanceId });
    const record = await (await fetch(`${srv.url}/admin/contacts/${contactId}/transcript`, { headers: { authorization: `Bearer ${login.body.Token}` } })).json() as { Transcript: (ChatItemView & { VisibleTo?: { ParticipantRole?: string }[] })[] };
    const whispers = record.Transcript.filter((i) => i.VisibleTo).map((i) => [i.Content, i.VisibleTo!.map((p) => p.ParticipantRole)]);
    assert.deepEqual(whispers, [[agentSays, ['AGENT']], [CUSTOMER_TEXT, ['CUSTOMER']]]);

    await agent.setStatus('Offline');
    await chat.disconnectParticipant();
  });

  test('the CCP is told a whisper is one: the agent whisper carries VisibleTo (the agent alone) on the CCP socket and in its transcript, other messages do not, and the customer\'s items never carry it', async () => {
    const agentWhisper = await createFlow('AGENT_WHISPER', say('Agent only: a gold member'));
    const customerWhisper = await createFlow('CUSTOMER_WHISPER', say('Customer only: this chat may be reviewed'));
    const { chat, contactId, atCustomer, atAgent } = await acceptedChat({ AgentWhisper: agentWhisper, CustomerWhisper: customerWhisper });
    await waitFor(() => texts(atAgent).includes('Agent only: a gold member'), 3000, 'the agent whisper at the agent');
    await waitFor(() => contactOf(srv, contactId).flowRun === undefined, 3000, 'the whispers done');
    await chat.sendMessage({ contentType: 'text/plain', message: 'Hi, it is Vera' });
    await waitFor(() => texts(atAgent).includes('Hi, it is Vera'), 3000, 'the customer message at the agent');
    const reply = await agent.sendMessage(contactId, 'Hello Vera');
    await waitFor(() => atCustomer.some((i) => i.Id === reply.Id), 3000, 'the agent reply at the customer');
    await ticks(10);

    const agentParticipant = [...contactOf(srv, contactId).participants.values()].find((p) => p.role === 'AGENT')!;
    const marks = (items: readonly AgentChatItemView[]) => items.filter((i) => i.Type === 'MESSAGE').map((i) => [i.Content, i.VisibleTo]);
    const expected = [
      ['Agent only: a gold member', [{ ParticipantId: agentParticipant.id, ParticipantRole: 'AGENT', DisplayName: agentParticipant.displayName }]],
      ['Hi, it is Vera', undefined],
      ['Hello Vera', undefined],
    ];
    assert.deepEqual(marks(atAgent), expected, 'live, on the CCP socket');
    assert.deepEqual(marks(await agent.getTranscript(contactId)), expected, 'and in the transcript the CCP loads');
    // The customer's side (chat socket frames, the Participant Service's GetTranscript): chatjs's shapes, no VisibleTo.
    assert.ok(texts(atCustomer).includes('Customer only: this chat may be reviewed'));
    assert.ok(atCustomer.every((i) => !('VisibleTo' in i)), 'no VisibleTo on the customer socket, not even on their own whisper');
    const whole = await chat.getWholeTranscript();
    assert.ok(texts(whole).includes('Customer only: this chat may be reviewed'));
    assert.ok(whole.every((i) => !('VisibleTo' in i)), 'no VisibleTo in the customer\'s GetTranscript');

    await agent.setStatus('Offline');
    await chat.disconnectParticipant();
  });

  test('a chat with no Set whisper flow shows no whisper to anyone (no default whisper on chats)', async () => {
    const { chat, contactId } = await acceptedChat({});
    await waitFor(() => contactOf(srv, contactId).status === 'connected', 3000, 'connected');
    await ticks(10);
    assert.deepEqual(contactOf(srv, contactId).transcript.filter((i) => i.role === 'SYSTEM'), []);
    await agent.setStatus('Offline');
    await chat.disconnectParticipant();
  });
});
