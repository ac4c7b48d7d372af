/**
 * Whispers on chats (seed 003; Connect's admin guide, "Set whisper flow" and "Set the default whisper flow
 * for a chat conversation"): they run only when the chat's flow set them, in order — agent whisper, then
 * customer whisper — and each is one-sided: its messages are seen by its own side only.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { transcriptFor, type TranscriptItem } from '../src/index.ts';
import { eventsOf } from './decisions.ts';
import { FlowWorld, act, flowOf, hangup, say } from './flowWorld.ts';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:whisper';

/** An inbound chat flow: set these hooks (Set whisper flow), then the basic queue. */
function chatWithHooks(w: FlowWorld, hooks: Record<string, string>) {
  const chat = w.chatOn(flowOf([
    ...(Object.keys(hooks).length > 0 ? [act('hooks', 'UpdateContactEventHooks', { EventHooks: hooks }, 'q')] : []),
    act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
  ]));
  w.setStatus('alice', 'Available');
  return chat;
}

const whisper = (text: string, type: 'AGENT_WHISPER' | 'CUSTOMER_WHISPER', w: FlowWorld) =>
  w.addTypedFlow(flowOf([say('say', text, 'end'), act('end', 'EndFlowExecution')]), type);

const texts = (items: readonly TranscriptItem[]) => items.filter((i) => i.role === 'SYSTEM' && i.type === 'MESSAGE').map((i) => i.content);

