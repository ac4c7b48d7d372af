/**
 * GetMetricDataV2 with Interval.TimeZone, through the real @aws-sdk/client-connect: intervals follow
 * the zone's wall clock, MetricInterval carries the real instants (epoch seconds on the wire, Dates in
 * the client), and bad parameters are InvalidParameterException with nothing changed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetMetricDataV2Command, StartChatContactCommand, type ConnectClient, type GetMetricDataV2CommandInput } from '@aws-sdk/client-connect';
import { contactOf, startTestServer, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The wall clock of `zone` at `ms`: hour, minute, second (Intl, the test's own reading). */
function clock(zone: string, ms: number) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(ms);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { h: n('hour'), m: n('minute'), s: n('second') };
}

describe('GetMetricDataV2 with Interval.TimeZone', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  /** When the one contact of this test server was queued (epoch ms). */
  let queuedAt: number;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    // Nobody is Available: the chat waits in the demo queue, one CONTACTS_QUEUED.
    const chat = await connect.send(new StartChatContactCommand({
      InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: 'Tess' },
    }));
    queuedAt = await waitFor(() => contactOf(srv, chat.ContactId!)?.enqueuedAt, 3000, 'queued');
    await new Promise((r) => setTimeout(r, 5));
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });

  function query(interval: GetMetricDataV2CommandInput['Interval'], start: number, end = Date.now()): GetMetricDataV2CommandInput {
    return {
      ResourceArn: srv.demo.instanceArn, StartTime: new Date(start), EndTime: new Date(end), Interval: interval,
      Filters: [{ FilterKey: 'QUEUE', FilterValues: [srv.demo.queueId] }], Metrics: [{ Name: 'CONTACTS_QUEUED' }],
    };
  }

  /** The one row (one contact): its interval in ms and its count. */
  async function onlyRow(input: GetMetricDataV2CommandInput) {
    const out = await connect.send(new GetMetricDataV2Command(input));
    assert.equal(out.MetricResults?.length, 1, JSON.stringify(out.MetricResults));
    const row = out.MetricResults![0]!;
    assert.ok(row.MetricInterval?.StartTime instanceof Date && row.MetricInterval.EndTime instanceof Date, 'epoch seconds on the wire');
    return {
      interval: row.MetricInterval.Interval,
      start: row.MetricInterval.StartTime.getTime(), end: row.MetricInterval.EndTime.getTime(),
      count: row.Collections?.find((c) => c.Metric?.Name === 'CONTACTS_QUEUED')?.Value,
    };
  }

  test('HOUR in Asia/Kathmandu (UTC+05:45): the interval holding the contact starts at a quarter past the hour in UTC and is one hour long', async () => {
    const end = Date.now(), start = end - 2 * DAY;
    const row = await onlyRow(query({ TimeZone: 'Asia/Kathmandu', IntervalPeriod: 'HOUR' }, start, end));
    // Kathmandu has kept +05:45 since 1986: its hours are whole hours of (UTC + 5 h 45 min).
    const localHour = Math.floor((queuedAt + 5.75 * HOUR) / HOUR) * HOUR - 5.75 * HOUR;
    assert.deepEqual(row, { interval: 'HOUR', start: localHour, end: Math.min(localHour + HOUR, end), count: 1 });
    assert.ok(row.start <= queuedAt && queuedAt < row.end);
    assert.deepEqual(clock('Asia/Kathmandu', row.start), { h: clock('Asia/Kathmandu', queuedAt).h, m: 0, s: 0 });
    assert.equal(new Date(row.start).getUTCMinutes(), 15);
  });

  test('without a TimeZone the intervals follow UTC (the default), as before', async () => {
    const end = Date.now(), start = end - 2 * DAY;
    const utc = await onlyRow(query({ IntervalPeriod: 'HOUR' }, start, end));
    assert.deepEqual(utc, await onlyRow(query({ TimeZone: 'UTC', IntervalPeriod: 'HOUR' }, start, end)));
    assert.equal(utc.start, Math.floor(queuedAt / HOUR) * HOUR);
  });

  test('DAY in America/New_York: the day holding the contact starts at local midnight, and a window starting or ending inside a day cuts it there', async () => {
    const start = Date.now() - 30 * DAY;
    const row = await onlyRow(query({ TimeZone: 'America/New_York', IntervalPeriod: 'DAY' }, start));
    assert.equal(row.interval, 'DAY');
    assert.equal(row.count, 1);
    assert.ok(row.start <= queuedAt && queuedAt < row.end);
    assert.deepEqual(clock('America/New_York', row.start), { h: 0, m: 0, s: 0 }, 'local midnight');
    // The window ends now, inside today: today's interval ends there.
    assert.ok(row.end <= Date.now() && row.end > queuedAt);
    // A window starting later that day (halfway between midnight and the contact) cuts the day there.
    const later = row.start + Math.floor((queuedAt - row.start) / 2);
    const cut = await onlyRow(query({ TimeZone: 'America/New_York', IntervalPeriod: 'DAY' }, later));
    assert.equal(cut.start, later);
    assert.equal(cut.count, 1);
  });

  test('an unknown time zone, a window too long for its period, or an EndTime after now is InvalidParameterException, and the answer afterwards is unchanged', async () => {
    const start = Date.now() - 2 * DAY;
    const good = query({ TimeZone: 'Europe/Berlin', IntervalPeriod: 'THIRTY_MIN' }, start);
    const before = await onlyRow(good);
    const refused = async (input: GetMetricDataV2CommandInput, message: RegExp) => {
      const error = await connect.send(new GetMetricDataV2Command(input)).then(() => undefined, (e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
      assert.equal(error?.name, 'InvalidParameterException', `${JSON.stringify(input.Interval)}: ${error?.message}`);
      assert.equal(error.$metadata?.httpStatusCode, 400);
      assert.match(error.message, message);
    };
    await refused(query({ TimeZone: 'Mars/Olympus_Mons', IntervalPeriod: 'HOUR' }, start), /Interval\.TimeZone: Mars\/Olympus_Mons is not a time zone/);
    await refused(query({ TimeZone: 'Europe/Berlin', IntervalPeriod: 'HOUR' }, Date.now() - 3 * DAY - 1000), /less than 3 days for IntervalPeriod HOUR/);
    await refused(query({ TimeZone: 'Europe/Berlin', IntervalPeriod: 'DAY' }, Date.now() - 36 * DAY), /less than 35 days for IntervalPeriod DAY/);
    await refused(query({ IntervalPeriod: 'TOTAL' }, Date.now() - 36 * DAY), /less than 35 days for IntervalPeriod TOTAL/);
    await refused(query({ IntervalPeriod: 'HOUR' }, start, Date.now() + 60_000), /EndTime cannot be later than the current time/);
    assert.deepEqual(await onlyRow(good), before);
  });
});
