/**
 * Random voice histories (seed 000), in both modes, for the property tests (voice-properties, and the
 * archive property over calls): calls dialled in and placed out, offered, accepted, rejected and missed;
 * agents adding and transferring (agent, queue and phone quick connects, dialled numbers), holding,
 * resuming, muting, unmuting, disconnecting, Join, Swap, Hold all; callers and external parties
 * answering, declining, hanging up and unmuting; agents clearing after contact work; the Connect API
 * updating a contact's attributes and stopping a contact (any contact of any call, ended ones too).
 */
import fc from 'fast-check';
import type { CallOperation, Decision, VoiceCall } from '../src/index.ts';
import { CALLER, CallWorld } from './callFixtures.ts';
import type { World } from './fixtures.ts';
import { pick, runOps, type RunOptions, type Step } from './histories.ts';

export const AGENTS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const TARGETS = [...AGENTS, 'queue', 'phone', '+12065550142', '+12065550143', '+12065550144'];
const OPS: CallOperation[] = ['hold', 'resume', 'disconnect', 'mute', 'unmute', 'join', 'swap', 'holdAll'];

export type Op =
  | { kind: 'dialIn' }
  | { kind: 'outbound'; agent: number }
  | { kind: 'available' | 'clear'; agent: number }
  | { kind: 'accept' | 'reject' | 'expire'; agent: number }
  | { kind: 'add' | 'transfer'; call: number; actor: number; target: number }
  | { kind: 'control'; call: number; actor: number; op: CallOperation; party: number; self: boolean }
  | { kind: 'phone'; call: number; party: number; action: 'answer' | 'decline' | 'hangup' | 'unmute' }
  | { kind: 'attributes' | 'stop'; call: number; leg: number }
  | { kind: 'route' }
  | { kind: 'advance'; ms: number };

const i = fc.nat({ max: 11 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'dialIn' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outbound' as const), agent: i }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('available' as const), agent: i }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clear' as const), agent: i }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('accept' as const), agent: i }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('reject' as const, 'expire' as const), agent: i }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('add' as const), call: i, actor: i, target: fc.nat({ max: TARGETS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transfer' as const), call: i, actor: i, target: fc.nat({ max: TARGETS.length - 1 }) }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('control' as const), call: i, actor: i, op: fc.constantFrom(...OPS), party: i, self: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('phone' as const), call: i, party: i, action: fc.constantFrom('answer' as const, 'answer' as const, 'decline' as const, 'hangup' as const, 'unmute' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('attributes' as const, 'stop' as const), call: i, leg: i }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'route' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5000 }) }) },
);

/** Mostly adding, answering and joining: calls fill up to their limit. */
const crowdedOpArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('add' as const), call: i, actor: i, target: fc.nat({ max: TARGETS.length - 1 }) }) },
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('accept' as const), agent: i }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('phone' as const), call: i, party: i, action: fc.constant('answer' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('available' as const), agent: i }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('control' as const), call: i, actor: i, op: fc.constant('join' as const), party: i, self: fc.constant(true) }) },
  { weight: 3, arbitrary: opArb },
);

export interface History { multiParty: boolean; ops: Op[] }
// Every history starts with a call answered by alice, so there is a call to work on.
const opening: Op[] = [{ kind: 'available', agent: 0 }, { kind: 'dialIn' }, { kind: 'accept', agent: 0 }, ...[1, 2, 3, 4, 5].map((agent) => ({ kind: 'available' as const, agent }))];
const mixedHistoryArb: fc.Arbitrary<History> = fc.record({
  multiParty: fc.boolean(),
  ops: fc.array(opArb, { minLength: 20, maxLength: 80, size: 'max' }).map((ops): Op[] => [...opening, ...ops]),
});
const crowdedHistoryArb: fc.Arbitrary<History> = fc.record({
  multiParty: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  ops: fc.array(crowdedOpArb, { minLength: 20, maxLength: 60, size: 'max' }).map((ops): Op[] => [...opening, ...ops]),
});
export const historyArb = fc.oneof({ weight: 2, arbitrary: mixedHistoryArb }, { weight: 1, arbitrary: crowdedHistoryArb });

/** Calls that end (hang-ups, StopContact) and are cleared often, then named again: for the archive property. */
const finishingOpArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: opArb },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('add' as const, 'transfer' as const), call: i, actor: i, target: fc.nat({ max: TARGETS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('phone' as const), call: i, party: i, action: fc.constant('hangup' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('clear' as const), agent: i }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('attributes' as const, 'stop' as const), call: i, leg: i }) },
);
export const finishingHistoryArb: fc.Arbitrary<History> = fc.record({
  multiParty: fc.boolean(),
  ops: fc.array(finishingOpArb, { minLength: 20, maxLength: 80, size: 'max' }).map((ops): Op[] => [...opening, ...ops]),
});

