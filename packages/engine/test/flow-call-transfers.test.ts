/** Flow types at their moments on calls (seed 003): TRANSFER and QUEUE_TRANSFER through quick connects, and CALLBACK. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { callFlowMedia, deadlinesOf, emptyState, replay, type Contact } from '../src/index.ts';
import { eventsOf } from './decisions.ts';
import { act, cond, flowOf, hangup, say } from './flowWorld.ts';
import { CallFlowWorld } from './callFlowWorld.ts';

const iterate = (text: string) => act('loop', 'MessageParticipantIteratively', { Messages: [{ Text: text }] }, undefined, { Errors: [], Conditions: [] });

describe('flow moments on calls: transfers through quick connects', () => {
  function consulting(w: CallFlowWorld, options: { transferFlow?: string } = {}) {
    const customerHold = w.addTypedFlow(flowOf([iterate('Please hold while we find the right person.')]), 'CUSTOMER_HOLD');
    const call = w.acceptedCall('vic', { CustomerHold: customerHold });
    const qc = w.addQuickConnect('USER', 'wes', { name: 'Wes', ...(options.transferFlow ? { flowId: options.transferFlow } : {}) });
    eventsOf(w.setStatus('wes', 'Available'));
    eventsOf(w.run({ type: 'AddParticipant', userId: w.userId('vic'), contactId: call.contactId, quickConnectId: qc }));
    const leg = w.contact(call.contactId).call!.chain[1]!;
    return { ...call, leg, qc };
  }

  test('an agent quick connect: the agent transfer flow plays to the agent who used it while the caller hears the customer hold flow', () => {
    const w = new CallFlowWorld();
    const call = consulting(w);
    assert.equal(w.contact(call.leg).flowRun?.flowType, 'AGENT_TRANSFER', 'the transfer flow runs on the new leg');
    assert.deepEqual(w.flowAudioTo(call.contactId, call.agentPartyId), [{ kind: 'text', text: 'Transferring now…' }], 'Default agent transfer, to the source agent');
    assert.deepEqual(w.flowAudioTo(call.contactId, call.partyId), [{ kind: 'text', text: 'Please hold while we find the right person.' }], 'the held caller hears the CustomerHold flow');
    eventsOf(w.playedTo(call.contactId, call.agentPartyId));
    assert.equal(w.contact(call.leg).flowRun, undefined, 'Transfer to agent ends the transfer flow');
    assert.equal(w.contact(call.leg).status, 'queued', 'the leg waits for its agent');
    assert.equal(w.contact(call.contactId).flowRun?.flowType, 'CUSTOMER_HOLD', 'the caller still hears the hold flow');
  });

  test('the destination agent hears the agent whisper, then the customer whisper plays to the source agent; Join ends the caller\'s hold flow', () => {
    const w = new CallFlowWorld();
    const call = consulting(w);
    eventsOf(w.playedTo(call.contactId, call.agentPartyId));
    // This instance's Default customer whisper says something, so it can be heard where it plays.
    w.addTypedFlow(flowOf([say('hi', 'You are connected.', 'end'), act('end', 'EndFlowExecution')]), 'CUSTOMER_WHISPER', 'Default customer whisper', 'default-customer-whisper');
    eventsOf(w.accept('wes', call.leg));
    const wes = w.agentParty(call.contactId, 'wes').id;
    assert.equal(w.contact(call.leg).flowRun?.flowType, 'AGENT_WHISPER');
    assert.deepEqual(w.flowAudioTo(call.contactId, wes), [{ kind: 'text', text: 'BasicQueue' }]);
    assert.ok(!w.plan(call.contactId).hears[call.agentPartyId]!.includes(wes), 'the source agent does not hear the destination during the whisper');
    eventsOf(w.playedTo(call.contactId, wes));
    assert.equal(w.contact(call.leg).flowRun?.flowType, 'CUSTOMER_WHISPER');
    assert.deepEqual(w.flowAudioTo(call.contactId, call.agentPartyId), [{ kind: 'text', text: 'You are connected.' }], 'played to the source agent');
    eventsOf(w.playedTo(call.contactId, call.agentPartyId));
    assert.equal(w.contact(call.leg).flowRun, undefined);
    assert.ok(w.plan(call.contactId).hears[call.agentPartyId]!.includes(wes), 'the two agents talk');
    eventsOf(w.control('vic', call.contactId, 'join'));
    assert.equal(w.contact(call.contactId).flowRun, undefined, 'the caller is off hold: the hold flow stops');
    assert.ok(w.plan(call.contactId).hears[call.partyId]!.includes(wes));
  });

  test('a restart mid-consult (replayed events) rebuilds every flow on the call, on the first contact and the leg', () => {
    const w = new CallFlowWorld();
    const call = consulting(w);
    const before = callFlowMedia(w.instance, w.contact(call.contactId));
    w.state.instances = replay(w.events, emptyState()).instances;
    assert.deepEqual(callFlowMedia(w.instance, w.contact(call.contactId)), before);
    eventsOf(w.playedTo(call.contactId, call.agentPartyId));
    assert.equal(w.contact(call.leg).flowRun, undefined, 'the transfer flow goes on from where it was');
  });

  test('the quick connect\'s own AGENT_TRANSFER flow runs instead of the default', () => {
    const w = new CallFlowWorld();
    const own = w.addTypedFlow(flowOf([say('say', 'Putting you through to a specialist.', 'to'), act('to', 'TransferContactToAgent')]), 'AGENT_TRANSFER');
    const call = consulting(w, { transferFlow: own });
    assert.deepEqual(w.flowAudioTo(call.contactId, call.agentPartyId), [{ kind: 'text', text: 'Putting you through to a specialist.' }]);
  });

  test('a queue quick connect: the Default queue transfer finds nobody staffed, says so and drops the new leg; the caller and the agent stay', () => {
    const w = new CallFlowWorld();
    const call = w.acceptedCall('vic');
    const support = w.addQueue('Support');
    const qc = w.addQuickConnect('QUEUE', support, { name: 'Support' });
    eventsOf(w.run({ type: 'AddParticipant', userId: w.userId('vic'), contactId: call.contactId, quickConnectId: qc }));
    const leg = w.contact(call.contactId).call!.chain[1]!;
    assert.equal(w.contact(leg).flowRun?.flowType, 'QUEUE_TRANSFER');
    assert.deepEqual(w.flowAudioTo(call.contactId, call.agentPartyId), [{ kind: 'text', text: 'There are currently no agents staffed. Goodbye.' }]);
    eventsOf(w.playedTo(call.contactId, call.agentPartyId));
    assert.equal(w.contact(leg).status, 'ended', 'the leg is dropped');
    assert.equal(w.contact(call.contactId).call!.endedAt, undefined, 'the call goes on');
    assert.equal(w.agentParty(call.contactId, 'vic').state, 'connected');
    eventsOf(w.control('vic', call.contactId, 'resume', call.partyId));
    assert.ok(w.plan(call.contactId).hears[call.partyId]!.includes(call.agentPartyId), 'back with the caller');
  });

  test('a blind transfer: the transfer flow runs with nobody to hear it (no wait), the destination agent still hears their whisper', () => {
    const w = new CallFlowWorld();
    const call = w.acceptedCall('vic');
    const qc = w.addQuickConnect('USER', 'wes', { name: 'Wes' });
    eventsOf(w.setStatus('wes', 'Available'));
    eventsOf(w.run({ type: 'TransferContact', userId: w.userId('vic'), contactId: call.contactId, quickConnectId: qc }));
    const leg = w.contact(call.contactId).call!.chain[1]!;
    assert.equal(w.contact(leg).flowRun, undefined, 'the transfer flow ran through');
    assert.equal(w.contact(leg).status, 'queued');
    eventsOf(w.accept('wes', leg));
    assert.equal(w.contact(leg).flowRun?.flowType, 'AGENT_WHISPER');
    eventsOf(w.playedTo(call.contactId, w.agentParty(call.contactId, 'wes').id));
    assert.equal(w.contact(leg).flowRun, undefined, 'no customer whisper to a source agent who left');
  });
});

describe('flow moments on calls: callbacks (CALLBACK)', () => {
  /** A customer queue flow offering a callback (like Amazon's Sample interruptible queue flow with callback). */
  function offerCallback(w: CallFlowWorld, before: ReturnType<typeof act>[] = []) {
    return w.addTypedFlow(flowOf([
      ...before,
      act('offer', 'GetParticipantInput', { Text: 'Press 1 to be called back.', InputTimeLimitSeconds: '5', StoreInput: 'False' }, 'end', { Conditions: [cond('1', 'cb')] }),
      { Identifier: 'cb', Type: 'CreateCallbackContact', Parameters: { InitialCallDelaySeconds: '5' }, Transitions: { NextAction: 'told', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
      say('told', 'We will call you back. Goodbye.', 'bye'), hangup(),
      say('sorry', 'Sorry, we cannot call you back.', 'end'), act('end', 'EndFlowExecution'),
    ]), 'CUSTOMER_QUEUE');
  }

  function callbackOf(w: CallFlowWorld): Contact {
    const callback = [...w.instance.contacts.values()].find((c) => c.initiationMethod === 'CALLBACK');
    assert.ok(callback, 'a CALLBACK contact was made');
    return callback;
  }

  function queuedForCallback(w: CallFlowWorld, before: ReturnType<typeof act>[] = []) {
    const call = w.callOn(w.hooksThenQueue({ CustomerQueue: offerCallback(w, before) }), { media: true, number: '+12065550123' });
    eventsOf(call.decision);
    if (before.length > 0) eventsOf(w.played(call.contactId));
    assert.deepEqual(w.flowAudioTo(call.contactId, call.partyId), [{ kind: 'text', text: 'Press 1 to be called back.' }]);
    eventsOf(w.digits(call.contactId, '1'));
    eventsOf(w.played(call.contactId));
    // The callback's InitialCallDelaySeconds (5) passes.
    w.advance(5000);
    return call;
  }

  test('pressing 1 in the customer queue flow makes a CALLBACK contact in the queue, linked to the call, which then ends', () => {
    const w = new CallFlowWorld();
    const call = queuedForCallback(w);
    assert.equal(w.contact(call.contactId).status, 'ended', 'the caller was told and hung up on');
    const callback = callbackOf(w);
    assert.deepEqual([callback.channel, callback.status, callback.queueId], ['VOICE', 'queued', w.queueId]);
    assert.equal(callback.previousContactId, call.contactId);
    assert.equal(callback.relatedContactId, call.contactId);
    assert.equal(callback.customerDisplayName, '+12065550123', 'it calls the caller\'s number');
    assert.equal(callback.call, undefined, 'no call until an agent takes it');
    assert.equal(callback.flowRun, undefined, 'no customer queue flow: nobody is on the line');
  });

  test('when an agent accepts the callback: agent whisper, the customer dialled, the outbound whisper when they answer, then put through', () => {
    const w = new CallFlowWorld();
    w.addTypedFlow(flowOf([say('hi', 'This is your callback.', 'end'), act('end', 'EndFlowExecution')]), 'OUTBOUND_WHISPER', 'Default outbound', 'default-outbound');
    queuedForCallback(w);
    const callback = callbackOf(w);
    eventsOf(w.setStatus('vic', 'Available'));
    eventsOf(w.accept('vic', callback.id));
    const vic = w.agentParty(callback.id, 'vic');
    const customer = w.parties(callback.id).find((p) => p.kind === 'customer')!;
    assert.deepEqual([vic.state, customer.state, customer.phoneNumber], ['connected', 'connecting', '+12065550123'], 'the customer is dialled');
    assert.equal(w.contact(callback.id).flowRun?.flowType, 'AGENT_WHISPER');
    assert.deepEqual(w.flowAudioTo(callback.id, vic.id), [{ kind: 'text', text: 'BasicQueue' }]);
    eventsOf(w.playedTo(callback.id, vic.id));
    assert.equal(w.contact(callback.id).flowRun, undefined, 'nothing more until the customer answers');
    eventsOf(w.phone(callback.id, customer.id, 'answer'));
    assert.equal(w.contact(callback.id).flowRun?.flowType, 'OUTBOUND_WHISPER');
    assert.deepEqual(w.flowAudioTo(callback.id, customer.id), [{ kind: 'text', text: 'This is your callback.' }]);
    eventsOf(w.playedTo(callback.id, customer.id));
    assert.ok(w.plan(callback.id).hears[vic.id]!.includes(customer.id), 'agent and customer talk');
  });

  test('a customer who answers during the agent whisper hears the outbound whisper only after it', () => {
    const w = new CallFlowWorld();
    queuedForCallback(w);
    const callback = callbackOf(w);
    eventsOf(w.setStatus('vic', 'Available'));
    eventsOf(w.accept('vic', callback.id));
    const customer = w.parties(callback.id).find((p) => p.kind === 'customer')!;
    eventsOf(w.phone(callback.id, customer.id, 'answer'));
    assert.equal(w.contact(callback.id).flowRun?.flowType, 'AGENT_WHISPER', 'the agent whisper goes on');
    eventsOf(w.playedTo(callback.id, w.agentParty(callback.id, 'vic').id));
    // The Default outbound (recording behaviour, then end) ran after it.
    assert.deepEqual(w.contact(callback.id).flowSettings?.recordedParticipants, []);
    assert.equal(w.contact(callback.id).flowRun, undefined);
  });

  test('InitialCallDelaySeconds: the callback enters its queue that long after the flow made it, and no agent is offered it before', () => {
    const w = new CallFlowWorld();
    const call = w.callOn(w.hooksThenQueue({ CustomerQueue: offerCallback(w) }), { media: true, number: '+12065550123' });
    eventsOf(w.digits(call.contactId, '1'));
    const madeAt = w.now;
    eventsOf(w.played(call.contactId));
    assert.equal(w.contact(call.contactId).status, 'ended', 'the caller was told and hung up on');
    const callback = callbackOf(w);
    assert.equal(callback.enqueuedAt, madeAt + 5000, 'EnqueueTimestamp: five seconds after the flow made it');
    eventsOf(w.setStatus('vic', 'Available'));
    assert.equal(w.contact(callback.id).offer, undefined, 'not offered during the delay');
    assert.ok(w.events.flatMap((e) => deadlinesOf(e)).some((d) => d.at === madeAt + 5000 && d.command?.type === 'RouteContacts'), 'routing looks again when the delay ends');
    w.advance(5000);
    eventsOf(w.run({ type: 'RouteContacts' }));
    assert.equal(w.contact(callback.id).offer?.userId, w.userId('vic'), 'offered once the delay has passed');
  });

  test('the callback number set by UpdateContactCallbackNumber is the one dialled', () => {
    const w = new CallFlowWorld();
    queuedForCallback(w, [say('hello', 'One moment.', 'number'), act('number', 'UpdateContactCallbackNumber', { CallbackNumber: '+14255550199' }, 'offer')]);
    assert.equal(callbackOf(w).customerDisplayName, '+14255550199');
  });
});
