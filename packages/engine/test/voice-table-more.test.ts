/**
 * Seed 000's rules around the comparison table, in both modes (three-party = default, multi-party =
 * MULTI_PARTY_CONFERENCE "true"): adding and Join, Swap, the primary agent leaving, when a call ends,
 * and transfer (seed 003 "End call"). Refusals are checked by the rule they name.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hearingMatrix } from '../src/index.ts';
import { CallWorld, EXTERNAL, eventsOf, ruleOf } from './callFixtures.ts';

const MODES = [{ mode: 'three-party', multiParty: false }, { mode: 'multi-party', multiParty: true }] as const;

function hearsOf(w: CallWorld, callId: string, listener: string, speaker: string): boolean {
  return (hearingMatrix(w.call(callId))[w.party(callId, listener).id] ?? []).includes(w.party(callId, speaker).id);
}

const presentCount = (w: CallWorld, callId: string) => w.call(callId).parties.filter((p) => p.state !== 'disconnected').length;

for (const { mode, multiParty } of MODES) {
  describe(`${mode}: adding a participant`, () => {
    test(`${mode}: adding puts the caller and the others on hold while the adder talks to the new party alone; Join takes all off hold`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = multiParty ? w.conference(['bob']) : w.answeredCall('alice');
      const others = multiParty ? ['caller', 'bob'] : ['caller'];
      const added = multiParty ? 'carol' : 'bob';
      w.addAgent('alice', callId, added);
      for (const who of others) {
        assert.equal(w.stateOf(callId, who), 'hold', `${who} is on hold`);
        assert.equal(hearingMatrix(w.call(callId))[w.party(callId, who).id]!.length, 0, `${who} hears nobody`);
      }
      assert.deepEqual(hearingMatrix(w.call(callId))[w.party(callId, 'alice').id], [w.party(callId, added).id]);
      assert.deepEqual(hearingMatrix(w.call(callId))[w.party(callId, added).id], [w.party(callId, 'alice').id]);
      eventsOf(w.control('alice', callId, 'join'));
      for (const who of ['caller', 'alice', added, ...others]) {
        assert.equal(w.stateOf(callId, who), 'connected');
        assert.equal(hearingMatrix(w.call(callId))[w.party(callId, who).id]!.length, presentCount(w, callId) - 1, `${who} hears everyone`);
      }
    });

    test(`${mode}: Hold all puts the destination and the caller on hold; the adder is left alone (seed 003)`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      w.addAgent('alice', callId, 'bob');
      eventsOf(w.control('alice', callId, 'holdAll'));
      assert.equal(w.stateOf(callId, 'bob'), 'hold');
      assert.equal(w.stateOf(callId, 'caller'), 'hold');
      assert.deepEqual(hearingMatrix(w.call(callId))[w.party(callId, 'alice').id], []);
      eventsOf(w.control('alice', callId, 'join'));
      assert.ok(hearsOf(w, callId, 'caller', 'bob'));
    });
  });

  describe(`${mode}: Swap`, () => {
    test(`${mode}: swap is only available with three parties`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      w.addExternal('alice', callId);
      // Three parties: Swap toggles alice between the caller (on hold) and the new party.
      eventsOf(w.control('alice', callId, 'swap'));
      assert.equal(w.stateOf(callId, 'caller'), 'connected');
      assert.equal(w.stateOf(callId, 'external'), 'hold');
      assert.ok(hearsOf(w, callId, 'alice', 'caller') && !hearsOf(w, callId, 'alice', 'external'));
      eventsOf(w.control('alice', callId, 'swap'));
      assert.equal(w.stateOf(callId, 'caller'), 'hold');
      assert.equal(w.stateOf(callId, 'external'), 'connected');
      eventsOf(w.control('alice', callId, 'join'));
      assert.equal(ruleOf(w.control('alice', callId, 'swap')), 'swap-toggles-a-held-and-an-active-party');
      if (!multiParty) return;
      // Four parties: no Swap.
      w.addAgent('alice', callId, 'bob');
      assert.equal(ruleOf(w.control('alice', callId, 'swap')), 'swap-only-with-three-parties');
    });
  });

  describe(`${mode}: the primary agent leaves`, () => {
    if (multiParty) {
      test('multi-party: if the primary agent leaves at least three participants must remain to add more', () => {
        const w = new CallWorld({ multiParty });
        const { callId } = w.conference(['bob']);
        eventsOf(w.control('alice', callId, 'disconnect'));
        assert.equal(presentCount(w, callId), 2);
        assert.equal(ruleOf(w.add('bob', callId, EXTERNAL)), 'multi-party-add-after-primary-left-needs-three');
        assert.equal(ruleOf(w.transfer('bob', callId, 'carol')), 'multi-party-add-after-primary-left-needs-three');

        const v = new CallWorld({ multiParty });
        const call = v.conference(['bob', 'carol']);
        eventsOf(v.control('alice', call.callId, 'disconnect'));
        assert.equal(presentCount(v, call.callId), 3);
        v.addExternal('bob', call.callId);
        assert.equal(presentCount(v, call.callId), 4);
      });
    } else {
      test('three-party: when the primary agent leaves, the remaining agent has call control and can add a party', () => {
        // Seed 000's "at least three participants" rule is on the multi-party side; a three-party call
        // passes control to the remaining agent, who can add the one party a three-party call allows.
        const w = new CallWorld({ multiParty });
        const { callId } = w.conference(['bob']);
        eventsOf(w.control('alice', callId, 'disconnect'));
        w.addExternal('bob', callId);
        assert.equal(presentCount(w, callId), 3);
      });
    }
  });

  describe(`${mode}: when does the call end`, () => {
    test(`${mode}: an agent can leave and let the caller talk with external parties; if only external third parties remain the contact ends`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      const first = w.addExternal('alice', callId);
      eventsOf(w.control('alice', callId, 'join'));
      let second = first;
      if (multiParty) {
        second = w.addExternal('alice', callId, '+12065550142');
        eventsOf(w.control('alice', callId, 'join'));
      }
      eventsOf(w.control('alice', callId, 'disconnect'));
      assert.ok(!w.ended(callId), 'the caller and the external parties continue');
      assert.equal(w.world.agentContact('alice', callId)?.state, 'ended', 'alice is in after contact work');
      assert.ok(hearsOf(w, callId, 'caller', first.id) && hearsOf(w, callId, first.id, 'caller'));
      assert.ok(hearsOf(w, callId, second.id, 'caller'));
      eventsOf(w.callerHangsUp(callId));
      assert.ok(w.ended(callId), 'only third parties were left');
      for (const contactId of w.call(callId).chain) assert.equal(w.world.contact(contactId).status, 'ended', `${contactId} ended with the call`);
      assert.equal(presentCount(w, callId), 0);
    });

    test(`${mode}: the call stays up while an agent is on it after the caller drops`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      w.addExternal('alice', callId);
      eventsOf(w.control('alice', callId, 'join'));
      eventsOf(w.callerHangsUp(callId));
      assert.ok(!w.ended(callId), 'alice and the external party go on');
      assert.ok(hearsOf(w, callId, 'alice', 'external'));
      eventsOf(w.phone(callId, w.party(callId, 'external').id, 'hangup'));
      assert.ok(w.ended(callId), 'alice alone: the call ends');
      assert.equal(w.world.contact(callId).status, 'ended');
    });

    test(`${mode}: the caller hanging up during a dial leaves the agent with the party being dialled; a failed dial then ends the call`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      eventsOf(w.add('alice', callId, EXTERNAL));
      eventsOf(w.callerHangsUp(callId));
      assert.ok(!w.ended(callId));
      eventsOf(w.phone(callId, w.party(callId, 'external').id, 'decline'));
      assert.ok(w.ended(callId));
      for (const contactId of w.call(callId).chain) assert.equal(w.world.contact(contactId).status, 'ended');
    });
  });

  describe(`${mode}: transfer`, () => {
    test(`${mode}: transfer: the source agent ends their leg and the destination agent and the caller continue`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      w.available('bob');
      eventsOf(w.transfer('alice', callId, 'bob'));
      assert.equal(w.stateOf(callId, 'alice'), 'disconnected');
      assert.equal(w.world.agentContact('alice', callId)?.state, 'ended', 'alice is in after contact work');
      assert.equal(w.world.contact(callId).disconnectReason, 'AGENT_DISCONNECT');
      assert.equal(w.stateOf(callId, 'caller'), 'connected', 'the caller is not left on alice\'s hold');
      const leg = w.acceptOffered('bob');
      assert.notEqual(leg, callId);
      assert.ok(hearsOf(w, callId, 'caller', 'bob') && hearsOf(w, callId, 'bob', 'caller'));
      assert.ok(!w.ended(callId));
      // Bob now has the call: he holds and resumes the caller.
      eventsOf(w.control('bob', callId, 'hold', 'caller'));
      eventsOf(w.control('bob', callId, 'resume', 'caller'));
    });

    test(`${mode}: End call after a consult leaves the destination agent and the caller talking (seed 003)`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      w.addAgent('alice', callId, 'bob');
      assert.equal(w.stateOf(callId, 'caller'), 'hold');
      eventsOf(w.control('alice', callId, 'disconnect'));
      assert.equal(w.stateOf(callId, 'caller'), 'connected');
      assert.ok(hearsOf(w, callId, 'caller', 'bob') && hearsOf(w, callId, 'bob', 'caller'));
      assert.ok(!w.ended(callId));
    });

    test(`${mode}: a transfer to a number leaves the caller with the external party`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      eventsOf(w.transfer('alice', callId, 'phone'));
      eventsOf(w.phone(callId, w.party(callId, 'external').id, 'answer'));
      assert.ok(hearsOf(w, callId, 'caller', 'external'));
      assert.equal(w.party(callId, 'external').phoneNumber, EXTERNAL);
      assert.ok(!w.ended(callId));
    });

    test(`${mode}: an agent cannot transfer a call to themselves`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      assert.equal(ruleOf(w.transfer('alice', callId, 'alice')), 'transfer-to-someone-else');
      assert.equal(ruleOf(w.add('alice', callId, 'alice')), 'an-agent-joins-a-call-once');
    });
  });
}
