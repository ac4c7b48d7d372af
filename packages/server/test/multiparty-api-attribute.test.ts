/**
 * Multi-party chat through the real server (multipartySuite.ts): the MULTI_PARTY_CHAT_CONFERENCE
 * instance attribute with the real @aws-sdk/client-connect, and what switching it does to adding
 * participants and to the agents' CCPs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectClient, DescribeInstanceAttributeCommand, UpdateInstanceAttributeCommand } from '@aws-sdk/client-connect';
import type { AgentSnapshot } from '@switchboard/sdk';
import { contactOf, waitFor, type TestServer } from './harness.ts';
import { NO_SUCH_ID, multiPartySuite } from './multipartySuite.ts';

describe('multi-party chat through the APIs', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const { instance, agent, setStatus, endpoint, accept, chatWith, settle } = multiPartySuite((started) => ({ srv, connect } = started));

  test('UpdateInstanceAttribute / DescribeInstanceAttribute: MULTI_PARTY_CHAT_CONFERENCE switches adding participants; bad input is refused and stores nothing', async () => {
    const describe = async (type: string) => (await connect.send(new DescribeInstanceAttributeCommand({ InstanceId: srv.demo.instanceId, AttributeType: type as never }))).Attribute;
    assert.deepEqual(await describe('MULTI_PARTY_CHAT_CONFERENCE'), { AttributeType: 'MULTI_PARTY_CHAT_CONFERENCE', Value: 'true' }, 'the demo has it on');
    assert.deepEqual(await describe('ENHANCED_CHAT_MONITORING'), { AttributeType: 'ENHANCED_CHAT_MONITORING', Value: 'false' }, 'unset attributes read false');
    await assert.rejects(describe('NOT_AN_ATTRIBUTE'), { name: 'InvalidRequestException' });

    const before = { ...instance().attributes };
    const update = (type: string, value: string) => connect.send(new UpdateInstanceAttributeCommand({ InstanceId: srv.demo.instanceId, AttributeType: type as never, Value: value }));
    await assert.rejects(update('NOT_AN_ATTRIBUTE', 'true'), { name: 'InvalidRequestException' });
    await assert.rejects(update('MULTI_PARTY_CHAT_CONFERENCE', ''), { name: 'InvalidRequestException' });
    await assert.rejects(update('MULTI_PARTY_CHAT_CONFERENCE', 'x'.repeat(101)), { name: 'InvalidRequestException' });
    await assert.rejects(connect.send(new UpdateInstanceAttributeCommand({ InstanceId: NO_SUCH_ID, AttributeType: 'MULTI_PARTY_CHAT_CONFERENCE', Value: 'false' })), { name: 'ResourceNotFoundException' });
    assert.deepEqual(instance().attributes, before, 'nothing was stored');

    const { contactId } = await chatWith('agent1', 'Olga');
    try {
      await update('MULTI_PARTY_CHAT_CONFERENCE', 'false');
      assert.equal((await describe('MULTI_PARTY_CHAT_CONFERENCE'))!.Value, 'false');
      const snapshot = await agent('agent1').request<AgentSnapshot>('getAgentSnapshot');
      assert.equal(snapshot.snapshot.contacts.find((c) => c.contactId === contactId)?.contactFeatures.multiPartyConferenceEnabled, false);
      await setStatus('agent2', 'Available');
      await assert.rejects(agent('agent1').addParticipant(contactId, { id: endpoint('Agent2').id }), (error: Error) => {
        assert.equal(error.name, 'InvalidRequestException');
        assert.match(error.message, /multi-party chat is not enabled/);
        return true;
      });
      assert.equal(contactOf(srv, contactId).invitations.length, 0);

      await update('MULTI_PARTY_CHAT_CONFERENCE', 'true');
      assert.equal((await describe('MULTI_PARTY_CHAT_CONFERENCE'))!.Value, 'true');
      await agent('agent1').addParticipant(contactId, { id: endpoint('Agent2').id });
      await accept('agent2', contactId);
    } finally {
      await update('MULTI_PARTY_CHAT_CONFERENCE', 'true');
      await settle();
    }
  });

  test('switching MULTI_PARTY_CHAT_CONFERENCE updates the CCPs of agents on chats (contactFeatures.multiPartyConferenceEnabled)', {
  }, async () => {
    const { contactId } = await chatWith('agent1', 'Nora');
    const update = (value: string) => connect.send(new UpdateInstanceAttributeCommand({ InstanceId: srv.demo.instanceId, AttributeType: 'MULTI_PARTY_CHAT_CONFERENCE', Value: value }));
    const shown = () => agent('agent1').contacts().find((c) => c.contactId === contactId)?.contactFeatures.multiPartyConferenceEnabled;
    try {
      await waitFor(() => shown() === true, 3000, 'multi-party shown on');
      await update('false');
      await waitFor(() => shown() === false, 1000, 'the CCP told that multi-party chat is off');
    } finally {
      await update('true');
      await settle();
    }
  });
});
