/** What a flow graph's box says of an action: its type in words and one line on its key parameter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionSummary, nameOf, typeInWords } from '../src/admin/flowActionText.ts';

test('action types are named as the flow designer names its blocks; an unknown type is its CamelCase split into words', () => {
  assert.equal(typeInWords('UpdateContactTargetQueue'), 'Set working queue');
  assert.equal(typeInWords('GetParticipantInput'), 'Get customer input');
  assert.equal(typeInWords('InvokeLambdaFunction'), 'Invoke Lambda function');
  assert.equal(typeInWords('StartMediaStreaming'), 'Start media streaming');
  assert.equal(typeInWords('CheckVIPStatus'), 'Check VIP status');
});

test('the summary line is the key parameter: prompt text, SSML without tags, the prompt played, the Lex bot', () => {
  assert.equal(actionSummary('MessageParticipant', { Text: 'Hello\n  there' }), '“Hello there”');
  assert.equal(actionSummary('MessageParticipant', { SSML: '<speak>Hi <break time="1s"/> you</speak>' }), '“Hi you”');
  assert.equal(actionSummary('MessageParticipant', { SSML: '<speak><break time="5000ms"/></speak>' }), 'SSML: silence');
  assert.equal(actionSummary('MessageParticipantIteratively', { Messages: [{ Text: 'Please hold' }, { PromptId: 'arn:aws:connect:us-east-1:1:instance/i/prompt/queue-music' }] }), '“Please hold” · prompt queue-music');
  assert.equal(actionSummary('GetParticipantInput', { LexV2Bot: { AliasArn: 'arn:aws:lex:us-east-1:1:bot-alias/BOT/ALIAS' } }), 'Lex bot ALIAS');
});

test('queues, flows, modules and hours are named by their names when known, else by the ARN\'s last part', () => {
  const names = new Map([['q-1', 'Sales'], ['arn:aws:connect:us-east-1:1:instance/i/contact-flow/f-1', 'Demo customer queue']]);
  assert.equal(actionSummary('UpdateContactTargetQueue', { QueueId: 'arn:aws:connect:us-east-1:1:instance/i/queue/q-1' }, names), 'queue Sales');
  assert.equal(actionSummary('TransferContactToQueue', {}, names), 'the working queue');
  assert.equal(actionSummary('UpdateContactEventHooks', { EventHooks: { CustomerQueue: 'arn:aws:connect:us-east-1:1:instance/i/contact-flow/f-1' } }, names), 'CustomerQueue = Demo customer queue');
  assert.equal(actionSummary('TransferToFlow', { ContactFlowId: 'arn:aws:connect:us-east-1:1:instance/i/contact-flow/f-9' }, names), 'flow f-9');
  assert.equal(actionSummary('CheckHoursOfOperation', {}), 'the working queue’s hours');
  assert.equal(nameOf('$.Attributes.queue', names), '$.Attributes.queue');
});

test('attributes set, the Lambda function, loop count, wait, logging and recording are summarised in a line', () => {
  assert.equal(actionSummary('UpdateContactAttributes', { Attributes: { dg_model: 'nova', tier: '$.External.tier' }, TargetContact: 'Current' }), 'dg_model = nova, tier = $.External.tier');
  assert.equal(actionSummary('UpdateFlowAttributes', { FlowAttributes: { step: { Value: '2' } } }), 'step = 2');
  assert.equal(actionSummary('InvokeLambdaFunction', { LambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:Lookup', InvocationTimeLimitSeconds: '8' }), 'λ Lookup');
  assert.equal(actionSummary('InvokeLambdaFunction', { LambdaFunctionARN: '' }), 'no function set');
  assert.equal(actionSummary('Loop', { LoopCount: '3' }), '3 times');
  assert.equal(actionSummary('Wait', { TimeLimitSeconds: '30' }), '30 s');
  assert.equal(actionSummary('UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }), 'Enabled');
  assert.equal(actionSummary('UpdateContactRecordingBehavior', { RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } }), 'record Agent and Customer');
  assert.equal(actionSummary('DisconnectParticipant', {}), '');
  assert.equal(actionSummary('DisconnectParticipant', undefined), '');
});
