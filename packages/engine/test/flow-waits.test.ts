/** Flow runs that wait for the outside world, and the commands that resume them: chat input, digits, prompts, Lambdas, timers. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deadlinesOf, emptyState, flowMedia, mediaPlan, pendingDeadlines, replay, execute } from '../src/index.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { FlowWorld, act, cond, flowOf, hangup, say } from './flowWorld.ts';

const menu = (extra: Record<string, unknown> = {}) => flowOf([
  act('ask', 'GetParticipantInput', { Text: 'Press 1 for sales, 2 for support', InputTimeLimitSeconds: '8', StoreInput: 'False', ...extra }, 'err', {
    Conditions: [cond('1', 'sales'), cond('2', 'support')],
    Errors: [{ NextAction: 'timeout', ErrorType: 'InputTimeLimitExceeded' }, { NextAction: 'nomatch', ErrorType: 'NoMatchingCondition' }, { NextAction: 'err', ErrorType: 'NoMatchingError' }],
  }),
  say('sales', 'sales', 'bye'), say('support', 'support', 'bye'), say('timeout', 'timeout', 'bye'), say('nomatch', 'nomatch', 'bye'), say('err', 'err', 'bye'), hangup(),
]);

describe('flow waits: customer input on a chat', () => {
  test('GetParticipantInput shows its prompt and waits; the customer\'s next message answers it', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(menu());
    assert.deepEqual(w.said(chat.contactId), ['Press 1 for sales, 2 for support']);
    assert.equal(w.wait(chat.contactId).kind, 'input');
    assert.equal(w.contact(chat.contactId).status, 'in_flow');
    eventsOf(w.send(chat.contactId, chat.customerId, ' 2 '));
    assert.deepEqual(w.said(chat.contactId).slice(1), ['support']);
    assert.equal(w.contact(chat.contactId).status, 'ended');
  });

  test('an answer matching no condition takes NoMatchingCondition', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(menu());
    w.send(chat.contactId, chat.customerId, 'hello');
    assert.equal(w.said(chat.contactId).at(-1), 'nomatch');
  });

  test('no answer within InputTimeLimitSeconds takes InputTimeLimitExceeded; the timer cannot fire early', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(menu());
    const wait = w.wait(chat.contactId);
    assert.equal(rejectionOf(w.run({ type: 'FlowTimeout', contactId: chat.contactId, waitId: wait.id })).rule, 'flow-answers-match-the-wait');
    eventsOf(w.timeout(chat.contactId));
    assert.equal(w.said(chat.contactId).at(-1), 'timeout');
  });

  test('StoreInput True keeps the answer in $.StoredCustomerInput', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([
      act('ask', 'GetParticipantInput', { Text: 'Your account number?', StoreInput: 'True', InputTimeLimitSeconds: 5, InputValidation: { CustomValidation: { MaximumLength: '8' } } }, 'err'),
      say('echo', 'got $.StoredCustomerInput', 'bye'), say('err', 'err', 'bye'), hangup(),
    ].map((a) => (a.Identifier === 'ask' ? { ...a, Transitions: { NextAction: 'echo', Errors: [{ NextAction: 'err', ErrorType: 'NoMatchingError' }] } } : a))));
    w.send(chat.contactId, chat.customerId, '12345');
    assert.deepEqual(w.said(chat.contactId), ['Your account number?', 'got 12345']);
  });

  test('a Wait on a chat ends with WaitCompleted when its time passes, or CustomerReturned when the customer writes', () => {
    const doc = flowOf([
      act('wait', 'Wait', { TimeLimitSeconds: '900', Events: ['CustomerReturned'] }, 'err', { Conditions: [cond('CustomerReturned', 'back'), cond('WaitCompleted', 'gone')] }),
      say('back', 'welcome back', 'bye'), say('gone', 'timed out', 'bye'), say('err', 'err', 'bye'), hangup(),
    ]);
    const w = new FlowWorld();
    const a = w.chatOn(doc);
    w.timeout(a.contactId);
    assert.deepEqual(w.said(a.contactId), ['timed out']);
    const b = w.chatOn(doc);
    w.send(b.contactId, b.customerId, 'I am back');
    assert.deepEqual(w.said(b.contactId), ['welcome back']);
  });

  test('the Wait\'s deadline is an engine deadline (FlowTimeout), set by FlowAdvanced and pending after a restart', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('wait', 'Wait', { TimeLimitSeconds: '60' }, 'bye'), hangup()]));
    const advanced = eventsOfType(eventsOf(chat.decision), 'FlowAdvanced')[0]!;
    const [deadline] = deadlinesOf(advanced);
    assert.equal(deadline!.at, w.now + 60_000);
    assert.deepEqual(deadline!.command, { type: 'FlowTimeout', instanceId: w.instanceId, contactId: chat.contactId, waitId: w.wait(chat.contactId).id });
    assert.ok(pendingDeadlines(w.state).some((d) => d.key === deadline!.key && d.at === deadline!.at));
  });
});

describe('flow waits: Lambda functions', () => {
  const LOOKUP = 'arn:aws:lambda:us-east-1:123456789012:function:lookup';
  /** A world whose instance may invoke LOOKUP (AssociateLambdaFunction). */
  const associated = (): FlowWorld => {
    const w = new FlowWorld();
    eventsOf(w.run({ type: 'AssociateLambdaFunction', functionArn: LOOKUP }));
    return w;
  };
  const lambdaFlow = () => flowOf([
    act('fn', 'InvokeLambdaFunction', { LambdaFunctionARN: LOOKUP, InvocationTimeLimitSeconds: '3', LambdaInvocationAttributes: { account: '$.Attributes.account' } }, 'err'),
    say('ok', 'Hello $.External.name, tier $.External.profile.tier', 'bye'), say('err', 'lambda failed', 'bye'), hangup(),
  ].map((a) => (a.Identifier === 'fn' ? { ...a, Transitions: { NextAction: 'ok', Errors: [{ NextAction: 'err', ErrorType: 'NoMatchingError' }] } } : a)));

  test('InvokeLambdaFunction waits with Connect\'s event payload; its result is $.External', () => {
    const w = associated();
    const chat = w.chatOn(lambdaFlow(), { account: 'A-1' });
    const wait = w.wait(chat.contactId);
    assert.equal(wait.kind, 'lambda');
    if (wait.kind !== 'lambda') return;
    assert.equal(wait.functionArn, LOOKUP);
    assert.equal(wait.timeoutSeconds, 3);
    assert.equal(wait.payload.Name, 'ContactFlowEvent');
    assert.deepEqual(wait.payload.Details.Parameters, { account: 'A-1' });
    const data = wait.payload.Details.ContactData;
    assert.equal(data.ContactId, chat.contactId);
    assert.equal(data.InitialContactId, chat.contactId);
    assert.equal(data.Channel, 'CHAT');
    assert.equal(data.InitiationMethod, 'API');
    assert.equal(data.InstanceARN, w.instance.arn);
    assert.deepEqual(data.Attributes, { account: 'A-1' });
    eventsOf(w.lambda(chat.contactId, true, { name: 'Ann', profile: { tier: 'gold' } }));
    assert.deepEqual(w.said(chat.contactId), ['Hello Ann, tier gold']);
  });

  test('a failed Lambda takes the error branch; so does one whose deadline passes with no answer', () => {
    const w = associated();
    const failed = w.chatOn(lambdaFlow());
    w.lambda(failed.contactId, false, undefined, 'boom');
    assert.deepEqual(w.said(failed.contactId), ['lambda failed']);
    assert.match(w.log(failed.contactId)[0]!.reason!, /boom/);
    const silent = w.chatOn(lambdaFlow());
    w.timeout(silent.contactId);
    assert.deepEqual(w.said(silent.contactId), ['lambda failed']);
  });

  test('an answer to another request, or a second answer, is refused as stale and changes nothing', () => {
    const w = associated();
    const chat = w.chatOn(lambdaFlow());
    assert.equal(rejectionOf(w.run({ type: 'FlowLambdaResult', contactId: chat.contactId, requestId: 'other', ok: true })).rule, 'flow-answers-match-the-wait');
    const id = w.wait(chat.contactId).id;
    w.lambda(chat.contactId, true, { name: 'Ann' });
    assert.ok(!w.run({ type: 'FlowLambdaResult', contactId: chat.contactId, requestId: id, ok: true }).ok);
  });

  test('a function the instance has not associated is not invoked: the flow takes its error branch at once and its log says why', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(lambdaFlow());
    assert.equal(w.contact(chat.contactId).flowRun?.waiting?.kind, undefined, 'no wait for a Lambda');
    assert.deepEqual(w.said(chat.contactId), ['lambda failed']);
    assert.match(w.log(chat.contactId)[0]!.reason!, /not associated with this instance/);
  });
});

