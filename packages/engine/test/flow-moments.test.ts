/** Flow types at their moments (seed 003): the disconnect flow when the agent leaves a chat, flows checked by type, default flows. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FLOWS, flowMedia, mediaPlan, validateFlow } from '../src/index.ts';
import { eventsOf } from './decisions.ts';
import { FlowWorld, act, cond, flowOf, hangup, say } from './flowWorld.ts';

/** Like Amazon's Sample disconnect flow (chat branch): tell the customer, wait 15 minutes for them to come back, re-queue or end. */
function disconnectFlow(queueId: string) {
  return flowOf([
    say('told', 'The agent has disconnected. Send a message in the next 15 minutes to carry on.', 'wait'),
    act('wait', 'Wait', { TimeLimitSeconds: '900', Events: ['CustomerReturned'] }, 'bye', { Conditions: [cond('CustomerReturned', 'back'), cond('WaitCompleted', 'expired')] }),
    say('back', 'Welcome back, finding you an agent.', 'queue'),
    act('queue', 'UpdateContactTargetQueue', { QueueId: queueId }, 'requeue'),
    act('requeue', 'TransferContactToQueue', {}, 'bye'),
    say('expired', 'The timer has expired. Disconnecting.', 'bye'), hangup(),
  ]);
}

function inboundWithHook(w: FlowWorld, hookFlowId: string) {
  return flowOf([
    act('hook', 'UpdateContactEventHooks', { EventHooks: { CustomerRemaining: hookFlowId } }, 'q'),
    act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
  ]);
}

describe('flow moments: the disconnect flow (CustomerRemaining)', () => {
  test('when the agent leaves, the chat goes on with the disconnect flow; the customer coming back is queued again', () => {
    const w = new FlowWorld();
    const hook = w.addTypedFlow(disconnectFlow(w.queueId));
    const chat = w.chatOn(inboundWithHook(w, hook));
    w.setStatus('alice', 'Available');
    eventsOf(w.accept('alice', chat.contactId));
    eventsOf(w.disconnect(chat.contactId, w.participantOf('alice', chat.contactId)));
    const contact = w.contact(chat.contactId);
    assert.notEqual(contact.status, 'ended');
    assert.deepEqual(w.said(chat.contactId), ['The agent has disconnected. Send a message in the next 15 minutes to carry on.']);
    assert.equal(w.wait(chat.contactId).kind, 'timer');
    w.clear('alice', chat.contactId);
    eventsOf(w.send(chat.contactId, chat.customerId, 'I have one more question'));
    assert.equal(w.said(chat.contactId).at(-1), 'Welcome back, finding you an agent.');
    assert.equal(w.contact(chat.contactId).status, 'queued');
    w.setStatus('bob', 'Available');
    eventsOf(w.routeContacts());
    assert.ok(w.contact(chat.contactId).offer, 'the chat is offered again');
  });

  test('a chat queued again by its disconnect flow runs its customer queue flow again (follow-ups chain)', () => {
    const w = new FlowWorld();
    const hook = w.addTypedFlow(disconnectFlow(w.queueId));
    const queueFlow = w.addTypedFlow(flowOf([say('line', 'You are in line.', 'end'), act('end', 'EndFlowExecution')]), 'CUSTOMER_QUEUE');
    const chat = w.chatOn(flowOf([
      act('hooks', 'UpdateContactEventHooks', { EventHooks: { CustomerRemaining: hook } }, 'cq'),
      act('cq', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: queueFlow } }, 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]));
    assert.deepEqual(w.said(chat.contactId), ['You are in line.']);
    w.setStatus('alice', 'Available');
    w.accept('alice', chat.contactId);
    w.disconnect(chat.contactId, w.participantOf('alice', chat.contactId));
    w.send(chat.contactId, chat.customerId, 'back');
    assert.deepEqual(w.said(chat.contactId).slice(-2), ['Welcome back, finding you an agent.', 'You are in line.']);
  });

  test('when the customer does not come back, the disconnect flow ends the chat', () => {
    const w = new FlowWorld();
    const hook = w.addTypedFlow(disconnectFlow(w.queueId));
    const chat = w.chatOn(inboundWithHook(w, hook));
    w.setStatus('alice', 'Available');
    w.accept('alice', chat.contactId);
    w.disconnect(chat.contactId, w.participantOf('alice', chat.contactId));
    eventsOf(w.timeout(chat.contactId));
    assert.equal(w.said(chat.contactId).at(-1), 'The timer has expired. Disconnecting.');
    assert.equal(w.contact(chat.contactId).status, 'ended');
  });

  test('without a disconnect flow, the last agent leaving ends the chat as before', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(flowOf([act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup()]));
    w.setStatus('alice', 'Available');
    w.accept('alice', chat.contactId);
    w.disconnect(chat.contactId, w.participantOf('alice', chat.contactId));
    assert.equal(w.contact(chat.contactId).status, 'ended');
  });
});

