/** The flow interpreter's actions, each with its branches, run on chats (and calls where the channel matters). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordingOn, SUPPORTED_ACTIONS } from '../src/index.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { FlowWorld, act, cond, flowOf, hangup, say } from './flowWorld.ts';

describe('flow actions: prompts', () => {
  test('MessageParticipant on a chat sends Text as a system message, with $. references filled in', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([say('hi', 'Hello $.Attributes.first, on $.Channel via $.InitiationMethod.', 'bye'), hangup()]), { first: 'Ann' });
    assert.deepEqual(w.said(chat.contactId), ['Hello Ann, on CHAT via API.']);
    assert.equal(w.contact(chat.contactId).status, 'ended');
  });

  test('an SSML prompt on a chat sends its words without the markup', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('p', 'MessageParticipant', { SSML: '<speak>Hi <break time="1s"/> there &amp; welcome</speak>' }, 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['Hi there & welcome']);
  });

  test('a PromptId prompt on a chat takes the error branch, and the flow log says why', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('p', 'MessageParticipant', { PromptId: 'arn:aws:connect:us-east-1:1:instance/i/prompt/music' }, 'err'), say('err', 'error branch', 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['error branch']);
    assert.match(w.log(chat.contactId)[0]!.reason!, /PromptId/);
  });

  test('unknown references read as empty text; keys may contain dashes; sentence punctuation stays', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([say('hi', '[$.Attributes.nope][$.Attributes.a-b]. Done.', 'bye'), hangup()]), { 'a-b': 'x' });
    assert.deepEqual(w.said(chat.contactId), ['[][x]. Done.']);
  });
});

describe('flow actions: attributes and comparisons', () => {
  test('UpdateContactAttributes sets attributes the next actions read', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([
      act('set', 'UpdateContactAttributes', { Attributes: { tier: 'gold', greeting: 'Hi $.Attributes.name' }, TargetContact: 'Current' }, 'say'),
      say('say', '$.Attributes.greeting ($.Attributes.tier)', 'bye'), hangup(),
    ]), { name: 'Ann' });
    assert.deepEqual(w.said(chat.contactId), ['Hi Ann (gold)']);
    assert.equal(w.contact(chat.contactId).attributes.tier, 'gold');
  });

  test('Compare: the first matching condition wins, in order; none matching takes NoMatchingCondition', () => {
    const compare = (value: string) => {
      const w = new FlowWorld();
      const chat = w.chatOn(flowOf([
        act('cmp', 'Compare', { ComparisonValue: '$.Attributes.n' }, undefined, {
          NextAction: 'other',
          Conditions: [cond('10', 'big', 'NumberGreaterThan'), cond('5', 'mid', 'NumberGreaterThan'), cond('ab', 'text', 'TextStartsWith')],
          Errors: [{ NextAction: 'none', ErrorType: 'NoMatchingCondition' }],
        }),
        say('big', 'big', 'bye'), say('mid', 'mid', 'bye'), say('text', 'text', 'bye'), say('none', 'none', 'bye'), say('other', 'other', 'bye'), hangup(),
      ]), { n: value });
      return w.said(chat.contactId)[0];
    };
    assert.equal(compare('11'), 'big');
    assert.equal(compare('7'), 'mid');
    assert.equal(compare('abc'), 'text', 'numeric operators are false on text');
    assert.equal(compare('1'), 'none');
  });

  test('without a NoMatchingCondition branch, an unmatched Compare falls back to NextAction', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([
      act('cmp', 'Compare', { ComparisonValue: '$.Channel' }, undefined, { NextAction: 'fallback', Conditions: [cond('VOICE', 'voice')] }),
      say('voice', 'voice', 'bye'), say('fallback', 'fallback', 'bye'), hangup(),
    ]));
    assert.deepEqual(w.said(chat.contactId), ['fallback']);
  });

  test('UpdateFlowAttributes are read as $.FlowAttributes and are not carried to another flow', () => {
    const w = new FlowWorld();
    const target = w.addTypedFlow(flowOf([say('t', 'there: [$.FlowAttributes.x]', 'bye'), hangup()]));
    const chat = w.chatOn(flowOf([
      act('fa', 'UpdateFlowAttributes', { FlowAttributes: { x: { Value: 'one' } } }, 'say'),
      say('say', 'here: $.FlowAttributes.x', 'go'), act('go', 'TransferToFlow', { ContactFlowId: target }, 'bye'), hangup(),
    ]));
    assert.deepEqual(w.said(chat.contactId), ['here: one', 'there: []']);
  });

  test('Loop continues LoopCount times (string count), then is done once and resets', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([
      act('loop', 'Loop', { LoopCount: '2' }, undefined, { Conditions: [cond('ContinueLooping', 'again'), cond('DoneLooping', 'done')] }),
      say('again', 'again', 'loop'), say('done', 'done', 'bye'), hangup(),
    ]));
    assert.deepEqual(w.said(chat.contactId), ['again', 'again', 'done']);
    assert.equal(w.contact(chat.contactId).flowRun, undefined);
  });

  test('DistributeByPercentage picks a branch from ascending NumberLessThan thresholds; the rest is NoMatchingCondition', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const w = new FlowWorld();
      for (let j = 0; j < i; j++) w.seed();
      const chat = w.chatOn(flowOf([
        act('ab', 'DistributeByPercentage', {}, undefined, { Conditions: [cond('50', 'a', 'NumberLessThan')], Errors: [{ NextAction: 'b', ErrorType: 'NoMatchingCondition' }] }),
        say('a', 'A', 'bye'), say('b', 'B', 'bye'), hangup(),
      ]));
      seen.add(w.said(chat.contactId)[0]!);
    }
    assert.deepEqual([...seen].sort(), ['A', 'B']);
  });
});

describe('flow actions: queues, hours and metrics', () => {
  test('UpdateContactTargetQueue then TransferContactToQueue queues the contact; $.Queue.Name reads the working queue', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([
      act('q', 'UpdateContactTargetQueue', { QueueId: w.instance.queues.get(w.queueId)!.arn }, 'say'),
      say('say', 'Queue: $.Queue.Name', 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]));
    assert.deepEqual(w.said(chat.contactId), ['Queue: BasicQueue']);
    assert.equal(w.contact(chat.contactId).status, 'queued');
  });

  test('TransferContactToQueue without a working queue takes its error branch', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('go', 'TransferContactToQueue', {}, 'err'), say('err', 'no queue', 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['no queue']);
  });

  test('a full queue answers QueueAtCapacity', () => {
    const w = new FlowWorld();
    eventsOf(w.run({ type: 'UpdateQueue', queueId: w.queueId, maxContacts: 0 }));
    const chat = w.chatOn(flowOf([
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'),
      act('go', 'TransferContactToQueue', {}, 'err', { Errors: [{ NextAction: 'full', ErrorType: 'QueueAtCapacity' }, { NextAction: 'err', ErrorType: 'NoMatchingError' }] }),
      say('full', 'full', 'bye'), say('err', 'err', 'bye'), hangup(),
    ]));
    assert.deepEqual(w.said(chat.contactId), ['full']);
  });

  test('CheckHoursOfOperation with no hours on the working queue is True; CheckMetricData reads the engine\'s own queue', () => {
    const w = new FlowWorld();
    w.setStatus('alice', 'Available');
    const chat = w.chatOn(flowOf([
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'hours'),
      act('hours', 'CheckHoursOfOperation', {}, 'err', { Conditions: [cond('True', 'staff'), cond('False', 'closed')] }),
      act('staff', 'CheckMetricData', { MetricType: 'NumberOfAgentsAvailable' }, 'err', { Conditions: [cond('0', 'someone', 'NumberGreaterThan')], Errors: [{ NextAction: 'nobody', ErrorType: 'NoMatchingCondition' }] }),
      say('someone', 'agents: yes', 'bye'), say('nobody', 'agents: no', 'bye'), say('closed', 'closed', 'bye'), say('err', 'err', 'bye'), hangup(),
    ]));
    assert.deepEqual(w.said(chat.contactId), ['agents: yes']);
  });

  test('CheckHoursOfOperation with no hours and no working queue takes the error branch', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('hours', 'CheckHoursOfOperation', {}, 'err', { Conditions: [cond('True', 'ok')] }), say('ok', 'ok', 'bye'), say('err', 'err', 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['err']);
  });
});

describe('flow actions: flows, modules, settings', () => {
  test('TransferToFlow continues in the other flow; an unknown flow takes the error branch', () => {
    const w = new FlowWorld();
    const other = w.addTypedFlow(flowOf([say('o', 'in the other flow', 'bye'), hangup()]));
    const chat = w.chatOn(flowOf([act('go', 'TransferToFlow', { ContactFlowId: `arn:aws:connect:us-east-1:1:instance/x/contact-flow/${other}` }, 'err'), say('err', 'err', 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['in the other flow']);
    const missing = w.chatOn(flowOf([act('go', 'TransferToFlow', { ContactFlowId: 'nope' }, 'err'), say('err', 'err', 'bye'), hangup()]));
    assert.deepEqual(w.said(missing.contactId), ['err']);
  });

  test('InvokeFlowModule runs the module and EndFlowModuleExecution returns to the caller\'s next action', () => {
    const w = new FlowWorld();
    const module = w.addTypedFlow(flowOf([say('m', 'in module', 'ret'), act('ret', 'EndFlowModuleExecution')]), 'MODULE');
    const chat = w.chatOn(flowOf([act('call', 'InvokeFlowModule', { FlowModuleId: `${module}:$LATEST` }, 'err'), say('after', 'back', 'bye'), say('err', 'err', 'bye'), hangup()].map((a) => (a.Identifier === 'call' ? { ...a, Transitions: { NextAction: 'after', Errors: [{ NextAction: 'err', ErrorType: 'NoMatchingError' }] } } : a))));
    assert.deepEqual(w.said(chat.contactId), ['in module', 'back']);
  });

  test('UpdateContactRecordingBehavior, UpdateContactEventHooks, UpdateContactTextToSpeechVoice, TagContact and UpdateContactData are kept on the contact', () => {
    const w = new FlowWorld();
    const queueFlow = w.addTypedFlow(flowOf([act('end', 'EndFlowExecution')]), 'CUSTOMER_QUEUE');
    const chat = w.chatOn(flowOf([
      act('rec', 'UpdateContactRecordingBehavior', { RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } }, 'hooks'),
      act('hooks', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: queueFlow } }, 'voice'),
      act('voice', 'UpdateContactTextToSpeechVoice', { TextToSpeechVoice: 'Matthew', TextToSpeechEngine: 'neural' }, 'tag'),
      act('tag', 'TagContact', { Tags: { team: 'sales' } }, 'data'),
      act('data', 'UpdateContactData', { Name: 'Order $.Attributes.order', LanguageCode: 'en-GB' }, 'say'),
      say('say', '$.Name in $.LanguageCode with $.TextToSpeechVoiceId', 'bye'), hangup(),
    ]), { order: '42' });
    const contact = w.contact(chat.contactId);
    assert.deepEqual(w.said(chat.contactId), ['Order 42 in en-GB with Matthew']);
    assert.deepEqual(contact.flowSettings, {
      recordedParticipants: ['Agent', 'Customer'], eventHooks: { CustomerQueue: queueFlow }, voice: { name: 'Matthew', engine: 'neural' },
      tags: { team: 'sales' }, name: 'Order 42', languageCode: 'en-GB',
    });
    assert.equal(recordingOn(contact), true);
  });

  test('an event hook naming an unknown flow takes the error branch', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('hooks', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: 'nope' } }, 'err'), say('err', 'err', 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['err']);
  });

  test('UpdateFlowLoggingBehavior Enabled logs every action with its result; Disabled stops logging', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([
      act('log', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Enabled' }, 'cmp'),
      act('cmp', 'Compare', { ComparisonValue: '$.Channel' }, undefined, { Conditions: [cond('CHAT', 'off')] }),
      act('off', 'UpdateFlowLoggingBehavior', { FlowLoggingBehavior: 'Disabled' }, 'say'),
      say('say', 'hi', 'bye'), hangup(),
    ]));
    const log = w.log(chat.contactId);
    assert.deepEqual(log.map((e) => [e.actionId, e.result]), [['log', undefined], ['cmp', 'CHAT']]);
  });
});

describe('flow actions: channels and unsupported actions', () => {
  test('voice-only actions on a chat take their error branch and the log says why', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('ms', 'UpdateContactMediaStreamingBehavior', { MediaStreamingState: 'Enabled' }, 'err'), say('err', 'voice only', 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['voice only']);
    assert.match(w.log(chat.contactId)[0]!.reason!, /voice/);
  });

  test('Loop prompts on a chat takes its error branch; with none, the flow stops', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('loop', 'MessageParticipantIteratively', { Messages: [{ Text: 'x' }] }, 'err'), say('err', 'err', 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['err']);
  });

  test('an action we do not support takes its error branch; the flow log names it', () => {
    const w = new FlowWorld();
    assert.equal(SUPPORTED_ACTIONS.has('ShowView'), false);
    const chat = w.chatOn(flowOf([act('view', 'ShowView', {}, 'err'), say('err', 'unsupported', 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['unsupported']);
    assert.match(w.log(chat.contactId)[0]!.reason!, /ShowView is not supported/);
  });

  test('ConnectParticipantWithLexBot: the prompt shows, the customer\'s answer goes to the bot, and the intent picks the branch ($.Lex)', () => {
    const lex = () => flowOf([
      act('lex', 'ConnectParticipantWithLexBot', { Text: 'How can I help?', LexV2Bot: { AliasArn: 'arn:aws:lex:us-east-1:1:bot-alias/B/OrderBot' }, LexSessionAttributes: { tier: '$.Attributes.tier' } }, 'err', {
        Conditions: [cond('CheckOrder', 'order')], Errors: [{ NextAction: 'fallback', ErrorType: 'NoMatchingCondition' }, { NextAction: 'err', ErrorType: 'NoMatchingError' }],
      }),
      say('order', 'Order $.Lex.Slots.orderId ($.Lex.IntentName)', 'bye'), say('fallback', 'fallback', 'bye'), say('err', 'err', 'bye'), hangup(),
    ]);
    const w = new FlowWorld();
    const chat = w.chatOn(lex(), { tier: 'gold' });
    assert.deepEqual(w.said(chat.contactId), ['How can I help?']);
    w.send(chat.contactId, chat.customerId, 'where is order A100');
    const wait = w.wait(chat.contactId);
    assert.deepEqual(wait.kind === 'bot' && [wait.botRef, wait.utterance, wait.sessionAttributes], ['arn:aws:lex:us-east-1:1:bot-alias/B/OrderBot', 'where is order A100', { tier: 'gold' }]);
    eventsOf(w.bot(chat.contactId, 'CheckOrder', { orderId: 'A100' }));
    assert.equal(w.said(chat.contactId).at(-1), 'Order A100 (CheckOrder)');
    const other = w.chatOn(lex());
    w.send(other.contactId, other.customerId, 'blah');
    w.bot(other.contactId, 'FallbackIntent');
    assert.equal(w.said(other.contactId).at(-1), 'fallback');
    const failed = w.chatOn(lex());
    w.send(failed.contactId, failed.customerId, 'blah');
    w.bot(failed.contactId, undefined);
    assert.equal(w.said(failed.contactId).at(-1), 'err');
    assert.match(w.log(failed.contactId)[0]!.reason!, /bot failed/);
  });

  test('falling off the end of an inbound flow ends the chat; an error with no branch and no NextAction too', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([say('hi', 'hi')]));
    assert.equal(w.contact(chat.contactId).status, 'ended');
    assert.equal(w.contact(chat.contactId).disconnectReason, 'CONTACT_FLOW_DISCONNECT');
  });

  test('a flow that loops without waiting is ended after MAX_FLOW_STEPS actions, and the log says so', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('a', 'UpdateFlowAttributes', {}, 'b'), act('b', 'UpdateFlowAttributes', {}, 'a')]));
    assert.equal(w.contact(chat.contactId).status, 'ended');
    assert.equal(w.log(chat.contactId).at(-1)!.error, 'TooManySteps');
  });

  test('a chat started with a flow that is not an inbound flow is refused with a typed error', () => {
    const w = new FlowWorld();
    const transfer = w.addTypedFlow(flowOf([say('p', 'x', 'end'), act('end', 'EndFlowExecution')]), 'AGENT_TRANSFER');
    const rejection = rejectionOf(w.startChat('Ann', { contactFlowId: transfer }).decision);
    assert.equal(rejection.code, 'InvalidRequest');
    assert.equal(rejection.rule, 'contacts-start-with-inbound-flows');
  });
});

describe('flow documents as real exports and hand-written flows write them', () => {
  test('numbers and booleans may be strings (exports) or JSON values (hand-written): both work', () => {
    const run = (loopCount: unknown, operand: unknown) => {
      const w = new FlowWorld();
      const chat = w.chatOn(flowOf([
        act('loop', 'Loop', { LoopCount: loopCount }, undefined, { Conditions: [cond('ContinueLooping', 'count'), cond('DoneLooping', 'cmp')] }),
        act('count', 'UpdateContactAttributes', { Attributes: { n: 'x' } }, 'loop'),
        act('cmp', 'Compare', { ComparisonValue: '$.Attributes.v' }, undefined, { NextAction: 'no', Conditions: [{ NextAction: 'yes', Condition: { Operator: 'NumberGreaterThan', Operands: [operand] } }] }),
        say('yes', 'yes', 'bye'), say('no', 'no', 'bye'), hangup(),
      ]), { v: '3' });
      return w.said(chat.contactId);
    };
    assert.deepEqual(run('2', '2'), ['yes']);
    assert.deepEqual(run(2, 2), ['yes']);
    assert.deepEqual(run(2, 5), ['no']);
  });

  test('actions with no Parameters and no Transitions run; an error with no branch and no NextAction ends the flow', () => {
    const w = new FlowWorld();
    const bare = w.chatOn({ Version: '2019-10-30', StartAction: 'q', Actions: [
      { Identifier: 'q', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: w.queueId }, Transitions: { NextAction: 'go' } },
      { Identifier: 'go', Type: 'TransferContactToQueue' },
    ] });
    assert.equal(w.contact(bare.contactId).status, 'queued');
    const failing = w.chatOn({ Version: '2019-10-30', StartAction: 'go', Actions: [{ Identifier: 'go', Type: 'TransferContactToQueue' }, say('never', 'never')] });
    assert.equal(w.contact(failing.contactId).status, 'ended');
    assert.deepEqual(w.said(failing.contactId), []);
  });

  test('an error with no branch of its type falls back to NoMatchingError, then to NextAction', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([
      act('q', 'UpdateContactTargetQueue', { QueueId: 'nope' }, undefined, { NextAction: 'next' }),
      say('next', 'took NextAction', 'bye'), hangup(),
    ]));
    assert.deepEqual(w.said(chat.contactId), ['took NextAction']);
  });

  test('identifiers may be human names with spaces and unicode', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([say('Say hello ✓', 'hello', '***End Call***'), hangup('***End Call***')]));
    assert.deepEqual(w.said(chat.contactId), ['hello']);
    assert.equal(w.contact(chat.contactId).status, 'ended');
  });
});

