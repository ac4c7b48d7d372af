import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_PERMISSIONS, DEFAULT_SECURITY_PROFILES, PERMISSION, permissionsOf, userMay, type SecurityProfile } from '../src/admin/permissions.ts';
import type { User } from '../src/model/user.ts';

const userWith = (securityProfileIds?: string[]) => ({ profile: securityProfileIds ? { securityProfileIds } : undefined }) as unknown as User;

test('a user with no security profile has the Agent profile\'s permissions: handles contacts, uses quick connects, cannot administer', () => {
  const instance = { users: new Map([['u', userWith()], ['v', userWith([])]]) };
  for (const id of ['u', 'v']) {
    assert.equal(userMay(instance, id, PERMISSION.basicAgentAccess), true);
    assert.equal(userMay(instance, id, PERMISSION.quickConnectsView), true);
    assert.equal(userMay(instance, id, PERMISSION.usersCreate), false);
    assert.equal(userMay(instance, id, PERMISSION.accessMetrics), false);
  }
  assert.equal(userMay(instance, 'nobody', PERMISSION.basicAgentAccess), false, 'an unknown user may do nothing');
});

test('what a user may do is the union of their profiles\' permissions; the instance\'s own profiles count beside the built-in ones', () => {
  const own: SecurityProfile = { id: 'sp-metrics', name: 'Metrics', description: '', permissions: [PERMISSION.accessMetrics], tags: {} };
  const instance = { securityProfiles: new Map([[own.id, own]]), users: new Map([['a', userWith(['security-profile-agent', 'sp-metrics'])], ['q', userWith(['sp-metrics'])]]) };
  assert.equal(userMay(instance, 'a', PERMISSION.accessMetrics), true);
  assert.equal(userMay(instance, 'a', PERMISSION.outboundCall), true);
  assert.equal(userMay(instance, 'q', PERMISSION.outboundCall), false, 'a user with only a metrics profile may not call out');
  assert.deepEqual([...permissionsOf(instance, ['unknown-profile'])], [], 'a profile that does not exist grants nothing');
});

test('the built-in Admin profile has every permission, and every built-in profile grants only known permissions', () => {
  const admin = DEFAULT_SECURITY_PROFILES.find((p) => p.name === 'Admin');
  assert.deepEqual(new Set(admin?.permissions), new Set(ALL_PERMISSIONS));
  for (const profile of DEFAULT_SECURITY_PROFILES) for (const p of profile.permissions) assert.ok((ALL_PERMISSIONS as readonly string[]).includes(p), `${profile.name}: ${p}`);
});
