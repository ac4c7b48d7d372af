/**
 * Agent statuses through the Connect admin API with the real @aws-sdk/client-connect: CreateAgentStatus,
 * DescribeAgentStatus, ListAgentStatuses (type filter, paging), UpdateAgentStatus (a disabled status
 * leaves the CCP and cannot be chosen), and the exception every bad input gets, with nothing stored.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CreateAgentStatusCommand, DescribeAgentStatusCommand, ListAgentStatusesCommand, PutUserStatusCommand, UpdateAgentStatusCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { serialize } from '../../engine/test/serialize.ts';
import { agentSnapshot } from '@switchboard/engine';
import { userIdOf, type TestServer } from './harness.ts';
import { withConnectApi } from './sdkClients.ts';
import { demoInstance, failure } from './flowsApi.ts';

describe('agent statuses through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;

  withConnectApi((api) => ({ srv, connect, instanceId } = api));
  const state = () => serialize(srv.services.state);

  test('CreateAgentStatus makes a CUSTOM status; DescribeAgentStatus answers the SDK shape', async () => {
    const out = await connect.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Training', Description: 'in class', State: 'ENABLED', DisplayOrder: 4, Tags: { k: 'v' } }));
    assert.match(out.AgentStatusId!, /^[0-9a-f-]{36}$/);
    assert.equal(out.AgentStatusARN, `${demoInstance(srv).arn}/agent-state/${out.AgentStatusId}`);
    const { AgentStatus: s } = await connect.send(new DescribeAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: out.AgentStatusARN! }));
    assert.deepEqual({ ...s, LastModifiedTime: undefined }, {
      AgentStatusARN: out.AgentStatusARN, AgentStatusId: out.AgentStatusId, Name: 'Training', Description: 'in class', Type: 'CUSTOM', DisplayOrder: 4,
      State: 'ENABLED', Tags: { k: 'v' }, LastModifiedTime: undefined, LastModifiedRegion: srv.demo.region,
    });
    assert.ok(s!.LastModifiedTime instanceof Date);
  });

  test('bad input: the right exception and nothing stored', async () => {
    const before = state();
    const create = (input: object) => failure(connect.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'X', State: 'ENABLED', ...input })));
    assert.equal((await create({ Name: 'Break' })).name, 'DuplicateResourceException');
    assert.equal((await create({ State: 'MAYBE' })).name, 'InvalidParameterException');
    assert.equal((await create({ DisplayOrder: 51 })).name, 'InvalidParameterException');
    assert.equal((await create({ Name: '' })).name, 'InvalidRequestException');
    assert.equal((await failure(connect.send(new DescribeAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: randomUUID(), Name: 'Y' })))).name, 'ResourceNotFoundException');
    const available = [...demoInstance(srv).agentStatuses.values()].find((s) => s.type === 'ROUTABLE')!.id;
    assert.equal((await failure(connect.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: available, State: 'DISABLED' })))).name, 'InvalidRequestException');
    assert.equal((await failure(connect.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: available, Name: 'Offline' })))).name, 'DuplicateResourceException');
    assert.equal((await failure(connect.send(new ListAgentStatusesCommand({ InstanceId: instanceId, AgentStatusTypes: ['BUSY' as 'CUSTOM'] })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListAgentStatusesCommand({ InstanceId: instanceId, NextToken: 'x' })))).name, 'InvalidParameterException');
    assert.equal(state(), before);
  });

  test('ListAgentStatuses filters by type and pages', async () => {
    const custom = await connect.send(new ListAgentStatusesCommand({ InstanceId: instanceId, AgentStatusTypes: ['CUSTOM'] }));
    assert.ok(custom.AgentStatusSummaryList!.every((s) => s.Type === 'CUSTOM'));
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const out = await connect.send(new ListAgentStatusesCommand({ InstanceId: instanceId, MaxResults: 2, NextToken }));
      for (const s of out.AgentStatusSummaryList!) {
        assert.ok(s.Id && s.Arn && s.Type && s.LastModifiedTime instanceof Date && s.LastModifiedRegion);
        names.push(s.Name!);
      }
      NextToken = out.NextToken;
    } while (NextToken);
    assert.deepEqual(names, [...demoInstance(srv).agentStatuses.values()].map((s) => s.name).sort());
  });

  test('UpdateAgentStatus: a disabled status leaves the CCP list and cannot be chosen; enabled again it can', async () => {
    const lunch = [...demoInstance(srv).agentStatuses.values()].find((s) => s.name === 'Lunch')!;
    await connect.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: lunch.id, Name: 'Meal', State: 'DISABLED', Description: 'eating' }));
    const { AgentStatus: s } = await connect.send(new DescribeAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: lunch.id }));
    assert.deepEqual([s!.Name, s!.State, s!.Description], ['Meal', 'DISABLED', 'eating']);
    const userId = userIdOf(srv, 'agent1');
    const snapshot = agentSnapshot(demoInstance(srv), demoInstance(srv).users.get(userId)!, srv.services.pipeline.now());
    assert.ok(!JSON.stringify(snapshot).includes('"Meal"'));
    const refused = await failure(connect.send(new PutUserStatusCommand({ InstanceId: instanceId, UserId: userId, AgentStatusId: lunch.id })));
    assert.equal(refused.name, 'InvalidRequestException');
    await connect.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: lunch.id, State: 'ENABLED' }));
    await connect.send(new PutUserStatusCommand({ InstanceId: instanceId, UserId: userId, AgentStatusId: lunch.id }));
    assert.equal(demoInstance(srv).users.get(userId)!.statusId, lunch.id);
  });
});
