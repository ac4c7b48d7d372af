/** Properties of flow runs over random flows and random answers: bounded steps, and replay (a restart) changes nothing. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { emptyState, replay, MAX_FLOW_STEPS, type FlowAction, type FlowDocument, type Contact } from '../src/index.ts';
import { FlowWorld } from './flowWorld.ts';

const TYPES = ['MessageParticipant', 'UpdateContactAttributes', 'Compare', 'Loop', 'GetParticipantInput', 'InvokeLambdaFunction', 'Wait', 'UpdateFlowAttributes', 'UpdateFlowLoggingBehavior', 'DisconnectParticipant', 'EndFlowExecution', 'ShowView'] as const;

const params = (type: string, i: number): Record<string, unknown> => {
  switch (type) {
    case 'MessageParticipant': return { Text: `m${i} $.Attributes.x $.External.v` };
    case 'UpdateContactAttributes': return { Attributes: { x: `v${i}` } };
    case 'Compare': return { ComparisonValue: '$.Attributes.x' };
    case 'Loop': return { LoopCount: String(i % 3) };
    case 'GetParticipantInput': return { Text: 'press', InputTimeLimitSeconds: '5', StoreInput: i % 2 ? 'True' : 'False' };
    case 'InvokeLambdaFunction': return { LambdaFunctionARN: 'arn:aws:lambda:us-east-1:1:function:f', InvocationTimeLimitSeconds: '3' };
    case 'Wait': return { TimeLimitSeconds: '10', Events: ['CustomerReturned'] };
    case 'UpdateFlowAttributes': return { FlowAttributes: { y: { Value: `f${i}` } } };
    case 'UpdateFlowLoggingBehavior': return { FlowLoggingBehavior: i % 2 ? 'Enabled' : 'Disabled' };
    default: return {};
  }
};

/** A random flow: n actions, each with random targets (or none) for NextAction, errors and conditions. */
const flowArb = fc.integer({ min: 1, max: 8 }).chain((n) => fc.array(fc.record({
  type: fc.constantFrom(...TYPES),
  next: fc.option(fc.nat(n - 1), { nil: undefined }),
  error: fc.option(fc.nat(n - 1), { nil: undefined }),
  conditions: fc.array(fc.record({ value: fc.constantFrom('1', '2', 'v0', 'v1', 'ContinueLooping', 'DoneLooping', 'WaitCompleted', 'CustomerReturned'), to: fc.nat(n - 1) }), { maxLength: 3 }),
}), { minLength: n, maxLength: n })).map((specs): FlowDocument => ({
  Version: '2019-10-30', StartAction: 'a0',
  Actions: specs.map((s, i): FlowAction => ({
    Identifier: `a${i}`, Type: s.type, Parameters: params(s.type, i),
    Transitions: {
      ...(s.next !== undefined ? { NextAction: `a${s.next}` } : {}),
      ...(s.error !== undefined ? { Errors: [{ NextAction: `a${s.error}`, ErrorType: 'NoMatchingError' }] } : {}),
      ...(s.conditions.length > 0 ? { Conditions: s.conditions.map((c) => ({ NextAction: `a${c.to}`, Condition: { Operator: 'Equals', Operands: [c.value] } })) } : {}),
    },
  })),
}));

type Answer = 'ok' | 'fail' | 'timeout' | 'one' | 'two';
const answersArb = fc.array(fc.constantFrom<Answer>('ok', 'fail', 'timeout', 'one', 'two'), { maxLength: 12 });

/** Answers the run's waits in turn; `restartAt` rebuilds the state from the events before that answer. */
function play(doc: FlowDocument, answers: Answer[], restartAt = -1): { contact: Contact; steps: number[] } {
  const w = new FlowWorld();
  const flowId = w.addTypedFlow(doc, 'CONTACT_FLOW', 'random', '00000001-f10f-4000-8000-000000000000');
  const chat = w.chatOn(flowId);
  const steps: number[] = [];
  let lastStep = 0;
  const note = () => {
    const run = w.contact(chat.contactId).flowRun;
    if (run) { steps.push(run.step - lastStep); lastStep = run.step; }
  };
  note();
  answers.forEach((answer, i) => {
    if (i === restartAt) w.state.instances = replay(w.events, emptyState()).instances;
    const contact = w.contact(chat.contactId);
    const wait = contact.flowRun?.waiting;
    if (!wait || contact.status === 'ended') return;
    w.advance(1000);
    if (wait.kind === 'lambda' && (answer === 'ok' || answer === 'fail')) w.lambda(chat.contactId, answer === 'ok', { v: `x${i}` }, 'e');
    else if (wait.kind === 'input' && (answer === 'one' || answer === 'two')) w.send(chat.contactId, chat.customerId, answer === 'one' ? '1' : '2');
    else if (wait.kind === 'timer' && answer === 'one') w.send(chat.contactId, chat.customerId, 'back');
    else if ('deadline' in wait && wait.deadline !== undefined) w.timeout(chat.contactId);
    else return;
    note();
  });
  return { contact: w.contact(chat.contactId), steps };
}

const observable = (c: Contact) => ({
  status: c.status, attributes: c.attributes, run: c.flowRun, log: c.flowLog, settings: c.flowSettings,
  said: c.transcript.map((i) => [i.id, i.type, i.content, i.at]), disconnectReason: c.disconnectReason,
});

describe('flow properties', () => {
  test('a run never performs more than MAX_FLOW_STEPS actions without waiting, and an ended contact has no run', () => {
    fc.assert(fc.property(flowArb, answersArb, (doc, answers) => {
      const { contact, steps } = play(doc, answers);
      for (const s of steps) assert.ok(s <= MAX_FLOW_STEPS + 1, `a step of ${s} actions`);
      if (contact.status === 'ended') assert.equal(contact.flowRun, undefined);
      if (contact.flowRun) assert.ok(contact.flowRun.waiting, 'a run kept on the contact waits for something');
    }), { numRuns: 150 });
  });

  test('state rebuilt from the events equals the state the commands built', () => {
    fc.assert(fc.property(flowArb, answersArb, (doc, answers) => {
      const w = new FlowWorld();
      const chat = w.chatOn(w.addTypedFlow(doc));
      for (const answer of answers) {
        const wait = w.contact(chat.contactId).flowRun?.waiting;
        if (!wait) break;
        w.advance(500);
        if (wait.kind === 'lambda') w.lambda(chat.contactId, answer !== 'fail', { v: answer });
        else if (wait.kind === 'input') w.send(chat.contactId, chat.customerId, answer === 'one' ? '1' : 'x');
        else w.timeout(chat.contactId);
      }
      const rebuilt = replay(w.events, emptyState()).instances.get(w.instanceId)!.contacts.get(chat.contactId)!;
      assert.deepEqual(observable(rebuilt), observable(w.contact(chat.contactId)));
    }), { numRuns: 100 });
  });

  test('a run resumed after a restart (replayed events) ends exactly as the uninterrupted run', () => {
    fc.assert(fc.property(flowArb, answersArb, fc.nat(12), (doc, answers, restartAt) => {
      assert.deepEqual(observable(play(doc, answers, restartAt).contact), observable(play(doc, answers).contact));
    }), { numRuns: 100 });
  });
});
