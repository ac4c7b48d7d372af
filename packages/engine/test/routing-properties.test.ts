/**
 * Properties of routing over random histories: agents on routing profiles with different priorities,
 * delays, concurrencies (1–10) and cross-channel behaviours; chats and tasks in two queues; statuses
 * (with next status), presence (connect, disconnect, away expiry), offers accepted, rejected and
 * expired, clears, customers leaving, RouteContacts when queue delays run out, queue capacity.
 *
 * Metrics are checked against an independent recount that walks the raw event list, never the state.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CHANNELS, currentMetrics, emptyState, evolve, historicalMetrics, isRejection, pendingDeadlines, replay,
  type Channel, type ContactStatus, type CrossChannelBehavior, type Decision, type Event, type EventType, type HistoricalDimension,
  type HistoricalMetricName, type Instance, type State, type User, type Contact,
} from '../src/index.ts';
import { World, T0 } from './fixtures.ts';
import { serialize } from './serialize.ts';
import { NO_CONTACT, advance, advanceArb, agentContactOp, agentOpArb, agentWhere, concurrencyOf, expireArb, mostlyFalse, offeredTo, participantLeaves, pick, runOps, type RunOptions, type Step } from './histories.ts';
import { offerIndexAgrees, routingAgreesWithScan } from './offerIndexCheck.ts';

// --- the generated world -------------------------------------------------------------------------------

interface ProfileSpec {
  chat: number;
  task: number;
  chatCross: CrossChannelBehavior;
  taskCross: CrossChannelBehavior;
  /** Priority and delay of BasicQueue (Q1) and, if served, SecondQueue (Q2). */
  q1: { priority: number; delay: number };
  q2: { priority: number; delay: number } | null;
  /** Does the profile also take tasks from its queues? */
  tasks: boolean;
}

const crossArb = fc.constantFrom<CrossChannelBehavior>('ROUTE_CURRENT_CHANNEL_ONLY', 'ROUTE_ANY_CHANNEL');
const queueEntryArb = fc.record({ priority: fc.integer({ min: 1, max: 3 }), delay: fc.constantFrom(0, 0, 0, 5, 15, 30) });
const profileArb: fc.Arbitrary<ProfileSpec> = fc.record({
  chat: fc.integer({ min: 1, max: 10 }),
  task: fc.integer({ min: 1, max: 10 }),
  chatCross: crossArb,
  taskCross: crossArb,
  q1: queueEntryArb,
  q2: fc.option(queueEntryArb, { freq: 2 }),
  tasks: fc.boolean(),
});

type Status = 'Available' | 'Offline' | 'Break' | 'Lunch';
type AgentOp = 'accept' | 'reject' | 'clear';
type Op =
  | { kind: 'start'; queue: number }
  | { kind: 'task'; queue: number }
  | { kind: 'status'; agent: number; status: Status; next: boolean; any: boolean }
  | { kind: AgentOp; agent: number; contact: number; any: boolean }
  | { kind: 'expire'; agent: number; contact: number; any: boolean; late: number | null }
  | { kind: 'leave'; contact: number; who: number }
  | { kind: 'stop'; contact: number }
  | { kind: 'connect'; agent: number; any: boolean }
  | { kind: 'disconnectCcp'; agent: number; any: boolean }
  | { kind: 'expireAway'; agent: number; jump: boolean; any: boolean }
  | { kind: 'route'; jump: boolean }
  | { kind: 'capacity'; queue: number; max: number | null }
  | { kind: 'advance'; ms: number };

