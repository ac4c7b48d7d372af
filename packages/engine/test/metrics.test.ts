/** Real-time (currentMetrics) and historical (historicalMetrics) metrics: small scenarios with exact numbers. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  OFFER_TIMEOUT_MS, checkHistoricalQuery, currentMetrics, historicalMetrics, isRejection, type CurrentMetricName, type CurrentMetricsRow, type HistoricalQuery,
  type HistoricalRow,
} from '../src/index.ts';
import { World, T0 } from './fixtures.ts';
import { eventsOf } from './decisions.ts';
import { availableAgent, chatAndTaskProfile } from './routingWorlds.ts';

const ALL_CURRENT: CurrentMetricName[] = [
  'AGENTS_ONLINE', 'AGENTS_AVAILABLE', 'AGENTS_ON_CONTACT', 'AGENTS_NON_PRODUCTIVE', 'AGENTS_AFTER_CONTACT_WORK',
  'CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE', 'SLOTS_ACTIVE', 'SLOTS_AVAILABLE',
];

/** Values in ALL_CURRENT order. */
const valuesOf = (row: CurrentMetricsRow | undefined) => ALL_CURRENT.map((m) => row?.values[m]);

/**
 * BasicQueue (Q1) and SecondQueue (Q2). P1 serves Q1 (CHAT 2); P2 serves Q1 and Q2 (CHAT 1).
 * alice (P1) and bob (P2) take chats; carol (P2) is on Break; dave (P1) is Offline.
 */
function currentWorld() {
  const world = new World({ agents: [] });
  const q1 = world.queueId;
  const q2 = world.addQueue('SecondQueue');
  const q2Flow = world.addFlow(q2);
  const p1 = world.addProfile('P1', { queues: [{ queueId: q1 }], concurrency: { CHAT: 2 } });
  const p2 = world.addProfile('P2', { queues: [{ queueId: q1 }, { queueId: q2 }], concurrency: { CHAT: 1 } });
  world.addAgent('alice', p1);
  world.addAgent('bob', p2);
  world.addAgent('carol', p2);
  world.addAgent('dave', p1);
  const at = (s: number) => { world.now = T0 + s * 1000; };
  at(1);
  eventsOf(world.setStatus('carol', 'Break'));
  eventsOf(world.setStatus('alice', 'Available'));
  at(2);
  const a1 = world.startChat('a1');
  eventsOf(world.accept('alice', a1.contactId));
  at(3);
  eventsOf(world.setStatus('bob', 'Available'));
  at(4);
  const b1 = world.startChat('b1', { contactFlowId: q2Flow });
  eventsOf(world.accept('bob', b1.contactId));
  at(10);
  eventsOf(world.disconnect(b1.contactId, b1.customerId)); // bob in ACW
  at(11);
  const a2 = world.startChat('a2'); // offered to alice (her second slot)
  at(12);
  const a3 = world.startChat('a3'); // waits
  at(13);
  const q2Chat = world.startChat('q2', { contactFlowId: q2Flow }); // waits
  at(20);
  return { world, q1, q2, at, a1, a2, a3, b1, q2Chat };
}