/** `world` is `w.world` (runOps reads it there). */
export interface Ctx { w: CallWorld; world: World; calls: string[] }

export function newCtx(history: History): Ctx {
  const w = new CallWorld({ multiParty: history.multiParty });
  return { w, world: w.world, calls: [] };
}

export const present = (call: VoiceCall) => call.parties.filter((p) => p.state !== 'disconnected');
const NOTHING: Decision = { ok: true, events: [] };

export function apply(ctx: Ctx, op: Op): Decision {
  const { w, calls } = ctx;
  const world = w.world;
  const liveCalls = calls.filter((id) => !w.ended(id));
  const offered = (agent: string) => [...world.user(agent).contacts.values()].find((c) => c.state === 'incoming');
  switch (op.kind) {
    case 'dialIn': {
      const { callId, decision } = w.dialIn();
      if (decision.ok) calls.push(callId);
      return decision;
    }
    case 'outbound': {
      const contactId = w.partyId();
      const decision = world.run({ type: 'StartOutboundCall', userId: world.userId(pick(AGENTS, op.agent)!), contactId, agentPartyId: w.partyId(), customerPartyId: w.partyId(), phoneNumber: CALLER });
      if (decision.ok) calls.push(contactId);
      return decision;
    }
    case 'available': {
      const agent = pick(AGENTS, op.agent)!;
      return world.instance.agentStatuses.get(world.user(agent).statusId)?.type === 'ROUTABLE' ? NOTHING : world.setStatus(agent, 'Available');
    }
    case 'clear': {
      // Usually an agent with something to clear.
      const agents = AGENTS.filter((a) => [...world.user(a).contacts.values()].some((c) => c.state === 'ended' || c.state === 'missed'));
      const agent = pick(agents.length > 0 ? agents : AGENTS, op.agent)!;
      const done = [...world.user(agent).contacts.values()].find((c) => c.state === 'ended' || c.state === 'missed');
      return world.clear(agent, done?.contactId ?? calls[0]!);
    }
    case 'accept':
    case 'reject':
    case 'expire': {
      const agents = AGENTS.filter((a) => offered(a));
      const agent = pick(agents.length > 0 ? agents : AGENTS, op.agent)!;
      const offer = offered(agent);
      if (op.kind === 'expire' && offer?.offerDeadline !== undefined) world.now = Math.max(world.now, offer.offerDeadline);
      const contactId = offer?.contactId ?? calls[0]!;
      return op.kind === 'accept' ? world.accept(agent, contactId) : op.kind === 'reject' ? world.reject(agent, contactId) : world.expire(agent, contactId);
    }
    case 'add':
    case 'transfer': {
      const callId = pick(liveCalls, op.call) ?? calls[0]!;
      const agents = present(w.call(callId)).filter((p) => p.kind === 'agent' && p.state !== 'connecting').map((p) => AGENTS.find((a) => world.userId(a) === p.userId)!);
      const actor = pick(agents, op.actor);
      if (!actor) return NOTHING;
      const target = pick(TARGETS, op.target)!;
      return op.kind === 'add' ? w.add(actor, callId, target) : w.transfer(actor, callId, target);
    }
    case 'control': {
      const callId = pick(liveCalls, op.call) ?? calls[0]!;
      const call = w.call(callId);
      const agents = present(call).filter((p) => p.kind === 'agent' && p.state !== 'connecting').map((p) => AGENTS.find((a) => world.userId(a) === p.userId)!);
      const actor = pick(agents, op.actor);
      if (!actor) return NOTHING;
      const party = op.self ? w.party(callId, actor) : pick(present(call), op.party);
      return w.control(actor, callId, op.op, party?.id);
    }
    case 'phone': {
      const callId = pick(liveCalls, op.call) ?? calls[0]!;
      const phones = present(w.call(callId)).filter((p) => p.kind !== 'agent');
      const party = pick(phones, op.party);
      return party ? w.phone(callId, party.id, op.action) : NOTHING;
    }
    case 'route':
      return world.routeContacts();
    case 'attributes':
    case 'stop': {
      // Any contact of any call, ended (and archived) ones too.
      const contactId = pick(w.call(pick(calls, op.call)!).chain, op.leg)!;
      return op.kind === 'attributes'
        ? world.run({ type: 'UpdateContactAttributes', contactId, attributes: { [`k${op.leg % 3}`]: `v${op.call}` } })
        : world.stop(contactId);
    }
    case 'advance':
      world.advance(op.ms);
      return NOTHING;
  }
}

export const runHistory = (history: History, check: (ctx: Ctx, step: Step<Op>) => void, options: RunOptions<Ctx> = {}): Ctx =>
  runOps(newCtx(history), history.ops, apply, check, options);

export const allCalls = (ctx: Ctx) => ctx.calls.map((id) => ctx.w.call(id));