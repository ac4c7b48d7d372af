/**
 * Users through the Connect admin API with the real @aws-sdk/client-connect: CreateUser, DescribeUser,
 * ListUsers (paging), SearchUsers, UpdateUserRoutingProfile (live), UpdateUserIdentityInfo,
 * UpdateUserPhoneConfig, Switchboard's UpdateUserPassword and DeleteUser (both end the user's sessions),
 * and the exception every bad input gets, with nothing stored: a request of the wrong shape is
 * InvalidRequestException (as every Switchboard Connect route answers), a value a rule refuses
 * (the password policy, a desk phone with no number) InvalidParameterException.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateUserCommand, DeleteUserCommand, DescribeUserCommand, ListUsersCommand, SearchUsersCommand, UpdateUserIdentityInfoCommand,
  UpdateUserPhoneConfigCommand, UpdateUserRoutingProfileCommand, type ConnectClient, type CreateUserCommandInput,
} from '@aws-sdk/client-connect';
import { loginAgent } from '@switchboard/sdk';
import { serialize } from '../../engine/test/serialize.ts';
import { RecordingSocket, contactOf, startTestServer, startWidgetChat, userIdOf, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { demoInstance, failure, signedRequest } from './flowsApi.ts';

const PASSWORD = 'Secret-pass-1';

describe('users through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;
  let basicProfile: string;
  const sockets: RecordingSocket[] = [];

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    instanceId = srv.demo.instanceId;
    basicProfile = [...demoInstance(srv).routingProfiles.values()][0]!.id;
  });
  after(async () => {
    for (const s of sockets) await s.close();
    connect.destroy();
    await srv.stop();
  });

  const input = (Username: string, extra: Partial<CreateUserCommandInput> = {}): CreateUserCommandInput => ({
    InstanceId: instanceId, Username, Password: PASSWORD, RoutingProfileId: basicProfile, SecurityProfileIds: ['security-profile-agent'],
    PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 },
    IdentityInfo: { FirstName: 'Ann', LastName: 'Example', Email: `${Username}@example.com` }, ...extra,
  });
  const create = (Username: string, extra: Partial<CreateUserCommandInput> = {}) => connect.send(new CreateUserCommand(input(Username, extra)));
  const state = () => serialize(srv.services.state);

  test('CreateUser stores the user with a hashed password; DescribeUser answers the SDK shape; the agent can log in', async () => {
    const out = await create('ann', { Tags: { team: 'support' }, HierarchyGroupId: 'hg-1' });
    assert.match(out.UserId!, /^[0-9a-f-]{36}$/);
    assert.equal(out.UserArn, `${demoInstance(srv).arn}/agent/${out.UserId}`);
    const stored = demoInstance(srv).users.get(out.UserId!)!;
    assert.match(stored.passwordHash, /^scrypt\$/);
    assert.ok(!stored.passwordHash.includes(PASSWORD));
    const { User: user } = await connect.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: out.UserArn! }));
    assert.deepEqual(
      { ...user, LastModifiedTime: undefined },
      {
        Id: out.UserId, Arn: out.UserArn, Username: 'ann', IdentityInfo: { FirstName: 'Ann', LastName: 'Example', Email: 'ann@example.com' },
        PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 }, SecurityProfileIds: ['security-profile-agent'],
        RoutingProfileId: basicProfile, HierarchyGroupId: 'hg-1', Tags: { team: 'support' }, LastModifiedTime: undefined, LastModifiedRegion: srv.demo.region,
      },
    );
    assert.ok(user!.LastModifiedTime instanceof Date);
    const session = await loginAgent({ baseUrl: srv.url, username: 'ann', password: PASSWORD });
    assert.equal(session.userId, out.UserId);
  });

  test('CreateUser: bad input gets the right exception and stores nothing', async () => {
    const before = state();
    const cases: [Partial<CreateUserCommandInput>, string][] = [
      [{ Password: 'short' }, 'InvalidParameterException'],
      [{ Password: 'alllowercase1' }, 'InvalidParameterException'],
      [{ Password: undefined }, 'InvalidRequestException'],
      [{ RoutingProfileId: randomUUID() }, 'ResourceNotFoundException'],
      [{ SecurityProfileIds: [] }, 'InvalidRequestException'],
      [{ PhoneConfig: { PhoneType: 'DESK_PHONE' } }, 'InvalidParameterException'],
      [{ Username: 'bad name!' }, 'InvalidRequestException'],
      [{ Username: 'agent1' }, 'DuplicateResourceException'],
    ];
    for (const [extra, name] of cases) {
      const e = await failure(create('zed', extra));
      assert.equal(e.name, name, JSON.stringify(extra));
    }
    const other = await failure(connect.send(new CreateUserCommand({ ...input('zed'), InstanceId: randomUUID() })));
    assert.equal(other.name, 'ResourceNotFoundException');
    assert.equal(state(), before);
  });

  test('ListUsers pages with MaxResults and NextToken, by username; a bad token or size is InvalidParameterException', async () => {
    for (const name of ['lu-a', 'lu-b', 'lu-c']) await create(name);
    const all: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await connect.send(new ListUsersCommand({ InstanceId: instanceId, MaxResults: 2, NextToken }));
      assert.ok(out.UserSummaryList!.length <= 2);
      for (const u of out.UserSummaryList!) {
        assert.ok(u.Id && u.Arn && u.Username && u.LastModifiedTime instanceof Date && u.LastModifiedRegion === srv.demo.region);
        all.push(u.Username!);
      }
      NextToken = out.NextToken;
      pages++;
    } while (NextToken);
    assert.equal(all.length, demoInstance(srv).users.size);
    assert.deepEqual(all, [...all].sort());
    assert.ok(pages >= 2);
    assert.equal((await failure(connect.send(new ListUsersCommand({ InstanceId: instanceId, NextToken: 'garbage' })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListUsersCommand({ InstanceId: instanceId, MaxResults: 0 })))).name, 'InvalidParameterException');
  });

  test('SearchUsers filters on username, first and last name and routing profile, with And/Or, and pages', async () => {
    await create('search-one', { IdentityInfo: { FirstName: 'Zora', LastName: 'Quill' } });
    await create('search-two', { IdentityInfo: { FirstName: 'Zack', LastName: 'Quill' } });
    const search = (SearchCriteria: object, extra: object = {}) => connect.send(new SearchUsersCommand({ InstanceId: instanceId, SearchCriteria, ...extra }));
    const names = (out: { Users?: { Username?: string }[] }) => out.Users!.map((u) => u.Username);
    assert.deepEqual(names(await search({ StringCondition: { FieldName: 'username', Value: 'search-', ComparisonType: 'STARTS_WITH' } })), ['search-one', 'search-two']);
    assert.deepEqual(names(await search({ StringCondition: { FieldName: 'FirstName', Value: 'Zora', ComparisonType: 'EXACT' } })), ['search-one']);
    assert.deepEqual(names(await search({
      AndConditions: [
        { StringCondition: { FieldName: 'lastname', Value: 'quill', ComparisonType: 'CONTAINS' } },
        { OrConditions: [{ StringCondition: { FieldName: 'firstname', Value: 'Zack', ComparisonType: 'EXACT' } }] },
      ],
    })), ['search-two']);
    const byProfile = await search({ StringCondition: { FieldName: 'routingProfileId', Value: basicProfile, ComparisonType: 'EXACT' } }, { MaxResults: 3 });
    assert.equal(byProfile.Users!.length, 3);
    assert.equal(byProfile.ApproximateTotalCount, demoInstance(srv).users.size);
    assert.ok(byProfile.NextToken);
    const u = byProfile.Users![0]!;
    assert.ok(u.Arn && u.Id && u.IdentityInfo && u.PhoneConfig && u.RoutingProfileId === basicProfile && Array.isArray(u.SecurityProfileIds));
    const next = await search({ StringCondition: { FieldName: 'routingProfileId', Value: basicProfile, ComparisonType: 'EXACT' } }, { MaxResults: 3, NextToken: byProfile.NextToken });
    assert.notEqual(next.Users![0]!.Id, u.Id);
    assert.equal((await failure(search({ StringCondition: { FieldName: 'shoeSize', Value: '9', ComparisonType: 'EXACT' } }))).name, 'InvalidParameterException');
    assert.equal((await failure(search({ StringCondition: { FieldName: 'username', Value: 'x', ComparisonType: 'SOUNDS_LIKE' } }))).name, 'InvalidParameterException');
    assert.equal((await failure(search({}, { NextToken: 'nope' }))).name, 'InvalidParameterException');
  });

  test('UpdateUserIdentityInfo and UpdateUserPhoneConfig change what DescribeUser answers; bad input is refused', async () => {
    const { UserId } = await create('ident');
    await connect.send(new UpdateUserIdentityInfoCommand({ InstanceId: instanceId, UserId, IdentityInfo: { FirstName: 'Ida', LastName: 'Dent', Mobile: '+14155550100' } }));
    await connect.send(new UpdateUserPhoneConfigCommand({ InstanceId: instanceId, UserId, PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+14155550101', AutoAccept: true } }));
    const { User: user } = await connect.send(new DescribeUserCommand({ InstanceId: instanceId, UserId }));
    assert.deepEqual(user!.IdentityInfo, { FirstName: 'Ida', LastName: 'Dent', Email: 'ident@example.com', Mobile: '+14155550100' });
    assert.deepEqual(user!.PhoneConfig, { PhoneType: 'DESK_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 0, DeskPhoneNumber: '+14155550101' });
    const before = state();
    assert.equal((await failure(connect.send(new UpdateUserIdentityInfoCommand({ InstanceId: instanceId, UserId: randomUUID(), IdentityInfo: { FirstName: 'x' } })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new UpdateUserPhoneConfigCommand({ InstanceId: instanceId, UserId, PhoneConfig: { PhoneType: 'DESK_PHONE' } })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new UpdateUserPhoneConfigCommand({ InstanceId: instanceId, UserId, PhoneConfig: { PhoneType: 'CARRIER_PIGEON' as 'DESK_PHONE' } })))).name, 'InvalidRequestException');
    assert.equal((await failure(connect.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal(state(), before);
  });

  /** Logs a user in and opens their CCP socket. */
  async function ccp(username: string) {
    const session = await loginAgent({ baseUrl: srv.url, username, password: PASSWORD });
    const socket = await RecordingSocket.open(`${srv.url.replace(/^http/, 'ws')}/agent/ws?token=${encodeURIComponent(session.token)}`);
    sockets.push(socket);
    await socket.next((f) => f.event === 'agent::update', 3000, 'the first snapshot');
    return { session, socket };
  }
  const closeCode = (socket: RecordingSocket) => new Promise<number>((resolve) => socket.ws.once('close', (code: number) => resolve(code)));
  const sessionOk = async (token: string) => (await fetch(`${srv.url}/agent/session`, { headers: { authorization: `Bearer ${token}` } })).status;

  test('UpdateUserRoutingProfile is live: an available agent with chat capacity 1 is offered a second waiting chat at once when moved to a profile of 3', async () => {
    const instance = demoInstance(srv);
    const queueId = [...instance.queues.values()].find((q) => q.name === 'BasicQueue')!.id;
    const narrow = randomUUID();
    const made = await srv.services.pipeline.submit({
      type: 'CreateRoutingProfile', instanceId, routingProfileId: narrow, name: 'Chat one', description: '', defaultOutboundQueueId: queueId,
      mediaConcurrencies: [{ channel: 'CHAT', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' }],
      queues: [{ queueId, channel: 'CHAT', priority: 1, delaySeconds: 0 }],
    });
    assert.ok(made.ok);
    const { UserId } = await create('mover', { RoutingProfileId: narrow });
    await ccp('mover');
    const available = [...instance.agentStatuses.values()].find((s) => s.type === 'ROUTABLE')!.id;
    assert.ok((await srv.services.pipeline.submit({ type: 'SetAgentStatus', instanceId, userId: UserId!, statusId: available })).ok);
    const first = await startWidgetChat(srv, 'First');
    await waitFor(() => contactOf(srv, first.ContactId).offer?.userId === UserId, 3000, 'the first chat offered to mover');
    const second = await startWidgetChat(srv, 'Second');
    await waitFor(() => contactOf(srv, second.ContactId).status === 'queued', 3000, 'the second chat queued');
    assert.equal(contactOf(srv, second.ContactId).offer, undefined);
    await connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: instanceId, UserId, RoutingProfileId: basicProfile }));
    // The answer comes once the change is durable, and the offer with it.
    assert.equal(contactOf(srv, second.ContactId).offer?.userId, UserId);
    assert.equal(instance.users.get(UserId!)!.routingProfileId, basicProfile);
    const before = state();
    assert.equal((await failure(connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: instanceId, UserId, RoutingProfileId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: instanceId, UserId: randomUUID(), RoutingProfileId: basicProfile })))).name, 'ResourceNotFoundException');
    assert.equal(state(), before);
    // A user holding contacts cannot be deleted.
    const busy = await failure(connect.send(new DeleteUserCommand({ InstanceId: instanceId, UserId })));
    assert.equal(busy.name, 'ResourceInUseException');
    assert.equal(busy.$metadata.httpStatusCode, 409);
    assert.ok(instance.users.has(UserId!));
  });

  test('UpdateUserPassword (Switchboard) ends every session of the user: sockets close with 4001, old tokens are refused, the new password logs in', async () => {
    const { UserId } = await create('rotate');
    const a = await ccp('rotate');
    const b = await ccp('rotate');
    const closes = [closeCode(a.socket), closeCode(b.socket)];
    const weak = await signedRequest(srv, 'POST', `/users/${instanceId}/${UserId}/password`, JSON.stringify({ Password: 'weak' }));
    assert.equal(weak.errorType, 'InvalidParameterException');
    assert.equal(await sessionOk(a.session.token), 200);
    const r = await signedRequest(srv, 'POST', `/users/${instanceId}/${UserId}/password`, JSON.stringify({ Password: 'Another-pass-2' }));
    assert.equal(r.status, 200);
    assert.deepEqual(await Promise.all(closes), [4001, 4001]);
    assert.equal(await sessionOk(a.session.token), 403);
    assert.equal(await sessionOk(b.session.token), 403);
    await assert.rejects(loginAgent({ baseUrl: srv.url, username: 'rotate', password: PASSWORD }));
    const fresh = await loginAgent({ baseUrl: srv.url, username: 'rotate', password: 'Another-pass-2' });
    assert.equal(await sessionOk(fresh.token), 200);
    const missing = await signedRequest(srv, 'POST', `/users/${instanceId}/${randomUUID()}/password`, JSON.stringify({ Password: 'Another-pass-2' }));
    assert.equal(missing.errorType, 'ResourceNotFoundException');
  });

  test('DeleteUser removes the user and ends their sessions; a user a quick connect names, or an unknown one, is refused', async () => {
    const { UserId } = await create('leaver');
    const a = await ccp('leaver');
    const closed = closeCode(a.socket);
    await connect.send(new DeleteUserCommand({ InstanceId: instanceId, UserId }));
    assert.equal(await closed, 4001);
    assert.equal(await sessionOk(a.session.token), 403);
    assert.equal(demoInstance(srv).users.has(UserId!), false);
    assert.equal((await failure(connect.send(new DescribeUserCommand({ InstanceId: instanceId, UserId })))).name, 'ResourceNotFoundException');
    const before = state();
    assert.equal((await failure(connect.send(new DeleteUserCommand({ InstanceId: instanceId, UserId })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DeleteUserCommand({ InstanceId: instanceId, UserId: userIdOf(srv, 'agent1') })))).name, 'ResourceInUseException');
    assert.equal(state(), before);
  });
});
