/** Commands naming what does not exist are refused with ResourceNotFound (and two rules on agent statuses kept with them). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Decision } from '../src/index.ts';
import { World, T0 } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { availableWorld } from './routingWorlds.ts';

/** Every decision is refused with ResourceNotFound, naming the resource. */
function assertNotFound(decisions: readonly Decision[], resourceType: string, resourceId: string): void {
  for (const decision of decisions) {
    const rejection = rejectionOf(decision);
    assert.equal(rejection.code, 'ResourceNotFound');
    assert.equal(rejection.resourceType, resourceType);
    assert.equal(rejection.resourceId, resourceId);
  }
}

describe('not found', () => {
  test('commands naming an unknown instance are refused with ResourceNotFound', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    const unknown = '00000000-dead-4000-8000-000000000000';
    const before = serialize(world.state);
    const decisions = [
      world.run({ type: 'SetAgentStatus', instanceId: unknown, userId: world.userId('alice'), statusId: world.statusIds.Available }),
      world.run({ type: 'AcceptContact', instanceId: unknown, userId: world.userId('alice'), contactId: chat.contactId }),
      world.run({ type: 'SendMessage', instanceId: unknown, contactId: chat.contactId, participantId: chat.customerId, messageId: 'm', contentType: 'text/plain', content: 'x' }),
      world.run({ type: 'StopContact', instanceId: unknown, contactId: chat.contactId }),
      world.run({ type: 'CreateQueue', instanceId: unknown, queueId: 'q', name: 'Q', description: '' }),
      world.run({
        type: 'StartChatContact', instanceId: unknown, contactId: 'c', participantId: 'p', contactFlowId: world.flowId,
        displayName: 'x', attributes: {}, chatDurationMinutes: 60,
      }),
    ];
    assertNotFound(decisions, 'Instance', unknown);
    assert.equal(serialize(world.state), before);
  });

  test('commands naming an unknown contact are refused with ResourceNotFound', () => {
    const world = availableWorld(['alice']);
    const unknown = '00000000-dead-4000-8000-000000000001';
    const decisions = [
      world.accept('alice', unknown), world.reject('alice', unknown), world.expire('alice', unknown), world.clear('alice', unknown),
      world.send(unknown, 'p', 'hi'), world.disconnect(unknown, 'p'), world.stop(unknown),
      world.run({ type: 'ExpireChat', contactId: unknown }),
    ];
    assertNotFound(decisions, 'Contact', unknown);
  });

  test('commands naming an unknown user are refused with ResourceNotFound', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    const unknown = '00000000-dead-4000-8000-000000000002';
    const decisions = [
      world.run({ type: 'SetAgentStatus', userId: unknown, statusId: world.statusIds.Available }),
      world.run({ type: 'AcceptContact', userId: unknown, contactId: chat.contactId }),
      world.run({ type: 'RejectContact', userId: unknown, contactId: chat.contactId }),
      world.run({ type: 'ExpireOffer', userId: unknown, contactId: chat.contactId }),
      world.run({ type: 'ClearContact', userId: unknown, contactId: chat.contactId }),
    ];
    assertNotFound(decisions, 'User', unknown);
  });

  test('unknown participants, flows and agent statuses are refused with ResourceNotFound', () => {
    const world = new World();
    const chat = world.startChat('Ann');
    assert.equal(rejectionOf(world.send(chat.contactId, 'nobody', 'hi')).resourceType, 'Participant');
    assert.equal(rejectionOf(world.disconnect(chat.contactId, 'nobody')).resourceType, 'Participant');
    assert.equal(rejectionOf(world.startChat('Ben', { contactFlowId: 'no-such-flow' }).decision).resourceType, 'ContactFlow');
    assert.equal(rejectionOf(world.run({ type: 'SetAgentStatus', userId: world.userId('alice'), statusId: 'nope' })).resourceType, 'AgentStatus');
  });

  test('setting the status an agent already has changes nothing', () => {
    const world = availableWorld(['alice']);
    const before = serialize(world.state);
    assert.deepEqual(eventsOf(world.setStatus('alice', 'Available')), []);
    assert.equal(serialize(world.state), before);
  });

  test('a new agent starts Offline', () => {
    const world = new World({ agents: ['alice'] });
    assert.equal(world.user('alice').statusId, world.statusIds.Offline);
    assert.equal(world.user('alice').statusSince, T0);
  });
});