const agentIndex = fc.nat({ max: 7 });
const contactIndex = fc.nat({ max: 40 });
const rarely = mostlyFalse(5);
const agentOp = (kind: AgentOp) => agentOpArb(kind, agentIndex, contactIndex, rarely);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('start' as const), queue: fc.nat({ max: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('task' as const), queue: fc.nat({ max: 1 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('status' as const), agent: agentIndex,
      status: fc.constantFrom<Status>('Available', 'Available', 'Available', 'Offline', 'Break', 'Lunch'), next: fc.boolean(), any: fc.boolean(),
    }),
  },
  { weight: 5, arbitrary: agentOp('accept') },
  { weight: 2, arbitrary: agentOp('reject') },
  { weight: 4, arbitrary: agentOp('clear') },
  { weight: 3, arbitrary: expireArb(agentIndex, contactIndex, rarely, 3000) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('leave' as const), contact: contactIndex, who: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), contact: contactIndex }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('connect' as const), agent: agentIndex, any: rarely }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnectCcp' as const), agent: agentIndex, any: rarely }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('expireAway' as const), agent: agentIndex, any: rarely,
      jump: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('route' as const), jump: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('capacity' as const), queue: fc.nat({ max: 1 }), max: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 2 }) }) },
  { weight: 3, arbitrary: advanceArb(40_000) },
);

/** Ops weighted towards presence: agents on chats lose their CCP, their chats are taken back, they return. */
const presenceOpArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('start' as const), queue: fc.nat({ max: 1 }) }) },
  { weight: 4, arbitrary: agentOp('accept') },
  { weight: 2, arbitrary: agentOp('clear') },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('disconnectCcp' as const), agent: agentIndex, any: rarely }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('expireAway' as const), agent: agentIndex, any: rarely, jump: fc.constant(true) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('connect' as const), agent: agentIndex, any: rarely }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('status' as const), agent: agentIndex, status: fc.constantFrom<Status>('Available', 'Available', 'Break'), next: fc.boolean(), any: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), contact: contactIndex, who: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5000 }) }) },
);

function historyOf(ops: fc.Arbitrary<Op>, agents: { min: number; max: number }) {
  return fc.record({
    profiles: fc.array(profileArb, { minLength: 2, maxLength: 3 }),
    /** Each agent's profile (index into profiles) and whether they start Available. */
    agents: fc.array(
      fc.record({ profile: fc.nat({ max: 2 }), available: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }),
      { minLength: agents.min, maxLength: agents.max },
    ),
    ops: fc.array(ops, { minLength: 10, maxLength: 100, size: 'max' }),
  });
}
const historyArb = historyOf(opArb, { min: 3, max: 6 });
const presenceHistoryArb = historyOf(presenceOpArb, { min: 1, max: 3 });
/** Most histories mix everything; one in four dwells on presence. */
const anyHistoryArb = fc.oneof({ weight: 3, arbitrary: historyArb }, { weight: 1, arbitrary: presenceHistoryArb });
type History = { profiles: ProfileSpec[]; agents: { profile: number; available: boolean }[]; ops: Op[] };

interface Ctx {
  world: World;
  names: string[];
  queues: [string, string];
  flows: [string, string];
  lunch: string;
  /** Every contact started or injected, in order. */
  contacts: string[];
}

function setUp(history: History): Ctx {
  const world = new World({ agents: [] });
  const q1 = world.queueId;
  const q2 = world.addQueue('SecondQueue');
  const flows: [string, string] = [world.flowId, world.addFlow(q2)];
  const lunch = world.addStatus('Lunch');
  const profiles = history.profiles.map((spec, i) => {
    const queues: { queueId: string; channel: Channel; priority: number; delaySeconds: number }[] = [];
    const entries: [string, { priority: number; delay: number } | null][] = [[q1, spec.q1], [q2, spec.q2]];
    for (const [queueId, entry] of entries) {
      if (!entry) continue;
      for (const channel of spec.tasks ? (['CHAT', 'TASK'] as const) : (['CHAT'] as const)) {
        queues.push({ queueId, channel, priority: entry.priority, delaySeconds: entry.delay });
      }
    }
    return world.addProfile(`P${i}`, {
      queues, concurrency: { CHAT: spec.chat, TASK: spec.task }, crossChannel: { CHAT: spec.chatCross, TASK: spec.taskCross },
    });
  });
  const names = history.agents.map((agent, i) => {
    const name = `agent${i}`;
    world.addAgent(name, profiles[agent.profile % profiles.length]!);
    if (agent.available) world.must({ type: 'SetAgentStatus', userId: world.userId(name), statusId: world.statusIds.Available });
    return name;
  });
  return { world, names, queues: [q1, q2], flows, lunch, contacts: [] };
}

