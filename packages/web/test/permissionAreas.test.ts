/** The security-profile form's permission areas (admin/permissionAreas.ts) and which console pages a set of permissions shows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_PERMISSIONS, DEFAULT_SECURITY_PROFILES } from '@switchboard/engine';
import { areasOf, permissionAreas } from '../src/admin/permissionAreas.ts';
import { pagesFor } from '../src/admin/pages.ts';

test('every permission Switchboard knows is in exactly one area of the form, and none is left in "Other"', () => {
  const placed = permissionAreas().flatMap((a) => a.permissions.map((p) => p.id));
  assert.deepEqual([...placed].sort(), [...ALL_PERMISSIONS].sort());
  assert.ok(!permissionAreas().some((a) => a.area === 'Other'));
});

test('dotted permissions are grouped by their prefix and labelled by their action; single words are placed by hand', () => {
  const queues = permissionAreas().find((a) => a.area === 'Queues')!;
  assert.deepEqual(queues.permissions, [{ id: 'Queues.View', label: 'View' }, { id: 'Queues.Create', label: 'Create' }, { id: 'Queues.Edit', label: 'Edit' }]);
  assert.deepEqual(areasOf(['BasicAgentAccess', 'OutboundCallAccess', 'AccessMetrics', 'TransferDestinations.View']), ['Contact Control Panel', 'Contacts and analytics', 'Quick connects']);
});

test('the console shows the security profiles and phone numbers pages by their View permission, and instance settings only with SecurityProfiles.Edit', () => {
  const titles = (permissions: string[]) => pagesFor(permissions).map((p) => p.title);
  assert.deepEqual(titles(['BasicAgentAccess', 'SecurityProfiles.View', 'PhoneNumbers.View']), ['Security profiles', 'Phone numbers']);
  assert.deepEqual(titles(['BasicAgentAccess', 'SecurityProfiles.View', 'SecurityProfiles.Edit']), ['Security profiles', 'Instance settings']);
  const manager = DEFAULT_SECURITY_PROFILES.find((p) => p.name === 'CallCenterManager')!.permissions;
  assert.ok(!titles(manager).includes('Instance settings'), 'a CallCenterManager has no instance settings');
  assert.ok(titles(DEFAULT_SECURITY_PROFILES.find((p) => p.name === 'Admin')!.permissions).includes('Instance settings'));
});
