/** Voice calls (seed 000): the basics — inbound, accept, hearing, hang up, outbound. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AWAY_GRACE_MS, agentSnapshot, hearingMatrix, historicalMetrics, isRejection } from '../src/index.ts';
import { CallWorld, CALLER, eventsOf } from './callFixtures.ts';
import { rejectionOf } from './decisions.ts';

describe('voice calls', () => {
  test('an inbound call runs its flow, waits in the queue and is offered to an available agent', () => {
    const w = new CallWorld();
    const { callId } = w.answeredCall('alice');
    assert.equal(w.world.contact(callId).initiationMethod, 'INBOUND');
    assert.equal(w.stateOf(callId, 'caller'), 'connected');
    assert.equal(w.stateOf(callId, 'alice'), 'connected');
    assert.deepEqual(hearingMatrix(w.call(callId))[w.party(callId, 'caller').id], [w.party(callId, 'alice').id]);
  });

  test('adding a participant puts the caller on hold while the agent talks to the new party alone; Join takes all off hold', () => {
    const w = new CallWorld();
    const { callId } = w.answeredCall('alice');
    w.addAgent('alice', callId, 'bob');
    assert.equal(w.stateOf(callId, 'caller'), 'hold');
    assert.equal(w.stateOf(callId, 'bob'), 'connected');
    const m = hearingMatrix(w.call(callId));
    assert.deepEqual(m[w.party(callId, 'alice').id], [w.party(callId, 'bob').id]);
    assert.deepEqual(m[w.party(callId, 'caller').id], []);
    eventsOf(w.control('alice', callId, 'join'));
    assert.equal(w.stateOf(callId, 'caller'), 'connected');
    assert.equal(hearingMatrix(w.call(callId))[w.party(callId, 'caller').id]!.length, 2);
  });

  test('the caller hanging up on a two-party call ends it and the agent goes to after contact work', () => {
    const w = new CallWorld();
    const { callId } = w.answeredCall('alice');
    eventsOf(w.callerHangsUp(callId));
    assert.ok(w.ended(callId));
    assert.equal(w.world.contact(callId).disconnectReason, 'CUSTOMER_DISCONNECT');
    assert.equal(w.world.agentContact('alice', callId)?.state, 'ended');
  });

  test('an agent calls a number from the CCP: the contact is OUTBOUND and the agent is on it at once', () => {
    const w = new CallWorld();
    w.available('alice');
    const contactId = w.partyId();
    eventsOf(w.world.run({ type: 'StartOutboundCall', userId: w.world.userId('alice'), contactId, agentPartyId: w.partyId(), customerPartyId: w.partyId(), phoneNumber: CALLER }));
    assert.equal(w.world.contact(contactId).initiationMethod, 'OUTBOUND');
    assert.equal(w.stateOf(contactId, 'caller'), 'connecting');
    eventsOf(w.phone(contactId, w.party(contactId, 'caller').id, 'answer'));
    assert.equal(w.stateOf(contactId, 'caller'), 'connected');
    const view = agentSnapshot(w.world.instance, w.world.user('alice'), w.world.now).snapshot.contacts[0]!;
    assert.equal(view.type, 'voice');
    assert.equal(view.initiationMethod, 'outbound');
    assert.equal(rejectionOf(w.world.run({ type: 'StartOutboundCall', userId: w.world.userId('alice'), contactId: w.partyId(), agentPartyId: w.partyId(), customerPartyId: w.partyId(), phoneNumber: CALLER }))?.rule, 'one-call-at-a-time');
  });

  test('an agent whose CCP stays gone past the grace period leaves their calls; the others go on, and a call left with the caller alone ends', () => {
    const w = new CallWorld({ multiParty: true });
    const { callId } = w.answeredCall('alice');
    w.addAgent('alice', callId, 'bob');
    eventsOf(w.control('alice', callId, 'join'));
    eventsOf(w.world.disconnectCcp('bob'));
    w.world.advance(AWAY_GRACE_MS);
    eventsOf(w.world.expireAway('bob'));
    assert.equal(w.stateOf(callId, 'bob'), 'disconnected');
    assert.equal(w.stateOf(callId, 'caller'), 'connected');
    assert.ok(!w.ended(callId), 'alice and the caller go on');
    eventsOf(w.world.disconnectCcp('alice'));
    w.world.advance(AWAY_GRACE_MS);
    eventsOf(w.world.expireAway('alice'));
    assert.ok(w.ended(callId), 'the caller alone: the call ends');
    assert.equal(w.world.agentContact('alice', callId)?.state, 'ended', 'alice is in after contact work for it');
  });

  test('a call an agent places counts in historical metrics for their outbound queue: handled, handle time, after contact work', () => {
    const w = new CallWorld();
    w.available('alice');
    const start = w.world.now;
    const contactId = w.partyId();
    eventsOf(w.world.run({ type: 'StartOutboundCall', userId: w.world.userId('alice'), contactId, agentPartyId: w.partyId(), customerPartyId: w.partyId(), phoneNumber: CALLER }));
    eventsOf(w.phone(contactId, w.party(contactId, 'caller').id, 'answer'));
    w.world.advance(60_000);
    eventsOf(w.callerHangsUp(contactId));
    w.world.advance(10_000);
    eventsOf(w.world.clear('alice', contactId));
    const rows = historicalMetrics(w.world.instance, {
      start, end: w.world.now + 1, period: 'TOTAL', filters: { QUEUE: [w.world.queueId] }, groupings: ['AGENT'],
      metrics: ['CONTACTS_QUEUED', 'CONTACTS_HANDLED', 'AVG_HANDLE_TIME', 'AVG_AFTER_CONTACT_WORK_TIME'],
    });
    assert.ok(!isRejection(rows));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.dimensions.AGENT, w.world.userId('alice'));
    assert.equal(rows[0]!.values.CONTACTS_HANDLED, 1);
    assert.equal(rows[0]!.values.CONTACTS_QUEUED ?? 0, 0, 'an outbound call never waited in a queue');
    assert.equal(rows[0]!.values.AVG_AFTER_CONTACT_WORK_TIME, 10);
    assert.ok(rows[0]!.values.AVG_HANDLE_TIME! >= 70);
  });
});
