/**
 * Security profiles through the Connect admin API with the real @aws-sdk/client-connect (issue 18):
 * CreateSecurityProfile, DescribeSecurityProfile, ListSecurityProfiles (built-in profiles listed, paging),
 * ListSecurityProfilePermissions (paging), UpdateSecurityProfile, DeleteSecurityProfile (refused while held,
 * never for a built-in one), UpdateUserSecurityProfiles and CreateUser checking the ids; the exception each
 * bad input gets, with nothing stored; a restart keeps everything.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  ConnectClient, CreateSecurityProfileCommand, CreateUserCommand, DeleteSecurityProfileCommand, DescribeSecurityProfileCommand, DescribeUserCommand,
  ListSecurityProfilePermissionsCommand, ListSecurityProfilesCommand, UpdateSecurityProfileCommand, UpdateUserSecurityProfilesCommand,
} from '@aws-sdk/client-connect';
import { DEFAULT_SECURITY_PROFILES, PERMISSION } from '@switchboard/engine';
import { serialize } from '../../engine/test/serialize.ts';
import { userIdOf, type TestServer } from './harness.ts';
import { withConnectApi } from './sdkClients.ts';
import { demoInstance, failure } from './flowsApi.ts';

describe('security profiles through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;

  const api = withConnectApi((a) => ({ srv, connect, instanceId } = a));
  const state = () => serialize(srv.services.state);
  const create = (SecurityProfileName: string, Permissions: string[] = [PERMISSION.basicAgentAccess], extra: object = {}) =>
    connect.send(new CreateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileName, Permissions, Description: `${SecurityProfileName} desc`, Tags: { team: 'ops' }, ...extra }));
  const permissionsOf = async (SecurityProfileId: string, MaxResults?: number) => {
    const out: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await connect.send(new ListSecurityProfilePermissionsCommand({ InstanceId: instanceId, SecurityProfileId, MaxResults, NextToken }));
      assert.ok(page.LastModifiedTime instanceof Date && page.LastModifiedRegion === srv.demo.region);
      if (MaxResults) assert.ok(page.Permissions!.length <= MaxResults);
      out.push(...page.Permissions!);
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  };

  test('CreateSecurityProfile / DescribeSecurityProfile answer the SDK shape; ListSecurityProfilePermissions pages the permissions', async () => {
    const perms = [PERMISSION.basicAgentAccess, PERMISSION.contactSearch, PERMISSION.usersView];
    const { SecurityProfileId, SecurityProfileArn } = await create('Supervisors', perms);
    assert.match(SecurityProfileArn!, new RegExp(`^${srv.demo.instanceArn}/security-profile/${SecurityProfileId}$`));
    const { SecurityProfile: p } = await connect.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId }));
    assert.equal(p!.Id, SecurityProfileId);
    assert.equal(p!.Arn, SecurityProfileArn);
    assert.equal(p!.SecurityProfileName, 'Supervisors');
    assert.equal(p!.Description, 'Supervisors desc');
    assert.deepEqual(p!.Tags, { team: 'ops' });
    assert.ok(p!.LastModifiedTime instanceof Date && p!.LastModifiedRegion === srv.demo.region);
    assert.deepEqual(await permissionsOf(SecurityProfileId!, 1), [...perms].sort());
    // A profile is named by its ARN too.
    assert.equal((await connect.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: SecurityProfileArn }))).SecurityProfile!.Id, SecurityProfileId);
  });

  test('ListSecurityProfiles lists the four built-in profiles beside the instance\'s own, by name, page by page', async () => {
    await create('Zulu team');
    const seen: { Id: string; Name: string }[] = [];
    let NextToken: string | undefined;
    do {
      const out = await connect.send(new ListSecurityProfilesCommand({ InstanceId: instanceId, MaxResults: 2, NextToken }));
      assert.ok(out.SecurityProfileSummaryList!.length <= 2);
      for (const s of out.SecurityProfileSummaryList!) {
        assert.ok(s.Arn!.endsWith(`/security-profile/${s.Id}`) && s.LastModifiedTime instanceof Date && s.LastModifiedRegion === srv.demo.region);
        seen.push({ Id: s.Id!, Name: s.Name! });
      }
      NextToken = out.NextToken;
    } while (NextToken);
    const names = seen.map((s) => s.Name);
    assert.deepEqual(names, [...names].sort());
    for (const builtIn of DEFAULT_SECURITY_PROFILES) assert.ok(seen.some((s) => s.Id === builtIn.id && s.Name === builtIn.name), `${builtIn.name} listed`);
    assert.ok(names.includes('Zulu team'));
    assert.deepEqual(await permissionsOf('security-profile-agent'), [PERMISSION.basicAgentAccess, PERMISSION.outboundCall, PERMISSION.quickConnectsView].sort());
  });

  test('UpdateSecurityProfile replaces the permissions and description given; a built-in profile other than Admin can be changed', async () => {
    const { SecurityProfileId } = await create('Changing', [PERMISSION.basicAgentAccess]);
    await connect.send(new UpdateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId, Permissions: [PERMISSION.accessMetrics, PERMISSION.queuesView] }));
    assert.deepEqual(await permissionsOf(SecurityProfileId!), [PERMISSION.accessMetrics, PERMISSION.queuesView].sort());
    await connect.send(new UpdateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId, Description: 'now for reports' }));
    const { SecurityProfile: p } = await connect.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId }));
    assert.equal(p!.Description, 'now for reports');
    assert.deepEqual(await permissionsOf(SecurityProfileId!), [PERMISSION.accessMetrics, PERMISSION.queuesView].sort(), 'permissions left alone when not given');
    await connect.send(new UpdateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: 'security-profile-quality-analyst', Permissions: [PERMISSION.basicAgentAccess, PERMISSION.contactSearch] }));
    assert.deepEqual(await permissionsOf('security-profile-quality-analyst'), [PERMISSION.basicAgentAccess, PERMISSION.contactSearch].sort());
  });

  test('DeleteSecurityProfile is refused while a user holds the profile (ResourceInUseException) and for a built-in profile; UpdateUserSecurityProfiles changes what a user holds', async () => {
    const { SecurityProfileId } = await create('Temporary');
    const agent5 = userIdOf(srv, 'agent5');
    await connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId: instanceId, UserId: agent5, SecurityProfileIds: [SecurityProfileId!, 'security-profile-agent'] }));
    assert.deepEqual((await connect.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: agent5 }))).User!.SecurityProfileIds, [SecurityProfileId, 'security-profile-agent']);
    const before = state();
    assert.equal((await failure(connect.send(new DeleteSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId })))).name, 'ResourceInUseException');
    assert.equal((await failure(connect.send(new DeleteSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: 'security-profile-agent' })))).name, 'InvalidParameterException');
    assert.equal(state(), before);
    await connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId: instanceId, UserId: agent5, SecurityProfileIds: ['security-profile-agent'] }));
    await connect.send(new DeleteSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId }));
    assert.equal((await failure(connect.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId })))).name, 'ResourceNotFoundException');
  });

  test('CreateUser and UpdateUserSecurityProfiles refuse a security profile that does not exist (ResourceNotFoundException) and store nothing', async () => {
    const before = state();
    const user = (SecurityProfileIds: string[]) => failure(connect.send(new CreateUserCommand({
      InstanceId: instanceId, Username: `u-${randomUUID().slice(0, 8)}`, Password: 'Good-pass-123', PhoneConfig: { PhoneType: 'SOFT_PHONE' },
      RoutingProfileId: [...demoInstance(srv).routingProfiles.keys()][0]!, SecurityProfileIds,
    })));
    assert.equal((await user([randomUUID()])).name, 'ResourceNotFoundException');
    assert.equal((await user(['security-profile-agent', 'no-such-profile'])).name, 'ResourceNotFoundException');
    const update = (SecurityProfileIds: string[], UserId = userIdOf(srv, 'agent5')) => failure(connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId: instanceId, UserId, SecurityProfileIds })));
    assert.equal((await update([randomUUID()])).name, 'ResourceNotFoundException');
    assert.equal((await update([])).name, 'InvalidParameterException');
    assert.equal((await update(Array.from({ length: 11 }, () => randomUUID()))).name, 'InvalidParameterException');
    assert.equal((await update(['security-profile-agent'], randomUUID())).name, 'ResourceNotFoundException');
    assert.equal(state(), before);
  });

  test('bad input: each operation answers the exception Connect uses, and nothing is stored', async () => {
    const { SecurityProfileId } = await create('Stable');
    const before = state();
    assert.equal((await failure(create('Stable'))).name, 'DuplicateResourceException');
    assert.equal((await failure(create('Agent'))).name, 'DuplicateResourceException', 'a built-in name is taken');
    assert.equal((await failure(create('bad/name!'))).name, 'InvalidParameterException');
    assert.equal((await failure(create('Unknown perms', ['Teleport.Use']))).name, 'InvalidParameterException');
    assert.equal((await failure(create('Tagged access', [PERMISSION.basicAgentAccess], { AllowedAccessControlTags: { team: 'a' } }))).name, 'InvalidParameterException');
    assert.equal((await failure(create('x'.repeat(128)))).name, 'InvalidRequestException');
    const update = (input: object, id = SecurityProfileId) => failure(connect.send(new UpdateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: id, ...input })));
    assert.equal((await update({ Permissions: ['Nope.View'] })).name, 'InvalidParameterException');
    assert.equal((await update({ Permissions: [PERMISSION.basicAgentAccess] }, 'security-profile-admin')).name, 'InvalidParameterException', 'Admin keeps every permission');
    assert.equal((await update({ Description: 'x' }, randomUUID())).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DeleteSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListSecurityProfilePermissionsCommand({ InstanceId: instanceId, SecurityProfileId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListSecurityProfilesCommand({ InstanceId: instanceId, NextToken: 'zz' })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListSecurityProfilesCommand({ InstanceId: instanceId, MaxResults: 5000 })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListSecurityProfilePermissionsCommand({ InstanceId: instanceId, SecurityProfileId, NextToken: '999' })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListSecurityProfilesCommand({ InstanceId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal(state(), before);
  });

  test('a restart keeps the instance\'s profiles, changed built-in ones, and what users hold', async () => {
    const { SecurityProfileId } = await create('Survivor', [PERMISSION.basicAgentAccess, PERMISSION.promptsView]);
    await connect.send(new UpdateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: 'security-profile-call-center-manager', Description: 'the floor' }));
    const agent4 = userIdOf(srv, 'agent4');
    await connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId: instanceId, UserId: agent4, SecurityProfileIds: [SecurityProfileId!] }));
    const before = state();
    await api.restart();
    assert.equal(state(), before);
    assert.deepEqual(await permissionsOf(SecurityProfileId!), [PERMISSION.basicAgentAccess, PERMISSION.promptsView].sort());
    assert.equal((await connect.send(new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: 'security-profile-call-center-manager' }))).SecurityProfile!.Description, 'the floor');
    assert.deepEqual((await connect.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: agent4 }))).User!.SecurityProfileIds, [SecurityProfileId]);
  });
});