describe('flow waits: voice', () => {
  test('with media, a prompt waits until it is played; mediaPlan plays it to the caller instead of queue music', () => {
    const w = new FlowWorld();
    const call = w.callOn(flowOf([say('hi', 'Welcome to $.SystemEndpoint.Address from $.CustomerEndpoint.Address', 'q'), act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup()]), { media: true });
    const wait = w.wait(call.contactId);
    assert.equal(wait.kind, 'prompt');
    const plan = mediaPlan(w.contact(call.contactId))!;
    assert.deepEqual(plan.playbacks.map((p) => [p.id, p.to, p.audio]), [[wait.id, call.partyId, { kind: 'text', text: 'Welcome to +18005550199 from +15550100' }]]);
    eventsOf(w.played(call.contactId));
    assert.equal(w.contact(call.contactId).status, 'queued');
    assert.equal(w.contact(call.contactId).flowRun?.rootFlowId, 'default-customer-queue', 'the inbound flow ended; the queue flow runs');
  });

  test('without media, a prompt does not hold the flow up (nobody would report it played)', () => {
    const w = new FlowWorld();
    const call = w.callOn(flowOf([say('hi', 'Welcome', 'q'), act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup()]));
    assert.equal(w.contact(call.contactId).status, 'queued');
  });

  test('GetParticipantInput on a call: a question stopped by the first digit, then a collection; the digit picks the branch', () => {
    const w = new FlowWorld();
    const call = w.callOn(menu({ PromptId: undefined }), { media: true });
    const wait = w.wait(call.contactId);
    const media = flowMedia(w.contact(call.contactId));
    assert.deepEqual(media.playbacks.map((p) => [p.id, p.stopOnDigit]), [[`${wait.id}:prompt`, true]]);
    assert.deepEqual(media.collections, [{ id: wait.id, partyId: call.partyId, maxDigits: 1, firstDigitTimeoutMs: 8000, interDigitTimeoutMs: 5000, afterPlaybackId: `${wait.id}:prompt` }]);
    assert.deepEqual(mediaPlan(w.contact(call.contactId))!.collections.map((c) => c.id), [wait.id]);
    eventsOf(w.played(call.contactId, `${wait.id}:prompt`));
    eventsOf(w.digits(call.contactId, '1'));
    const next = w.wait(call.contactId);
    assert.deepEqual(next.kind === 'prompt' && next.audio, { kind: 'text', text: 'sales' });
    eventsOf(w.played(call.contactId));
    assert.equal(w.contact(call.contactId).status, 'ended', 'the sales branch says so and hangs up');
  });

  test('digits that time out with nothing entered take InputTimeLimitExceeded; a stored number drops its terminator', () => {
    const w = new FlowWorld();
    const call = w.callOn(menu(), { media: true });
    w.digits(call.contactId, '', 'timeout');
    const next = w.wait(call.contactId);
    assert.deepEqual(next.kind === 'prompt' && next.audio, { kind: 'text', text: 'timeout' });
    const stored = w.callOn(flowOf([
      act('ask', 'GetParticipantInput', { Text: 'Number then hash', StoreInput: 'True', InputTimeLimitSeconds: '5', InputValidation: { CustomValidation: { MaximumLength: '6' } }, DTMFConfiguration: { InputTerminationSequence: '#' } }, 'err'),
      act('keep', 'UpdateContactAttributes', { Attributes: { pin: '$.StoredCustomerInput' } }, 'bye'), say('err', 'err', 'bye'), hangup(),
    ].map((a) => (a.Identifier === 'ask' ? { ...a, Transitions: { NextAction: 'keep', Errors: [{ NextAction: 'err', ErrorType: 'NoMatchingError' }] } } : a))), { media: true });
    const wait = w.wait(stored.contactId);
    assert.equal(wait.kind === 'input' && wait.maxDigits, 6);
    w.digits(stored.contactId, '4321#', 'terminator');
    assert.equal(w.contact(stored.contactId).attributes.pin, '4321');
  });

  test('UpdateContactRecordingBehavior turns the media plan\'s recording on', () => {
    const w = new FlowWorld();
    const call = w.callOn(flowOf([act('rec', 'UpdateContactRecordingBehavior', { RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } }, 'q'), act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup()]));
    assert.equal(mediaPlan(w.contact(call.contactId))!.recording, true);
  });
});

