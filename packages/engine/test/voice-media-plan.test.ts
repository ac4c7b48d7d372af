/**
 * The media plan: what each party of a call should hear, derived from the call's state (the seam the
 * media package applies). The hearing rules themselves are seed 000's (voice-table tests); these tests
 * check what the plan adds — hold music, ringback, queue music, flow prompts — and that nobody else hears it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hearingMatrix, holdMusicId, mediaPlan, queueMusicId, ringbackId, type FlowMedia } from '../src/index.ts';
import { CallWorld, eventsOf } from './callFixtures.ts';

const multi = () => new CallWorld({ multiParty: true });
const three = () => new CallWorld();

function planOf(w: CallWorld, callId: string, flow?: FlowMedia) {
  const plan = mediaPlan(w.world.contact(callId), flow ? { flow } : {});
  assert.ok(plan, 'the call has a plan');
  return plan;
}

/** Everyone who hears `source` in the plan. */
function listenersOf(plan: ReturnType<typeof planOf>, source: string): string[] {
  return Object.entries(plan.hears).filter(([, row]) => row.includes(source)).map(([listener]) => listener);
}

describe('media plan', () => {
  test('between parties the plan is exactly the hearing matrix of seed 000', () => {
    const w = multi();
    const { callId } = w.conference(['bob', 'carol']);
    eventsOf(w.control('alice', callId, 'mute', 'bob'));
    const plan = planOf(w, callId);
    assert.deepEqual(plan.hears, hearingMatrix(w.call(callId)));
    assert.deepEqual(plan.playbacks, []);
  });

  test('a held caller hears hold music and nobody else, and nobody else hears the music', () => {
    const w = three();
    const { callId, callerId } = w.answeredCall('alice');
    eventsOf(w.control('alice', callId, 'hold', 'caller'));
    const plan = planOf(w, callId);
    assert.deepEqual(plan.hears[callerId], [holdMusicId(callerId)]);
    assert.deepEqual(listenersOf(plan, holdMusicId(callerId)), [callerId]);
    assert.ok(!listenersOf(plan, callerId).length, 'nobody hears the held caller');
    const music = plan.playbacks.find((p) => p.id === holdMusicId(callerId));
    assert.deepEqual(music && { to: music.to, audio: music.audio, loop: music.loop }, { to: callerId, audio: { kind: 'music' }, loop: true });
  });

  test('resuming the caller stops the hold music', () => {
    const w = three();
    const { callId, callerId } = w.answeredCall('alice');
    eventsOf(w.control('alice', callId, 'hold', 'caller'));
    eventsOf(w.control('alice', callId, 'resume', 'caller'));
    const plan = planOf(w, callId);
    assert.deepEqual(plan.playbacks, []);
    assert.deepEqual(plan.hears[callerId], [w.party(callId, 'alice').id]);
  });

  test('only the agent who dials a party hears ringback while it rings, and it stops when they answer', () => {
    const w = multi();
    const { callId, callerId } = w.answeredCall('alice');
    eventsOf(w.add('alice', callId, '+12065550123'));
    const dialled = w.party(callId, 'external');
    const alice = w.party(callId, 'alice').id;
    let plan = planOf(w, callId);
    assert.deepEqual(listenersOf(plan, ringbackId(dialled.id)), [alice]);
    assert.deepEqual(plan.hears[callerId], [holdMusicId(callerId)], 'the caller is held during the consult');
    eventsOf(w.phone(callId, dialled.id, 'answer'));
    plan = planOf(w, callId);
    assert.equal(listenersOf(plan, ringbackId(dialled.id)).length, 0);
    assert.ok(plan.hears[alice]!.includes(dialled.id) && plan.hears[dialled.id]!.includes(alice));
  });

  test('a queued caller hears queue music until an agent answers', () => {
    const w = three();
    const { callId, callerId, decision } = w.dialIn();
    eventsOf(decision);
    assert.equal(w.world.contact(callId).status, 'queued');
    assert.deepEqual(planOf(w, callId).hears[callerId], [queueMusicId(callerId)]);
    w.available('alice');
    w.acceptOffered('alice');
    const plan = planOf(w, callId);
    assert.deepEqual(plan.hears[callerId], [w.party(callId, 'alice').id]);
    assert.equal(plan.playbacks.length, 0);
  });

  test('a flow prompt to the caller replaces queue music and reaches only the caller', () => {
    const w = three();
    const { callId, callerId, decision } = w.dialIn();
    eventsOf(decision);
    const flow: FlowMedia = {
      playbacks: [{ id: 'run1:4', to: callerId, audio: { kind: 'text', text: 'You are next' }, loop: false, stopOnDigit: true }],
      collections: [{ id: 'run1:4', partyId: callerId, maxDigits: 1, firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 3000, afterPlaybackId: 'run1:4' }],
    };
    const plan = planOf(w, callId, flow);
    assert.deepEqual(plan.hears[callerId], ['run1:4']);
    assert.deepEqual(listenersOf(plan, 'run1:4'), [callerId]);
    assert.deepEqual(plan.collections.map((c) => c.partyId), [callerId]);
  });

  test('a whisper reaches only its party: while the flow speaks to the agent, the agent and the caller do not hear each other', () => {
    const w = three();
    const { callId, callerId } = w.answeredCall('alice');
    const alice = w.party(callId, 'alice').id;
    const flow: FlowMedia = { playbacks: [{ id: 'whisper:1', to: alice, audio: { kind: 'text', text: 'BasicQueue' }, loop: false }], collections: [] };
    const plan = planOf(w, callId, flow);
    assert.deepEqual(plan.hears[alice], ['whisper:1']);
    assert.deepEqual(plan.hears[callerId], []);
    assert.deepEqual(listenersOf(plan, 'whisper:1'), [alice]);
    assert.deepEqual(planOf(w, callId).hears[callerId], [alice], 'once the whisper ends they are put through');
  });

  test('an ended call has no plan, and parties who left are not on the bridge', () => {
    const w = three();
    const { callId } = w.answeredCall('alice');
    eventsOf(w.callerHangsUp(callId));
    assert.equal(mediaPlan(w.world.contact(callId)), undefined);
  });
});
