/** The Connect admin API's queue rules (admin/queuesAdmin.ts). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { World } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';

describe('queues through the admin API', () => {
  test('CreateQueueWithSettings is all or nothing; names are unique; references must exist', () => {
    const world = new World({ agents: [] });
    const hours = world.addHours('All day', 'UTC', []);
    const before = serialize(world.state);
    const create = (extra: object) => world.run({ type: 'CreateQueueWithSettings', queueId: 'q-new', name: 'Sales', description: '', hoursOfOperationId: hours, quickConnectIds: [], tags: {}, ...extra });
    assert.equal(rejectionOf(create({ name: 'BasicQueue' })).code, 'DuplicateResource');
    assert.equal(rejectionOf(create({ hoursOfOperationId: 'nope' })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(create({ quickConnectIds: ['nope'] })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(create({ maxContacts: -1 })).code, 'InvalidParameter');
    assert.equal(serialize(world.state), before);
    eventsOf(create({ maxContacts: 5, tags: { a: 'b' } }));
    const q = world.instance.queues.get('q-new')!;
    assert.deepEqual([q.name, q.hoursOfOperationId, q.maxContacts, q.status, q.tags], ['Sales', hours, 5, 'ENABLED', { a: 'b' }]);
  });

  test('a disabled queue takes no new contacts (the flow\'s transfer fails); one already waiting stays', () => {
    const world = new World({ agents: [] });
    const waiting = world.startChat('before');
    assert.equal(world.contact(waiting.contactId).status, 'queued');
    eventsOf(world.run({ type: 'UpdateQueueStatus', queueId: world.queueId, status: 'DISABLED' }));
    const refused = world.startChat('after');
    assert.notEqual(world.contact(refused.contactId).status, 'queued');
    assert.equal(world.contact(waiting.contactId).status, 'queued');
    assert.equal(rejectionOf(world.run({ type: 'UpdateQueueStatus', queueId: world.queueId, status: 'OFF' })).code, 'InvalidParameter');
    eventsOf(world.run({ type: 'UpdateQueueStatus', queueId: world.queueId, status: 'ENABLED' }));
    assert.equal(world.contact(world.startChat('again').contactId).status, 'queued');
  });

  test('UpdateQueueName renames; DisassociateQueueQuickConnects removes only associated ones', () => {
    const world = new World({ agents: [] });
    const other = world.addQueue('Other');
    assert.equal(rejectionOf(world.run({ type: 'UpdateQueueName', queueId: other, name: 'BasicQueue' })).code, 'DuplicateResource');
    assert.equal(rejectionOf(world.run({ type: 'UpdateQueueName', queueId: 'nope', name: 'x' })).code, 'ResourceNotFound');
    eventsOf(world.run({ type: 'UpdateQueueName', queueId: other, name: 'Renamed', description: 'd' }));
    assert.equal(world.instance.queues.get(other)!.name, 'Renamed');
    assert.equal(rejectionOf(world.run({ type: 'DisassociateQueueQuickConnects', queueId: other, quickConnectIds: ['nope'] })).code, 'ResourceNotFound');
  });

  test("a queue's OutboundCallerConfig names an OUTBOUND_WHISPER flow of the instance and a claimed number; anything else is refused and nothing changes", () => {
    const world = new World({ agents: [] });
    const inbound = world.addFlow(world.queueId);
    const before = serialize(world.state);
    const set = (outboundCaller: object) => world.run({ type: 'UpdateQueueOutboundCaller', queueId: world.queueId, outboundCaller });
    assert.equal(rejectionOf(set({ flowId: inbound })).code, 'InvalidParameter');
    assert.equal(rejectionOf(set({ flowId: 'no-such-flow' })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(set({ numberId: 'no-such-number' })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(set({ name: 'x'.repeat(256) })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UpdateQueueOutboundCaller', queueId: 'nope', outboundCaller: {} })).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before);
    eventsOf(set({ name: 'Support line', flowId: 'default-outbound' }));
    assert.deepEqual(world.instance.queues.get(world.queueId)!.outboundCaller, { name: 'Support line', flowId: 'default-outbound' });
  });
});