/** Turns one abstract op into a command (or, for tasks, injected facts plus RouteContacts). */
function apply(ctx: Ctx, op: Op): Decision {
  const { world, names, contacts } = ctx;
  const contactAt = (i: number) => pick(contacts, i) ?? NO_CONTACT;
  const agentFor = (i: number, any: boolean) => agentWhere(names, i, any, (n) => world.user(n).contacts.size > 0);
  const isAway = (n: string) => world.user(n).presence === 'away';
  switch (op.kind) {
    case 'start': {
      const chat = world.startChat(`customer${contacts.length}`, { contactFlowId: ctx.flows[op.queue]! });
      if (chat.decision.ok) contacts.push(chat.contactId);
      return chat.decision;
    }
    case 'task': {
      const task = world.injectContact('TASK', ctx.queues[op.queue]!);
      contacts.push(task.contactId);
      return task.decision;
    }
    case 'status': {
      const statusId = op.status === 'Lunch' ? ctx.lunch : world.statusIds[op.status];
      return world.setStatusId(agentFor(op.agent, op.any), statusId, { enqueueNextState: op.next });
    }
    case 'accept':
    case 'reject':
    case 'clear':
    case 'expire':
      return agentContactOp(world, names, op, contactAt);
    case 'leave':
      return participantLeaves(world, contactAt(op.contact), op.who);
    case 'stop':
      return world.stop(contactAt(op.contact));
    case 'connect':
      return world.connect(agentWhere(names, op.agent, op.any, isAway));
    case 'disconnectCcp':
      return world.disconnectCcp(agentWhere(names, op.agent, op.any, (n) => !isAway(n) && [...world.user(n).contacts.values()].some((c) => c.state === 'connected')));
    case 'expireAway': {
      const agent = agentWhere(names, op.agent, op.any, isAway);
      const deadline = world.user(agent).awayDeadline;
      if (op.jump && deadline !== undefined) world.now = Math.max(world.now, deadline);
      return world.expireAway(agent);
    }
    case 'route': {
      if (op.jump) {
        // The shell's view: the next queue-delay timer still to fire.
        const next = pendingDeadlines(world.state)
          .filter((d) => d.command?.type === 'RouteContacts' && d.at !== undefined && d.at > world.now)
          .map((d) => d.at!);
        if (next.length > 0) world.now = Math.min(...next);
      }
      return world.routeContacts();
    }
    case 'capacity':
      return world.run({ type: 'UpdateQueue', queueId: ctx.queues[op.queue]!, maxContacts: op.max });
    case 'advance':
      return advance(world, op.ms);
  }
}

const runHistory = (history: History, check: (ctx: Ctx, step: Step<Op>) => void, options: RunOptions<Ctx> = {}): Ctx =>
  runOps(setUp(history), history.ops, apply, check, options);

// --- an independent recount from the events ------------------------------------------------------------

/** Walks raw events, knowing nothing of the engine's state, and counts what the metrics should say. */
class Recount {
  readonly channelOf = new Map<string, Channel>();
  readonly status = new Map<string, ContactStatus>();
  readonly queueOf = new Map<string, string>();
  readonly answered = new Set<string>();
  /** contact → the agent its offer is out to. */
  readonly offerOut = new Map<string, string>();
  /** user → contacts holding one of their slots (offered, connected, missed, ACW) → channel. */
  readonly slots = new Map<string, Map<string, Channel>>();
  /** contact → its connected agent participants → user. */
  readonly agentsIn = new Map<string, Map<string, string>>();
  readonly profileOf = new Map<string, string>();
  readonly profileServes = new Map<string, { queueId: string; channel: Channel }[]>();
  readonly queued = new Map<string, number>();
  readonly abandoned = new Map<string, number>();
  readonly handled = new Map<string, number>();
  readonly nonResponse = new Map<string, number>();

