/** Changing routing profiles through the admin API (admin/routingProfilesAdmin.ts): rules and live re-evaluation. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { slotsInUse } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { availableWorld, offersIn } from './routingWorlds.ts';

describe('routing profile changes', () => {
  test('raising CHAT concurrency from 1 to 2 offers an available agent a waiting chat in the same decision', () => {
    const world = availableWorld(['alice'], { chatConcurrency: 1 });
    world.advance(10);
    world.startChat('c1');
    world.advance(10);
    const second = world.startChat('c2');
    assert.equal(world.contact(second.contactId).offer, undefined);
    const events = eventsOf(world.run({
      type: 'UpdateRoutingProfileConcurrency', routingProfileId: world.routingProfileId,
      mediaConcurrencies: [{ channel: 'CHAT', concurrency: 2, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' }],
    }));
    assert.deepEqual(offersIn(events).map((o) => o.contactId), [second.contactId]);
    assert.equal(slotsInUse(world.user('alice'), 'CHAT'), 2);
  });

  test('associating a queue lets its waiting contacts reach the profile\'s agents; disassociating stops new offers from it', () => {
    const world = availableWorld(['alice']);
    const other = world.addQueue('Other');
    world.advance(10);
    const waiting = world.injectContact('CHAT', other);
    assert.equal(world.contact(waiting.contactId).offer, undefined);
    const events = eventsOf(world.run({ type: 'AssociateRoutingProfileQueues', routingProfileId: world.routingProfileId, queues: [{ queueId: other, channel: 'CHAT', priority: 1, delaySeconds: 0 }] }));
    assert.deepEqual(offersIn(events).map((o) => o.contactId), [waiting.contactId]);
    eventsOf(world.run({ type: 'UpdateRoutingProfileQueues', routingProfileId: world.routingProfileId, queues: [{ queueId: other, channel: 'CHAT', priority: 5, delaySeconds: 30 }] }));
    assert.deepEqual(world.instance.routingProfiles.get(world.routingProfileId)!.queues.find((q) => q.queueId === other), { queueId: other, channel: 'CHAT', priority: 5, delaySeconds: 30 });
    eventsOf(world.run({ type: 'DisassociateRoutingProfileQueues', routingProfileId: world.routingProfileId, queues: [{ queueId: other, channel: 'CHAT' }] }));
    world.advance(10);
    const later = world.injectContact('CHAT', other);
    assert.equal(world.contact(later.contactId).offer, undefined);
  });

  test('bad changes are refused and change nothing', () => {
    const world = new World({ agents: ['alice'] });
    const p = world.routingProfileId;
    const before = serialize(world.state);
    const q = (extra: object = {}) => ({ queueId: world.queueId, channel: 'CHAT' as const, priority: 1, delaySeconds: 0, ...extra });
    assert.equal(rejectionOf(world.run({ type: 'AssociateRoutingProfileQueues', routingProfileId: p, queues: [q()] })).code, 'InvalidRequest');
    assert.equal(rejectionOf(world.run({ type: 'AssociateRoutingProfileQueues', routingProfileId: p, queues: [q({ queueId: 'nope' })] })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'AssociateRoutingProfileQueues', routingProfileId: 'nope', queues: [q()] })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'UpdateRoutingProfileQueues', routingProfileId: p, queues: [q({ priority: 100 })] })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UpdateRoutingProfileQueues', routingProfileId: p, queues: [q({ channel: 'TASK' })] })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'DisassociateRoutingProfileQueues', routingProfileId: p, queues: [{ queueId: world.queueId, channel: 'TASK' }] })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'UpdateRoutingProfileConcurrency', routingProfileId: p, mediaConcurrencies: [{ channel: 'CHAT', concurrency: 11, crossChannelBehavior: 'ROUTE_ANY_CHANNEL' }] })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UpdateRoutingProfileConcurrency', routingProfileId: p, mediaConcurrencies: [] })).code, 'InvalidRequest');
    assert.equal(serialize(world.state), before);
  });
});
