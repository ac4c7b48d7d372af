/**
 * Hours of operation through the Connect admin API with the real @aws-sdk/client-connect:
 * DescribeHoursOfOperation, ListHoursOfOperations (paging), UpdateHoursOfOperation (a queue closes at once),
 * DeleteHoursOfOperation (refused while a queue uses them), and the exception every bad input gets.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CreateHoursOfOperationCommand, CreateQueueCommand, DeleteHoursOfOperationCommand, DescribeHoursOfOperationCommand, ListHoursOfOperationsCommand, UpdateHoursOfOperationCommand, UpdateQueueHoursOfOperationCommand, type ConnectClient, type HoursOfOperationConfig } from '@aws-sdk/client-connect';
import { queueAdmission } from '@switchboard/engine';
import { serialize } from '../../engine/test/serialize.ts';
import { type TestServer } from './harness.ts';
import { withConnectApi } from './sdkClients.ts';
import { demoInstance, failure } from './flowsApi.ts';

const ALL_DAY: HoursOfOperationConfig[] = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'].map((Day) => ({
  Day: Day as 'MONDAY', StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 },
}));

describe('hours of operation through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;

  withConnectApi((api) => ({ srv, connect, instanceId } = api));
  const state = () => serialize(srv.services.state);
  const create = (Name: string) => connect.send(new CreateHoursOfOperationCommand({ InstanceId: instanceId, Name, TimeZone: 'UTC', Config: ALL_DAY, Description: `${Name} desc`, Tags: { k: Name } }));

  test('DescribeHoursOfOperation answers the SDK shape; UpdateHoursOfOperation changes it, and a queue using it closes at once', async () => {
    const { HoursOfOperationId } = await create('Support hours');
    const { QueueId } = await connect.send(new CreateQueueCommand({ InstanceId: instanceId, Name: 'Night support', HoursOfOperationId }));
    const queue = () => demoInstance(srv).queues.get(QueueId!)!;
    assert.equal(queueAdmission(demoInstance(srv), queue(), srv.services.pipeline.now()), 'open');
    const { HoursOfOperation: h } = await connect.send(new DescribeHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId }));
    assert.equal(h!.Name, 'Support hours');
    assert.equal(h!.Description, 'Support hours desc');
    assert.deepEqual(h!.Tags, { k: 'Support hours' });
    assert.equal(h!.TimeZone, 'UTC');
    assert.equal(h!.Config!.length, 7);
    assert.ok(h!.HoursOfOperationArn!.endsWith(`/operating-hours/${HoursOfOperationId}`));
    assert.ok(h!.LastModifiedTime instanceof Date && h!.LastModifiedRegion === srv.demo.region);
    // Open for one minute a week, at a time that is not now: closed.
    const now = new Date(srv.services.pipeline.now());
    const other = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'][(now.getUTCDay() + 3) % 7] as 'MONDAY';
    await connect.send(new UpdateHoursOfOperationCommand({
      InstanceId: instanceId, HoursOfOperationId, Name: 'Rare hours', Description: 'hardly ever', TimeZone: 'Europe/Paris',
      Config: [{ Day: other, StartTime: { Hours: 3, Minutes: 0 }, EndTime: { Hours: 3, Minutes: 1 } }],
    }));
    assert.equal(queueAdmission(demoInstance(srv), queue(), srv.services.pipeline.now()), 'closed');
    const { HoursOfOperation: after } = await connect.send(new DescribeHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId }));
    assert.deepEqual([after!.Name, after!.Description, after!.TimeZone, after!.Config], ['Rare hours', 'hardly ever', 'Europe/Paris', [{ Day: other, StartTime: { Hours: 3, Minutes: 0 }, EndTime: { Hours: 3, Minutes: 1 } }]]);
    // Used by a queue: cannot be deleted.
    const before = state();
    const inUse = await failure(connect.send(new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId })));
    assert.equal(inUse.name, 'ResourceInUseException');
    assert.equal(state(), before);
    // Once the queue uses other hours, it can.
    const basicHours = [...demoInstance(srv).hoursOfOperations.values()].find((x) => x.name === 'Basic Hours')!.id;
    await connect.send(new UpdateQueueHoursOfOperationCommand({ InstanceId: instanceId, QueueId, HoursOfOperationId: basicHours }));
    await connect.send(new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId }));
    assert.equal(demoInstance(srv).hoursOfOperations.has(HoursOfOperationId!), false);
    assert.equal((await failure(connect.send(new DescribeHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId })))).name, 'ResourceNotFoundException');
  });

  test('ListHoursOfOperations pages by name', async () => {
    await create('Zeta hours');
    await create('Eta hours');
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const out = await connect.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId, MaxResults: 1, NextToken }));
      for (const h of out.HoursOfOperationSummaryList!) {
        assert.ok(h.Id && h.Arn && h.LastModifiedTime instanceof Date && h.LastModifiedRegion);
        names.push(h.Name!);
      }
      NextToken = out.NextToken;
    } while (NextToken);
    assert.deepEqual(names, [...demoInstance(srv).hoursOfOperations.values()].map((h) => h.name).sort());
  });

  test('bad input: the right exception and nothing stored', async () => {
    const { HoursOfOperationId } = await create('Spare hours');
    const before = state();
    const update = (input: object) => failure(connect.send(new UpdateHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId, ...input })));
    assert.equal((await update({ TimeZone: 'Mars/Olympus' })).name, 'InvalidParameterException');
    assert.equal((await update({ Name: 'Basic Hours' })).name, 'DuplicateResourceException');
    assert.equal((await update({ Config: [{ Day: 'MONDAY', StartTime: { Hours: 25, Minutes: 0 }, EndTime: { Hours: 1, Minutes: 0 } }] })).name, 'InvalidRequestException');
    assert.equal((await failure(connect.send(new UpdateHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: randomUUID(), Name: 'x' })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId, NextToken: 'zz' })))).name, 'InvalidParameterException');
    assert.equal(state(), before);
  });
});
