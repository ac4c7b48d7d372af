/**
 * Properties of voice calls over random histories (seed 000, voiceHistories.ts), in both modes.
 * Invariants are checked after every step.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_MULTI_PARTY_CALL, MAX_THREE_PARTY_CALL, emptyState, hearingMatrix, replay } from '../src/index.ts';
import { allCalls, apply, historyArb, newCtx, present, runHistory } from './voiceHistories.ts';
import { serialize } from './serialize.ts';
import { offerIndexAgrees } from './offerIndexCheck.ts';
import { DeltaCheck } from './deltaCheck.ts';

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
      const ctx = newCtx(history);
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