describe('current metrics', () => {
  test('the whole picture, for both queues on CHAT', () => {
    const { world, q1, q2, a2 } = currentWorld();
    assert.equal(world.contact(a2.contactId).offer?.userId, world.userId('alice'));
    const rows = currentMetrics(world.instance, { queueIds: [q1, q2], channels: ['CHAT'], metrics: ALL_CURRENT }, world.now);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.queueId, undefined);
    // ONLINE alice bob carol; AVAILABLE alice bob; ON_CONTACT alice (connected) bob (ACW); NON_PRODUCTIVE carol; ACW bob;
    // IN_QUEUE a2 (offered) a3 q2; OLDEST a2 (9 s); SLOTS_ACTIVE alice 2 + bob 1; SLOTS_AVAILABLE none free.
    assert.deepEqual(valuesOf(rows[0]), [3, 2, 2, 1, 1, 3, 9, 3, 0]);
  });

  test('grouped by QUEUE: each queue counts the agents staffed for it and its own contacts', () => {
    const { world, q1, q2 } = currentWorld();
    const rows = currentMetrics(world.instance, { queueIds: [q1, q2], channels: ['CHAT'], groupings: ['QUEUE'], metrics: ALL_CURRENT }, world.now);
    assert.deepEqual(rows.map((r) => [r.queueId, r.channel]), [[q1, undefined], [q2, undefined]]);
    assert.deepEqual(valuesOf(rows[0]), [3, 2, 2, 1, 1, 2, 9, 3, 0]);
    // Q2 is staffed by bob and carol only.
    assert.deepEqual(valuesOf(rows[1]), [2, 1, 1, 1, 1, 1, 7, 1, 0]);
  });

  test('grouped by CHANNEL, and by QUEUE and CHANNEL: a channel nobody is staffed for counts nothing', () => {
    const { world, q1, q2 } = currentWorld();
    const byChannel = currentMetrics(world.instance, { queueIds: [q1, q2], channels: ['CHAT', 'VOICE'], groupings: ['CHANNEL'], metrics: ALL_CURRENT }, world.now);
    assert.deepEqual(byChannel.map((r) => r.channel), ['CHAT', 'VOICE']);
    assert.deepEqual(valuesOf(byChannel[0]), [3, 2, 2, 1, 1, 3, 9, 3, 0]);
    assert.deepEqual(valuesOf(byChannel[1]), [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const both = currentMetrics(world.instance, { queueIds: [q1, q2], channels: ['CHAT', 'VOICE'], groupings: ['QUEUE', 'CHANNEL'], metrics: ['CONTACTS_IN_QUEUE', 'SLOTS_ACTIVE'] }, world.now);
    assert.deepEqual(both.map((r) => [r.queueId, r.channel, r.values.CONTACTS_IN_QUEUE, r.values.SLOTS_ACTIVE]), [
      [q1, 'CHAT', 2, 3], [q1, 'VOICE', 0, 0], [q2, 'CHAT', 1, 1], [q2, 'VOICE', 0, 0],
    ]);
  });

  test('the metrics follow the agents: a missed contact, ACW cleared, another agent Available', () => {
    const { world, q1, q2, at, a2, a3, b1, q2Chat } = currentWorld();
    at(21);
    eventsOf(world.setStatus('dave', 'Available')); // a3 → dave
    at(22);
    eventsOf(world.clear('bob', b1.contactId)); // q2 → bob
    at(31);
    eventsOf(world.expire('alice', a2.contactId)); // alice misses a2; a2 → dave
    assert.deepEqual([a2, a3].map((c) => world.contact(c.contactId).offer?.userId), [world.userId('dave'), world.userId('dave')]);
    assert.equal(world.contact(q2Chat.contactId).offer?.userId, world.userId('bob'));
    const [row] = currentMetrics(world.instance, { queueIds: [q1, q2], channels: ['CHAT'], metrics: ALL_CURRENT }, world.now);
    // ONLINE all 4; AVAILABLE alice bob dave; ON_CONTACT alice; NON_PRODUCTIVE carol; ACW none; IN_QUEUE a2 a3 q2 (all offered);
    // OLDEST a2 (20 s); SLOTS_ACTIVE alice 2 (a1, missed a2) + bob 1 + dave 2; SLOTS_AVAILABLE: alice has a missed contact, the others are full.
    assert.deepEqual(valuesOf(row), [4, 3, 1, 1, 0, 3, 20, 5, 0]);
    at(32);
    eventsOf(world.clear('alice', a2.contactId));
    const [after] = currentMetrics(world.instance, { queueIds: [q1, q2], channels: ['CHAT'], metrics: ['SLOTS_ACTIVE', 'SLOTS_AVAILABLE'] }, world.now);
    assert.deepEqual(after!.values, { SLOTS_ACTIVE: 4, SLOTS_AVAILABLE: 1 });
  });

  test('OLDEST_CONTACT_AGE is 0 with nobody waiting and counts whole seconds', () => {
    const world = new World({ agents: [] });
    const query = { queueIds: [world.queueId], metrics: ['OLDEST_CONTACT_AGE', 'CONTACTS_IN_QUEUE'] as CurrentMetricName[] };
    assert.deepEqual(currentMetrics(world.instance, query, world.now)[0]!.values, { OLDEST_CONTACT_AGE: 0, CONTACTS_IN_QUEUE: 0 });
    world.startChat('Ann');
    world.advance(2999);
    assert.deepEqual(currentMetrics(world.instance, query, world.now)[0]!.values, { OLDEST_CONTACT_AGE: 2, CONTACTS_IN_QUEUE: 1 });
  });

  test('SLOTS_AVAILABLE does not count slots of a channel that cross-channel behaviour keeps the agent from taking', () => {
    const world = new World({ agents: [] });
    const profile = chatAndTaskProfile(world, 'Chat blocks tasks', { CHAT: 'ROUTE_CURRENT_CHANNEL_ONLY', TASK: 'ROUTE_CURRENT_CHANNEL_ONLY' }, { CHAT: 2, TASK: 3 });
    availableAgent(world, 'olga', profile);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('olga', chat.contactId));
    const [row] = currentMetrics(world.instance, { queueIds: [world.queueId], channels: ['CHAT', 'TASK'], metrics: ['SLOTS_AVAILABLE'] }, world.now);
    assert.equal(row!.values.SLOTS_AVAILABLE, 1, 'one chat slot; no task can reach her while she is on a chat');
  });
});

