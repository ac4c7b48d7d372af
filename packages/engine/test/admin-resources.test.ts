/**
 * Quick connects changed and deleted, queues and routing profiles deleted (admin/resourceAdmin.ts); the
 * views GetCurrentUserData and SearchContacts answer from (views/currentUserData.ts, views/contactSearch.ts).
 * One test per rule, named as the rule.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contactSearchSummary, currentUserData, matchesSearch, quickConnectsFor, searchOrder, usersMatching, type Contact } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { chatWith } from './multipartyWorlds.ts';

describe('quick connects, queues and routing profiles changed and deleted', () => {
  test('quick connect names stay unique; a new destination must exist (user, queue, flow) or be an E.164 number', () => {
    const world = new World({ agents: ['alice', 'bob'] });
    const flowId = world.addTransferFlow();
    const a = world.addQuickConnect('USER', 'bob', { name: 'Bob', flowId });
    world.addQuickConnect('PHONE_NUMBER', '+14155550100', { name: 'Desk' });
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.run({ type: 'UpdateQuickConnectName', quickConnectId: a, name: 'Desk' })).code, 'DuplicateResource');
    assert.equal(rejectionOf(world.run({ type: 'UpdateQuickConnectConfig', quickConnectId: a, quickConnectType: 'USER', userId: 'ghost', contactFlowId: flowId })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'UpdateQuickConnectConfig', quickConnectId: a, quickConnectType: 'QUEUE', queueId: world.queueId, contactFlowId: 'no-flow' })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'UpdateQuickConnectConfig', quickConnectId: a, quickConnectType: 'PHONE_NUMBER', phoneNumber: '0100' })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'DeleteQuickConnect', quickConnectId: 'nope' })).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before);
    eventsOf(world.run({ type: 'UpdateQuickConnectName', quickConnectId: a, name: 'Robert' }));
    eventsOf(world.run({ type: 'UpdateQuickConnectConfig', quickConnectId: a, quickConnectType: 'QUEUE', queueId: world.queueId, contactFlowId: flowId }));
    const q = world.instance.quickConnects.get(a)!;
    assert.deepEqual([q.name, q.type, q.queueId, q.userId, q.contactFlowId], ['Robert', 'QUEUE', world.queueId, undefined, flowId]);
  });

  test('a deleted quick connect leaves every queue: no agent may use it any more', () => {
    const world = new World({ agents: ['alice', 'bob'] });
    const a = world.addQuickConnect('USER', 'bob', { name: 'Bob' });
    assert.ok(quickConnectsFor(world.instance, world.user('alice')).some((q) => q.id === a));
    eventsOf(world.run({ type: 'DeleteQuickConnect', quickConnectId: a }));
    assert.equal(world.instance.quickConnects.has(a), false);
    assert.equal(world.instance.queues.get(world.queueId)!.quickConnectIds.includes(a), false);
    assert.equal(quickConnectsFor(world.instance, world.user('alice')).some((q) => q.id === a), false);
  });

  test('a queue in use (by a routing profile, a quick connect, or a contact in progress) cannot be deleted (queue-in-use)', () => {
    const world = new World({ agents: ['alice'] });
    const q2 = world.addQueue('Second');
    const qc = world.addQuickConnect('QUEUE', q2, { name: 'To second', flowId: world.addTransferFlow() });
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.run({ type: 'DeleteQueue', queueId: world.queueId })).rule, 'queue-in-use');
    assert.equal(rejectionOf(world.run({ type: 'DeleteQueue', queueId: q2 })).rule, 'queue-in-use');
    assert.equal(serialize(world.state), before);
    eventsOf(world.run({ type: 'DeleteQuickConnect', quickConnectId: qc }));
    const { contactId } = world.injectContact('CHAT', q2);
    assert.equal(rejectionOf(world.run({ type: 'DeleteQueue', queueId: q2 })).rule, 'queue-in-use', 'a contact waits in it');
    eventsOf(world.stop(contactId));
    eventsOf(world.run({ type: 'DeleteQueue', queueId: q2 }));
    assert.equal(world.instance.queues.has(q2), false);
  });

  test('a routing profile a user has cannot be deleted (routing-profile-in-use)', () => {
    const world = new World({ agents: ['alice'] });
    const spare = world.addRoutingProfile('Spare', ['CHAT']);
    world.addAgent('bob', spare);
    assert.equal(rejectionOf(world.run({ type: 'DeleteRoutingProfile', routingProfileId: spare })).rule, 'routing-profile-in-use');
    eventsOf(world.run({ type: 'UpdateUserRoutingProfile', userId: world.userId('bob'), routingProfileId: world.routingProfileId }));
    eventsOf(world.run({ type: 'DeleteRoutingProfile', routingProfileId: spare }));
    assert.equal(world.instance.routingProfiles.has(spare), false);
  });
});

describe('real-time user data and contact search views', () => {
  test('user data: an agent on a chat holds a slot, and is selected by queue, routing profile, agent and contact state', () => {
    const world = new World({ agents: ['alice', 'bob'] });
    const chat = chatWith(world, 'alice');
    const data = currentUserData(world.instance, world.user('alice')) as { ActiveSlotsByChannel: { CHAT: number }; AvailableSlotsByChannel: { CHAT: number }; Contacts: { ContactId: string; AgentContactState: string }[] };
    assert.equal(data.ActiveSlotsByChannel.CHAT, 1);
    assert.equal(data.AvailableSlotsByChannel.CHAT, 2);
    assert.deepEqual(data.Contacts.map((c) => [c.ContactId, c.AgentContactState]), [[chat.contactId, 'CONNECTED']]);
    const names = (f: Parameters<typeof usersMatching>[1]) => usersMatching(world.instance, f).map((u) => u.username);
    assert.deepEqual(names({ queueIds: [world.queueId] }), ['alice', 'bob']);
    assert.deepEqual(names({ queueIds: [world.queueId], contactStates: ['CONNECTED'] }), ['alice']);
    assert.deepEqual(names({ userIds: [world.userId('bob')] }), ['bob']);
    assert.deepEqual(names({ routingProfileIds: ['other'] }), []);
  });

  test('contact search: a contact matches when its timestamp of the range\'s type is in range and every criterion holds; results sort by the field, missing ones last', () => {
    const world = new World({ agents: ['alice'] });
    const chat = chatWith(world, 'alice');
    world.advance(1000);
    const waiting = world.startChat('Bea', { attributes: { tier: 'gold' } });
    const c = world.contact(chat.contactId);
    const w = world.contact(waiting.contactId);
    const range = { timeType: 'INITIATION_TIMESTAMP' as const, start: 0, end: world.now };
    assert.equal(matchesSearch(c, { ...range, agentIds: [world.userId('alice')] }), true);
    assert.equal(matchesSearch(w, { ...range, agentIds: [world.userId('alice')] }), false);
    assert.equal(matchesSearch(w, { ...range, attributes: { criteria: [{ key: 'tier', values: ['gold', 'silver'] }], matchType: 'MATCH_ALL' } }), true);
    assert.equal(matchesSearch(c, { ...range, attributes: { criteria: [{ key: 'tier', values: ['gold'] }], matchType: 'MATCH_ANY' } }), false);
    assert.equal(matchesSearch(c, { ...range, timeType: 'DISCONNECT_TIMESTAMP' }), false, 'a live contact has no disconnect time');
    assert.equal(matchesSearch(c, { ...range, end: c.initiatedAt - 1 }), false);
    assert.equal(matchesSearch(c, { ...range, channels: ['VOICE'] }), false);
    const order = (list: Contact[], ...args: Parameters<typeof searchOrder>) => [...list].sort(searchOrder(...args)).map((x) => x.id);
    assert.deepEqual(order([c, w], 'INITIATION_TIMESTAMP', 'DESCENDING'), [w.id, c.id]);
    assert.deepEqual(order([w, c], 'CONNECTED_TO_AGENT_TIMESTAMP', 'ASCENDING'), [c.id, w.id]);
    assert.deepEqual(order([c, w], 'CONNECTED_TO_AGENT_TIMESTAMP', 'DESCENDING'), [c.id, w.id], 'missing last either way');
    const summary = contactSearchSummary(c) as { Id: string; AgentInfo: { Id: string }; InitiationTimestamp: number };
    assert.deepEqual([summary.Id, summary.AgentInfo.Id, summary.InitiationTimestamp], [c.id, world.userId('alice'), c.initiatedAt / 1000]);
  });
});
