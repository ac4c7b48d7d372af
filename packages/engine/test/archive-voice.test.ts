/**
 * Finished voice calls (archive/finished.ts): a call is archived, forgotten and revived as its whole
 * chain of contacts — the first contact, which keeps the call, and every leg made by consult or transfer.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  allFinishedContacts, archiveRecord, chainHeadId, chainIds, chainOf, contactRecord, deserializeContact, finishedContacts, forgetContact,
  isFinishedContact, reviveContact, unchangedBy, type Event,
} from '../src/index.ts';
import { CallWorld, eventsOf } from './callFixtures.ts';

/** alice answers, consults bob, who joins; then alice transfers the call to carol, who takes it. Three contacts. */
function transferredCall() {
  const w = new CallWorld();
  const { callId, callerId } = w.answeredCall('alice');
  w.addAgent('alice', callId, 'bob');
  eventsOf(w.control('bob', callId, 'disconnect'));
  eventsOf(w.control('alice', callId, 'resume', 'caller'));
  w.available('carol');
  eventsOf(w.transfer('alice', callId, 'carol'));
  w.acceptOffered('carol');
  const chain = w.call(callId).chain;
  assert.equal(chain.length, 3);
  return { w, callId, callerId, chain };
}

const finished = (w: CallWorld, contactId: string) => isFinishedContact(w.world.instance, w.world.contact(contactId));

/** Clears every contact an agent is in after contact work on; returns the clearing events. */
function clearAll(w: CallWorld, agent: string): Event[] {
  const done = [...w.world.user(agent).contacts.values()].filter((c) => c.state === 'ended' || c.state === 'missed');
  return done.flatMap((c) => eventsOf(w.world.clear(agent, c.contactId)));
}