describe('flow moments: the customer queue flow', () => {
  test('a queued call runs the CustomerQueue hook\'s Loop prompts, one message at a time, until an agent accepts', () => {
    const w = new FlowWorld();
    const profile = w.addRoutingProfile('voice', ['VOICE']);
    w.addAgent('vic', profile);
    const queueFlow = w.addTypedFlow(flowOf([act('loop', 'MessageParticipantIteratively', { Messages: [{ Text: 'Please hold' }, { PromptId: 'music' }] }, undefined, { Errors: [], Conditions: [] })]), 'CUSTOMER_QUEUE');
    const call = w.callOn(flowOf([
      act('hook', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: queueFlow } }, 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]), { media: true });
    assert.equal(w.contact(call.contactId).status, 'queued');
    const first = flowMedia(w.contact(call.contactId)).playbacks[0]!;
    assert.deepEqual(first.audio, { kind: 'text', text: 'Please hold' });
    w.played(call.contactId, first.id);
    const second = flowMedia(w.contact(call.contactId)).playbacks[0]!;
    assert.deepEqual(second.audio, { kind: 'prompt', promptId: 'music' });
    assert.notEqual(second.id, first.id);
    w.setStatus('vic', 'Available');
    eventsOf(w.accept('vic', call.contactId));
    assert.equal(w.contact(call.contactId).flowRun?.flowType, 'AGENT_WHISPER', 'the queue flow stopped; the agent whisper plays');
    assert.ok(flowMedia(w.contact(call.contactId)).playbacks.every((p) => p.to !== call.partyId), 'the caller hears no more queue prompts');
  });

  test('a queued call with media and no hook runs the default customer queue flow', () => {
    const w = new FlowWorld();
    const call = w.callOn(flowOf([act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup()]), { media: true });
    assert.equal(w.contact(call.contactId).flowRun?.rootFlowId, 'default-customer-queue');
  });

  test('Loop prompts with InterruptFrequencySeconds leaves the loop with MessagesInterrupted when the interval passes', () => {
    const w = new FlowWorld();
    const queueFlow = w.addTypedFlow(flowOf([
      act('loop', 'MessageParticipantIteratively', { Messages: [{ Text: 'hold on' }], InterruptFrequencySeconds: '30' }, undefined, { Conditions: [cond('MessagesInterrupted', 'note')] }),
      act('note', 'UpdateContactAttributes', { Attributes: { interrupted: 'yes' } }, 'loop'),
    ]), 'CUSTOMER_QUEUE');
    const call = w.callOn(flowOf([act('hook', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: queueFlow } }, 'q'), act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup()]), { media: true });
    w.timeout(call.contactId);
    assert.equal(w.contact(call.contactId).attributes.interrupted, 'yes');
    assert.equal(w.wait(call.contactId).kind, 'iterate');
    assert.equal(w.contact(call.contactId).status, 'queued');
  });
});

