/** Flow types at their moments on calls (seed 003): the disconnect flow when the agent hangs up, the agent hold flow, the outbound whisper. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, replay } from '../src/index.ts';
import { eventsOf } from './decisions.ts';
import { act, cond, flowOf, hangup, say } from './flowWorld.ts';
import { CallFlowWorld } from './callFlowWorld.ts';

/** A post-call survey (like Amazon's Sample disconnect flow, voice branch): one DTMF question, then goodbye. */
function survey() {
  const errors = [{ NextAction: 'bye', ErrorType: 'NoMatchingCondition' }, { NextAction: 'bye', ErrorType: 'InputTimeLimitExceeded' }, { NextAction: 'bye', ErrorType: 'NoMatchingError' }];
  return flowOf([
    act('ask', 'GetParticipantInput', { Text: 'Please rate this call: press 5 for great, 1 for poor.', InputTimeLimitSeconds: '5', StoreInput: 'False' }, 'bye', {
      Conditions: [cond('5', 'great'), cond('1', 'poor')], Errors: errors,
    }),
    act('great', 'UpdateContactAttributes', { Attributes: { rating: 'great', how: '$.InitiationMethod' } }, 'thanks'),
    act('poor', 'UpdateContactAttributes', { Attributes: { rating: 'poor', how: '$.InitiationMethod' } }, 'thanks'),
    say('thanks', 'Thank you for your feedback. Goodbye.', 'bye'), hangup(),
  ]);
}

