/**
 * Whispers on calls without media (the phone simulator with SWITCHBOARD_MEDIA=0): seed 003's whispers run
 * all the same — for their logic (attributes, Lambda, logging) — and their prompts end at once, as every
 * flow's prompts do when nothing plays them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { flowMedia } from '../src/index.ts';
import { eventsOf } from './decisions.ts';
import { FlowWorld, act, flowOf, hangup, say } from './flowWorld.ts';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:whisper';

function queuedCall(w: FlowWorld, hooks: Record<string, string> = {}, options: { media?: boolean; logging?: boolean } = {}) {
  const profile = w.addRoutingProfile('voice', ['VOICE']);
  w.addAgent('vic', profile);
  const call = w.callOn(flowOf([
    ...(options.logging ? [act('log', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, 'hooks')] : []),
    act('hooks', 'UpdateContactEventHooks', { EventHooks: hooks }, 'q'),
    act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
  ], options.logging ? 'log' : 'hooks'), { media: options.media ?? false });
  w.setStatus('vic', 'Available');
  return call;
}

describe('whispers on calls without media', () => {
  test('when an agent takes a call without media, the agent whisper runs for its logic, then the customer whisper; their prompts end at once', () => {
    const w = new FlowWorld();
    const agentWhisper = w.addTypedFlow(flowOf([
      say('say', 'Caller from $.Queue.Name', 'set'),
      act('set', 'UpdateContactAttributes', { Attributes: { whisperedTo: 'agent', queueArn: '$.Queue.ARN', contactId: '$.ContactId', initial: '$.InitialContactId' } }, 'end'),
      act('end', 'EndFlowExecution'),
    ]), 'AGENT_WHISPER');
    const customerWhisper = w.addTypedFlow(flowOf([
      say('say', 'You are connected', 'set'),
      act('set', 'UpdateContactAttributes', { Attributes: { afterAgent: '$.Attributes.whisperedTo' } }, 'end'),
      act('end', 'EndFlowExecution'),
    ]), 'CUSTOMER_WHISPER');
    const call = queuedCall(w, { AgentWhisper: agentWhisper, CustomerWhisper: customerWhisper });
    eventsOf(w.accept('vic', call.contactId));
    const contact = w.contact(call.contactId);
    assert.equal(contact.flowRun, undefined, 'nothing waits: no media plays the prompts');
    assert.equal(contact.status, 'connected');
    assert.deepEqual(
      { whisperedTo: contact.attributes.whisperedTo, afterAgent: contact.attributes.afterAgent, queueArn: contact.attributes.queueArn, contactId: contact.attributes.contactId, initial: contact.attributes.initial },
      { whisperedTo: 'agent', afterAgent: 'agent', queueArn: w.instance.queues.get(w.queueId)!.arn, contactId: call.contactId, initial: call.contactId },
    );
    assert.deepEqual(flowMedia(contact).playbacks, []);
  });

  test('without media and without hooks, the default whispers run: the flow log (logging set by the inbound flow) shows both', () => {
    const w = new FlowWorld();
    const call = queuedCall(w, {}, { logging: true });
    eventsOf(w.accept('vic', call.contactId));
    const flows = new Set(w.log(call.contactId).map((e) => e.flowId));
    assert.ok(flows.has('default-agent-whisper'), 'the default agent whisper ran');
    assert.ok(flows.has('default-customer-whisper'), 'the default customer whisper ran after it');
    assert.equal(w.contact(call.contactId).flowRun, undefined);
  });

  test('without media, an agent whisper waiting on a Lambda holds the customer whisper until the Lambda answers', () => {
    const w = new FlowWorld();
    eventsOf(w.run({ type: 'AssociateLambdaFunction', functionArn: LAMBDA }));
    const agentWhisper = w.addTypedFlow(flowOf([
      act('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: LAMBDA }, 'set'),
      act('set', 'UpdateContactAttributes', { Attributes: { tier: '$.External.tier' } }, 'end'), act('end', 'EndFlowExecution'),
    ]), 'AGENT_WHISPER');
    const customerWhisper = w.addTypedFlow(flowOf([act('set', 'UpdateContactAttributes', { Attributes: { customerWhisper: 'ran for $.Attributes.tier' } }, 'end'), act('end', 'EndFlowExecution')]), 'CUSTOMER_WHISPER');
    const call = queuedCall(w, { AgentWhisper: agentWhisper, CustomerWhisper: customerWhisper });
    eventsOf(w.accept('vic', call.contactId));
    assert.equal(w.wait(call.contactId).kind, 'lambda');
    assert.equal(w.contact(call.contactId).attributes.customerWhisper, undefined, 'not yet');
    eventsOf(w.lambda(call.contactId, true, { tier: 'gold' }));
    assert.equal(w.contact(call.contactId).attributes.customerWhisper, 'ran for gold');
    assert.equal(w.contact(call.contactId).flowRun, undefined);
  });

  test('with media the whispers still wait for their prompts to play (unchanged)', () => {
    const w = new FlowWorld();
    const call = queuedCall(w, {}, { media: true });
    eventsOf(w.accept('vic', call.contactId));
    assert.equal(w.contact(call.contactId).flowRun?.flowType, 'AGENT_WHISPER');
    assert.equal(w.wait(call.contactId).kind, 'prompt');
  });
});
