/**
 * Properties of voice calls over random histories (seed 000), in both modes: calls dialled in and
 * placed out, offered, accepted, rejected and missed; agents adding and transferring (agent, queue and
 * phone quick connects, dialled numbers), holding, resuming, muting, unmuting, disconnecting, Join,
 * Swap, Hold all; callers and external parties answering, declining, hanging up and unmuting; agents
 * clearing after contact work. Invariants are checked after every step.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_MULTI_PARTY_CALL, MAX_THREE_PARTY_CALL, emptyState, hearingMatrix, replay,
  type CallOperation, type Decision, type Event, type VoiceCall,
} from '../src/index.ts';
import { CALLER, CallWorld } from './callFixtures.ts';
import { serialize } from './serialize.ts';
import { offerIndexAgrees } from './offerIndexCheck.ts';
import { DeltaCheck } from './deltaCheck.ts';

const AGENTS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const TARGETS = [...AGENTS, 'queue', 'phone', '+12065550142', '+12065550143', '+12065550144'];
const OPS: CallOperation[] = ['hold', 'resume', 'disconnect', 'mute', 'unmute', 'join', 'swap', 'holdAll'];

type Op =
  | { kind: 'dialIn' }
  | { kind: 'outbound'; agent: number }
  | { kind: 'available' | 'clear'; agent: number }
  | { kind: 'accept' | 'reject' | 'expire'; agent: number }
  | { kind: 'add' | 'transfer'; call: number; actor: number; target: number }
  | { kind: 'control'; call: number; actor: number; op: CallOperation; party: number; self: boolean }
  | { kind: 'phone'; call: number; party: number; action: 'answer' | 'decline' | 'hangup' | 'unmute' }
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

interface History { multiParty: boolean; ops: Op[] }
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
const historyArb = fc.oneof({ weight: 2, arbitrary: mixedHistoryArb }, { weight: 1, arbitrary: crowdedHistoryArb });

interface Ctx { w: CallWorld; calls: string[] }

const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);
const present = (call: VoiceCall) => call.parties.filter((p) => p.state !== 'disconnected');
const NOTHING: Decision = { ok: true, events: [] };

function apply(ctx: Ctx, op: Op): Decision {
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
    case 'advance':
      world.advance(op.ms);
      return NOTHING;
  }
}

interface Step { op: Op; decision: Decision; events: Event[] }

function runHistory(history: History, check: (ctx: Ctx, step: Step) => void): Ctx {
  const ctx: Ctx = { w: new CallWorld({ multiParty: history.multiParty }), calls: [] };
  for (const op of history.ops) {
    const logged = ctx.w.world.events.length;
    const decision = apply(ctx, op);
    check(ctx, { op, decision, events: ctx.w.world.events.slice(logged) });
  }
  return ctx;
}

const allCalls = (ctx: Ctx) => ctx.calls.map((id) => ctx.w.call(id));
/** VOICE_RUNS=2000 to search harder. */
const RUNS = { numRuns: Number(process.env.VOICE_RUNS ?? 80) };