describe('flow runs survive a restart', () => {
  test('a chat waiting for input, rebuilt from its events, resumes exactly as the uninterrupted run', () => {
    const run = (restart: boolean) => {
      const w = new FlowWorld();
      const chat = w.chatOn(menu());
      if (restart) {
        const rebuilt = replay(w.events, emptyState());
        assert.deepEqual(rebuilt.instances.get(w.instanceId)!.contacts.get(chat.contactId)!.flowRun, w.contact(chat.contactId).flowRun);
        const d = execute(rebuilt, { type: 'SendMessage', instanceId: w.instanceId, now: w.now, seed: '00000001-eeee-4000-8000-000000000000', contactId: chat.contactId, participantId: chat.customerId, messageId: '00000001-9999-4000-8000-000000000000', contentType: 'text/plain', content: '1' });
        const contact = rebuilt.instances.get(w.instanceId)!.contacts.get(chat.contactId)!;
        return { ok: d.ok, said: contact.transcript.filter((i) => i.role === 'SYSTEM').map((i) => i.content), status: contact.status };
      }
      const d = w.run({ type: 'SendMessage', seed: '00000001-eeee-4000-8000-000000000000', contactId: chat.contactId, participantId: chat.customerId, messageId: '00000001-9999-4000-8000-000000000000', contentType: 'text/plain', content: '1' });
      const contact = w.contact(chat.contactId);
      return { ok: d.ok, said: contact.transcript.filter((i) => i.role === 'SYSTEM').map((i) => i.content), status: contact.status };
    };
    assert.deepEqual(run(true), run(false));
    assert.deepEqual(run(false).said, ['Press 1 for sales, 2 for support', 'sales']);
  });
});
