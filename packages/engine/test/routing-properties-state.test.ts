/**
 * Properties of routing over the random histories of routingHistories.ts: a refused command changes
 * nothing, replay rebuilds the state, the offer index agrees with a recount and with a scan of every
 * agent; and a sanity check that the histories exercise the rules.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { emptyState, isAgentSessionEnded, replay, type EventType } from '../src/index.ts';
import { serialize } from './serialize.ts';
import { offerIndexAgrees, routingAgreesWithScan } from './offerIndexCheck.ts';
import { RUNS, anyHistoryArb, runHistory } from './routingHistories.ts';

describe('routing properties over random histories', () => {
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

  test('a session that was logged out is refused until its token expires, and forgotten at the latest a token lifetime after it ended', () => {
    let kept = 0, forgotten = 0;
    fc.assert(fc.property(anyHistoryArb, (history) => {
      runHistory(history, (ctx, step) => {
        const instance = ctx.world.instance;
        for (const [sessionId, { expires }] of ctx.ended) {
          if (expires > ctx.world.now) {
            assert.ok(isAgentSessionEnded(instance, sessionId), `session ${sessionId} (expires ${expires}) no longer refused at ${ctx.world.now}`);
            kept++;
          } else if (!isAgentSessionEnded(instance, sessionId)) forgotten++;
        }
        // The set holds only sessions a logout ended, with their expiry, and (tokens living at most two
        // minutes here) none that ended a lifetime or more before the last logout.
        const lastLogout = [...ctx.ended.values()].reduce((last, e) => Math.max(last, e.at), -Infinity);
        for (const [sessionId, expires] of instance.endedSessions) {
          const ended = ctx.ended.get(sessionId);
          assert.ok(ended, `session ${sessionId} was never logged out`);
          assert.equal(ended.expires, expires);
          assert.ok(ended.at > lastLogout - 120_000, 'an ended session outlived a token lifetime');
        }
        if (step.op.kind === 'logout' && !step.decision.ok) assert.equal(step.decision.rejection.rule, 'session-expired');
      });
    }), RUNS);
    assert.ok(kept > 0 && forgotten > 0, `the histories kept ${kept} and forgot ${forgotten} ended sessions`);
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
      'ContactRequeued', 'NextAgentStatusSet', 'AgentStatusChanged', 'AgentPresenceChanged', 'QueueUpdated', 'AgentSessionEnded',
    ] as const) assert.ok(seen.has(type), `no history produced ${type}`);
    for (const rule of ['offer-lasts-20-seconds', 'stale-timer', 'clear-only-missed-or-acw', 'accept-only-incoming', 'session-expired']) {
      assert.ok(rules.has(rule), `no history hit the rule ${rule}`);
    }
    assert.ok(offersByRouteContacts > 0, 'RouteContacts never made an offer');
    assert.ok(taskOffers > 0, 'no task was ever offered');
    assert.ok(requeuedThenOffered > 0, 'no chat taken back from an away agent went to another agent');
    assert.ok(commands > 3000, `only ${commands} commands`);
  });
});
