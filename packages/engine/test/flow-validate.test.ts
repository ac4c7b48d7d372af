/** The flow importer's checks (flow-language.md §1.8, §1.9, §2.6): every problem at once; real exports pass. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFlow, parseFlowContent, actionAllowedIn, MAX_FLOW_ACTIONS, MAX_FLOW_CONTENT_CHARS, type FlowDocument } from '../src/index.ts';
import { inboundFlow } from './flows.ts';

const good = inboundFlow('arn:aws:connect:us-east-1:123456789012:instance/i/queue/q');
const problemsOf = (content: unknown, type = 'CONTACT_FLOW') => checkFlow(content, type).problems;

describe('flow validation: structure', () => {
  test('a well-formed inbound flow has no problems', () => {
    assert.deepEqual(problemsOf(good), []);
  });

  test('every problem is reported at once, not only the first', () => {
    const doc = {
      Version: '2020-01-01',
      StartAction: 'missing',
      Actions: [
        { Identifier: 'a', Type: 'MessageParticipant', Parameters: { Text: 'hi' }, Transitions: { NextAction: 'nowhere' } },
        { Identifier: 'a', Type: 'DisconnectParticipant' },
        { Identifier: 'c', Type: 'MessageParticipantIteratively', Parameters: { Messages: [] } },
        { Identifier: 'd', Type: 'TransferToQueue' },
        { Identifier: 'e', Type: 42 },
        { Identifier: 'f', Type: 'Compare', Transitions: { Errors: [{ NextAction: 'gone', ErrorType: 'NoMatchingCondition' }], Conditions: [{ NextAction: 'lost', Condition: { Operator: 'Equals', Operands: ['1'] } }] } },
      ],
    };
    const problems = problemsOf(doc);
    const expect = [/Version/, /StartAction "missing"/, /"nowhere"/, /duplicate action Identifier "a"/, /MessageParticipantIteratively is not allowed in a CONTACT_FLOW/,
      /"TransferToQueue" is not an action type/, /action "e": Type must be a non-empty string/, /"gone"/, /"lost"/];
    for (const pattern of expect) assert.ok(problems.some((p) => pattern.test(p)), `no problem matches ${pattern}: ${problems.join(' | ')}`);
    assert.equal(problems.length, expect.length);
  });

  test('the content must be an object with an Actions array', () => {
    assert.match(problemsOf([])[0]!, /JSON object/);
    assert.match(problemsOf('flow')[0]!, /JSON object/);
    assert.ok(problemsOf({ Version: '2019-10-30', StartAction: 'a', Actions: {} }).some((p) => /Actions must be an array/.test(p)));
    assert.ok(problemsOf({ Version: '2019-10-30', StartAction: 'a', Actions: [] }).some((p) => /must not be empty/.test(p)));
    assert.ok(problemsOf({ Version: '2019-10-30', Actions: good.Actions }).some((p) => /StartAction must name an action/.test(p)));
  });

  test('actions and transitions must have the flow language shapes', () => {
    const doc = {
      ...good,
      Actions: [
        ...good.Actions,
        'not an action',
        { Identifier: 'x1', Type: 'MessageParticipant', Parameters: 'Hello', Transitions: [] },
        { Identifier: 'x2', Type: 'Compare', Transitions: { NextAction: 7, Errors: {}, Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals' } }] } },
        { Identifier: 'x3', Type: 'Compare', Transitions: { Errors: [{ NextAction: 'bye' }], Conditions: 'x' } },
        { Identifier: '', Type: 'DisconnectParticipant' },
      ],
    };
    const problems = problemsOf(doc);
    for (const pattern of [/Actions\[4\] must be an object/, /x1.*Parameters must be an object/, /x1.*Transitions must be an object/, /x2.*NextAction must be a string/,
      /x2.*Errors must be an array/, /x2.*Conditions\[0\]\.Condition must be/, /x3.*Errors\[0\] must be/, /x3.*Conditions must be an array/, /Actions\[8\]: Identifier must be a non-empty string/]) {
      assert.ok(problems.some((p) => pattern.test(p)), `no problem matches ${pattern}: ${problems.join(' | ')}`);
    }
  });

  test('identifiers: at most 50 characters, none of the reserved characters, not a prototype name', () => {
    const withId = (Identifier: string) => ({ ...good, StartAction: Identifier, Actions: [{ Identifier, Type: 'DisconnectParticipant', Transitions: {} }] });
    assert.deepEqual(problemsOf(withId('***End Call***')), []);
    assert.deepEqual(problemsOf(withId('Check hours – ünïcode ok')), []);
    for (const id of ['x'.repeat(51), 'check(hours)', 'a:b', 'a/b', '$.Attributes', 'a,b', 'a{b}', '__proto__', 'constructor', 'toString']) {
      const problems = problemsOf(withId(id));
      assert.equal(problems.length, 1, `${id}: ${problems.join(' | ')}`);
      assert.match(problems[0]!, /an Identifier has at most 50 characters/);
    }
  });

  test('GetParticipantInput must define a NoMatchingError branch', () => {
    const input = (errors: { NextAction: string; ErrorType: string }[]) => ({
      ...good, StartAction: 'menu',
      Actions: [
        { Identifier: 'menu', Type: 'GetParticipantInput', Parameters: { Text: 'Press 1', InputTimeLimitSeconds: '5', StoreInput: 'False' }, Transitions: { NextAction: 'bye', Errors: errors, Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['1'] } }] } },
        { Identifier: 'bye', Type: 'DisconnectParticipant', Transitions: {} },
      ],
    });
    assert.deepEqual(problemsOf(input([{ NextAction: 'bye', ErrorType: 'NoMatchingError' }, { NextAction: 'bye', ErrorType: 'InputTimeLimitExceeded' }])), []);
    assert.deepEqual(problemsOf(input([{ NextAction: 'bye', ErrorType: 'InputTimeLimitExceeded' }])), ['action "menu": GetParticipantInput must have a NoMatchingError error branch']);
  });

  test('the pre-2019 export format is refused with a clear reason', () => {
    assert.match(problemsOf({ modules: [{ id: '1', type: 'PlayPrompt' }] })[0]!, /pre-2019/);
  });
});

describe('flow validation: limits (§1.8)', () => {
  test(`a flow may have at most ${MAX_FLOW_ACTIONS} actions`, () => {
    const actions = Array.from({ length: MAX_FLOW_ACTIONS + 1 }, (_, i) => ({ Identifier: `a${i}`, Type: 'UpdateContactAttributes', Parameters: { Attributes: { n: String(i) } }, Transitions: { NextAction: `a${i + 1}` } }));
    actions[MAX_FLOW_ACTIONS] = { Identifier: `a${MAX_FLOW_ACTIONS}`, Type: 'DisconnectParticipant', Parameters: { Attributes: { n: '' } }, Transitions: {} as { NextAction: string } };
    const problems = problemsOf({ Version: '2019-10-30', StartAction: 'a0', Actions: actions });
    assert.deepEqual(problems, [`a flow may have at most ${MAX_FLOW_ACTIONS} actions, this one has ${MAX_FLOW_ACTIONS + 1}`]);
    assert.deepEqual(problemsOf({ Version: '2019-10-30', StartAction: 'a1', Actions: actions.slice(1) }), [], `${MAX_FLOW_ACTIONS} actions are fine`);
  });

  test(`Content is at most ${MAX_FLOW_CONTENT_CHARS} characters`, () => {
    const big = JSON.stringify({ ...good, Metadata: { pad: 'x'.repeat(MAX_FLOW_CONTENT_CHARS) } });
    const check = parseFlowContent(big, 'CONTACT_FLOW');
    assert.match(check.problems[0]!, /at most 256000/);
    assert.equal(check.document, undefined);
  });

  test('conditions nest at most 5 deep', () => {
    let condition: unknown = { Operator: 'Equals', Operands: ['1'] };
    for (let i = 0; i < 5; i++) condition = { Operator: 'Equals', Operands: [condition] };
    const doc = { ...good, Actions: good.Actions.map((a) => (a.Identifier === 'greet' ? { ...a, Transitions: { NextAction: 'set-queue', Conditions: [{ NextAction: 'bye', Condition: condition }] } } : a)) };
    assert.ok(problemsOf(doc).some((p) => /nested more than 5 deep/.test(p)));
  });

  test('Content that is not JSON is one problem naming the parse error', () => {
    const check = parseFlowContent('{"Version": "2019-10-30",', 'CONTACT_FLOW');
    assert.equal(check.problems.length, 1);
    assert.match(check.problems[0]!, /not valid JSON/);
  });
});

describe('flow validation: what real exports write (§1.9)', () => {
  test('Metadata, omitted Parameters, empty Transitions, string-typed numbers and human identifiers are accepted', () => {
    const doc = {
      Version: '2019-10-30',
      StartAction: 'Set VMX Offer',
      Metadata: { entryPointPosition: { x: 40, y: 40 }, ActionMetadata: { 'Set VMX Offer': { position: { x: 1, y: 2 } } }, type: 'contactFlow', status: 'published' },
      Actions: [
        { Identifier: 'Set VMX Offer', Type: 'UpdateContactAttributes', Parameters: { Attributes: { offer: 'true' }, TargetContact: 'Current' }, Transitions: { NextAction: 'loop', Errors: [] } },
        { Identifier: 'loop', Type: 'Loop', Parameters: { LoopCount: '3' }, Transitions: { NextAction: '***End Call***', Conditions: [{ NextAction: 'loop', Condition: { Operator: 'Equals', Operands: ['ContinueLooping'] } }, { NextAction: '***End Call***', Condition: { Operator: 'Equals', Operands: ['DoneLooping'] } }] } },
        { Identifier: '***End Call***', Type: 'DisconnectParticipant', Transitions: {} },
      ],
    };
    assert.deepEqual(problemsOf(doc), []);
  });

  test('documented actions the interpreter does not run yet are reported, not refused', () => {
    const doc: FlowDocument = {
      ...good,
      Actions: [
        { Identifier: 'log', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'greet' } },
        { Identifier: 'show', Type: 'ShowView', Transitions: { NextAction: 'greet' } },
        ...good.Actions,
      ],
      StartAction: 'log',
    };
    const check = checkFlow(doc, 'CONTACT_FLOW');
    assert.deepEqual(check.problems, []);
    assert.ok(check.unsupportedActions.includes('ShowView'));
    assert.equal(check.unsupportedActions.includes('MessageParticipant'), false);
    assert.deepEqual(check.unsupportedActions, [...check.unsupportedActions].sort());
  });
});

describe('flow validation: actions allowed per flow type (§2.6)', () => {
  test('the table: hold flows loop prompts, whispers end, transfers reach agents, modules return', () => {
    assert.equal(actionAllowedIn('MessageParticipantIteratively', 'CUSTOMER_HOLD'), true);
    assert.equal(actionAllowedIn('MessageParticipant', 'CUSTOMER_HOLD'), false);
    assert.equal(actionAllowedIn('EndFlowExecution', 'AGENT_WHISPER'), true);
    assert.equal(actionAllowedIn('EndFlowExecution', 'CONTACT_FLOW'), false);
    assert.equal(actionAllowedIn('TransferContactToAgent', 'AGENT_TRANSFER'), true);
    assert.equal(actionAllowedIn('TransferContactToAgent', 'CONTACT_FLOW'), false);
    assert.equal(actionAllowedIn('EndFlowModuleExecution', 'MODULE'), true);
    assert.equal(actionAllowedIn('EndFlowModuleExecution', 'CONTACT_FLOW'), false);
    assert.equal(actionAllowedIn('DequeueContactAndTransferToQueue', 'CUSTOMER_QUEUE'), true);
    assert.equal(actionAllowedIn('CompleteOutboundCall', 'OUTBOUND_WHISPER'), true);
    assert.equal(actionAllowedIn('CompleteOutboundCall', 'CUSTOMER_QUEUE'), false);
    // Actions the table does not restrict are allowed in every type.
    assert.equal(actionAllowedIn('UpdateContactAttributes', 'AGENT_HOLD'), true);
    assert.equal(actionAllowedIn('InvokeLambdaFunction', 'CUSTOMER_WHISPER'), true);
  });

  test('an action not allowed in the flow type is a problem naming the action and the type', () => {
    const doc = { ...good, Actions: good.Actions.map((a) => (a.Identifier === 'bye' ? { ...a, Type: 'EndFlowExecution' } : a)) };
    assert.deepEqual(problemsOf(doc, 'CONTACT_FLOW'), ['action "bye": EndFlowExecution is not allowed in a CONTACT_FLOW flow']);
    assert.deepEqual(problemsOf(doc, 'QUEUE_TRANSFER').length, 1);
  });

  test('an unknown flow type is a problem', () => {
    assert.deepEqual(problemsOf(good, 'INBOUND'), ['unknown flow type "INBOUND"']);
  });
});