  constructor(events: Iterable<Event> = []) {
    for (const e of events) this.apply(e);
  }

  apply(e: Event): void {
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    const slotsOf = (userId: string) => {
      let s = this.slots.get(userId);
      if (!s) this.slots.set(userId, (s = new Map()));
      return s;
    };
    const leave = (contactId: string, participantId: string) => {
      const userId = this.agentsIn.get(contactId)?.get(participantId);
      if (userId === undefined) return;
      bump(this.handled, userId);
      this.agentsIn.get(contactId)!.delete(participantId);
    };
    switch (e.type) {
      case 'RoutingProfileCreated':
        this.profileServes.set(e.routingProfileId, e.queues.map((q) => ({ queueId: q.queueId, channel: q.channel })));
        break;
      case 'UserCreated':
        this.profileOf.set(e.userId, e.routingProfileId);
        break;
      case 'ContactInitiated':
        this.channelOf.set(e.contactId, e.channel);
        this.status.set(e.contactId, 'in_flow');
        break;
      case 'ContactQueued':
        this.status.set(e.contactId, 'queued');
        this.queueOf.set(e.contactId, e.queueId);
        bump(this.queued, e.queueId);
        break;
      case 'ContactRequeued':
        this.status.set(e.contactId, 'queued');
        break;
      case 'ContactOffered':
        this.offerOut.set(e.contactId, e.userId);
        slotsOf(e.userId).set(e.contactId, this.channelOf.get(e.contactId)!);
        break;
      case 'OfferRejected':
        this.offerOut.delete(e.contactId);
        slotsOf(e.userId).delete(e.contactId);
        break;
      case 'OfferMissed':
        this.offerOut.delete(e.contactId);
        bump(this.nonResponse, e.userId);
        break;
      case 'ContactAccepted':
        this.offerOut.delete(e.contactId);
        this.status.set(e.contactId, 'connected');
        this.answered.add(e.contactId);
        if (!this.agentsIn.has(e.contactId)) this.agentsIn.set(e.contactId, new Map());
        this.agentsIn.get(e.contactId)!.set(e.participant.id, e.userId);
        break;
      case 'ParticipantLeft':
        leave(e.contactId, e.participantId);
        break;
      case 'ContactEnded': {
        this.status.set(e.contactId, 'ended');
        const offeredTo = this.offerOut.get(e.contactId);
        if (offeredTo !== undefined) {
          slotsOf(offeredTo).delete(e.contactId); // withdrawn
          this.offerOut.delete(e.contactId);
        }
        for (const participantId of [...(this.agentsIn.get(e.contactId)?.keys() ?? [])]) leave(e.contactId, participantId);
        const queueId = this.queueOf.get(e.contactId);
        if (queueId !== undefined && !this.answered.has(e.contactId)) bump(this.abandoned, queueId);
        break;
      }
      case 'AgentContactCleared':
        slotsOf(e.userId).delete(e.contactId);
        break;
      default:
        break;
    }
  }

  staffed(userId: string, queueIds: readonly string[], channels: readonly Channel[]): boolean {
    return (this.profileServes.get(this.profileOf.get(userId)!) ?? []).some((q) => queueIds.includes(q.queueId) && channels.includes(q.channel));
  }

  inQueue(queueIds: readonly string[], channels: readonly Channel[]): number {
    let n = 0;
    for (const [contactId, status] of this.status) {
      if (status === 'queued' && queueIds.includes(this.queueOf.get(contactId)!) && channels.includes(this.channelOf.get(contactId)!)) n++;
    }
    return n;
  }

