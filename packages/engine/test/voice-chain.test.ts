/**
 * The contact-id chain of a call through consults and transfers: seed 000's two examples ("a series of
 * consults followed by a transfer" and "a series of transfers"), read through contactRecord() — the
 * DescribeContact shape (connect-wire-apis.md §5, contact-chains.md): every leg is a contact of its own;
 * InitiationMethod TRANSFER for an agent's leg, EXTERNAL_OUTBOUND for a number's; InitialContactId the
 * first contact (absent on the first itself); PreviousContactId one step back; the previous contact's
 * NextContacts lists the leg (QUICK_CONNECT, with the quick connect's id, name and type); timestamps in
 * epoch seconds.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { contactRecord } from '../src/index.ts';
import { CallWorld, CALLER, EXTERNAL, eventsOf } from './callFixtures.ts';

type Rec = Record<string, any>;

function record(w: CallWorld, contactId: string): Rec {
  return contactRecord(w.world.instance, w.world.contact(contactId)) as Rec;
}

/** Checks one leg of the chain against the one before it. */
function checkLeg(w: CallWorld, chain: string[], i: number, expected: { method: string; qc?: { id: string; name: string; type: string }; agent?: string; number?: string }): void {
  const leg = record(w, chain[i]!);
  const contact = w.world.contact(chain[i]!);
  assert.equal(leg.Id, chain[i]);
  assert.equal(leg.Channel, 'VOICE');
  assert.equal(leg.InitiationMethod, expected.method, `leg ${i} initiation method`);
  assert.equal(leg.InitialContactId, chain[0], `leg ${i} points at the first contact`);
  assert.equal(leg.PreviousContactId, chain[i - 1], `leg ${i} points one step back`);
  assert.equal(leg.InitiationTimestamp, contact.initiatedAt / 1000, 'epoch seconds');
  if (expected.agent !== undefined) assert.equal(leg.AgentInfo?.Id, w.world.userId(expected.agent), `leg ${i} is ${expected.agent}'s`);
  if (expected.number !== undefined) assert.deepEqual(leg.CustomerEndpoint, { Type: 'TELEPHONE_NUMBER', Address: expected.number });
  const previous = record(w, chain[i - 1]!);
  const next = (previous.NextContacts as Rec[] | undefined) ?? [];
  assert.equal(next.length, 1, `leg ${i - 1} has one next contact`);
  assert.equal(next[0]!.Type, 'QUICK_CONNECT');
  const data = next[0]!.NextContactMetadata.QuickConnectContactData as Rec;
  assert.equal(data.ContactId, chain[i]);
  assert.equal(data.InitiationTimestamp, contact.initiatedAt / 1000);
  if (expected.qc) assert.deepEqual([data.QuickConnectId, data.QuickConnectName, data.QuickConnectType], [expected.qc.id, expected.qc.name, expected.qc.type]);
  else assert.equal(data.QuickConnectId, undefined, 'a number dialled on the number pad has no quick connect');
}

function checkFirst(w: CallWorld, callId: string): void {
  const first = record(w, callId);
  assert.equal(first.InitiationMethod, 'INBOUND');
  assert.equal(first.InitialContactId, undefined, 'the first contact has no InitialContactId');
  assert.equal(first.PreviousContactId, undefined);
  assert.deepEqual(first.CustomerEndpoint, { Type: 'TELEPHONE_NUMBER', Address: CALLER });
  assert.equal(first.AgentInfo?.Id, w.world.userId('alice'));
}

for (const multiParty of [false, true]) {
  const mode = multiParty ? 'multi-party' : 'three-party';
  describe(`${mode}: contact chain of consults and a transfer (seed 000)`, () => {
    test(`${mode}: a series of consults followed by a transfer`, () => {
      const w = new CallWorld({ multiParty });
      const { callId } = w.answeredCall('alice');
      // Consult bob (agent quick connect), who then hangs up: alice is back with the caller.
      w.addAgent('alice', callId, 'bob');
      eventsOf(w.control('bob', callId, 'disconnect'));
      eventsOf(w.control('alice', callId, 'resume', 'caller'));
      // Consult the broker (phone number quick connect), then a number dialled on the number pad.
      w.world.advance(1000);
      eventsOf(w.add('alice', callId, 'phone'));
      eventsOf(w.phone(callId, w.party(callId, 'external').id, 'answer'));
      eventsOf(w.control('alice', callId, 'disconnect', 'external'));
      eventsOf(w.control('alice', callId, 'resume', 'caller'));
      const dialled = '+12065550142';
      w.addExternal('alice', callId, dialled);
      eventsOf(w.control('alice', callId, 'disconnect', 'external'));
      eventsOf(w.control('alice', callId, 'resume', 'caller'));
      // Transfer to carol: alice's leg ends, carol and the caller go on.
      w.available('carol');
      eventsOf(w.transfer('alice', callId, 'carol'));
      w.acceptOffered('carol');

      const chain = w.call(callId).chain;
      assert.equal(chain.length, 5);
      assert.equal(new Set(chain).size, 5, 'every leg is a contact of its own');
      checkFirst(w, callId);
      checkLeg(w, chain, 1, { method: 'TRANSFER', agent: 'bob', qc: { id: w.qc.bob!, name: 'Bob', type: 'USER' } });
      checkLeg(w, chain, 2, { method: 'EXTERNAL_OUTBOUND', number: EXTERNAL, qc: { id: w.qc.phone!, name: 'Broker', type: 'PHONE_NUMBER' } });
      checkLeg(w, chain, 3, { method: 'EXTERNAL_OUTBOUND', number: dialled });
      checkLeg(w, chain, 4, { method: 'TRANSFER', agent: 'carol', qc: { id: w.qc.carol!, name: 'Carol', type: 'USER' } });
      assert.equal(record(w, chain[4]!).NextContacts, undefined, 'the last leg has no next contact');
      // The consulted legs and alice's ended; carol's is live.
      for (const contactId of chain.slice(0, 4)) assert.equal(w.world.contact(contactId).status, 'ended');
      assert.equal(w.world.contact(chain[4]!).status, 'connected');
      assert.equal(typeof record(w, callId).DisconnectTimestamp, 'number');
      eventsOf(w.callerHangsUp(callId));
      assert.equal(w.world.contact(chain[4]!).status, 'ended');
      assert.equal(record(w, chain[4]!).DisconnectReason, 'CUSTOMER_DISCONNECT');
    });
  });
}