describe('flow moments: default flows', () => {
  test('our default flows are valid flow-language documents, one per flow type Connect has a default for', () => {
    assert.deepEqual(DEFAULT_FLOWS.map((f) => f.type).sort(), ['AGENT_HOLD', 'AGENT_TRANSFER', 'AGENT_WHISPER', 'CUSTOMER_HOLD', 'CUSTOMER_QUEUE', 'CUSTOMER_WHISPER', 'OUTBOUND_WHISPER', 'QUEUE_TRANSFER']);
    for (const flow of DEFAULT_FLOWS) {
      assert.equal(flow.content.Version, '2019-10-30');
      const ids = new Set(flow.content.Actions.map((a) => a.Identifier));
      for (const a of flow.content.Actions) {
        for (const t of [a.Transitions?.NextAction, ...(a.Transitions?.Errors ?? []).map((e) => e.NextAction), ...(a.Transitions?.Conditions ?? []).map((c) => c.NextAction)]) {
          if (t !== undefined) assert.ok(ids.has(t), `${flow.id}: ${a.Identifier} → ${t}`);
        }
      }
    }
    void validateFlow;
  });

  test('a flow may name a default flow by its id, e.g. as its customer queue flow', () => {
    const w = new FlowWorld();
    const call = w.callOn(flowOf([
      act('hook', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: 'default-customer-queue' } }, 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]), { media: true });
    assert.equal(w.contact(call.contactId).flowRun?.rootFlowId, 'default-customer-queue');
  });
});

describe('flow moments: types are checked where a flow is used', () => {
  test('a CustomerQueue hook naming a flow of another type takes the error branch', () => {
    const w = new FlowWorld();
    const inbound = w.addTypedFlow(flowOf([hangup()]));
    const chat = w.chatOn(flowOf([act('hook', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: inbound } }, 'err'), say('err', 'wrong type', 'bye'), hangup()]));
    assert.deepEqual(w.said(chat.contactId), ['wrong type']);
    assert.match(w.log(chat.contactId)[0]!.reason!, /CUSTOMER_QUEUE/);
  });

  test('a call cannot start with a whisper flow', () => {
    const w = new FlowWorld();
    const whisper = w.addTypedFlow(flowOf([act('end', 'EndFlowExecution')]), 'AGENT_WHISPER');
    const call = w.callOn(whisper);
    assert.equal(call.decision.ok, false);
  });
});