  slotsActive(queueIds: readonly string[], channels: readonly Channel[]): number {
    let n = 0;
    for (const userId of this.profileOf.keys()) {
      if (!this.staffed(userId, queueIds, channels)) continue;
      for (const channel of this.slots.get(userId)?.values() ?? []) if (channels.includes(channel)) n++;
    }
    return n;
  }
}

type Table = Record<string, Partial<Record<HistoricalMetricName, number>>>;

/** historicalMetrics over the whole history (TOTAL), grouped by one dimension, zeros left out. */
function historicalTable(instance: Instance, queueIds: string[], now: number, grouping: HistoricalDimension, metrics: HistoricalMetricName[]): Table {
  const rows = historicalMetrics(instance, { start: T0, end: now + 1, period: 'TOTAL', filters: { QUEUE: queueIds }, groupings: [grouping], metrics });
  if (isRejection(rows)) throw new Error(rows.message);
  const table: Table = {};
  for (const row of rows) {
    for (const metric of metrics) {
      const value = row.values[metric] ?? 0;
      if (value !== 0) (table[row.dimensions[grouping]!] ??= {})[metric] = value;
    }
  }
  return table;
}

function recountTable(columns: Partial<Record<HistoricalMetricName, Map<string, number>>>, key: (k: string) => string = (k) => k): Table {
  const table: Table = {};
  for (const [metric, counts] of Object.entries(columns) as [HistoricalMetricName, Map<string, number>][]) {
    for (const [k, n] of counts) {
      if (n === 0) continue;
      const row = (table[key(k)] ??= {});
      row[metric] = (row[metric] ?? 0) + n;
    }
  }
  return table;
}

const slotsOfChannel = (instance: Instance, userId: string, channel: Channel) =>
  [...instance.users.get(userId)!.contacts.values()].filter((c) => c.channel === channel).length;

/**
 * Written from the rules, not from the engine's helpers: the agent is Available, CCP connected, without
 * a missed contact, does not hold the contact already, their profile serves its queue and channel, its
 * delay has run out, and they have a free slot the cross-channel behaviour of what they hold allows.
 */
function couldBeOffered(instance: Instance, user: User, contact: Contact, now: number): boolean {
  if (instance.agentStatuses.get(user.statusId)?.type !== 'ROUTABLE' || user.presence !== 'present') return false;
  if ([...user.contacts.values()].some((c) => c.state === 'missed') || user.contacts.has(contact.id)) return false;
  const profile = instance.routingProfiles.get(user.routingProfileId)!;
  const entry = profile.queues.find((q) => q.queueId === contact.queueId && q.channel === contact.channel);
  if (!entry || now - contact.enqueuedAt! < entry.delaySeconds * 1000) return false;
  if (slotsOfChannel(instance, user.id, contact.channel) >= concurrencyOf(instance, profile.id, contact.channel)) return false;
  return profile.mediaConcurrencies.every((m) => m.channel === contact.channel || m.crossChannelBehavior === 'ROUTE_ANY_CHANNEL' || slotsOfChannel(instance, user.id, m.channel) === 0);
}

/** Events after which the engine's routing looks for offers (and must then leave none possible). */
const ROUTING_TRIGGERS = new Set<EventType>([
  'ContactQueued', 'ContactRequeued', 'OfferRejected', 'OfferMissed', 'AgentStatusChanged', 'AgentPresenceChanged',
  'AgentContactCleared', 'ContactEnded', 'UserCreated', 'RoutingProfileCreated', 'QueueUpdated',
]);

const RUNS = { numRuns: 80 } as const;

