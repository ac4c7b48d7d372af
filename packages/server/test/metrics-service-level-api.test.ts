/**
 * GetMetricDataV2's SERVICE_LEVEL through the real @aws-sdk/client-connect: the percentage of contacts
 * removed from the queue (answered or abandoned) less than ThresholdValue seconds after they were
 * queued, one per threshold asked, the Threshold echoed; a bad Threshold or a grouping by AGENT is
 * InvalidParameterException.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetMetricDataV2Command, type ConnectClient, type GetMetricDataV2CommandInput, type MetricV2 } from '@aws-sdk/client-connect';
import { anyContactOf, startTestServer, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer, demoConnectClient } from './sdkClients.ts';

const HOUR = 3_600_000;

describe('GetMetricDataV2 SERVICE_LEVEL', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  /** Each contact's time in queue, in seconds, from its record: the abandoned one's, then the answered one's. */
  let queueSeconds: number[];
  let since: number;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    since = Date.now() - 1000;
    // Nobody is Available: the first chat waits more than a second, then the customer leaves (abandoned).
    const left = await connectCustomer(srv, 'Lena');
    const leftId = left.details.contactId;
    const queuedAt = await waitFor(async () => (await anyContactOf(srv, leftId)).enqueuedAt, 3000, 'queued');
    await waitFor(() => Date.now() > queuedAt + 1500, 5000, 'more than a second and a half in queue');
    await left.disconnectParticipant();
    left.close();
    // agent1 Available: the second chat is answered.
    const { client } = await connectAgent(srv, 'agent1');
    await client.setStatus('Available');
    const answered = await connectCustomer(srv, 'Omar');
    const answeredId = answered.details.contactId;
    await waitFor(() => client.contacts().find((c) => c.contactId === answeredId)?.state.type === 'incoming', 3000, 'the offer');
    await client.accept(answeredId);
    await waitFor(() => client.contacts().find((c) => c.contactId === answeredId)?.state.type === 'connected', 3000, 'connected');
    answered.close();
    client.close();
    const a = await anyContactOf(srv, leftId), b = await anyContactOf(srv, answeredId);
    assert.equal(a.connectedToAgentAt, undefined, 'the first was abandoned');
    queueSeconds = [(a.disconnectedAt! - a.enqueuedAt!) / 1000, (b.connectedToAgentAt! - b.enqueuedAt!) / 1000];
    await waitFor(() => Date.now() > b.connectedToAgentAt!, 3000, 'a later millisecond than the answer');
  });
  after(async () => {
    connect?.destroy();
    await srv?.stop();
  });

  const serviceLevel = (seconds: number): MetricV2 => ({ Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'LT', ThresholdValue: seconds }] });
  const input = (metrics: MetricV2[], more: Partial<GetMetricDataV2CommandInput> = {}): GetMetricDataV2CommandInput => ({
    ResourceArn: srv.demo.instanceArn, StartTime: new Date(since), EndTime: new Date(), Interval: { IntervalPeriod: 'TOTAL' },
    Filters: [{ FilterKey: 'QUEUE', FilterValues: [srv.demo.queueId] }], Groupings: ['QUEUE'], Metrics: metrics, ...more,
  });
  /** What SERVICE_LEVEL X must be for these two contacts: the share of their times in queue under X, in percent. */
  const expected = (x: number) => (100 * queueSeconds.filter((s) => s < x).length) / queueSeconds.length;

  test('one value per threshold asked, each with its Threshold, over answered and abandoned contacts alike', async () => {
    assert.ok(queueSeconds[0]! > 1.5);
    const out = await connect.send(new GetMetricDataV2Command(input([serviceLevel(1), serviceLevel(604_800), { Name: 'CONTACTS_QUEUED' }, serviceLevel(2)])));
    assert.equal(out.MetricResults?.length, 1);
    const [row] = out.MetricResults!;
    assert.deepEqual(row!.Dimensions, { QUEUE: srv.demo.queueId });
    assert.deepEqual(row!.Collections, [
      { Metric: serviceLevel(1), Value: expected(1) },
      { Metric: serviceLevel(604_800), Value: 100 },
      { Metric: { Name: 'CONTACTS_QUEUED' }, Value: 2 },
      { Metric: serviceLevel(2), Value: expected(2) },
    ]);
    assert.ok(expected(1) <= 50, 'the abandoned chat waited longer than a second');
  });

  test('grouped by CHANNEL, the same contacts give the same service level', async () => {
    const out = await connect.send(new GetMetricDataV2Command(input([serviceLevel(1)], { Groupings: ['CHANNEL'] })));
    assert.deepEqual(out.MetricResults?.map((r) => [r.Dimensions, r.Collections![0]!.Value]), [[{ CHANNEL: 'CHAT' }, expected(1)]]);
  });

  test('a group whose contacts never left the queue has no SERVICE_LEVEL value', async () => {
    const out = await connect.send(new GetMetricDataV2Command(input([serviceLevel(20)], { StartTime: new Date(since - HOUR), EndTime: new Date(since) })));
    assert.deepEqual(out.MetricResults, []);
  });

  test('SERVICE_LEVEL needs one Threshold, LT, of 1 to 604800 whole seconds', async () => {
    for (const metric of [
      { Name: 'SERVICE_LEVEL' },
      { Name: 'SERVICE_LEVEL', Threshold: [] },
      { Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'GT', ThresholdValue: 20 }] },
      { Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'LT' }] },
      serviceLevel(0), serviceLevel(604_801), serviceLevel(1.5),
      { Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'LT', ThresholdValue: 20 }, { Comparison: 'LT', ThresholdValue: 30 }] },
    ]) {
      await assert.rejects(connect.send(new GetMetricDataV2Command(input([metric]))), (e: Error) => {
        assert.equal(e.name, 'InvalidParameterException', JSON.stringify(metric));
        assert.match(e.message, /SERVICE_LEVEL/);
        return true;
      });
    }
  });

  test('SERVICE_LEVEL is not available by AGENT, as a grouping or a filter', async () => {
    for (const more of [{ Groupings: ['AGENT'] }, { Filters: [{ FilterKey: 'QUEUE', FilterValues: [srv.demo.queueId] }, { FilterKey: 'AGENT', FilterValues: ['someone'] }] }]) {
      await assert.rejects(connect.send(new GetMetricDataV2Command(input([serviceLevel(20)], more))), (e: Error) => {
        assert.equal(e.name, 'InvalidParameterException');
        assert.match(e.message, /AGENT/);
        return true;
      });
    }
  });
});
