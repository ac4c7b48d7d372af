/** `$.` references that real flows read (flow-language.md §1.6): $.CustomerId, $.Tags, $.Lex.SessionAttributes, a task's $.Name / $.Description; and flow logging, which holds for the rest of the contact. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsOf } from './decisions.ts';
import { FlowWorld, act, flowOf, hangup, say } from './flowWorld.ts';
import { uuidCounter } from './fixtures.ts';
import { CallFlowWorld } from './callFlowWorld.ts';

const nextTask = uuidCounter('7a5c');

describe('flow namespaces', () => {
  test('$.CustomerId is what UpdateContactData set; a Lambda gets it as ContactData.CustomerId', () => {
    const w = new FlowWorld();
    eventsOf(w.run({ type: 'AssociateLambdaFunction', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:lookup' }));
    const chat = w.chatOn(flowOf([
      act('data', 'UpdateContactData', { CustomerId: 'cust-$.Attributes.account' }, 'fn'),
      act('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:lookup' }, 'show'),
      say('show', 'customer $.CustomerId', 'bye'), hangup(),
    ]), { account: '42' });
    const wait = w.wait(chat.contactId);
    assert.equal(wait.kind === 'lambda' && wait.payload.Details.ContactData.CustomerId, 'cust-42');
    w.lambda(chat.contactId, true, {});
    assert.deepEqual(w.said(chat.contactId), ['customer cust-42']);
  });

  test('$.Tags.<key> reads the tags TagContact set, in this flow and after a transfer to another', () => {
    const w = new FlowWorld();
    const next = w.addTypedFlow(flowOf([say('later', 'still $.Tags.department', 'bye'), hangup()]));
    const chat = w.chatOn(flowOf([
      act('tag', 'TagContact', { Tags: { department: 'billing', tier: '$.Attributes.tier' } }, 'show'),
      say('show', '$.Tags.department / $.Tags.tier', 'go'),
      act('go', 'TransferToFlow', { ContactFlowId: next }, 'bye'), hangup(),
    ]), { tier: 'gold' });
    assert.deepEqual(w.said(chat.contactId), ['billing / gold', 'still billing']);
  });

  test('$.Lex.SessionAttributes.<key> are the session attributes the bot was given', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([
      act('lex', 'ConnectParticipantWithLexBot', { Text: 'Hi', LexV2Bot: { AliasArn: 'arn:aws:lex:us-east-1:1:bot-alias/B/Bot' }, LexSessionAttributes: { tier: '$.Attributes.tier' } }, 'show'),
      say('show', '$.Lex.IntentName for $.Lex.SessionAttributes.tier', 'bye'), hangup(),
    ]), { tier: 'gold' });
    w.send(chat.contactId, chat.customerId, 'my order');
    w.bot(chat.contactId, 'CheckOrder');
    assert.equal(w.said(chat.contactId).at(-1), 'CheckOrder for gold');
  });

  test('a task\'s $.Name and $.Description are its own until UpdateContactData changes them', () => {
    const w = new FlowWorld();
    const flowId = w.addTypedFlow(flowOf([
      act('before', 'UpdateContactAttributes', { Attributes: { name: '$.Name', about: '$.Description' } }, 'rename'),
      act('rename', 'UpdateContactData', { Name: 'Renamed: $.Name' }, 'after'),
      act('after', 'UpdateContactAttributes', { Attributes: { renamed: '$.Name', stillAbout: '$.Description' } }, 'end'),
      act('end', 'EndFlowExecution'),
    ]));
    const contactId = nextTask();
    w.run({ type: 'StartTaskContact', contactId, contactFlowId: flowId, name: 'Call back Ann', description: 'About order 1234', references: {}, attributes: {} });
    assert.deepEqual(w.contact(contactId).attributes, { name: 'Call back Ann', about: 'About order 1234', renamed: 'Renamed: Call back Ann', stillAbout: 'About order 1234' });
  });
});

describe('flow logging for the rest of the contact', () => {
  test('logging turned on by the inbound flow stays on in the customer queue flow it hooks; turned off, the hooked flow logs nothing', () => {
    const w = new FlowWorld();
    const queueFlow = w.addTypedFlow(flowOf([say('line', 'You are in line.', 'end'), act('end', 'EndFlowExecution')]), 'CUSTOMER_QUEUE');
    const inbound = (behaviour: string) => flowOf([
      act('log', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: behaviour }, 'cq'),
      act('cq', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: queueFlow } }, 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]);
    const on = w.chatOn(inbound('Enabled'));
    assert.deepEqual(w.said(on.contactId), ['You are in line.']);
    assert.deepEqual(w.log(on.contactId).filter((e) => e.flowId === queueFlow).map((e) => [e.actionType, e.result]), [['MessageParticipant', undefined], ['EndFlowExecution', 'end']]);
    const off = w.chatOn(inbound('Disabled'));
    assert.deepEqual(w.said(off.contactId), ['You are in line.']);
    assert.deepEqual(w.log(off.contactId), []);
  });

  test('$.ContactId, $.InitialContactId and $.Queue.ARN: a chat is its own first contact; its queue is the working queue the flow set', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'read'),
      act('read', 'UpdateContactAttributes', { Attributes: { id: '$.ContactId', first: '$.InitialContactId', queue: '$.Queue.ARN' } }, 'bye'),
      hangup(),
    ]));
    const attributes = w.contact(chat.contactId).attributes;
    assert.deepEqual([attributes.id, attributes.first, attributes.queue], [chat.contactId, chat.contactId, w.instance.queues.get(w.queueId)!.arn]);
  });

  test('on a call transfer leg, $.ContactId is the leg and $.InitialContactId the caller\'s first contact; $.Queue.ARN the quick connect\'s queue', () => {
    const w = new CallFlowWorld();
    const transferFlow = w.addTypedFlow(flowOf([
      act('read', 'UpdateContactAttributes', { Attributes: { id: '$.ContactId', first: '$.InitialContactId', queue: '$.Queue.ARN' } }, 'go'),
      act('go', 'TransferContactToAgent', {}, 'bye'), hangup(),
    ]), 'AGENT_TRANSFER');
    const call = w.acceptedCall('vic');
    const qc = w.addQuickConnect('USER', 'wes', { name: 'Wes', flowId: transferFlow });
    eventsOf(w.setStatus('wes', 'Available'));
    eventsOf(w.run({ type: 'AddParticipant', userId: w.userId('vic'), contactId: call.contactId, quickConnectId: qc }));
    const leg = w.contact(call.contactId).call!.chain[1]!;
    const attributes = w.contact(leg).attributes;
    assert.equal(attributes.id, leg);
    assert.equal(attributes.first, call.contactId);
    assert.equal(attributes.queue, w.instance.queues.get(w.contact(leg).targetQueueId!)!.arn);
  });
});