describe('routing properties over random histories', () => {
  test('offers go only to agents who are Available, CCP connected, without a missed contact, with a free slot the cross-channel behaviour allows, after the queue delay, one agent per contact', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      // A shadow state follows the live one event by event, so each offer is checked against the state it was made in.
      let shadow: State = emptyState();
      runHistory(history, (ctx, step) => {
        for (const event of step.events) {
          if (event.type === 'ContactOffered') {
            const instance = shadow.instances.get(event.instanceId)!;
            const user = instance.users.get(event.userId)!;
            const contact = instance.contacts.get(event.contactId)!;
            const profile = instance.routingProfiles.get(user.routingProfileId)!;
            assert.equal(instance.agentStatuses.get(user.statusId)?.type, 'ROUTABLE', `${user.username} is not Available`);
            assert.equal(user.presence, 'present', `${user.username} is away`);
            assert.ok(![...user.contacts.values()].some((c) => c.state === 'missed'), `${user.username} has a missed contact`);
            assert.equal(contact.status, 'queued');
            assert.equal(contact.offer, undefined, 'the contact already had an offer out');
            const entry = profile.queues.find((q) => q.queueId === contact.queueId && q.channel === contact.channel);
            assert.ok(entry, `${user.username}'s profile does not serve the contact's queue and channel`);
            assert.ok(event.at - contact.enqueuedAt! >= entry.delaySeconds * 1000, 'offered before the queue delay ran out');
            assert.ok(slotsOfChannel(instance, user.id, contact.channel) < concurrencyOf(instance, profile.id, contact.channel), 'no free slot');
            for (const m of profile.mediaConcurrencies) {
              if (m.channel !== contact.channel && m.crossChannelBehavior === 'ROUTE_CURRENT_CHANNEL_ONLY') {
                assert.equal(slotsOfChannel(instance, user.id, m.channel), 0, `${user.username} holds ${m.channel}, which routes its own channel only`);
              }
            }
            assert.equal(event.deadline, event.at + 20_000);
          }
          evolve(shadow, event);
        }
        // Offers are made last in a step: whoever got one is still offerable when the step ends.
        const instance = ctx.world.instance;
        for (const event of step.events) {
          if (event.type !== 'ContactOffered') continue;
          const user = instance.users.get(event.userId)!;
          assert.equal(instance.agentStatuses.get(user.statusId)?.type, 'ROUTABLE');
          assert.equal(user.presence, 'present');
        }
        // One offer per contact at a time.
        for (const contact of instance.contacts.values()) {
          const incoming = offeredTo(instance, contact.id);
          assert.ok(incoming.length <= 1, `${contact.id} is incoming on ${incoming.length} agents`);
          if (contact.offer) {
            assert.equal(contact.status, 'queued');
            assert.deepEqual(incoming.map((u) => u.id), [contact.offer.userId]);
          } else assert.equal(incoming.length, 0);
        }
      }, { onStart: (ctx) => { shadow = replay(ctx.world.events, emptyState()); } });
    }), RUNS);
  });

  test('no agent ever holds more contacts of a channel than their concurrency, and every contact is in exactly one of in_flow, queued, connected, ended', () => {
    const statuses = new Set<ContactStatus>(['in_flow', 'queued', 'connected', 'ended']);
    fc.assert(fc.property(anyHistoryArb, (history) => {
      let recount = new Recount();
      runHistory(history, (ctx, step) => {
        for (const event of step.events) recount.apply(event);
        const instance = ctx.world.instance;
        for (const user of instance.users.values()) {
          for (const channel of CHANNELS) {
            const held = slotsOfChannel(instance, user.id, channel);
            assert.ok(held <= concurrencyOf(instance, user.routingProfileId, channel), `${user.username} holds ${held} ${channel} contacts`);
          }
        }
        assert.deepEqual([...instance.contacts.keys()].sort(), [...recount.status.keys()].sort());
        for (const contact of instance.contacts.values()) {
          assert.ok(statuses.has(contact.status));
          assert.equal(contact.status, recount.status.get(contact.id), `${contact.id}: the events say ${recount.status.get(contact.id)}`);
          if (contact.status === 'queued') assert.ok(contact.queueId !== undefined && contact.enqueuedAt !== undefined);
          if (contact.status === 'ended') assert.equal(contact.offer, undefined);
        }
      }, { onStart: (ctx) => { recount = new Recount(ctx.world.events); } });
    }), RUNS);
  });

  test('after routing has run, no waiting contact could still be offered to any agent (RouteContacts makes the offers a delay held back)', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      runHistory(history, (ctx, step) => {
        if (!step.decision.ok) return;
        if (step.op.kind !== 'route' && !step.decision.events.some((e) => ROUTING_TRIGGERS.has(e.type))) return;
        const { instance, now } = ctx.world;
        for (const contact of instance.contacts.values()) {
          if (contact.status !== 'queued' || contact.offer) continue;
          for (const user of instance.users.values()) {
            assert.equal(couldBeOffered(instance, user, contact, now), false, `${contact.id} could still go to ${user.username} after ${step.op.kind}`);
          }
        }
      });
    }), RUNS);
  });

  test('a rejected command (or one with no events) changes nothing', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      runHistory(history, (ctx, step) => {
        if (step.op.kind === 'task') return; // injected facts, not a command
        if (!step.decision.ok || step.decision.events.length === 0) {
          const why = step.decision.ok ? 'with no events' : `refused (${step.decision.rejection.message})`;
          assert.equal(serialize(ctx.world.state), step.before, `${step.op.kind} ${why} changed the state`);
        }
      }, { serializeBefore: true });
    }), { numRuns: 30 });
  });

  test('replaying all the events into an empty state rebuilds the live state exactly', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      const { world } = runHistory(history, () => {});
      assert.equal(serialize(replay(world.events, emptyState())), serialize(world.state));
    }), RUNS);
  });

  test('the offer index equals a recount after every step, and routing through it picks what a scan of every agent picks, after every event', () => {
    let offers = 0;
    fc.assert(fc.property(anyHistoryArb, (history) => {
      const { world } = runHistory(history, (ctx) => offerIndexAgrees(ctx.world.instance));
      offers += routingAgreesWithScan(world.events);
    }), RUNS);
    assert.ok(offers > 0, 'no state had an offer to make');
  });

  test('metrics equal a recount from the events: CONTACTS_IN_QUEUE and SLOTS_ACTIVE after every step; queued, handled, abandoned and non-response at the end', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      let recount = new Recount();
      const ctx = runHistory(history, (ctx, step) => {
        for (const event of step.events) recount.apply(event);
        const { instance, now } = ctx.world;
        const queueIds = [...ctx.queues];
        const channels: Channel[] = ['CHAT', 'TASK'];
        const grouped = currentMetrics(instance, { queueIds, channels, groupings: ['QUEUE', 'CHANNEL'], metrics: ['CONTACTS_IN_QUEUE', 'SLOTS_ACTIVE'] }, now);
        const expected = queueIds.flatMap((q) => channels.map((ch) => ({
          queueId: q, channel: ch, values: { CONTACTS_IN_QUEUE: recount.inQueue([q], [ch]), SLOTS_ACTIVE: recount.slotsActive([q], [ch]) },
        })));
        assert.deepEqual(grouped, expected);
        const [total] = currentMetrics(instance, { queueIds, channels, metrics: ['CONTACTS_IN_QUEUE', 'SLOTS_ACTIVE'] }, now);
        assert.deepEqual(total!.values, { CONTACTS_IN_QUEUE: recount.inQueue(queueIds, channels), SLOTS_ACTIVE: recount.slotsActive(queueIds, channels) });
      }, { onStart: (ctx) => { recount = new Recount(ctx.world.events); } });

      // Historical metrics over the final state against a fresh recount of the whole event list.
      const fresh = new Recount(ctx.world.events);
      const { instance, now } = ctx.world;
      const queueIds = [...ctx.queues];
      assert.deepEqual(
        historicalTable(instance, queueIds, now, 'QUEUE', ['CONTACTS_QUEUED', 'CONTACTS_ABANDONED']),
        recountTable({ CONTACTS_QUEUED: fresh.queued, CONTACTS_ABANDONED: fresh.abandoned }),
      );
      assert.deepEqual(
        historicalTable(instance, queueIds, now, 'AGENT', ['CONTACTS_HANDLED', 'AGENT_NON_RESPONSE']),
        recountTable({ CONTACTS_HANDLED: fresh.handled, AGENT_NON_RESPONSE: fresh.nonResponse }),
      );
      assert.deepEqual(
        historicalTable(instance, queueIds, now, 'ROUTING_PROFILE', ['CONTACTS_HANDLED', 'AGENT_NON_RESPONSE']),
        recountTable({ CONTACTS_HANDLED: fresh.handled, AGENT_NON_RESPONSE: fresh.nonResponse }, (userId) => fresh.profileOf.get(userId)!),
      );
    }), RUNS);
  });

  test('an agent with a next status always holds a contact (the next status is taken when the last one goes)', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      runHistory(history, (ctx) => {
        for (const user of ctx.world.instance.users.values()) {
          if (user.nextStatusId !== undefined) assert.ok(user.contacts.size > 0, `${user.username} has a next status and no contact`);
        }
      });
    }), { numRuns: 50 });
  });

  test('a contact is never offered to an agent who already holds it', () => {
    fc.assert(fc.property(fc.oneof(historyArb, presenceHistoryArb), (history) => {
      let shadow: State = emptyState();
      runHistory(history, (_ctx, step) => {
        for (const event of step.events) {
          if (event.type === 'ContactOffered') {
            const user = shadow.instances.get(event.instanceId)!.users.get(event.userId)!;
            assert.equal(user.contacts.has(event.contactId), false, `${user.username} already holds ${event.contactId} (${user.contacts.get(event.contactId)?.state})`);
          }
          evolve(shadow, event);
        }
      }, { onStart: (ctx) => { shadow = replay(ctx.world.events, emptyState()); } });
    }), { numRuns: 100 });
  });

  test('the histories exercise the rules (sanity check of the generator)', () => {
    const seen = new Set<EventType>();
    const rules = new Set<string>();
    let offersByRouteContacts = 0, taskOffers = 0, requeuedThenOffered = 0, commands = 0;
    fc.assert(fc.property(anyHistoryArb, (history) => {
      runHistory(history, (ctx, step) => {
        if (step.op.kind !== 'advance') commands++;
        if (step.decision.ok) {
          for (const e of step.events) seen.add(e.type);
          const offers = step.decision.events.filter((e) => e.type === 'ContactOffered');
          if (step.op.kind === 'route') offersByRouteContacts += offers.length;
          taskOffers += offers.filter((e) => ctx.world.contact(e.contactId).channel === 'TASK').length;
          if (step.decision.events.some((e) => e.type === 'ContactRequeued') && offers.length > 0) requeuedThenOffered++;
        } else if (step.decision.rejection.rule) rules.add(step.decision.rejection.rule);
      });
    }), { numRuns: 100, seed: 42 });
    for (const type of [
      'ContactOffered', 'OfferRejected', 'OfferMissed', 'ContactAccepted', 'ContactEnded', 'AgentContactCleared', 'ParticipantLeft',
      'ContactRequeued', 'NextAgentStatusSet', 'AgentStatusChanged', 'AgentPresenceChanged', 'QueueUpdated',
    ] as const) assert.ok(seen.has(type), `no history produced ${type}`);
    for (const rule of ['offer-lasts-20-seconds', 'stale-timer', 'clear-only-missed-or-acw', 'accept-only-incoming']) {
      assert.ok(rules.has(rule), `no history hit the rule ${rule}`);
    }
    assert.ok(offersByRouteContacts > 0, 'RouteContacts never made an offer');
    assert.ok(taskOffers > 0, 'no task was ever offered');
    assert.ok(requeuedThenOffered > 0, 'no chat taken back from an away agent went to another agent');
    assert.ok(commands > 3000, `only ${commands} commands`);
  });
});
