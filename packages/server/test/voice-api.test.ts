/**
 * Voice calls through the real server: calls driven by the phone simulator (the test driver), agents
 * controlling them with the sdk's AgentClient over the agent socket (Streams-shaped methods), the Connect
 * API with the real @aws-sdk/client-connect (StartOutboundVoiceContact, DescribeContact chains,
 * UpdateInstanceAttribute MULTI_PARTY_CONFERENCE).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateQueueQuickConnectsCommand, ConnectClient, CreateQuickConnectCommand, DescribeContactCommand, StartOutboundVoiceContactCommand, UpdateInstanceAttributeCommand,
} from '@aws-sdk/client-connect';
import type { AgentClient, ContactView, QuickConnectEndpoint } from '@switchboard/sdk';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import { statusControl, startTestServer, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent } from './sdkClients.ts';

const AGENTS = ['agent1', 'agent2', 'agent3'] as const;
type AgentName = (typeof AGENTS)[number];
const CALLER = '+12065550100';
const BROKER = '+12065550199';

describe('voice calls through the APIs', () => {
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
    for (const name of AGENTS) {
      clients.set(name, (await connectAgent(srv, name)).client);
    }
    // A PHONE_NUMBER quick connect on BasicQueue, with the real client.
    const created = await connect.send(new CreateQuickConnectCommand({
      InstanceId: srv.demo.instanceId, Name: 'Broker', QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: BROKER } },
    }));
    await connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: srv.demo.instanceId, QueueId: queueId(), QuickConnectIds: [created.QuickConnectId!] }));
    endpoints = new Map((await agent('agent1').getQuickConnects()).map((e) => [e.name, e]));
  });
  after(async () => {
    for (const c of clients.values()) c.close();
    connect.destroy();
    await srv.stop();
  });

  const instance = () => srv.services.state.instances.get(srv.demo.instanceId)!;
  const queueId = () => [...instance().queues.values()].find((q) => q.name === 'BasicQueue')!.id;
  const agent = (name: AgentName) => clients.get(name)!;
  const { setStatus, only } = statusControl(() => srv, AGENTS, agent);
  const user = (name: AgentName) => instance().users.get(userIdOf(srv, name))!;
  const voiceContact = (name: AgentName): ContactView | undefined => agent(name).contacts().find((c) => c.type === 'voice' && c.state.type !== 'ended');

  /** Waits for a voice offer to the agent, accepts it and returns the contact's id. */
  async function acceptCall(name: AgentName): Promise<string> {
    const offered = await waitFor(() => agent(name).contacts().find((c) => c.type === 'voice' && c.state.type === 'incoming'), 3000, `a call offered to ${name}`);
    await agent(name).accept(offered.contactId);
    await waitFor(() => voiceContact(name)?.state.type === 'connected', 3000, `${name} on the call`);
    return offered.contactId;
  }
  /** Clears every ended contact an agent holds (after contact work). */
  async function clearAll(name: AgentName): Promise<void> {
    for (const c of agent(name).contacts()) if (c.state.type === 'ended' || c.state.type === 'missed') await agent(name).clear(c.contactId);
    await waitFor(() => user(name).contacts.size === 0, 3000, `${name} cleared`);
  }
  const describeContact = async (contactId: string) => (await connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: contactId }))).Contact!;

  test('a simulated caller is routed to the available agent, who holds and resumes them; the media view follows', async () => {
    await only('agent1');
    const { ContactId, PartyId } = await phone.dialIn(CALLER);
    assert.equal(await acceptCall('agent1'), ContactId);
    const view = voiceContact('agent1')!;
    assert.equal(view.initiationMethod, 'inbound');
    assert.deepEqual(view.connections.map((c) => [c.type, c.state.type]), [['agent', 'connected'], ['inbound', 'connected']]);
    await agent('agent1').hold(ContactId, PartyId);
    let call = await phone.describe(ContactId);
    assert.equal(call.Parties.find((p) => p.Id === PartyId)!.State, 'hold');
    assert.deepEqual(call.Hearing[PartyId], [], 'a held caller hears nobody');
    await agent('agent1').resume(ContactId, PartyId);
    call = await phone.describe(ContactId);
    assert.equal(call.Hearing[PartyId]!.length, 1);
    await phone.hangUp(ContactId, PartyId);
    await waitFor(() => voiceContact('agent1') === undefined, 3000, 'the call ended');
    assert.equal((await describeContact(ContactId)).DisconnectReason, 'CUSTOMER_DISCONNECT');
    await clearAll('agent1');
  });

  test('three-party: a consult leg is a TRANSFER contact chained to the first; the secondary sees only "Internal transfer" and cannot hold the caller', async () => {
    await only('agent1');
    const { ContactId: first, PartyId: caller } = await phone.dialIn(CALLER);
    await acceptCall('agent1');
    await setStatus('agent2', 'Available');
    await agent('agent1').addParticipant(first, { id: endpoints.get('Agent2')!.id });
    const leg = await acceptCall('agent2');
    assert.notEqual(leg, first, 'the added agent is on a contact of their own');
    const secondary = voiceContact('agent2')!;
    assert.deepEqual(secondary.connections.filter((c) => c.type !== 'agent').map((c) => c.endpoint.name), ['Internal transfer']);
    assert.equal(voiceContact('agent1')!.connections.filter((c) => c.type !== 'agent').length, 2, 'the primary sees the caller and the third party');
    await assert.rejects(agent('agent2').hold(leg, caller), (e: { name: string; rule?: string }) => e.name === 'AccessDeniedException' && e.rule === 'three-party-only-the-controlling-agent-controls-parties');
    await agent('agent1').join(first);
    const call = await phone.describe(first);
    assert.equal(call.Hearing[caller]!.length, 2, 'after Join the caller hears both agents');
    const record = await describeContact(leg);
    assert.equal(record.InitiationMethod, 'TRANSFER');
    assert.equal(record.InitialContactId, first);
    assert.equal(record.PreviousContactId, first);
    const next = (await describeContact(first)).NextContacts![0]!.NextContactMetadata!.QuickConnectContactData!;
    assert.equal(next.ContactId, leg);
    assert.equal(next.QuickConnectName, 'Agent2');
    assert.equal(next.QuickConnectType, 'USER');
    // The primary leaves: control passes to agent2, who now can disconnect the caller.
    await agent('agent1').leave(first);
    await waitFor(() => voiceContact('agent2')?.connections.some((c) => c.type === 'inbound' && c.endpoint.name === CALLER), 3000, 'agent2 sees the caller');
    await agent('agent2').disconnectParticipant(leg, caller);
    await waitFor(() => voiceContact('agent2') === undefined, 3000, 'the call ended');
    await clearAll('agent1');
    await clearAll('agent2');
  });

  test('multi-party (UpdateInstanceAttribute MULTI_PARTY_CONFERENCE): an external number is an EXTERNAL_OUTBOUND leg; any agent mutes, only the participant unmutes', async () => {
    await connect.send(new UpdateInstanceAttributeCommand({ InstanceId: srv.demo.instanceId, AttributeType: 'MULTI_PARTY_CONFERENCE', Value: 'true' }));
    await only('agent1');
    const { ContactId: first } = await phone.dialIn(CALLER);
    await acceptCall('agent1');
    await agent('agent1').addParticipant(first, { phoneNumber: BROKER });
    let call = await phone.describe(first);
    const broker = call.Parties.find((p) => p.Kind === 'external')!;
    assert.equal(broker.State, 'connecting');
    await assert.rejects(agent('agent1').addParticipant(first, { id: endpoints.get('Broker')!.id }), (e: { rule?: string }) => e.rule === 'multi-party-no-add-while-dialling');
    await phone.answer(first, broker.Id);
    await agent('agent1').join(first);
    await agent('agent1').mute(first, broker.Id);
    await assert.rejects(agent('agent1').unmute(first, broker.Id), (e: { rule?: string }) => e.rule === 'only-the-participant-unmutes-themselves');
    call = await phone.describe(first);
    assert.ok(!Object.values(call.Hearing).some((heard) => heard.includes(broker.Id)), 'nobody hears a muted party');
    await phone.unmute(first, broker.Id);
    await assert.rejects(agent('agent1').sendDigits(first, broker.Id, '12ab'), (e: { name: string; rule?: string }) => e.name === 'InvalidRequestException' && e.rule === 'dtmf-digits');
    await agent('agent1').sendDigits(first, broker.Id, '1234#');
    call = await phone.describe(first);
    assert.deepEqual(call.Digits, [{ PartyId: broker.Id, Digits: '1234#' }]);
    assert.equal((await describeContact(broker.ContactId)).InitiationMethod, 'EXTERNAL_OUTBOUND');
    assert.equal((await describeContact(broker.ContactId)).CustomerEndpoint?.Address, BROKER);
    // The agent leaves; the caller and the broker go on; then the caller hangs up: only a third party is left, the contact ends.
    await agent('agent1').leave(first);
    call = await phone.describe(first);
    assert.equal(call.Ended, false);
    await phone.hangUp(first, call.Parties.find((p) => p.Kind === 'customer')!.Id);
    assert.equal((await phone.describe(first)).Ended, true);
    await clearAll('agent1');
    await connect.send(new UpdateInstanceAttributeCommand({ InstanceId: srv.demo.instanceId, AttributeType: 'MULTI_PARTY_CONFERENCE', Value: 'false' }));
  });

  test('StartOutboundVoiceContact places a call (API); when the customer answers, the flow queues it for an agent', async () => {
    await only('agent3');
    const flowId = srv.demo.contactFlowId;
    await assert.rejects(connect.send(new StartOutboundVoiceContactCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: flowId, DestinationPhoneNumber: '555-0100' })), { name: 'InvalidRequestException' });
    const { ContactId } = await connect.send(new StartOutboundVoiceContactCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: flowId, DestinationPhoneNumber: CALLER }));
    const call = await phone.describe(ContactId!);
    assert.equal(call.Parties[0]!.State, 'connecting');
    await phone.answer(ContactId!, call.Parties[0]!.Id);
    assert.equal(await acceptCall('agent3'), ContactId);
    assert.equal((await describeContact(ContactId!)).InitiationMethod, 'API');
    await agent('agent3').leave(ContactId!);
    await clearAll('agent3');
  });

  test('an agent calls a number from the CCP (OUTBOUND); the phone simulator refuses unsigned requests', async () => {
    await only('agent2');
    const contactId = await agent('agent2').call(CALLER);
    await waitFor(() => voiceContact('agent2')?.contactId === contactId, 3000, 'the outbound call on the CCP');
    assert.equal(voiceContact('agent2')!.initiationMethod, 'outbound');
    const call = await phone.describe(contactId);
    await phone.answer(contactId, call.Parties.find((p) => p.Kind === 'customer')!.Id);
    await assert.rejects(agent('agent2').call(CALLER), (e: { rule?: string }) => e.rule === 'one-call-at-a-time');
    await assert.rejects(phone.dialIn('555-0100'), (e: { name: string; rule?: string }) => e.name === 'InvalidRequestException' && e.rule === 'phone-numbers-are-e164');
    await assert.rejects(phone.answer(contactId, 'no-such-party'), (e: { name: string }) => e.name === 'ResourceNotFoundException');
    const unsigned = await fetch(`${srv.url}/phone-simulator/${srv.demo.instanceId}/calls`, { method: 'POST', body: JSON.stringify({ From: CALLER }) });
    assert.equal(unsigned.status, 403);
    await agent('agent2').leave(contactId);
    await clearAll('agent2');
  });
});