describe('three-party: contact chain of transfers (seed 000)', () => {
  test('three-party: a series of transfers', () => {
    // Each agent transfers the call on; in a three-party call the agent who received it has call
    // control once the transferring agent is gone (seed 000), so the chain can go on.
    const w = new CallWorld();
    const { callId } = w.answeredCall('alice');
    const hops: [string, string][] = [['alice', 'bob'], ['bob', 'carol'], ['carol', 'queue']];
    for (const [from, to] of hops) {
      w.available(to === 'queue' ? 'dave' : to);
      eventsOf(w.transfer(from, callId, to));
      assert.equal(w.stateOf(callId, from), 'disconnected');
      w.acceptOffered(to === 'queue' ? 'dave' : to);
    }
    const chain = w.call(callId).chain;
    assert.equal(chain.length, 4);
    checkFirst(w, callId);
    checkLeg(w, chain, 1, { method: 'TRANSFER', agent: 'bob', qc: { id: w.qc.bob!, name: 'Bob', type: 'USER' } });
    checkLeg(w, chain, 2, { method: 'TRANSFER', agent: 'carol', qc: { id: w.qc.carol!, name: 'Carol', type: 'USER' } });
    checkLeg(w, chain, 3, { method: 'TRANSFER', agent: 'dave', qc: { id: w.qc.queue!, name: 'BasicQueue', type: 'QUEUE' } });
    // Each transferring agent's leg ended when they transferred; the last agent has the caller.
    for (const contactId of chain.slice(0, 3)) assert.equal(w.world.contact(contactId).status, 'ended');
    assert.equal(w.stateOf(callId, 'dave'), 'connected');
    assert.equal(w.stateOf(callId, 'caller'), 'connected');
    // The transfer timestamps: each leg starts when the previous agent transferred, after the one before.
    const starts = chain.map((id) => record(w, id).InitiationTimestamp as number);
    assert.deepEqual([...starts].sort((a, b) => a - b), starts);
  });
});

describe('multi-party: contact chain of transfers (seed 000)', () => {
  test('multi-party: a series of transfers through a conference (the primary agent leaves a call of three or more)', () => {
    // Seed 000 (multi-party): once the primary agent has left, adding needs three participants on the
    // call — so the agent a call was transferred to adds the next agent while a third party is still on.
    const w = new CallWorld({ multiParty: true });
    const { callId } = w.answeredCall('alice');
    w.addAgent('alice', callId, 'bob');
    eventsOf(w.control('alice', callId, 'join'));
    w.addAgent('bob', callId, 'carol');
    eventsOf(w.control('bob', callId, 'join'));
    eventsOf(w.control('alice', callId, 'disconnect'));
    eventsOf(w.control('bob', callId, 'disconnect'));
    const chain = w.call(callId).chain;
    checkFirst(w, callId);
    checkLeg(w, chain, 1, { method: 'TRANSFER', agent: 'bob', qc: { id: w.qc.bob!, name: 'Bob', type: 'USER' } });
    checkLeg(w, chain, 2, { method: 'TRANSFER', agent: 'carol', qc: { id: w.qc.carol!, name: 'Carol', type: 'USER' } });
    assert.deepEqual(chain.slice(0, 2).map((id) => w.world.contact(id).status), ['ended', 'ended']);
    assert.ok(!w.ended(callId));
    assert.equal(w.stateOf(callId, 'carol'), 'connected');
  });
});

describe('multi-party: a blind transfer hands the call on', () => {
  test('multi-party: the agent a call was transferred to (no other agent on it) is its primary agent and can transfer it again', () => {
    // Seed 000's "if the primary agent leaves, at least three participants must remain to add more"
    // applies while agents added by the primary are left; an agent who joins a call no other agent is on
    // (a transfer: the transferring agent already left) is the primary agent, as in Amazon Connect,
    // where each transfer leg is a contact of its own.
    const w = new CallWorld({ multiParty: true });
    const { callId } = w.answeredCall('alice');
    for (const [from, to] of [['alice', 'bob'], ['bob', 'carol']] as const) {
      w.available(to);
      eventsOf(w.transfer(from, callId, to));
      w.acceptOffered(to);
      assert.equal(w.call(callId).primaryPartyId, w.party(callId, to).id, `${to} is the primary agent after the transfer`);
    }
    const chain = w.call(callId).chain;
    checkLeg(w, chain, 2, { method: 'TRANSFER', agent: 'carol', qc: { id: w.qc.carol!, name: 'Carol', type: 'USER' } });
    assert.equal(w.stateOf(callId, 'caller'), 'connected');
  });
});