describe('voice call properties over random histories', () => {
  test('a call never holds more than six parties (three in a three-party call)', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (ctx) => {
        for (const call of allCalls(ctx)) {
          const max = call.mode === 'multi-party' ? MAX_MULTI_PARTY_CALL : MAX_THREE_PARTY_CALL;
          assert.equal(call.mode, history.multiParty ? 'multi-party' : 'three-party');
          assert.ok(present(call).length <= max, `${call.id} has ${present(call).length} parties (${call.mode})`);
        }
      });
    }), RUNS);
  });

  test('nobody hears a held, connecting or disconnected party, nor a muted one; such parties hear nobody', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (ctx) => {
        for (const call of allCalls(ctx)) {
          const matrix = hearingMatrix(call);
          for (const listener of call.parties) {
            const heard = matrix[listener.id];
            if (listener.state === 'disconnected') { assert.equal(heard, undefined); continue; }
            if (listener.state !== 'connected') assert.deepEqual(heard, [], `a ${listener.state} party hears nobody`);
            for (const speakerId of heard ?? []) {
              const speaker = call.parties.find((p) => p.id === speakerId)!;
              assert.notEqual(speaker.id, listener.id);
              assert.equal(speaker.state, 'connected', `a ${speaker.state} party is heard`);
              assert.equal(speaker.muted, false, 'a muted party is heard');
            }
            // And every connected, unmuted other party is heard by a connected listener.
            if (listener.state === 'connected') {
              const expected = call.parties.filter((p) => p !== listener && p.state === 'connected' && !p.muted).map((p) => p.id);
              assert.deepEqual(heard, expected);
            }
          }
        }
      });
    }), RUNS);
  });

  test('only the muted party unmutes themselves', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (_ctx, step) => {
        for (const e of step.events) if (e.type === 'CallPartyMuteChanged' && !e.muted) assert.equal(e.by, e.partyId, 'unmuted by someone else');
      });
    }), RUNS);
  });

  test('the call ends exactly when the end rule says, and every contact of its chain ends with it', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (ctx) => {
        for (const call of allCalls(ctx)) {
          const on = present(call);
          const agentEver = call.parties.some((p) => p.kind === 'agent');
          const shouldEnd = !on.some((p) => p.kind === 'customer' || p.kind === 'agent') || (agentEver && on.length < 2);
          assert.equal(call.endedAt !== undefined, shouldEnd, `${call.id}: ended=${call.endedAt !== undefined}, present ${on.map((p) => `${p.kind}:${p.state}`).join(' ')}`);
          if (call.endedAt === undefined) continue;
          for (const contactId of call.chain) assert.equal(ctx.w.world.contact(contactId).status, 'ended', `${contactId} outlived its call`);
          for (const user of ctx.w.world.instance.users.values()) {
            for (const contactId of call.chain) {
              const held = user.contacts.get(contactId);
              if (held) assert.ok(held.state === 'ended' || held.state === 'missed', `${user.username} is ${held.state} on a contact of an ended call`);
            }
          }
        }
      });
    }), RUNS);
  });

  test('an agent holds at most one voice slot, and is on at most one live call', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (ctx) => {
        for (const user of ctx.w.world.instance.users.values()) {
          assert.ok((user.held.VOICE ?? 0) <= 1, `${user.username} holds ${user.held.VOICE} voice slots`);
          const live = [...user.contacts.values()].filter((c) => c.channel === 'VOICE' && (c.state === 'incoming' || c.state === 'connected'));
          assert.ok(live.length <= 1, `${user.username} has ${live.length} live calls`);
          const onCalls = allCalls(ctx).filter((call) => present(call).some((p) => p.kind === 'agent' && p.userId === user.id && p.state !== 'connecting'));
          assert.ok(onCalls.length <= 1, `${user.username} is a party of ${onCalls.length} calls`);
        }
      });
    }), RUNS);
  });

  test('the offer index (agents who can take a contact, longest idle first) equals a recount after every step of a call history', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (ctx) => offerIndexAgrees(ctx.w.world.instance));
    }), RUNS);
  });

  test('replaying the recorded events from scratch rebuilds the same state', () => {
    fc.assert(fc.property(historyArb, (history) => {
      const { w } = runHistory(history, () => {});
      assert.equal(serialize(replay(w.world.events, emptyState())), serialize(w.world.state));
    }), RUNS);
  });

  test('a refused command changes nothing', () => {
    fc.assert(fc.property(historyArb, (history) => {
      let before = '';
      const ctx: Ctx = { w: new CallWorld({ multiParty: history.multiParty }), calls: [] };
      for (const op of history.ops) {
        if (op.kind !== 'advance') before = serialize(ctx.w.world.state);
        const decision = apply(ctx, op);
        if (!decision.ok) assert.equal(serialize(ctx.w.world.state), before, `${op.kind} refused (${decision.rejection.rule}) changed the state`);
      }
    }), { numRuns: 25 });
  });

  test('an agent\'s CCP delta (every contact of a call changes with it) applied to their last snapshot equals a fresh snapshot after every step of a call history', () => {
    fc.assert(fc.property(historyArb, (history) => {
      const check = new DeltaCheck();
      runHistory(history, (ctx, step) => check.step(ctx.w.world.instance, step.events));
    }), RUNS);
  });

  test('the histories exercise the rules (sanity check of the generator)', () => {
    const rules = new Set<string>();
    const seen = new Set<string>();
    let full = 0, fullThree = 0;
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (ctx, step) => {
        if (!step.decision.ok) { if (step.decision.rejection.rule) rules.add(step.decision.rejection.rule); return; }
        for (const e of step.events) {
          seen.add(e.type);
          if (e.type === 'CallPartyLeft') seen.add(`left:${e.reason}`);
        }
        for (const call of allCalls(ctx)) {
          if (present(call).length === MAX_MULTI_PARTY_CALL) full++;
          if (call.mode === 'three-party' && present(call).length === MAX_THREE_PARTY_CALL) fullThree++;
        }
      });
    }), { numRuns: 80, seed: 42 });
    for (const type of ['CallPartyAdded', 'CallJoined', 'CallPartyLeft', 'CallEnded', 'CallPartyMuteChanged', 'ContactAccepted', 'left:THIRD_PARTY_DISCONNECT', 'left:CUSTOMER_DISCONNECT']) {
      assert.ok(seen.has(type), `no history produced ${type}`);
    }
    for (const rule of [
      'three-party-at-most-three-parties', 'three-party-only-the-controlling-agent-controls-parties', 'three-party-agents-mute-only-themselves',
      'multi-party-no-add-while-dialling', 'only-the-participant-unmutes-themselves', 'swap-only-with-three-parties', 'hold-only-connected-parties',
      'multi-party-at-most-six-parties', 'three-party-held-secondary-cannot-resume-themselves', 'three-party-only-the-primary-disconnects-parties',
    ]) assert.ok(rules.has(rule), `no history hit the rule ${rule} (hit: ${[...rules].join(', ')})`);
    assert.ok(full > 0, 'no multi-party call ever reached six parties');
    assert.ok(fullThree > 0, 'no three-party call ever reached three parties');
  });
});
