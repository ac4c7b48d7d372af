/**
 * Flow types at their moments on calls (seed 003), through the real server: calls driven by the phone
 * simulator with Media (the simulator reports prompts played), agents over the agent socket (sdk
 * AgentClient), flows and contacts through the real @aws-sdk/client-connect. The disconnect flow (a
 * post-call survey), a consult through an agent quick connect (agent transfer flow, customer hold flow,
 * the destination's whisper, the agent hold flow), the outbound whisper, and a callback.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConnectClient, CreateContactFlowCommand, DescribeContactCommand, UpdateContactFlowContentCommand } from '@aws-sdk/client-connect';
import type { AgentClient, QuickConnectEndpoint } from '@switchboard/sdk';
import { PhoneSimulator, type SimulatedCall } from '@switchboard/sdk/phone';
import { contactOf, statusControl, startTestServer, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent } from './sdkClients.ts';

const AGENTS = ['agent1', 'agent2'] as const;
type AgentName = (typeof AGENTS)[number];
const CALLER = '+12065550100';

type Action = { Identifier: string; Type: string; Parameters?: Record<string, unknown>; Transitions?: Record<string, unknown> };
const doc = (actions: Action[]) => JSON.stringify({ Version: '2019-10-30', StartAction: actions[0]!.Identifier, Actions: actions });
const next = (to: string) => ({ NextAction: to, Errors: [{ NextAction: to, ErrorType: 'NoMatchingError' }] });
const say = (id: string, text: string, to: string): Action => ({ Identifier: id, Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: next(to) });
const bye: Action = { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const end: Action = { Identifier: 'end', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} };
const digit = (id: string, text: string, choices: Record<string, string>, otherwise: string): Action => ({
  Identifier: id, Type: 'GetParticipantInput', Parameters: { Text: text, InputTimeLimitSeconds: '5', StoreInput: 'False' },
  Transitions: {
    NextAction: otherwise, Conditions: Object.entries(choices).map(([d, to]) => ({ NextAction: to, Condition: { Operator: 'Equals', Operands: [d] } })),
    Errors: ['NoMatchingCondition', 'InputTimeLimitExceeded', 'NoMatchingError'].map((e) => ({ NextAction: otherwise, ErrorType: e })),
  },
});

describe('flow types at their moments on calls, through the phone simulator', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let phone: PhoneSimulator;
  const clients = new Map<AgentName, AgentClient>();
  let endpoints: Map<string, QuickConnectEndpoint>;

  before(async () => {
    srv = await startTestServer();
    const credentials = { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey };
    connect = new ConnectClient({ endpoint: srv.url, region: srv.demo.region, maxAttempts: 1, credentials });
    phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials });
    for (const name of AGENTS) clients.set(name, (await connectAgent(srv, name)).client);
    endpoints = new Map((await agent('agent1').getQuickConnects()).map((e) => [e.name, e]));
  });
  after(async () => {
    for (const c of clients.values()) c.close();
    connect.destroy();
    await srv.stop();
  });

  const instance = () => srv.services.state.instances.get(srv.demo.instanceId)!;
  const queueArn = () => [...instance().queues.values()].find((q) => q.name === 'BasicQueue')!.arn;
  const agent = (name: AgentName) => clients.get(name)!;
  const { setStatus, only } = statusControl(() => srv, AGENTS, agent);
  const user = (name: AgentName) => instance().users.get(userIdOf(srv, name))!;

  async function createFlow(type: string, content: string): Promise<string> {
    const created = await connect.send(new CreateContactFlowCommand({ InstanceId: srv.demo.instanceId, Name: `${type}-${randomUUID()}`, Type: type as never, Content: content }));
    return created.ContactFlowId!;
  }
  /** An inbound flow: set these hooks, then queue on BasicQueue. */
  function hooksThenQueue(hooks: Record<string, string>): Promise<string> {
    return createFlow('CONTACT_FLOW', doc([
      { Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: hooks }, Transitions: next('q') },
      { Identifier: 'q', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn() }, Transitions: next('go') },
      { Identifier: 'go', Type: 'TransferContactToQueue', Transitions: next('bye') }, bye,
    ]));
  }
  async function acceptCall(name: AgentName): Promise<string> {
    const offered = await waitFor(() => agent(name).contacts().find((c) => c.type === 'voice' && c.state.type === 'incoming'), 3000, `a call offered to ${name}`);
    await agent(name).accept(offered.contactId);
    await waitFor(() => agent(name).contacts().find((c) => c.contactId === offered.contactId)?.state.type === 'connected', 3000, `${name} on the call`);
    return offered.contactId;
  }
  async function clearAll(name: AgentName): Promise<void> {
    const ended = (id: string) => ['ended', 'missed'].includes(agent(name).contacts().find((c) => c.contactId === id)?.state.type ?? '');
    await waitFor(() => [...user(name).contacts.keys()].every(ended), 3000, `${name} sees their contacts ended`);
    for (const c of agent(name).contacts()) if (c.state.type === 'ended' || c.state.type === 'missed') await agent(name).clear(c.contactId);
    await waitFor(() => user(name).contacts.size === 0, 3000, `${name} cleared`);
  }
  const partyOf = (call: SimulatedCall, name: AgentName) => call.Parties.find((p) => p.Kind === 'agent' && p.UserId === userIdOf(srv, name))!;
  const flowTo = (call: SimulatedCall, partyId: string) => call.Flows?.find((f) => f.Playing.some((p) => p.To === partyId));
  /** Admins may edit the default flows: this instance's Default outbound announces recording. */
  async function editDefaultOutbound(): Promise<void> {
    await connect.send(new UpdateContactFlowContentCommand({
      InstanceId: srv.demo.instanceId, ContactFlowId: 'default-outbound', Content: doc([say('notice', 'This call may be recorded.', 'end'), end]),
    }));
  }
  /** The caller's call taken by agent1, whispers played out. */
  async function answered(hooks: Record<string, string>): Promise<{ first: string; caller: string }> {
    await only('agent1');
    const { ContactId, PartyId } = await phone.dialInWith(CALLER, { contactFlowId: await hooksThenQueue(hooks), media: true });
    await acceptCall('agent1');
    const call = await phone.describe(ContactId);
    assert.equal(flowTo(call, partyOf(call, 'agent1').Id)?.FlowType, 'AGENT_WHISPER', 'the agent whisper plays to the agent');
    await phone.promptPlayed(ContactId);
    assert.deepEqual((await phone.describe(ContactId)).Flows, [], 'the default customer whisper ends at once');
    return { first: ContactId, caller: PartyId };
  }

  test('DISCONNECT: the agent hangs up, the caller hears the post-call survey and presses 5; the contact ends after it', async () => {
    const survey = await createFlow('CONTACT_FLOW', doc([
      digit('ask', 'Please rate this call: press 5 for great.', { 5: 'great' }, 'bye'),
      { Identifier: 'great', Type: 'UpdateContactAttributes', Parameters: { Attributes: { rating: 'great', how: '$.InitiationMethod' } }, Transitions: next('thanks') },
      say('thanks', 'Thank you. Goodbye.', 'bye'), bye,
    ]));
    const { first, caller } = await answered({ CustomerRemaining: survey });
    await agent('agent1').leave(first);
    let call = await waitFor(async () => { const c = await phone.describe(first); return c.Flows?.length ? c : undefined; }, 3000, 'the disconnect flow');
    assert.equal(call.Ended, false, 'the caller stays');
    assert.deepEqual(flowTo(call, caller)?.Playing.map((p) => p.Audio.text), ['Please rate this call: press 5 for great.']);
    assert.equal(agent('agent1').contacts().find((c) => c.contactId === first)?.state.type, 'ended', 'the agent is in after contact work');
    await phone.pressDigits(first, '5');
    await phone.promptPlayed(first, caller);
    call = await phone.describe(first);
    assert.equal(call.Ended, true);
    const record = (await connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: first }))).Contact!;
    assert.equal(record.DisconnectReason, 'CONTACT_FLOW_DISCONNECT');
    assert.deepEqual([contactOf(srv, first).attributes.rating, contactOf(srv, first).attributes.how], ['great', 'DISCONNECT']);
    await clearAll('agent1');
  });

  test('TRANSFER: a consult through an agent quick connect — transfer flow to agent1, customer hold flow to the caller, agent whisper to agent2; agent2 on hold hears the agent hold flow', async () => {
    const hold = await createFlow('CUSTOMER_HOLD', doc([{ Identifier: 'loop', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ Text: 'Please hold.' }] }, Transitions: { Errors: [], Conditions: [] } }]));
    const { first, caller } = await answered({ CustomerHold: hold });
    await setStatus('agent2', 'Available');
    await agent('agent1').addParticipant(first, { id: endpoints.get('Agent2')!.id });
    let call = await phone.describe(first);
    const a1 = partyOf(call, 'agent1').Id;
    // The demo's agent quick connects carry their own AGENT_TRANSFER flow (seed 001's "Inviting new agent…").
    assert.deepEqual([flowTo(call, a1)?.FlowType, flowTo(call, a1)?.Playing[0]?.Audio.text], ['AGENT_TRANSFER', 'Inviting new agent…']);
    assert.deepEqual([flowTo(call, caller)?.FlowType, flowTo(call, caller)?.Playing[0]?.Audio.text], ['CUSTOMER_HOLD', 'Please hold.']);
    await phone.promptPlayed(first, a1);
    const leg = await acceptCall('agent2');
    call = await phone.describe(first);
    const a2 = partyOf(call, 'agent2').Id;
    assert.deepEqual([flowTo(call, a2)?.FlowType, flowTo(call, a2)?.ContactId, flowTo(call, a2)?.Playing[0]?.Audio.text], ['AGENT_WHISPER', leg, 'BasicQueue']);
    await phone.promptPlayed(first, a2);
    call = await phone.describe(first);
    assert.ok(call.Hearing[a1]!.includes(a2), 'the agents talk; the customer whisper to agent1 (default) ended at once');
    await agent('agent1').hold(first, a2);
    call = await phone.describe(first);
    assert.deepEqual([flowTo(call, a2)?.FlowType, flowTo(call, a2)?.Playing[0]?.Audio.ssml], ['AGENT_HOLD', '<speak>You are on hold <break time="10s"/></speak>']);
    await agent('agent1').join(first);
    call = await phone.describe(first);
    assert.deepEqual(call.Flows, [], 'off hold: the hold flows stop');
    assert.ok(call.Hearing[caller]!.includes(a2));
    await phone.hangUp(first, caller);
    // The two agents are still on the call (seed 000): agent1 leaving ends it.
    await agent('agent1').leave(first);
    await waitFor(async () => (await phone.describe(first)).Ended, 3000, 'the call ended');
    await clearAll('agent1');
    await clearAll('agent2');
  });

  test('OUTBOUND: the customer an agent dialled answers and hears the outbound whisper (the instance\'s edited Default outbound) before they are put through', async () => {
    await editDefaultOutbound();
    await only('agent1');
    const contactId = randomUUID(), customer = randomUUID();
    const outcome = await srv.services.pipeline.submit({
      type: 'StartOutboundCall', instanceId: srv.demo.instanceId, userId: userIdOf(srv, 'agent1'), contactId, agentPartyId: randomUUID(), customerPartyId: customer, phoneNumber: '+12065550142', media: true,
    });
    assert.ok(outcome.ok);
    assert.equal((await phone.describe(contactId)).Parties.find((p) => p.Id === customer)?.State, 'connecting');
    await phone.answer(contactId, customer);
    let call = await phone.describe(contactId);
    assert.deepEqual([flowTo(call, customer)?.FlowType, flowTo(call, customer)?.Playing[0]?.Audio.text], ['OUTBOUND_WHISPER', 'This call may be recorded.']);
    await phone.promptPlayed(contactId, customer);
    call = await phone.describe(contactId);
    assert.deepEqual(call.Flows, [], 'the whisper is done: put through');
    assert.ok(call.Hearing[partyOf(call, 'agent1').Id]!.includes(customer));
    await phone.hangUp(contactId, customer);
    await clearAll('agent1');
  });

  test('CALLBACK: pressing 1 in the customer queue flow queues a CALLBACK contact linked to the call; the agent accepts, hears the whisper, the customer is dialled', async () => {
    const queueFlow = await createFlow('CUSTOMER_QUEUE', doc([
      digit('offer', 'Press 1 to be called back.', { 1: 'cb' }, 'end'),
      { Identifier: 'cb', Type: 'CreateCallbackContact', Parameters: {}, Transitions: { NextAction: 'told', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
      say('told', 'We will call you back. Goodbye.', 'bye'), bye, end,
    ]));
    await editDefaultOutbound();
    await only();
    const { ContactId, PartyId } = await phone.dialInWith(CALLER, { contactFlowId: await hooksThenQueue({ CustomerQueue: queueFlow }), media: true });
    assert.deepEqual(flowTo(await phone.describe(ContactId), PartyId)?.Playing.map((p) => p.Audio.text), ['Press 1 to be called back.']);
    await phone.pressDigits(ContactId, '1');
    await phone.promptPlayed(ContactId);
    assert.equal((await phone.describe(ContactId)).Ended, true);
    const callbackId = [...instance().contacts.values()].find((c) => c.initiationMethod === 'CALLBACK' && c.previousContactId === ContactId)!.id;
    const record = (await connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: callbackId }))).Contact!;
    assert.deepEqual([record.InitiationMethod, record.PreviousContactId, record.RelatedContactId], ['CALLBACK', ContactId, ContactId]);
    await setStatus('agent1', 'Available');
    assert.equal(await acceptCall('agent1'), callbackId);
    let call = await phone.describe(callbackId);
    const customer = call.Parties.find((p) => p.Kind === 'customer')!;
    assert.deepEqual([customer.State, customer.PhoneNumber], ['connecting', CALLER], 'the simulator sees the outbound leg to the caller');
    assert.equal(flowTo(call, partyOf(call, 'agent1').Id)?.FlowType, 'AGENT_WHISPER');
    await phone.promptPlayed(callbackId);
    await phone.answer(callbackId, customer.Id);
    call = await phone.describe(callbackId);
    assert.equal(flowTo(call, customer.Id)?.FlowType, 'OUTBOUND_WHISPER', 'the outbound whisper (the edited Default outbound) plays to the customer');
    await phone.promptPlayed(callbackId, customer.Id);
    call = await phone.describe(callbackId);
    assert.ok(call.Hearing[partyOf(call, 'agent1').Id]!.includes(customer.Id), 'agent and customer talk');
    await phone.hangUp(callbackId, customer.Id);
    await clearAll('agent1');
  });
});