describe('chat whispers: when they run', () => {
  test('a chat whose flow set both whispers runs the agent whisper, then the customer whisper, when the agent accepts; then it is connected with no flow running', () => {
    const w = new FlowWorld();
    const chat = chatWithHooks(w, { AgentWhisper: whisper('Agent: VIP customer', 'AGENT_WHISPER', w), CustomerWhisper: whisper('Customer: you are connected', 'CUSTOMER_WHISPER', w) });
    eventsOf(w.accept('alice', chat.contactId));
    assert.deepEqual(w.said(chat.contactId), ['Agent: VIP customer', 'Customer: you are connected']);
    assert.equal(w.contact(chat.contactId).status, 'connected');
    assert.equal(w.contact(chat.contactId).flowRun, undefined);
  });

  test('a chat with no Set whisper flow runs no whisper: not even the default agent whisper (chats have no default whisper)', () => {
    const w = new FlowWorld();
    const chat = chatWithHooks(w, {});
    const types = eventsOf(w.accept('alice', chat.contactId)).map((e) => e.type);
    assert.ok(!types.includes('FlowAdvanced'));
    assert.deepEqual(w.said(chat.contactId), []);
  });

  test('a chat that set only a customer whisper runs only it: the default agent whisper does not run in its place', () => {
    const w = new FlowWorld();
    const chat = chatWithHooks(w, { CustomerWhisper: whisper('You are connected', 'CUSTOMER_WHISPER', w) });
    eventsOf(w.accept('alice', chat.contactId));
    assert.deepEqual(w.said(chat.contactId), ['You are connected']);
  });

  test('a chat whose hook names the default agent whisper flow runs it: the queue name, to the agent', () => {
    const w = new FlowWorld();
    const chat = chatWithHooks(w, { AgentWhisper: 'default-agent-whisper' });
    eventsOf(w.accept('alice', chat.contactId));
    const agent = w.participantOf('alice', chat.contactId);
    assert.deepEqual(texts(transcriptFor(w.contact(chat.contactId).transcript, agent)), ['BasicQueue']);
    assert.deepEqual(texts(transcriptFor(w.contact(chat.contactId).transcript, chat.customerId)), []);
  });

  test('the customer whisper sees what the agent whisper set (attributes), and both read $.Queue.ARN, $.ContactId and $.InitialContactId', () => {
    const w = new FlowWorld();
    const agentWhisper = w.addTypedFlow(flowOf([
      act('set', 'UpdateContactAttributes', { Attributes: { greetedBy: 'agent whisper', queueArn: '$.Queue.ARN', contactId: '$.ContactId', initial: '$.InitialContactId' } }, 'end'),
      act('end', 'EndFlowExecution'),
    ]), 'AGENT_WHISPER');
    const customerWhisper = w.addTypedFlow(flowOf([say('say', 'after $.Attributes.greetedBy', 'end'), act('end', 'EndFlowExecution')]), 'CUSTOMER_WHISPER');
    const chat = chatWithHooks(w, { AgentWhisper: agentWhisper, CustomerWhisper: customerWhisper });
    eventsOf(w.accept('alice', chat.contactId));
    const attributes = w.contact(chat.contactId).attributes;
    assert.equal(attributes.queueArn, w.instance.queues.get(w.queueId)!.arn);
    assert.equal(attributes.contactId, chat.contactId);
    assert.equal(attributes.initial, chat.contactId, 'a chat is its own first contact');
    assert.deepEqual(w.said(chat.contactId), ['after agent whisper']);
  });

  test('an agent whisper that logs (flow logging on) hands over to the customer whisper once', () => {
    const w = new FlowWorld();
    const agentWhisper = w.addTypedFlow(flowOf([act('log', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, 'say'), say('say', 'For the agent', 'end'), act('end', 'EndFlowExecution')]), 'AGENT_WHISPER');
    const chat = chatWithHooks(w, { AgentWhisper: agentWhisper, CustomerWhisper: whisper('For the customer', 'CUSTOMER_WHISPER', w) });
    eventsOf(w.accept('alice', chat.contactId));
    assert.deepEqual(w.said(chat.contactId), ['For the agent', 'For the customer']);
  });

  test('an agent whisper waiting on a Lambda holds the customer whisper until it answers; the customer\'s messages meanwhile reach the agent and do not answer the whisper', () => {
    const w = new FlowWorld();
    eventsOf(w.run({ type: 'AssociateLambdaFunction', functionArn: LAMBDA }));
    const agentWhisper = w.addTypedFlow(flowOf([act('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: LAMBDA }, 'say'), say('say', 'Tier $.External.tier', 'end'), act('end', 'EndFlowExecution')]), 'AGENT_WHISPER');
    const chat = chatWithHooks(w, { AgentWhisper: agentWhisper, CustomerWhisper: whisper('You are connected', 'CUSTOMER_WHISPER', w) });
    eventsOf(w.accept('alice', chat.contactId));
    assert.equal(w.wait(chat.contactId).kind, 'lambda');
    eventsOf(w.send(chat.contactId, chat.customerId, 'hello?'));
    assert.equal(w.wait(chat.contactId).kind, 'lambda', 'the agent whisper still waits for its Lambda');
    eventsOf(w.send(chat.contactId, w.participantOf('alice', chat.contactId), 'hi, one moment'));
    eventsOf(w.lambda(chat.contactId, true, { tier: 'gold' }));
    assert.deepEqual(w.said(chat.contactId), ['Tier gold', 'You are connected']);
    assert.equal(w.contact(chat.contactId).flowRun, undefined);
  });

  test('a chat transferred to another agent runs no whisper when they accept (transfers keep their own moments)', () => {
    const w = new FlowWorld();
    const chat = chatWithHooks(w, { AgentWhisper: whisper('Agent: VIP customer', 'AGENT_WHISPER', w) });
    eventsOf(w.accept('alice', chat.contactId));
    const qc = w.addQuickConnect('USER', 'bob');
    w.setStatus('bob', 'Available');
    eventsOf(w.transfer('alice', chat.contactId, qc));
    eventsOf(w.accept('bob', chat.contactId));
    assert.deepEqual(w.said(chat.contactId).filter((t) => t === 'Agent: VIP customer'), ['Agent: VIP customer'], 'only the first agent\'s whisper');
    assert.equal(w.contact(chat.contactId).flowRun, undefined);
  });

  test('the agent leaving while their whisper runs: the whisper stops, the disconnect flow (CustomerRemaining) takes over, no customer whisper', () => {
    const w = new FlowWorld();
    eventsOf(w.run({ type: 'AssociateLambdaFunction', functionArn: LAMBDA }));
    const agentWhisper = w.addTypedFlow(flowOf([act('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: LAMBDA }, 'end'), act('end', 'EndFlowExecution')]), 'AGENT_WHISPER');
    const remaining = w.addTypedFlow(flowOf([say('sorry', 'Your agent had to leave.', 'bye'), hangup()]));
    const chat = chatWithHooks(w, { AgentWhisper: agentWhisper, CustomerWhisper: whisper('You are connected', 'CUSTOMER_WHISPER', w), CustomerRemaining: remaining });
    eventsOf(w.accept('alice', chat.contactId));
    eventsOf(w.disconnect(chat.contactId, w.participantOf('alice', chat.contactId)));
    assert.deepEqual(w.said(chat.contactId), ['Your agent had to leave.']);
    assert.equal(w.contact(chat.contactId).status, 'ended');
  });
});

describe('chat whispers: one-sided', () => {
  test('the agent whisper\'s messages are seen by the agent only, the customer whisper\'s by the customer only; the rest of the chat by both', () => {
    const w = new FlowWorld();
    const chat = chatWithHooks(w, { AgentWhisper: whisper('Agent only', 'AGENT_WHISPER', w), CustomerWhisper: whisper('Customer only', 'CUSTOMER_WHISPER', w) });
    eventsOf(w.accept('alice', chat.contactId));
    const agent = w.participantOf('alice', chat.contactId);
    eventsOf(w.send(chat.contactId, agent, 'How can I help?'));
    const transcript = w.contact(chat.contactId).transcript;
    const messages = (who: string) => transcriptFor(transcript, who).filter((i) => i.type === 'MESSAGE').map((i) => i.content);
    assert.deepEqual(messages(agent), ['Agent only', 'How can I help?']);
    assert.deepEqual(messages(chat.customerId), ['Customer only', 'How can I help?']);
    const agentItem = transcript.find((i) => i.content === 'Agent only')!;
    assert.deepEqual(agentItem.visibleTo, [agent]);
  });

  test('a participant cannot send a receipt for the other side\'s whisper: to them it is not a message of the chat', () => {
    const w = new FlowWorld();
    const chat = chatWithHooks(w, { AgentWhisper: whisper('Agent only', 'AGENT_WHISPER', w) });
    eventsOf(w.accept('alice', chat.contactId));
    const item = w.contact(chat.contactId).transcript.find((i) => i.content === 'Agent only')!;
    const refused = w.receipt(chat.contactId, chat.customerId, item.id, 'read');
    assert.ok(!refused.ok && refused.rejection.rule === 'receipts-are-for-messages-of-the-chat');
    assert.ok(w.receipt(chat.contactId, w.participantOf('alice', chat.contactId), item.id, 'read').ok, 'the agent may');
  });

  test('flows that are not whispers still speak to everyone in the chat', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([say('hi', 'Hello from the flow', 'q'), act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup()]));
    const item = w.contact(chat.contactId).transcript.find((i) => i.content === 'Hello from the flow')!;
    assert.equal(item.visibleTo, undefined);
  });
});