/**
 * alice (basic profile) and bob (profile P2) on BasicQueue; times in seconds after T0:
 * c1 +10: alice misses it (+30), bob accepts (+35), customer leaves (+95), bob clears (+105).
 * c2 +200: alice accepts (+204), leaves (+300), clears (+330).
 * c3 +400: offered to bob, the customer leaves (+410): abandoned.
 * c4 +1000: alice rejects (+1005), bob misses (+1025), alice misses (+1045), the customer leaves (+1050): abandoned.
 */
function historicalWorld() {
  const world = new World({ agents: ['alice'] });
  const p2 = world.addProfile('P2', { queues: [{ queueId: world.queueId }] });
  world.addAgent('bob', p2);
  const at = (s: number) => { world.now = T0 + s * 1000; };
  const offeredTo = (contactId: string) => world.contact(contactId).offer?.userId;
  at(1); eventsOf(world.setStatus('alice', 'Available'));
  at(2); eventsOf(world.setStatus('bob', 'Available'));
  at(10); const c1 = world.startChat('c1');
  assert.equal(offeredTo(c1.contactId), world.userId('alice'));
  at(30); eventsOf(world.expire('alice', c1.contactId));
  assert.equal(offeredTo(c1.contactId), world.userId('bob'));
  at(35); eventsOf(world.accept('bob', c1.contactId));
  at(40); eventsOf(world.clear('alice', c1.contactId));
  at(95); eventsOf(world.disconnect(c1.contactId, c1.customerId));
  at(105); eventsOf(world.clear('bob', c1.contactId));
  at(200); const c2 = world.startChat('c2');
  assert.equal(offeredTo(c2.contactId), world.userId('alice'));
  at(204); eventsOf(world.accept('alice', c2.contactId));
  at(300); eventsOf(world.disconnect(c2.contactId, world.participantOf('alice', c2.contactId)));
  at(330); eventsOf(world.clear('alice', c2.contactId));
  at(400); const c3 = world.startChat('c3');
  assert.equal(offeredTo(c3.contactId), world.userId('bob'));
  at(410); eventsOf(world.disconnect(c3.contactId, c3.customerId));
  at(1000); const c4 = world.startChat('c4');
  assert.equal(offeredTo(c4.contactId), world.userId('alice'));
  at(1005); eventsOf(world.reject('alice', c4.contactId));
  assert.equal(offeredTo(c4.contactId), world.userId('bob'));
  at(1025); eventsOf(world.expire('bob', c4.contactId));
  assert.equal(offeredTo(c4.contactId), world.userId('alice'));
  at(1045); eventsOf(world.expire('alice', c4.contactId));
  at(1050); eventsOf(world.disconnect(c4.contactId, c4.customerId));
  return { world, p2 };
}

