/** The Connect admin API's user and agent status rules (admin/users.ts, admin/agentStatuses.ts). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isUserSessionCurrent, slotsInUse } from '../src/index.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { availableWorld, offersIn } from './routingWorlds.ts';

describe('users through the admin API', () => {
  test('UpdateUserRoutingProfile moves an available agent at once: the new profile\'s capacity takes a waiting chat', () => {
    const world = availableWorld(['alice'], { chatConcurrency: 1 });
    world.advance(10);
    const first = world.startChat('c1');
    world.advance(10);
    const second = world.startChat('c2');
    assert.equal(world.contact(second.contactId).offer, undefined);
    assert.equal(slotsInUse(world.user('alice'), 'CHAT'), 1);
    const wide = world.addRoutingProfile('Wide', ['CHAT'], 2);
    const events = eventsOf(world.run({ type: 'UpdateUserRoutingProfile', userId: world.userId('alice'), routingProfileId: wide }));
    assert.deepEqual(offersIn(events).map((o) => o.contactId), [second.contactId]);
    assert.equal(world.user('alice').routingProfileId, wide);
    assert.ok(world.contact(first.contactId));
  });

  test('bad references and values are refused and change nothing', () => {
    const world = availableWorld(['alice']);
    const before = serialize(world.state);
    const userId = world.userId('alice');
    assert.equal(rejectionOf(world.run({ type: 'UpdateUserRoutingProfile', userId, routingProfileId: 'nope' })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'UpdateUserIdentityInfo', userId: 'nobody', firstName: 'x' })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'UpdateUserPhoneConfig', userId, phoneConfig: { phoneType: 'DESK_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 } })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'DeleteUser', userId: 'nobody' })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({
      type: 'CreateUser', userId: 'u-new', username: 'alice', passwordHash: 'h', firstName: 'A', lastName: 'B', routingProfileId: world.routingProfileId,
    })).code, 'DuplicateResource');
    assert.equal(serialize(world.state), before);
  });

  test('identity info replaces names; a password change makes older sessions stale', () => {
    const world = availableWorld(['alice']);
    const userId = world.userId('alice');
    eventsOf(world.run({ type: 'UpdateUserIdentityInfo', userId, firstName: 'Alicia', email: 'a@example.com' }));
    assert.equal(world.user('alice').firstName, 'Alicia');
    assert.equal(world.user('alice').profile?.email, 'a@example.com');
    const issued = world.now;
    world.advance(5);
    assert.ok(isUserSessionCurrent(world.user('alice'), issued));
    eventsOf(world.run({ type: 'UpdateUserPassword', userId, passwordHash: 'scrypt$new' }));
    assert.equal(world.user('alice').passwordHash, 'scrypt$new');
    assert.ok(!isUserSessionCurrent(world.user('alice'), issued));
    assert.ok(isUserSessionCurrent(world.user('alice'), world.now));
  });

  test('a user holding a contact cannot be deleted; once cleared they can, and leave routing', () => {
    const world = availableWorld(['alice', 'bob']);
    world.advance(10);
    const chat = world.startChat('c1');
    const holder = world.contact(chat.contactId).offer!.userId;
    const name = holder === world.userId('alice') ? 'alice' : 'bob';
    const refusal = rejectionOf(world.run({ type: 'DeleteUser', userId: holder }));
    assert.equal(refusal.code, 'Conflict');
    assert.equal(refusal.rule, 'user-in-use');
    eventsOf(world.reject(name, chat.contactId));
    const other = world.contact(chat.contactId).offer?.userId;
    assert.notEqual(other, holder);
    if (world.user(name).contacts.size > 0) eventsOf(world.clear(name, chat.contactId));
    eventsOf(world.run({ type: 'DeleteUser', userId: holder }));
    assert.equal(world.instance.users.has(holder), false);
    assert.equal(world.instance.offerIndex.placed.has(holder), false);
  });
});

describe('agent statuses through the admin API', () => {
  test('UpdateAgentStatus renames, disables and orders; a disabled status cannot be chosen; system statuses stay enabled', () => {
    const world = availableWorld(['alice']);
    const lunch = world.addStatus('Lunch');
    eventsOf(world.run({ type: 'UpdateAgentStatus', agentStatusId: lunch, name: 'Meal', state: 'DISABLED', displayOrder: 3 }));
    const status = world.instance.agentStatuses.get(lunch)!;
    assert.equal(status.name, 'Meal');
    assert.equal(status.settings?.state, 'DISABLED');
    assert.equal(status.settings?.displayOrder, 3);
    assert.equal(rejectionOf(world.setStatusId('alice', lunch)).rule, 'disabled-status');
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.run({ type: 'UpdateAgentStatus', agentStatusId: world.statusIds.Available, state: 'DISABLED' })).code, 'InvalidRequest');
    assert.equal(rejectionOf(world.run({ type: 'UpdateAgentStatus', agentStatusId: lunch, name: 'Offline' })).code, 'DuplicateResource');
    assert.equal(rejectionOf(world.run({ type: 'UpdateAgentStatus', agentStatusId: lunch, displayOrder: 51 })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UpdateAgentStatus', agentStatusId: lunch, state: 'ON' })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UpdateAgentStatus', agentStatusId: 'nope', name: 'x' })).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before);
    eventsOf(world.run({ type: 'UpdateAgentStatus', agentStatusId: lunch, state: 'ENABLED', resetOrderNumber: true }));
    assert.equal(world.instance.agentStatuses.get(lunch)!.settings?.displayOrder, undefined);
    eventsOf(world.setStatusId('alice', lunch));
  });
});