describe('flow moments: a chat\'s customer queue flow', () => {
  test('a chat waiting in a queue gets its queue flow\'s messages at intervals, until an agent accepts', () => {
    const w = new FlowWorld();
    const queueFlow = w.addTypedFlow(flowOf([
      say('pos', 'You are number $.Metrics.Queue.Size in line', 'wait'),
      act('wait', 'Wait', { TimeLimitSeconds: '60' }, 'metrics', { Conditions: [cond('WaitCompleted', 'metrics')] }),
      act('metrics', 'GetMetricData', {}, 'pos'),
    ].map((a) => (a.Identifier === 'metrics' ? { ...a, Transitions: { NextAction: 'pos' } } : a)), 'metrics'), 'CUSTOMER_QUEUE');
    const chat = w.chatOn(flowOf([
      act('hook', 'UpdateContactEventHooks', { EventHooks: { CustomerQueue: queueFlow } }, 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]));
    assert.deepEqual(w.said(chat.contactId), ['You are number 1 in line']);
    w.timeout(chat.contactId);
    assert.deepEqual(w.said(chat.contactId), ['You are number 1 in line', 'You are number 1 in line']);
    w.setStatus('alice', 'Available');
    eventsOf(w.accept('alice', chat.contactId));
    assert.equal(w.contact(chat.contactId).status, 'connected');
    assert.equal(w.contact(chat.contactId).flowRun, undefined, 'the queue flow stops when the agent accepts');
  });
});

describe('flow moments: whispers when an agent takes a call', () => {
  function queuedCall(w: FlowWorld, hooks: Record<string, string> = {}) {
    const profile = w.addRoutingProfile('voice', ['VOICE']);
    w.addAgent('vic', profile);
    return w.callOn(flowOf([
      act('hooks', 'UpdateContactEventHooks', { EventHooks: hooks }, 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]), { media: true });
  }

  test('the default agent whisper speaks the queue name to the agent only; the default customer whisper then ends at once', () => {
    const w = new FlowWorld();
    const call = queuedCall(w);
    w.setStatus('vic', 'Available');
    eventsOf(w.accept('vic', call.contactId));
    const run = w.contact(call.contactId).flowRun!;
    assert.equal(run.flowType, 'AGENT_WHISPER');
    const [playback] = flowMedia(w.contact(call.contactId)).playbacks;
    const agentParty = w.contact(call.contactId).call!.parties.find((p) => p.kind === 'agent')!;
    assert.deepEqual([playback!.to, playback!.audio], [agentParty.id, { kind: 'text', text: 'BasicQueue' }]);
    eventsOf(w.played(call.contactId));
    assert.equal(w.contact(call.contactId).flowRun, undefined);
    assert.equal(w.contact(call.contactId).status, 'connected');
  });

  test('a CustomerWhisper hook plays to the caller after the agent whisper', () => {
    const w = new FlowWorld();
    const customerWhisper = w.addTypedFlow(flowOf([say('hi', 'You are now connected to an agent', 'end'), act('end', 'EndFlowExecution')]), 'CUSTOMER_WHISPER');
    const call = queuedCall(w, { CustomerWhisper: customerWhisper });
    w.setStatus('vic', 'Available');
    w.accept('vic', call.contactId);
    w.played(call.contactId);
    const run = w.contact(call.contactId).flowRun!;
    assert.equal(run.flowType, 'CUSTOMER_WHISPER');
    assert.deepEqual(flowMedia(w.contact(call.contactId)).playbacks.map((p) => [p.to, p.audio]), [[call.partyId, { kind: 'text', text: 'You are now connected to an agent' }]]);
    w.played(call.contactId);
    assert.equal(w.contact(call.contactId).flowRun, undefined);
  });
});

describe('flow moments: the customer hold flow', () => {
  test('a caller put on hold hears the CustomerHold hook\'s prompts instead of hold music, until taken off hold', () => {
    const w = new FlowWorld();
    const profile = w.addRoutingProfile('voice', ['VOICE']);
    w.addAgent('vic', profile);
    const holdFlow = w.addTypedFlow(flowOf([act('loop', 'MessageParticipantIteratively', { Messages: [{ Text: 'Please hold, we value your call' }] }, undefined, { Errors: [], Conditions: [] })]), 'CUSTOMER_HOLD');
    const call = w.callOn(flowOf([
      act('hooks', 'UpdateContactEventHooks', { EventHooks: { CustomerHold: holdFlow } }, 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ]), { media: true });
    w.setStatus('vic', 'Available');
    w.accept('vic', call.contactId);
    w.played(call.contactId);
    assert.equal(w.contact(call.contactId).flowRun, undefined, 'the whispers are done');
    const hold = (op: 'hold' | 'resume') => eventsOf(w.run({ type: 'ControlCall', userId: w.userId('vic'), contactId: call.contactId, op, connectionId: call.partyId }));
    hold('hold');
    assert.equal(w.contact(call.contactId).flowRun?.flowType, 'CUSTOMER_HOLD');
    const plan = mediaPlan(w.contact(call.contactId))!;
    assert.deepEqual(plan.playbacks.filter((p) => p.to === call.partyId).map((p) => p.audio), [{ kind: 'text', text: 'Please hold, we value your call' }]);
    hold('resume');
    assert.equal(w.contact(call.contactId).flowRun, undefined);
    assert.deepEqual(mediaPlan(w.contact(call.contactId))!.playbacks.filter((p) => p.to === call.partyId), []);
  });

  test('with no hook, a held caller hears the plan\'s hold music (our default customer hold)', () => {
    const w = new FlowWorld();
    const profile = w.addRoutingProfile('voice', ['VOICE']);
    w.addAgent('vic', profile);
    const call = w.callOn(flowOf([act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup()]), { media: true });
    w.setStatus('vic', 'Available');
    w.accept('vic', call.contactId);
    w.played(call.contactId);
    eventsOf(w.run({ type: 'ControlCall', userId: w.userId('vic'), contactId: call.contactId, op: 'hold', connectionId: call.partyId }));
    assert.deepEqual(mediaPlan(w.contact(call.contactId))!.playbacks.filter((p) => p.to === call.partyId).map((p) => p.audio), [{ kind: 'music' }]);
  });
});

describe('flow moments: transfer flows in a chat', () => {
  test('a queue quick connect\'s QUEUE_TRANSFER flow checks the destination queue\'s hours and staffing; its prompts show in the chat', () => {
    const w = new FlowWorld();
    w.setMultiParty(true);
    const other = w.addQueue('Support');
    const transferFlow = w.addTypedFlow(flowOf([
      act('staffed', 'CheckMetricData', { MetricType: 'NumberOfAgentsStaffed' }, 'none', { Conditions: [cond('0', 'now', 'NumberGreaterThan')], Errors: [{ NextAction: 'none', ErrorType: 'NoMatchingCondition' }] }),
      say('now', 'Transferring you to $.Queue.Name.', 'go'), act('go', 'TransferContactToQueue', {}, 'bye'),
      say('none', 'Nobody staffs $.Queue.Name right now.', 'bye'), hangup(),
    ]), 'QUEUE_TRANSFER');
    const { quickConnectId: qc } = w.createQuickConnect('QUEUE', other, { name: 'Support', flowId: transferFlow });
    eventsOf(w.run({ type: 'AssociateQueueQuickConnects', queueId: w.queueId, quickConnectIds: [qc] }));
    const chat = w.startChat('Ann');
    w.setStatus('alice', 'Available');
    w.accept('alice', chat.contactId);
    eventsOf(w.transfer('alice', chat.contactId, qc));
    assert.equal(w.said(chat.contactId).at(-1), 'Nobody staffs Support right now.');
  });
});