const HOUR = 3_600_000;
const COUNTS = ['CONTACTS_QUEUED', 'CONTACTS_HANDLED', 'CONTACTS_ABANDONED', 'AGENT_NON_RESPONSE'] as const;

function rows(world: World, query: Partial<HistoricalQuery>): HistoricalRow[] {
  const result = historicalMetrics(world.instance, {
    start: T0, end: T0 + HOUR, period: 'TOTAL', filters: { QUEUE: [world.queueId] }, groupings: [], metrics: [...COUNTS], ...query,
  });
  if (isRejection(result)) throw new Error(`refused: ${result.message}`);
  return result;
}

describe('historical metrics', () => {
  test('TOTAL: queued, handled, abandoned, non-response and the averages', () => {
    const { world } = historicalWorld();
    const result = rows(world, {
      metrics: [...COUNTS, 'AVG_HANDLE_TIME', 'AVG_AFTER_CONTACT_WORK_TIME', 'AVG_QUEUE_ANSWER_TIME'],
    });
    assert.deepEqual(result, [{
      dimensions: {},
      interval: { start: T0, end: T0 + HOUR },
      values: {
        CONTACTS_QUEUED: 4, CONTACTS_HANDLED: 2, CONTACTS_ABANDONED: 2, AGENT_NON_RESPONSE: 3,
        // Handle time is connected to ACW cleared: bob 35→105 (70 s), alice 204→330 (126 s). ACW: 10 s and 30 s.
        AVG_HANDLE_TIME: 98, AVG_AFTER_CONTACT_WORK_TIME: 20,
        // Queue answer time: c1 10→35 (25 s), c2 200→204 (4 s).
        AVG_QUEUE_ANSWER_TIME: 14.5,
      },
    }]);
  });

  test('intervals follow the clock (UTC when no time zone is asked), the first cut at StartTime and the last at EndTime', () => {
    const { world } = historicalWorld();
    // T0 is 22:13:20 UTC: quarter hours start at 22:15 (T0 + 100 s), 22:30 (+1000 s), 22:45 (+1900 s).
    const fifteen = rows(world, { period: 'FIFTEEN_MIN' });
    assert.deepEqual(fifteen.map((r) => [r.interval.start - T0, r.interval.end - T0, ...COUNTS.map((m) => r.values[m])]), [
      [0, 100_000, 1, 1, 0, 1],
      [100_000, 1_000_000, 2, 1, 1, 0],
      [1_000_000, 1_900_000, 1, 0, 1, 2],
    ]);
    const thirty = rows(world, { period: 'THIRTY_MIN' });
    assert.deepEqual(thirty.map((r) => [r.interval.start - T0, r.interval.end - T0, ...COUNTS.map((m) => r.values[m])]), [
      [0, 1_000_000, 3, 2, 1, 1],
      [1_000_000, 2_800_000, 1, 0, 1, 2],
    ]);
    // The hour ends at 23:00 (T0 + 2800 s); the day (midnight) and the week (Monday) after the window's end.
    for (const [period, end] of [['HOUR', T0 + 2_800_000], ['DAY', T0 + HOUR], ['WEEK', T0 + HOUR]] as const) {
      const result = rows(world, { period });
      assert.deepEqual(result.map((r) => [r.interval.start, r.interval.end, ...COUNTS.map((m) => r.values[m])]), [[T0, end, 4, 2, 2, 3]], period);
    }
    assert.deepEqual(rows(world, { period: 'HOUR', timeZone: 'UTC' }), rows(world, { period: 'HOUR' }), 'UTC is the default');
    // A window that starts after the first quarter hour sees only what happened in it.
    const late = rows(world, { start: T0 + 900_000 });
    assert.deepEqual(COUNTS.map((m) => late[0]!.values[m]), [1, 0, 1, 2]);
    // An average with nothing to average is left out.
    const quiet = rows(world, { period: 'FIFTEEN_MIN', metrics: ['AVG_HANDLE_TIME'] });
    assert.deepEqual(quiet.map((r) => r.values), [{ AVG_HANDLE_TIME: 98 }]);
  });

  test('grouped by AGENT and by ROUTING_PROFILE', () => {
    const { world, p2 } = historicalWorld();
    const alice = world.userId('alice'), bob = world.userId('bob');
    const metrics = ['CONTACTS_HANDLED', 'AGENT_NON_RESPONSE', 'AVG_HANDLE_TIME', 'AVG_AFTER_CONTACT_WORK_TIME', 'AVG_QUEUE_ANSWER_TIME'] as const;
    const byAgent = rows(world, { groupings: ['AGENT'], metrics: [...metrics] });
    assert.deepEqual(byAgent.map((r) => [r.dimensions, r.values]), [
      [{ AGENT: alice }, { CONTACTS_HANDLED: 1, AGENT_NON_RESPONSE: 2, AVG_HANDLE_TIME: 126, AVG_AFTER_CONTACT_WORK_TIME: 30, AVG_QUEUE_ANSWER_TIME: 4 }],
      [{ AGENT: bob }, { CONTACTS_HANDLED: 1, AGENT_NON_RESPONSE: 1, AVG_HANDLE_TIME: 70, AVG_AFTER_CONTACT_WORK_TIME: 10, AVG_QUEUE_ANSWER_TIME: 25 }],
    ]);
    const byProfile = rows(world, { groupings: ['ROUTING_PROFILE'], metrics: ['CONTACTS_HANDLED', 'AGENT_NON_RESPONSE'] });
    assert.deepEqual(byProfile.map((r) => [r.dimensions, r.values]), [
      [{ ROUTING_PROFILE: world.routingProfileId }, { CONTACTS_HANDLED: 1, AGENT_NON_RESPONSE: 2 }],
      [{ ROUTING_PROFILE: p2 }, { CONTACTS_HANDLED: 1, AGENT_NON_RESPONSE: 1 }],
    ]);
    // Per agent and per quarter hour (of the clock: 22:30 is T0 + 1000 s).
    const both = rows(world, { groupings: ['AGENT'], period: 'FIFTEEN_MIN', metrics: ['AGENT_NON_RESPONSE'] });
    assert.deepEqual(both.map((r) => [r.interval.start - T0, r.dimensions.AGENT, r.values.AGENT_NON_RESPONSE]), [
      [0, alice, 1], [1_000_000, alice, 1], [1_000_000, bob, 1],
    ]);
  });

  test('grouped by QUEUE and CHANNEL; filtered by AGENT, ROUTING_PROFILE, CHANNEL or another queue', () => {
    const { world, p2 } = historicalWorld();
    const q = world.queueId;
    assert.deepEqual(rows(world, { groupings: ['QUEUE', 'CHANNEL'], metrics: ['CONTACTS_QUEUED', 'CONTACTS_ABANDONED'] }).map((r) => [r.dimensions, r.values]), [
      [{ QUEUE: q, CHANNEL: 'CHAT' }, { CONTACTS_QUEUED: 4, CONTACTS_ABANDONED: 2 }],
    ]);
    const aliceOnly = rows(world, { filters: { AGENT: [world.userId('alice')] }, metrics: ['CONTACTS_HANDLED', 'AGENT_NON_RESPONSE'] });
    assert.deepEqual(aliceOnly.map((r) => r.values), [{ CONTACTS_HANDLED: 1, AGENT_NON_RESPONSE: 2 }]);
    const p2Only = rows(world, { filters: { ROUTING_PROFILE: [p2] }, metrics: ['CONTACTS_HANDLED', 'AGENT_NON_RESPONSE'] });
    assert.deepEqual(p2Only.map((r) => r.values), [{ CONTACTS_HANDLED: 1, AGENT_NON_RESPONSE: 1 }]);
    assert.deepEqual(rows(world, { filters: { QUEUE: [q], CHANNEL: ['TASK'] } }), []);
    assert.deepEqual(rows(world, { filters: { QUEUE: ['00000009-2223-4000-8000-000000000000'] } }), []);
  });

  test('a query needs a resource filter (QUEUE, ROUTING_PROFILE or AGENT), an end after its start and some metrics', () => {
    const { world } = historicalWorld();
    const base: HistoricalQuery = { start: T0, end: T0 + HOUR, period: 'TOTAL', filters: { QUEUE: [world.queueId] }, groupings: [], metrics: ['CONTACTS_QUEUED'] };
    for (const bad of [
      { ...base, filters: {} }, { ...base, filters: { CHANNEL: ['CHAT' as const] } }, { ...base, filters: { QUEUE: [] } },
      { ...base, end: T0 }, { ...base, metrics: [] },
    ]) {
      const result = historicalMetrics(world.instance, bad);
      assert.ok(isRejection(result), JSON.stringify(bad));
      assert.equal(result.code, 'InvalidRequest');
    }
  });

  test('GetMetricDataV2 windows: less than 3 days for FIFTEEN_MIN, THIRTY_MIN and HOUR, less than 35 for DAY, WEEK and TOTAL; a known time zone; EndTime not after now', () => {
    const { world } = historicalWorld();
    const DAY = 86_400_000;
    const base: HistoricalQuery = { start: T0, end: T0 + HOUR, period: 'TOTAL', filters: { QUEUE: [world.queueId] }, groupings: [], metrics: ['CONTACTS_QUEUED'] };
    const refusal = (query: HistoricalQuery, now?: number) => {
      const result = checkHistoricalQuery(query, now);
      return result && [result.code, result.message];
    };
    for (const period of ['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR'] as const) {
      assert.equal(refusal({ ...base, period, end: T0 + 3 * DAY - 1 }), undefined, period);
      assert.deepEqual(refusal({ ...base, period, end: T0 + 3 * DAY }), ['InvalidParameter', `The difference between StartTime and EndTime must be less than 3 days for IntervalPeriod ${period}`]);
    }
    for (const period of ['DAY', 'WEEK', 'TOTAL'] as const) {
      assert.equal(refusal({ ...base, period, end: T0 + 35 * DAY - 1 }), undefined, period);
      assert.deepEqual(refusal({ ...base, period, end: T0 + 35 * DAY }), ['InvalidParameter', `The difference between StartTime and EndTime must be less than 35 days for IntervalPeriod ${period}`]);
    }
    assert.equal(refusal({ ...base, timeZone: 'Europe/Berlin' }), undefined);
    assert.deepEqual(refusal({ ...base, timeZone: 'Mars/Olympus_Mons' }), ['InvalidParameter', 'Interval.TimeZone: Mars/Olympus_Mons is not a time zone (use an IANA name such as America/New_York)']);
    assert.deepEqual(refusal({ ...base, timeZone: '' })?.[0], 'InvalidParameter');
    assert.equal(refusal(base, T0 + HOUR), undefined, 'EndTime may be now');
    assert.deepEqual(refusal(base, T0 + HOUR - 1), ['InvalidParameter', 'EndTime cannot be later than the current time']);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 9e15]) {
      assert.equal(refusal({ ...base, end: bad })?.[0], 'InvalidParameter', String(bad));
      assert.equal(refusal({ ...base, start: -bad })?.[0], 'InvalidParameter', String(-bad));
    }
    // historicalMetrics refuses the same way (without `now`, which only the shell has).
    const refused = historicalMetrics(world.instance, { ...base, period: 'HOUR', end: T0 + 3 * DAY });
    assert.ok(isRejection(refused) && refused.code === 'InvalidParameter');
  });

  test('seed 004: after 20 seconds the offered contact counts as agent non-response, for that agent', () => {
    const world = new World({ agents: ['alice'] });
    eventsOf(world.setStatus('alice', 'Available'));
    const chat = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS - 1);
    assert.deepEqual(rows(world, { groupings: ['AGENT'], metrics: ['AGENT_NON_RESPONSE'] }), [], 'not before the 20 seconds are up');
    world.advance(1);
    eventsOf(world.expire('alice', chat.contactId));
    const result = rows(world, { groupings: ['AGENT'], metrics: ['AGENT_NON_RESPONSE'] });
    assert.deepEqual(result.map((r) => [r.dimensions.AGENT, r.values.AGENT_NON_RESPONSE]), [[world.userId('alice'), 1]]);
    assert.deepEqual(world.contact(chat.contactId).offers, [{ userId: world.userId('alice'), at: T0, outcome: 'missed', endedAt: T0 + OFFER_TIMEOUT_MS }]);
    // Rejecting is not non-response, and nor is an offer withdrawn because the customer left.
    const other = world.startChat('Ben');
    eventsOf(world.clear('alice', chat.contactId)); // alice is offered a chat again
    eventsOf(world.reject('alice', other.contactId));
    eventsOf(world.disconnect(other.contactId, other.customerId));
    const after = rows(world, { groupings: ['AGENT'], metrics: ['AGENT_NON_RESPONSE'] });
    assert.deepEqual(after.map((r) => r.values.AGENT_NON_RESPONSE), [1]);
  });

  test('a contact that never reached a queue (closed, full, or ended by its flow) is neither queued nor abandoned', () => {
    const world = new World({ agents: [] });
    eventsOf(world.run({ type: 'UpdateQueue', queueId: world.queueId, maxContacts: 0 }));
    const refused = world.startChat('Ann');
    assert.equal(world.contact(refused.contactId).status, 'ended');
    assert.deepEqual(rows(world, {}), []);
  });

  test('SERVICE_LEVEL X: the percentage of contacts removed from the queue (answered or abandoned) less than X seconds after they were queued', () => {
    const { world, p2 } = historicalWorld();
    // Removed from the queue: c1 answered after 25 s, c2 answered after 4 s, c3 abandoned after 10 s, c4 abandoned after 50 s.
    const [total] = rows(world, { metrics: ['SERVICE_LEVEL', 'CONTACTS_HANDLED'], serviceLevelThresholds: [5, 20, 25, 60] });
    assert.deepEqual(total!.serviceLevels, { 5: 25, 20: 50, 25: 50, 60: 100 }, 'less than X: 25 s is not within 25 s');
    assert.deepEqual(total!.values, { CONTACTS_HANDLED: 2 }, 'no SERVICE_LEVEL among the plain values');
    // By the interval it left the queue in (T0 is 1 min 40 s before a quarter hour): c1 (25 s) in the first,
    // c2 (4 s) and c3 (10 s) in the next, c4 (50 s) in the one after.
    const byTime = rows(world, { period: 'FIFTEEN_MIN', metrics: ['SERVICE_LEVEL'], serviceLevelThresholds: [20] });
    assert.deepEqual(byTime.map((r) => r.serviceLevels), [{ 20: 0 }, { 20: 100 }, { 20: 0 }]);
    // An answered contact counts for the routing profile of the agent who answered (bob's P2: c1; alice's: c2); an abandoned one has none.
    const aliceProfile = world.instance.users.get(world.userId('alice'))!.routingProfileId!;
    const byProfile = rows(world, { groupings: ['ROUTING_PROFILE'], metrics: ['SERVICE_LEVEL'], serviceLevelThresholds: [20] });
    assert.deepEqual(Object.fromEntries(byProfile.map((r) => [r.dimensions.ROUTING_PROFILE, r.serviceLevels])), { [p2]: { 20: 0 }, [aliceProfile]: { 20: 100 } });
    // Without thresholds nothing is computed; a group with nobody removed from the queue has no service level.
    assert.equal(rows(world, { metrics: ['SERVICE_LEVEL'] })[0]!.serviceLevels, undefined);
    assert.equal(rows(world, { metrics: ['SERVICE_LEVEL', 'CONTACTS_QUEUED'], serviceLevelThresholds: [20], start: T0 + 2000 * 1000, end: T0 + HOUR })[0], undefined);
  });
});
