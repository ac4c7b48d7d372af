/**
 * The random histories the routing properties run: agents on routing profiles with different
 * priorities, delays, concurrencies (1–10) and cross-channel behaviours; chats and tasks in two queues;
 * statuses (with next status), presence (connect, disconnect, away expiry), offers accepted, rejected
 * and expired, clears, customers leaving, RouteContacts when queue delays run out, queue capacity,
 * agents logging out of sessions whose tokens expire within minutes (so ended sessions are forgotten).
 */
import fc from 'fast-check';
import { pendingDeadlines, type Channel, type CrossChannelBehavior, type Decision } from '../src/index.ts';
import { World, uuid } from './fixtures.ts';
import { NO_CONTACT, advance, advanceArb, agentContactOp, agentOpArb, agentWhere, expireArb, mostlyFalse, participantLeaves, pick, runOps, type RunOptions, type Step } from './histories.ts';

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
  | { kind: 'logout'; agent: number; session: number; life: number; any: boolean }
  | { kind: 'advance'; ms: number };

const agentIndex = fc.nat({ max: 7 });
const contactIndex = fc.nat({ max: 40 });
const rarely = mostlyFalse(5);
const agentOp = (kind: AgentOp) => agentOpArb(kind, agentIndex, contactIndex, rarely);
/** A logout of one of a few sessions per agent, whose token has up to two minutes left (none: refused as expired). */
const logoutArb = fc.record({
  kind: fc.constant('logout' as const), agent: agentIndex, session: fc.nat({ max: 3 }), any: rarely,
  life: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 120_000 }) }),
});

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
  { weight: 2, arbitrary: logoutArb },
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
  { weight: 1, arbitrary: logoutArb },
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
export const historyArb = historyOf(opArb, { min: 3, max: 6 });
export const presenceHistoryArb = historyOf(presenceOpArb, { min: 1, max: 3 });
/** Most histories mix everything; one in four dwells on presence. */
export const anyHistoryArb = fc.oneof({ weight: 3, arbitrary: historyArb }, { weight: 1, arbitrary: presenceHistoryArb });
type History = { profiles: ProfileSpec[]; agents: { profile: number; available: boolean }[]; ops: Op[] };

export interface Ctx {
  world: World;
  names: string[];
  queues: [string, string];
  flows: [string, string];
  lunch: string;
  /** Every contact started or injected, in order. */
  contacts: string[];
  /** Every session a logout ended, with when and its token's expiry: the model the ended-session set must agree with. */
  ended: Map<string, { at: number; expires: number }>;
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
  return { world, names, queues: [q1, q2], flows, lunch, contacts: [], ended: new Map() };
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
    case 'logout': {
      const agent = agentFor(op.agent, op.any);
      const sessionId = sessionIdOf(names.indexOf(agent), op.session);
      const decision = world.logout(agent, sessionId, world.now + op.life);
      if (decision.ok && decision.events.some((e) => e.type === 'AgentSessionEnded')) ctx.ended.set(sessionId, { at: world.now, expires: world.now + op.life });
      return decision;
    }
    case 'advance':
      return advance(world, op.ms);
  }
}

/** The id of an agent's n-th session in a history. */
export const sessionIdOf = (agent: number, n: number): string => uuid(agent * 10 + n + 1, 'eeee');

export const runHistory = (history: History, check: (ctx: Ctx, step: Step<Op>) => void, options: RunOptions<Ctx> = {}): Ctx =>
  runOps(setUp(history), history.ops, apply, check, options);

/** How many histories a routing property runs, unless it says otherwise. */
export const RUNS = { numRuns: 80 } as const;
