/**
 * Multi-party chat through the real server (multipartySuite.ts): adding, disconnecting and transferring
 * with the sdk's AgentClient over the agent socket (seed 002's contact.addParticipant(endpoint));
 * customers with the sdk's ChatSession.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatItemView } from '@switchboard/sdk';
import { contactOf, userIdOf, waitFor, type TestServer } from './harness.ts';
import { AGENTS, READ, NO_SUCH_ID, multiPartySuite } from './multipartySuite.ts';

describe('multi-party chat through the APIs', () => {
  let srv: TestServer;
  const { received, agent, setStatus, user, stateOf, endpoint, accept, chatWith, invite, settle } = multiPartySuite((started) => ({ srv } = started));

  test('addParticipant with {id} and with {endpointARN}: prompt, invited, joined in the transcript; every agent sees all participants; a seventh participant is refused with a clear error', async () => {
    const { chat, contactId } = await chatWith('agent1', 'Greta');
    try {
      // By id (seed 002's endpoint.id) …
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      // … and by endpointARN alone.
      await invite('agent2', 'agent3', contactId, { endpointARN: endpoint('Agent3').endpointARN });
      // The whole endpoint object, as seed 002 passes it.
      await invite('agent3', 'agent4', contactId, endpoint('Agent4'));
      // The queue quick connect: agent5 is the only Available agent not in the chat.
      await invite('agent1', 'agent5', contactId, { id: endpoint('BasicQueue').id });

      const contact = contactOf(srv, contactId);
      const connected = [...contact.participants.values()].filter((p) => p.state === 'connected');
      assert.equal(connected.length, 6);
      assert.deepEqual(contact.legs.map((l) => [l.via, l.quickConnectName]), [
        ['queue', undefined], ['added', 'Agent2'], ['added', 'Agent3'], ['added', 'Agent4'], ['added', 'BasicQueue'],
      ]);
      assert.deepEqual(contact.legs.slice(1).map((l) => l.by), ['agent1', 'agent2', 'agent3', 'agent1'].map((n) => userIdOf(srv, n)));

      // The customer's transcript: for each addition, the flow's prompt, "invited", then "joined".
      const transcript = await chat.getWholeTranscript();
      const lines = transcript
        .filter((i) => i.Content === 'Inviting new agent…' || i.ContentType.endsWith('participant.invited') || (i.ContentType.endsWith('participant.joined') && i.ParticipantRole === 'AGENT'))
        .map((i) => (i.Content === 'Inviting new agent…' ? `prompt:${i.ParticipantRole}:${i.DisplayName}` : i.ContentType.endsWith('invited') ? 'invited' : `joined:${i.DisplayName}`));
      assert.deepEqual(lines, [
        'joined:Agent1',
        'prompt:SYSTEM:SYSTEM_MESSAGE', 'invited', 'joined:Agent2',
        'prompt:SYSTEM:SYSTEM_MESSAGE', 'invited', 'joined:Agent3',
        'prompt:SYSTEM:SYSTEM_MESSAGE', 'invited', 'joined:Agent4',
        'prompt:SYSTEM:SYSTEM_MESSAGE', 'invited', 'joined:Agent5',
      ]);

      // Every agent's CCP shows the customer and the five agents, itself marked as its own.
      for (const name of AGENTS) {
        await waitFor(() => agent(name).contacts().find((c) => c.contactId === contactId)?.connections.filter((c) => c.state.type === 'connected').length === 6, 3000, `${name}'s snapshot`);
        const view = agent(name).contacts().find((c) => c.contactId === contactId)!;
        assert.deepEqual(view.connections.map((c) => c.endpoint.name), ['Greta', 'Agent1', 'Agent2', 'Agent3', 'Agent4', 'Agent5']);
        assert.deepEqual(view.connections.filter((c) => c.isOwn).map((c) => c.endpoint.name), [`Agent${name.slice(-1)}`]);
        assert.equal(view.contactFeatures.multiPartyConferenceEnabled, true);
      }

      // A seventh: refused through the socket, with a typed error that says why; nothing changes.
      const invitations = contact.invitations.length;
      for (const [who, by] of [['agent5', { id: endpoint('BasicQueue').id }], ['agent2', { endpointARN: endpoint('Agent1').endpointARN }]] as const) {
        await assert.rejects(agent(who).addParticipant(contactId, by), (error: Error) => {
          assert.equal(error.name, 'LimitExceededException');
          assert.match(error.message, /at most 6 participants/);
          return true;
        });
      }
      assert.equal(contact.invitations.length, invitations);
      assert.equal([...contact.participants.values()].filter((p) => p.state === 'connected').length, 6);
      // An endpoint that names no quick connect is ResourceNotFound; one with neither id nor ARN is invalid.
      await assert.rejects(agent('agent1').addParticipant(contactId, { id: NO_SUCH_ID }), { name: 'ResourceNotFoundException' });
      await assert.rejects(agent('agent1').request('addNewConnection', { contactId, endpoint: { type: 'agent', name: 'Agent2' } }), { name: 'InvalidRequestException' });
    } finally {
      await settle();
    }
  });

  test('disconnectParticipant: an agent disconnects another agent (who goes to ACW) and the chat goes on', async () => {
    const { chat, contactId } = await chatWith('agent1', 'Hugo');
    try {
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      await invite('agent2', 'agent3', contactId, { id: endpoint('Agent3').id });
      const agent1Connection = await waitFor(() => agent('agent2').contacts().find((c) => c.contactId === contactId)?.connections.find((c) => c.endpoint.name === 'Agent1'), 3000, 'Agent1 on agent2\'s CCP');
      assert.equal(agent1Connection.connectionId, user('agent1').contacts.get(contactId)!.participantId);

      await agent('agent2').disconnectParticipant(contactId, agent1Connection.connectionId);
      await waitFor(() => stateOf('agent1', contactId) === 'ended', 3000, 'agent1 in ACW');
      assert.equal(contactOf(srv, contactId).status, 'connected');
      await waitFor(() => agent('agent3').contacts().find((c) => c.contactId === contactId)?.connections.find((c) => c.endpoint.name === 'Agent1')?.state.type === 'disconnected', 3000, 'agent3 sees Agent1 gone');
      // The chat goes on between the customer and agents 2 and 3.
      const fromAgents: ChatItemView[] = [];
      chat.onMessage((i) => {
        if (i.ParticipantRole === 'AGENT') fromAgents.push(i);
      });
      const sent = await agent('agent3').sendMessage(contactId, 'agent3 here');
      await waitFor(() => fromAgents.find((i) => i.Id === sent.Id), 3000, 'the message at the customer');
      // agent1, in ACW, can no longer act in the chat.
      await assert.rejects(agent('agent1').sendMessage(contactId, 'still here?'), { name: 'AccessDeniedException' });
      await assert.rejects(agent('agent1').disconnectParticipant(contactId, user('agent3').contacts.get(contactId)!.participantId!), { name: 'AccessDeniedException' });
      // A connection that is not in the chat is ResourceNotFound.
      await assert.rejects(agent('agent2').disconnectParticipant(contactId, NO_SUCH_ID), { name: 'ResourceNotFoundException' });

      // agent3 disconnects the customer: the chat ends for everyone.
      const ended: ChatItemView[] = [];
      chat.onEnded((i) => ended.push(i));
      await agent('agent3').disconnectParticipant(contactId, chat.details.participantId);
      await waitFor(() => ended.length > 0, 3000, 'the end at the customer');
      await waitFor(() => stateOf('agent2', contactId) === 'ended' && stateOf('agent3', contactId) === 'ended', 3000, 'everyone in ACW');
    } finally {
      await settle();
    }
  });

  test('transferContact: every agent in the chat is disconnected and the chat continues with the quick connect\'s agent', async () => {
    const { contactId } = await chatWith('agent1', 'Ines');
    try {
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      await setStatus('agent3', 'Available');
      await agent('agent2').transfer(contactId, { endpointARN: endpoint('Agent3').endpointARN });
      await waitFor(() => stateOf('agent1', contactId) === 'ended' && stateOf('agent2', contactId) === 'ended', 3000, 'agents 1 and 2 in ACW');
      await accept('agent3', contactId);
      const contact = contactOf(srv, contactId);
      assert.deepEqual([...contact.participants.values()].filter((p) => p.state === 'connected').map((p) => p.role).sort(), ['AGENT', 'CUSTOMER']);
      assert.deepEqual(contact.legs.at(-1)!.via, 'transfer');
      assert.equal(contact.legs.at(-1)!.by, userIdOf(srv, 'agent2'));
    } finally {
      await settle();
    }
  });

  test('an agent cannot add to, transfer, read or write a chat they are not in', async () => {
    const { chat, contactId } = await chatWith('agent1', 'Jon');
    try {
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      await setStatus('agent3', 'Available');
      const contact = contactOf(srv, contactId);
      const transcriptLength = contact.transcript.length;
      const outsider = agent('agent3');
      const denied = { name: 'AccessDeniedException' };
      await assert.rejects(outsider.addParticipant(contactId, { id: endpoint('Agent4').id }), denied);
      await assert.rejects(outsider.addParticipant(contactId, { id: endpoint('BasicQueue').id }), denied);
      await assert.rejects(outsider.transfer(contactId, { id: endpoint('Agent4').id }), denied);
      await assert.rejects(outsider.getTranscript(contactId), denied);
      await assert.rejects(outsider.sendMessage(contactId, 'let me in'), denied);
      await assert.rejects(outsider.sendTyping(contactId), denied);
      await assert.rejects(outsider.disconnectParticipant(contactId, chat.details.participantId), denied);
      await assert.rejects(outsider.disconnectParticipant(contactId, user('agent1').contacts.get(contactId)!.participantId!), denied);
      await assert.rejects(outsider.leave(contactId), denied);
      // Nothing changed.
      assert.equal(contact.transcript.length, transcriptLength);
      assert.equal(contact.invitations.length, 1);
      assert.equal(contact.status, 'connected');
      assert.equal([...contact.participants.values()].filter((p) => p.state === 'connected').length, 3);
      assert.equal(user('agent3').contacts.has(contactId), false);

      // An agent only offered an invitation is not in the chat yet either.
      await agent('agent2').addParticipant(contactId, { id: endpoint('Agent3').id });
      await waitFor(() => stateOf('agent3', contactId) === 'incoming', 3000, 'the invitation offered to agent3');
      await assert.rejects(outsider.getTranscript(contactId), denied);
      await assert.rejects(outsider.sendMessage(contactId, 'early'), denied);
      await assert.rejects(outsider.addParticipant(contactId, { id: endpoint('Agent4').id }), denied);
    } finally {
      await settle();
    }
  });

  test('read receipts (SendEvent message.read) are relayed in a two-party chat but not in a chat with three participants', async () => {
    // Two participants: the customer's read receipt reaches the agent.
    const two = await chatWith('agent1', 'Kim');
    try {
      const hello = await agent('agent1').sendMessage(two.contactId, 'hello Kim');
      await two.chat.sendEvent({ contentType: READ, content: JSON.stringify({ messageId: hello.Id }) });
      await waitFor(() => received.get('agent1')!.find((i) => i.Type === 'MESSAGEMETADATA' && i.ContactId === two.contactId), 3000, 'the receipt at agent1');
    } finally {
      await settle();
    }

    const { chat, contactId } = await chatWith('agent1', 'Lena');
    try {
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      const atCustomer: ChatItemView[] = [];
      chat.onEvent((i) => atCustomer.push(i));
      chat.onMessage((i) => atCustomer.push(i));
      const metadataFor = (items: ChatItemView[]) => items.filter((i) => i.ContactId === contactId && (i.Type === 'MESSAGEMETADATA' || i.ContentType.endsWith('message.metadata')));

      // The customer reads agent1's message: the receipt is accepted …
      const hi = await agent('agent1').sendMessage(contactId, 'hi Lena');
      const answer = await chat.sendEvent({ contentType: READ, content: JSON.stringify({ messageId: hi.Id }) });
      assert.ok(answer.Id);
      // … and not relayed: a message sent after it reaches both agents, with no receipt before it.
      const barrier = await chat.sendMessage({ message: 'after the receipt' });
      for (const name of ['agent1', 'agent2'] as const) {
        await waitFor(() => received.get(name)!.find((i) => i.Id === barrier.Id), 3000, `the barrier at ${name}`);
        assert.deepEqual(metadataFor(received.get(name)!), [], `${name} got a receipt`);
      }

      // An agent's read receipt does not reach the customer or the other agent either.
      await agent('agent2').request('sendEvent', { contactId, contentType: READ, content: JSON.stringify({ messageId: barrier.Id }) });
      const barrier2 = await agent('agent2').sendMessage(contactId, 'agent2 after the receipt');
      await waitFor(() => atCustomer.find((i) => i.Id === barrier2.Id), 3000, 'the second barrier at the customer');
      await waitFor(() => received.get('agent1')!.find((i) => i.Id === barrier2.Id), 3000, 'the second barrier at agent1');
      assert.deepEqual(metadataFor(atCustomer), []);
      assert.deepEqual(metadataFor(received.get('agent1')!), []);
    } finally {
      await settle();
    }
  });

  test('an endpointARN that is not a quick connect of this instance is refused', {
  }, async () => {
    const { contactId } = await chatWith('agent1', 'Otto');
    try {
      await setStatus('agent2', 'Available');
      const id = endpoint('Agent2').id;
      for (const arn of [
        `arn:aws:connect:${srv.demo.region}:999999999999:instance/${NO_SUCH_ID}/transfer-destination/${id}`,
        `${srv.demo.instanceArn}/queue/${id}`,
      ]) {
        await assert.rejects(agent('agent1').addParticipant(contactId, { endpointARN: arn }), (error: Error) => ['InvalidRequestException', 'ResourceNotFoundException'].includes(error.name), arn);
      }
      assert.equal(contactOf(srv, contactId).invitations.length, 0);
    } finally {
      await settle();
    }
  });

  test('a pending invitation, shown to the agents as a connecting connection, can be cancelled by disconnecting it', {
  }, async () => {
    const { contactId } = await chatWith('agent1', 'Mia');
    try {
      await setStatus('agent2', 'Offline');
      await agent('agent1').addParticipant(contactId, { id: endpoint('Agent2').id });
      const pending = await waitFor(() => agent('agent1').contacts().find((c) => c.contactId === contactId)?.connections.find((c) => c.state.type === 'connecting'), 3000, 'the invitation on the CCP');
      assert.equal(pending.endpoint.name, 'Agent2');
      await agent('agent1').disconnectParticipant(contactId, pending.connectionId);
      assert.equal(contactOf(srv, contactId).invitations[0]!.status, 'cancelled');
      await setStatus('agent3', 'Available');
      await agent('agent1').addParticipant(contactId, { id: endpoint('Agent3').id });
    } finally {
      await settle();
    }
  });
});
