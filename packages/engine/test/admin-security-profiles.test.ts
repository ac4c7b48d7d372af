/**
 * Security profiles (admin/securityProfilesAdmin.ts) and what they allow an agent (admin/agentPermissions.ts):
 * one test per rule, named as the rule, through `execute` only.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agentConfiguration } from '../src/views/agentSnapshot.ts';
import { PERMISSION, securityProfilesOf, userMay } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { chatWith } from './multipartyWorlds.ts';

const create = (world: World, id: string, name: string, permissions: string[]) =>
  world.run({ type: 'CreateSecurityProfile', securityProfileId: id, name, description: '', permissions, tags: {} });
const give = (world: World, agent: string, ids: string[]) => world.run({ type: 'UpdateUserSecurityProfiles', userId: world.userId(agent), securityProfileIds: ids });

describe('security profiles', () => {
  test('profile names are unique (built-in ones included) and well formed; permissions must be ones Switchboard knows; nothing is stored on a refusal', () => {
    const world = new World({ agents: ['alice'] });
    eventsOf(create(world, 'sp-1', 'Leads', [PERMISSION.basicAgentAccess]));
    const before = serialize(world.state);
    assert.equal(rejectionOf(create(world, 'sp-2', 'Leads', [])).code, 'DuplicateResource');
    assert.equal(rejectionOf(create(world, 'sp-2', 'Admin', [])).code, 'DuplicateResource');
    assert.equal(rejectionOf(create(world, 'sp-1', 'Other', [])).code, 'DuplicateResource', 'an id already used');
    assert.equal(rejectionOf(create(world, 'sp-2', 'no/slashes', [])).code, 'InvalidParameter');
    assert.equal(rejectionOf(create(world, 'sp-2', 'Fine', ['Teleport.Use'])).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UpdateSecurityProfile', securityProfileId: 'sp-1', permissions: ['Nope'] })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UpdateSecurityProfile', securityProfileId: 'sp-404', description: 'x' })).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before);
    assert.deepEqual(securityProfilesOf(world.instance).map((p) => p.name), ['Admin', 'Agent', 'CallCenterManager', 'Leads', 'QualityAnalyst']);
  });

  test('a built-in profile cannot be deleted, and the Admin profile cannot be changed; other built-in profiles can', () => {
    const world = new World({ agents: ['alice'] });
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.run({ type: 'DeleteSecurityProfile', securityProfileId: 'security-profile-agent' })).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UpdateSecurityProfile', securityProfileId: 'security-profile-admin', permissions: [] })).code, 'InvalidParameter');
    assert.equal(serialize(world.state), before);
    eventsOf(world.run({ type: 'UpdateSecurityProfile', securityProfileId: 'security-profile-agent', permissions: [PERMISSION.basicAgentAccess] }));
    // A user without a profile has the Agent profile's permissions: as changed.
    assert.equal(userMay(world.instance, world.userId('alice'), PERMISSION.quickConnectsView), false);
    assert.equal(userMay(world.instance, world.userId('alice'), PERMISSION.basicAgentAccess), true);
  });

  test('a profile a user holds cannot be deleted (security-profile-in-use); once nobody holds it, it can', () => {
    const world = new World({ agents: ['alice'] });
    eventsOf(create(world, 'sp-1', 'Leads', [PERMISSION.basicAgentAccess]));
    eventsOf(give(world, 'alice', ['sp-1']));
    const before = serialize(world.state);
    const refusal = rejectionOf(world.run({ type: 'DeleteSecurityProfile', securityProfileId: 'sp-1' }));
    assert.equal(refusal.code, 'Conflict');
    assert.equal(refusal.rule, 'security-profile-in-use');
    assert.equal(serialize(world.state), before);
    eventsOf(give(world, 'alice', ['security-profile-agent']));
    eventsOf(world.run({ type: 'DeleteSecurityProfile', securityProfileId: 'sp-1' }));
    assert.equal(world.instance.securityProfiles?.has('sp-1'), false);
  });

  test('a user holds 1–10 profiles, each of which exists: CreateUser and UpdateUserSecurityProfiles refuse others', () => {
    const world = new World({ agents: ['alice'] });
    const before = serialize(world.state);
    assert.equal(rejectionOf(give(world, 'alice', ['nope'])).code, 'ResourceNotFound');
    assert.equal(rejectionOf(give(world, 'alice', [])).code, 'InvalidParameter');
    assert.equal(rejectionOf(give(world, 'alice', Array.from({ length: 11 }, (_, i) => `sp-${i}`))).code, 'InvalidParameter');
    assert.equal(rejectionOf(world.run({ type: 'UpdateUserSecurityProfiles', userId: 'ghost', securityProfileIds: ['security-profile-agent'] })).code, 'ResourceNotFound');
    const user = (securityProfileIds: string[]) => world.run({
      type: 'CreateUser', userId: 'new-user', username: 'newbie', passwordHash: 'scrypt$x', firstName: 'N', lastName: 'U', routingProfileId: world.routingProfileId,
      profile: { phoneConfig: { phoneType: 'SOFT_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 }, securityProfileIds, tags: {} },
    });
    assert.equal(rejectionOf(user(['security-profile-agent', 'nope'])).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before);
    eventsOf(user(['security-profile-quality-analyst']));
    assert.equal(userMay(world.instance, 'new-user', PERMISSION.contactSearch), true);
  });
});

describe('what security profiles allow an agent', () => {
  test('adding a participant or transferring with a quick connect needs TransferDestinations.View; granted again, the same agent may at once', () => {
    const world = new World({ agents: ['alice', 'bob'] });
    eventsOf(world.setMultiParty(true));
    const toBob = world.addQuickConnect('USER', 'bob', { name: 'Bob', flowId: world.addTransferFlow() });
    eventsOf(create(world, 'sp-basic', 'Basic', [PERMISSION.basicAgentAccess, PERMISSION.outboundCall]));
    eventsOf(give(world, 'alice', ['sp-basic']));
    const chat = chatWith(world, 'alice');
    const before = serialize(world.state);
    for (const decision of [world.addParticipant('alice', chat.contactId, toBob), world.transfer('alice', chat.contactId, toBob)]) {
      const refusal = rejectionOf(decision);
      assert.equal(refusal.code, 'AccessDenied');
      assert.equal(refusal.rule, 'permission');
      assert.equal(refusal.resourceId, PERMISSION.quickConnectsView);
    }
    assert.equal(serialize(world.state), before);
    assert.equal(agentConfiguration(world.instance, world.user('alice')).permissions.includes(PERMISSION.quickConnectsView), false);
    eventsOf(world.run({ type: 'UpdateSecurityProfile', securityProfileId: 'sp-basic', permissions: [PERMISSION.basicAgentAccess, PERMISSION.quickConnectsView] }));
    assert.equal(agentConfiguration(world.instance, world.user('alice')).permissions.includes(PERMISSION.quickConnectsView), true);
    eventsOf(world.addParticipant('alice', chat.contactId, toBob));
  });

  test('calling a number (agent.connect, or a number dialled to add or transfer) needs OutboundCallAccess', () => {
    const world = new World({ agents: ['alice'] });
    eventsOf(create(world, 'sp-qc', 'Transfers only', [PERMISSION.basicAgentAccess, PERMISSION.quickConnectsView]));
    eventsOf(give(world, 'alice', ['sp-qc']));
    const before = serialize(world.state);
    const call = world.run({ type: 'StartOutboundCall', userId: world.userId('alice'), contactId: 'c-1', agentPartyId: 'p-1', customerPartyId: 'p-2', phoneNumber: '+14155550100' });
    assert.equal(rejectionOf(call).resourceId, PERMISSION.outboundCall);
    assert.equal(rejectionOf(world.run({ type: 'AddParticipant', userId: world.userId('alice'), contactId: 'c-1', phoneNumber: '+14155550100' })).resourceId, PERMISSION.outboundCall);
    assert.equal(rejectionOf(world.run({ type: 'TransferContact', userId: world.userId('alice'), contactId: 'c-1', phoneNumber: '+14155550100' })).resourceId, PERMISSION.outboundCall);
    assert.equal(serialize(world.state), before);
  });
});