describe('finished voice calls', () => {
  test('a leg whose agent has left and cleared is not finished while the call goes on on another leg', () => {
    const { w, callId, chain } = transferredCall();
    clearAll(w, 'alice');
    clearAll(w, 'bob');
    assert.equal(w.world.contact(callId).status, 'ended');
    assert.equal(w.world.contact(chain[1]!).status, 'ended');
    for (const contactId of chain) assert.equal(finished(w, contactId), false, `${contactId} is finished while carol talks to the caller`);
  });

  test('an ended call is not finished while an agent of any of its legs is in after contact work', () => {
    const { w, callId, chain } = transferredCall();
    clearAll(w, 'alice');
    clearAll(w, 'bob');
    const ended = eventsOf(w.callerHangsUp(callId));
    assert.ok(w.ended(callId));
    assert.equal(w.world.agentContact('carol', chain[2]!)?.state, 'ended');
    for (const contactId of chain) assert.equal(finished(w, contactId), false);
    assert.deepEqual(finishedContacts(w.world.instance, ended), []);
  });

  test('an ended call every agent has cleared is finished as its whole chain, head first, once, named by the batch that cleared the last leg', () => {
    const { w, callId, chain } = transferredCall();
    eventsOf(w.callerHangsUp(callId));
    clearAll(w, 'alice');
    clearAll(w, 'bob');
    const cleared = clearAll(w, 'carol');
    assert.deepEqual(cleared.map((e) => 'contactId' in e && e.contactId), [chain[2]], 'the batch names only carol\'s leg');
    for (const contactId of chain) assert.equal(finished(w, contactId), true);
    assert.deepEqual(finishedContacts(w.world.instance, [...cleared, ...cleared]).map((c) => c.id), chain);
    assert.deepEqual(allFinishedContacts(w.world.instance).map((c) => c.id), chain);
  });

  test('a call that is not over is not finished, even when every contact of it is settled', () => {
    const { w, callId, chain } = transferredCall();
    eventsOf(w.callerHangsUp(callId));
    for (const agent of ['alice', 'bob', 'carol']) clearAll(w, agent);
    assert.equal(finished(w, chain[1]!), true);
    delete w.call(callId).endedAt;
    for (const contactId of chain) assert.equal(finished(w, contactId), false);
  });

  test('a call the caller hangs up on while it waits in the queue (never answered) is finished at once', () => {
    const w = new CallWorld();
    const { callId, callerId, decision } = w.dialIn();
    eventsOf(decision);
    assert.equal(w.world.contact(callId).status, 'queued');
    assert.equal(finished(w, callId), false, 'not while it waits in the queue');
    const hungUp = eventsOf(w.phone(callId, callerId, 'hangup'));
    assert.deepEqual(finishedContacts(w.world.instance, hungUp).map((c) => c.id), [callId]);
  });

  test('a call an agent placed is not finished until that agent clears it (they hold it without an offer)', () => {
    const w = new CallWorld();
    w.available('alice');
    const callId = w.partyId();
    eventsOf(w.world.run({ type: 'StartOutboundCall', userId: w.world.userId('alice'), contactId: callId, agentPartyId: w.partyId(), customerPartyId: w.partyId(), phoneNumber: '+12065550100' }));
    assert.deepEqual(w.world.contact(callId).offers, [], 'never offered');
    eventsOf(w.phone(callId, w.party(callId, 'caller').id, 'decline'));
    assert.ok(w.ended(callId));
    assert.equal(finished(w, callId), false, 'alice is in after contact work on it');
    assert.deepEqual(finishedContacts(w.world.instance, clearAll(w, 'alice')).map((c) => c.id), [callId]);
  });

  test('a chain is known by its first contact: chainHeadId of every leg is the first, chainIds lists the call\'s contacts, chainOf gives them from memory', () => {
    const { w, callId, chain } = transferredCall();
    for (const contactId of chain) {
      assert.equal(chainHeadId(w.world.contact(contactId)), callId);
      assert.deepEqual(chainOf(w.world.instance, w.world.contact(contactId)).map((c) => c.id), chain);
    }
    assert.deepEqual(chainIds(w.world.contact(callId)), chain);
    assert.deepEqual(chainIds(w.world.contact(chain[1]!)), [chain[1]], 'a leg does not know its chain: its head does');
  });

  test('a revived chain answers DescribeContact for each leg as the never-archived one (the caller\'s number is read on the first contact)', () => {
    const { w, callId, chain } = transferredCall();
    eventsOf(w.callerHangsUp(callId));
    for (const agent of ['alice', 'bob', 'carol']) clearAll(w, agent);
    const instance = w.world.instance;
    const before = chain.map((id) => JSON.stringify(contactRecord(instance, w.world.contact(id))));
    assert.ok(before.every((r) => r.includes('TELEPHONE_NUMBER')), 'every leg shows the caller');
    const records = allFinishedContacts(instance).map((c) => archiveRecord(instance, c));
    assert.deepEqual(records.map((r) => r.contactId), chain);
    for (const id of chain) forgetContact(instance, id);
    // A leg alone would not know the caller: the call is on the first contact.
    reviveContact(instance, deserializeContact(records[2]!.data));
    assert.equal(contactRecord(instance, w.world.contact(chain[2]!)).CustomerEndpoint, undefined);
    for (const record of records) reviveContact(instance, deserializeContact(record.data));
    assert.deepEqual(chain.map((id) => JSON.stringify(contactRecord(instance, w.world.contact(id)))), before);
  });

  test('a revived call is unchanged by a command unless its events name some contact of its chain (a new chat relating to it names only the chat)', () => {
    const { w, callId, chain } = transferredCall();
    const instance = w.world.instance;
    const onLeg: Event = { type: 'ContactAttributesUpdated', instanceId: instance.id, at: w.world.now, contactId: chain[1]!, attributes: { a: 'b' } };
    assert.deepEqual(unchangedBy(instance, chain, [onLeg]), [], 'an event on one leg changes the chain');
    const started = eventsOf(w.world.run({
      type: 'StartChatContact', contactId: w.partyId(), participantId: w.partyId(), contactFlowId: w.world.flowId, displayName: 'Pat', attributes: {},
      chatDurationMinutes: 60, relatedContactId: callId,
    }));
    assert.ok(started.some((e) => e.type === 'ContactInitiated' && e.relatedContactId === callId));
    assert.deepEqual(unchangedBy(instance, chain, started), chain);
    assert.deepEqual(unchangedBy(instance, chain, []), chain, 'a refused command changes nothing');
  });
});