describe('flow moments on calls: the disconnect flow (CustomerRemaining)', () => {
  test('when the agent hangs up, the caller stays for the disconnect flow (a DTMF survey), then the call and the contact end', () => {
    const w = new CallFlowWorld();
    const hook = w.addTypedFlow(survey());
    const call = w.acceptedCall('vic', { CustomerRemaining: hook });
    eventsOf(w.control('vic', call.contactId, 'disconnect'));
    const contact = w.contact(call.contactId);
    assert.equal(contact.status, 'connected', 'the contact goes on');
    assert.equal(contact.call!.endedAt, undefined, 'the call goes on');
    assert.equal(w.agentContact('vic', call.contactId)?.state, 'ended', 'the agent is in after contact work');
    assert.equal(w.agentParty(call.contactId, 'vic').state, 'disconnected');
    assert.equal(contact.flowRun?.rootFlowId, hook);
    assert.deepEqual(w.flowAudioTo(call.contactId, call.partyId), [{ kind: 'text', text: 'Please rate this call: press 5 for great, 1 for poor.' }]);
    assert.equal(w.plan(call.contactId).collections[0]?.partyId, call.partyId, 'the caller\'s keys are collected');
    eventsOf(w.digits(call.contactId, '5'));
    assert.deepEqual([w.contact(call.contactId).attributes.rating, w.contact(call.contactId).attributes.how], ['great', 'DISCONNECT']);
    assert.deepEqual(w.flowAudioTo(call.contactId, call.partyId), [{ kind: 'text', text: 'Thank you for your feedback. Goodbye.' }]);
    eventsOf(w.played(call.contactId));
    assert.equal(w.contact(call.contactId).status, 'ended');
    assert.notEqual(w.contact(call.contactId).call!.endedAt, undefined, 'the flow hung up');
  });

  test('a restart while the survey waits for the caller\'s key (replayed events) goes on where it was', () => {
    const w = new CallFlowWorld();
    const call = w.acceptedCall('vic', { CustomerRemaining: w.addTypedFlow(survey()) });
    eventsOf(w.control('vic', call.contactId, 'disconnect'));
    const before = structuredClone(w.contact(call.contactId).flowRun);
    w.state.instances = replay(w.events, emptyState()).instances;
    assert.deepEqual(w.contact(call.contactId).flowRun, before);
    assert.equal(w.agentContact('vic', call.contactId)?.state, 'ended');
    eventsOf(w.digits(call.contactId, '1'));
    assert.equal(w.contact(call.contactId).attributes.rating, 'poor');
  });

  test('the caller hanging up during the disconnect flow ends the call and the contact', () => {
    const w = new CallFlowWorld();
    const call = w.acceptedCall('vic', { CustomerRemaining: w.addTypedFlow(survey()) });
    eventsOf(w.control('vic', call.contactId, 'disconnect'));
    eventsOf(w.phone(call.contactId, call.partyId, 'hangup'));
    assert.equal(w.contact(call.contactId).status, 'ended');
    assert.equal(w.contact(call.contactId).flowRun, undefined);
    assert.equal(w.contact(call.contactId).disconnectReason, 'CUSTOMER_DISCONNECT');
  });

  test('without a disconnect flow, the agent hanging up ends the call at once', () => {
    const w = new CallFlowWorld();
    const call = w.acceptedCall('vic');
    eventsOf(w.control('vic', call.contactId, 'disconnect'));
    assert.equal(w.contact(call.contactId).status, 'ended');
    assert.equal(w.contact(call.contactId).disconnectReason, 'AGENT_DISCONNECT');
  });

  test('the caller hanging up first does not run the disconnect flow', () => {
    const w = new CallFlowWorld();
    const call = w.acceptedCall('vic', { CustomerRemaining: w.addTypedFlow(survey()) });
    eventsOf(w.phone(call.contactId, call.partyId, 'hangup'));
    assert.equal(w.contact(call.contactId).status, 'ended');
    assert.equal(w.contact(call.contactId).flowRun, undefined);
  });

  test('a disconnect flow can queue the caller again: the next agent takes the same contact', () => {
    const w = new CallFlowWorld();
    const requeue = w.addTypedFlow(flowOf([
      say('sorry', 'Sorry, we were cut off. Finding you another agent.', 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]));
    const call = w.acceptedCall('vic', { CustomerRemaining: requeue });
    eventsOf(w.control('vic', call.contactId, 'disconnect'));
    eventsOf(w.played(call.contactId));
    assert.equal(w.contact(call.contactId).status, 'queued');
    eventsOf(w.setStatus('wes', 'Available'));
    eventsOf(w.accept('wes', call.contactId));
    assert.equal(w.agentParty(call.contactId, 'wes').state, 'connected');
    assert.equal(w.contact(call.contactId).flowRun?.flowType, 'AGENT_WHISPER', 'the new agent hears their whisper');
  });
});

describe('flow moments on calls: the agent hold flow (AgentHold)', () => {
  test('an agent put on hold hears the Default agent hold ("You are on hold") instead of hold music, until taken off hold', () => {
    const w = new CallFlowWorld({ multiParty: true });
    const call = w.acceptedCall('vic');
    eventsOf(w.control('vic', call.contactId, 'hold', call.agentPartyId));
    const run = w.contact(call.contactId).flowRun!;
    assert.deepEqual([run.flowType, run.partyId], ['AGENT_HOLD', call.agentPartyId]);
    assert.deepEqual(w.flowAudioTo(call.contactId, call.agentPartyId), [{ kind: 'ssml', ssml: '<speak>You are on hold <break time="10s"/></speak>' }]);
    const plan = w.plan(call.contactId);
    assert.ok(!plan.playbacks.some((p) => p.to === call.agentPartyId && p.audio.kind === 'music'), 'no hold music under the flow');
    assert.ok(!plan.hears[call.agentPartyId]!.includes(call.partyId), 'the held agent does not hear the caller');
    // The loop plays again after each play.
    eventsOf(w.playedTo(call.contactId, call.agentPartyId));
    assert.equal(w.flowAudioTo(call.contactId, call.agentPartyId).length, 1);
    eventsOf(w.control('vic', call.contactId, 'resume', call.agentPartyId));
    assert.equal(w.contact(call.contactId).flowRun, undefined);
    assert.deepEqual(w.flowAudioTo(call.contactId, call.agentPartyId), []);
    assert.ok(w.plan(call.contactId).hears[call.agentPartyId]!.includes(call.partyId), 'back with the caller');
  });

  test('the AgentHold hook names the flow a held agent hears', () => {
    const w = new CallFlowWorld({ multiParty: true });
    const agentHold = w.addTypedFlow(flowOf([act('loop', 'MessageParticipantIteratively', { Messages: [{ Text: 'Your caller is waiting.' }] }, undefined, { Errors: [], Conditions: [] })]), 'AGENT_HOLD');
    const call = w.acceptedCall('vic', { AgentHold: agentHold });
    eventsOf(w.control('vic', call.contactId, 'hold', call.agentPartyId));
    assert.deepEqual(w.flowAudioTo(call.contactId, call.agentPartyId), [{ kind: 'text', text: 'Your caller is waiting.' }]);
  });

  test('an AgentHold hook naming a flow of another type takes the error branch (flow types are checked where a flow is used)', () => {
    const w = new CallFlowWorld();
    const notHold = w.addTypedFlow(flowOf([act('end', 'EndFlowExecution')]), 'CUSTOMER_HOLD');
    const call = w.callOn(flowOf([
      act('hooks', 'UpdateContactEventHooks', { EventHooks: { AgentHold: notHold } }, 'wrong', { NextAction: 'q', Errors: [{ NextAction: 'wrong', ErrorType: 'NoMatchingError' }] }),
      act('wrong', 'UpdateContactAttributes', { Attributes: { hook: 'refused' } }, 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]), { media: true });
    eventsOf(call.decision);
    assert.equal(w.contact(call.contactId).attributes.hook, 'refused');
    assert.equal(w.contact(call.contactId).flowSettings?.eventHooks?.AgentHold, undefined);
  });
});

describe('flow moments on calls: the outbound whisper (OUTBOUND)', () => {
  test('when the customer an agent dialled answers, the outbound whisper plays to them alone before they are put through', () => {
    const w = new CallFlowWorld();
    // Admins may edit the default flows: this instance's Default outbound announces recording.
    w.addTypedFlow(flowOf([say('notice', 'This call may be recorded.', 'end'), act('end', 'EndFlowExecution')]), 'OUTBOUND_WHISPER', 'Default outbound', 'default-outbound');
    eventsOf(w.setStatus('vic', 'Available'));
    const out = w.dialOut('vic');
    assert.equal(w.contact(out.contactId).flowRun, undefined, 'nothing plays while it rings');
    eventsOf(w.phone(out.contactId, out.customerPartyId, 'answer'));
    const run = w.contact(out.contactId).flowRun!;
    assert.deepEqual([run.flowType, run.partyId], ['OUTBOUND_WHISPER', out.customerPartyId]);
    assert.deepEqual(w.flowAudioTo(out.contactId, out.customerPartyId), [{ kind: 'text', text: 'This call may be recorded.' }]);
    const agent = w.agentParty(out.contactId, 'vic').id;
    assert.ok(!w.plan(out.contactId).hears[agent]!.includes(out.customerPartyId), 'the agent does not hear the customer yet');
    eventsOf(w.played(out.contactId));
    assert.equal(w.contact(out.contactId).flowRun, undefined);
    assert.ok(w.plan(out.contactId).hears[agent]!.includes(out.customerPartyId), 'put through');
  });

  test('the Default outbound runs to its end at once: recording behaviour set, the customer put through', () => {
    const w = new CallFlowWorld();
    eventsOf(w.setStatus('vic', 'Available'));
    const out = w.dialOut('vic');
    eventsOf(w.phone(out.contactId, out.customerPartyId, 'answer'));
    assert.equal(w.contact(out.contactId).flowRun, undefined);
    assert.deepEqual(w.contact(out.contactId).flowSettings?.recordedParticipants, []);
  });

  test("a call placed from a queue whose OutboundCallerConfig names an outbound whisper plays that flow, not the Default outbound", () => {
    const w = new CallFlowWorld();
    const sales = w.addTypedFlow(flowOf([say('hi', 'Hello from Sales.', 'end'), act('end', 'EndFlowExecution')]), 'OUTBOUND_WHISPER', 'Sales outbound');
    const outboundQueue = w.instance.routingProfiles.get(w.user('vic').routingProfileId)!.defaultOutboundQueueId;
    eventsOf(w.run({ type: 'UpdateQueueOutboundCaller', queueId: outboundQueue, outboundCaller: { name: 'Sales', flowId: sales } }));
    eventsOf(w.setStatus('vic', 'Available'));
    const out = w.dialOut('vic');
    eventsOf(w.phone(out.contactId, out.customerPartyId, 'answer'));
    assert.equal(w.contact(out.contactId).flowRun?.rootFlowId, sales);
    assert.deepEqual(w.flowAudioTo(out.contactId, out.customerPartyId), [{ kind: 'text', text: 'Hello from Sales.' }]);
  });
});

