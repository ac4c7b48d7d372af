/** Managing flows, flow modules and prompts as engine commands: refusals change nothing, events replay exactly. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, replay, type FlowDocument } from '../src/index.ts';
import { World, uuid } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { inboundFlow } from './flows.ts';
import { serialize } from './serialize.ts';

const moduleDoc = (text = 'from the module'): FlowDocument => ({
  Version: '2019-10-30',
  StartAction: 'say',
  Actions: [
    { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: { NextAction: 'back', Errors: [{ NextAction: 'back', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'back', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
  ],
});

/** Runs a command that must be refused and checks that the state did not change. */
function refusedUnchanged(world: World, command: Parameters<World['run']>[0]) {
  const before = serialize(world.state);
  const rejection = rejectionOf(world.run(command));
  assert.equal(serialize(world.state), before);
  return rejection;
}

describe('flow commands', () => {
  test('CreateContactFlow keeps description, status and tags, and a flow name is used once per instance', () => {
    const world = new World();
    const flowId = uuid(50, '4444');
    eventsOf(world.run({ type: 'CreateContactFlow', flowId, name: 'Menu', flowType: 'CONTACT_FLOW', content: inboundFlow(world.queueId), description: 'main menu', status: 'SAVED', tags: { team: 'a' } }));
    const flow = world.instance.flows.get(flowId)!;
    assert.deepEqual({ d: flow.description, s: flow.status, st: flow.state, t: flow.tags }, { d: 'main menu', s: 'SAVED', st: 'ACTIVE', t: { team: 'a' } });
    assert.equal(refusedUnchanged(world, { type: 'CreateContactFlow', flowId: uuid(51, '4444'), name: 'Menu', flowType: 'CONTACT_FLOW', content: inboundFlow(world.queueId) }).code, 'DuplicateResource');
    assert.equal(refusedUnchanged(world, { type: 'CreateContactFlow', flowId: uuid(52, '4444'), name: 'Other', flowType: 'INBOUND', content: inboundFlow(world.queueId) }).code, 'InvalidParameter');
  });

  test('UpdateContactFlowContent replaces the document; a broken one is refused with every problem and the old one stays', () => {
    const world = new World();
    eventsOf(world.run({ type: 'UpdateContactFlowContent', flowId: world.flowId, content: inboundFlow(world.queueId, 'New greeting') }));
    assert.equal(world.instance.flows.get(world.flowId)!.content.Actions[0]!.Parameters!.Text, 'New greeting');
    const broken = { ...inboundFlow(world.queueId), StartAction: 'nope', Actions: [...inboundFlow(world.queueId).Actions, { Identifier: 'x', Type: 'EndFlowExecution' }] };
    const rejection = refusedUnchanged(world, { type: 'UpdateContactFlowContent', flowId: world.flowId, content: broken });
    assert.equal(rejection.code, 'InvalidContactFlow');
    assert.equal(rejection.problems?.length, 2);
    assert.equal(refusedUnchanged(world, { type: 'UpdateContactFlowContent', flowId: uuid(99, '4444'), content: inboundFlow(world.queueId) }).code, 'ResourceNotFound');
  });

  test('the content is checked against the flow type of the stored flow', () => {
    const world = new World();
    const holdId = uuid(60, '4444');
    const hold: FlowDocument = { Version: '2019-10-30', StartAction: 'music', Actions: [{ Identifier: 'music', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ Text: 'Please hold' }] }, Transitions: {} }] };
    eventsOf(world.run({ type: 'CreateContactFlow', flowId: holdId, name: 'Hold', flowType: 'CUSTOMER_HOLD', content: hold }));
    const rejection = refusedUnchanged(world, { type: 'UpdateContactFlowContent', flowId: holdId, content: inboundFlow(world.queueId) });
    assert.ok(rejection.problems!.some((p) => /MessageParticipant is not allowed in a CUSTOMER_HOLD flow/.test(p)));
  });

  test('UpdateContactFlowMetadata changes only what is given; names stay unique; the state is ACTIVE or ARCHIVED', () => {
    const world = new World();
    const other = world.addFlow(world.queueId, 'Other');
    eventsOf(world.run({ type: 'UpdateContactFlowMetadata', flowId: world.flowId, description: 'the demo menu' }));
    assert.equal(world.instance.flows.get(world.flowId)!.name, 'Sample inbound flow');
    eventsOf(world.run({ type: 'UpdateContactFlowMetadata', flowId: world.flowId, name: 'Renamed', state: 'ARCHIVED' }));
    const flow = world.instance.flows.get(world.flowId)!;
    assert.deepEqual([flow.name, flow.description, flow.state], ['Renamed', 'the demo menu', 'ARCHIVED']);
    assert.equal(refusedUnchanged(world, { type: 'UpdateContactFlowMetadata', flowId: other, name: 'Renamed' }).code, 'DuplicateResource');
    assert.equal(refusedUnchanged(world, { type: 'UpdateContactFlowMetadata', flowId: other, state: 'GONE' }).code, 'InvalidParameter');
    eventsOf(world.run({ type: 'UpdateContactFlowMetadata', flowId: world.flowId, name: 'Renamed' }));
  });

  test('DeleteContactFlow removes a flow nothing uses; a flow a chat widget or quick connect uses is refused', () => {
    const world = new World();
    const unused = world.addFlow(world.queueId);
    eventsOf(world.run({ type: 'DeleteContactFlow', flowId: unused }));
    assert.equal(world.instance.flows.has(unused), false);
    assert.equal(refusedUnchanged(world, { type: 'DeleteContactFlow', flowId: unused }).code, 'ResourceNotFound');
    eventsOf(world.run({ type: 'CreateChatWidget', widgetId: uuid(1, '9999'), name: 'Site chat', contactFlowId: world.flowId, approvedOrigins: [] }));
    const rejection = refusedUnchanged(world, { type: 'DeleteContactFlow', flowId: world.flowId });
    assert.equal(rejection.code, 'Conflict');
    assert.match(rejection.message, /chat widget Site chat/);
    const transferFlowId = world.addFlow(world.queueId, 'Transfer');
    world.addQuickConnect('QUEUE', world.queueId, { name: 'To basic', flowId: transferFlowId });
    assert.match(refusedUnchanged(world, { type: 'DeleteContactFlow', flowId: transferFlowId }).message, /quick connect To basic/);
  });
});

describe('flow module commands', () => {
  test('a module is created, updated, renamed and deleted; its document is checked as a module', () => {
    const world = new World();
    const moduleId = uuid(1, '7777');
    eventsOf(world.run({ type: 'CreateContactFlowModule', moduleId, name: 'Say hello', description: '', content: moduleDoc(), tags: {}, settings: '{"InputParameters":[]}' }));
    const m = world.instance.flowModules.get(moduleId)!;
    assert.deepEqual([m.state, m.status, m.settings], ['ACTIVE', 'PUBLISHED', '{"InputParameters":[]}']);
    assert.match(m.arn, /\/flow-module\//);
    eventsOf(world.run({ type: 'UpdateContactFlowModuleContent', moduleId, content: moduleDoc('changed') }));
    assert.equal(world.instance.flowModules.get(moduleId)!.content.Actions[0]!.Parameters!.Text, 'changed');
    // An inbound flow is not a module: TransferContactToQueue is fine, DisconnectParticipant is fine, but a module may not EndFlowExecution.
    const notModule = { ...moduleDoc(), Actions: [moduleDoc().Actions[0]!, { Identifier: 'back', Type: 'EndFlowExecution' }] };
    assert.equal(refusedUnchanged(world, { type: 'UpdateContactFlowModuleContent', moduleId, content: notModule }).code, 'InvalidContactFlow');
    assert.equal(refusedUnchanged(world, { type: 'CreateContactFlowModule', moduleId: uuid(2, '7777'), name: 'Say hello', description: '', content: moduleDoc(), tags: {} }).code, 'DuplicateResource');
    eventsOf(world.run({ type: 'UpdateContactFlowModuleMetadata', moduleId, name: 'Greeter', state: 'ARCHIVED' }));
    assert.deepEqual([world.instance.flowModules.get(moduleId)!.name, world.instance.flowModules.get(moduleId)!.state], ['Greeter', 'ARCHIVED']);
    eventsOf(world.run({ type: 'DeleteContactFlowModule', moduleId }));
    assert.equal(world.instance.flowModules.size, 0);
    assert.equal(refusedUnchanged(world, { type: 'DeleteContactFlowModule', moduleId }).code, 'ResourceNotFound');
  });
});

describe('prompt commands', () => {
  test('audio and text prompts are stored; names are unique; empty text is refused; delete removes', () => {
    const world = new World();
    const audio = uuid(1, '8888'), text = uuid(2, '8888');
    eventsOf(world.run({
      type: 'CreatePrompt', promptId: audio, name: 'Hold music', description: 'jazz', tags: {},
      source: { kind: 'audio', blobKey: `${world.instanceId}/prompts/x`, s3Uri: 's3://bucket/hold.wav', contentType: 'audio/wav', sizeBytes: 1000 },
    }));
    eventsOf(world.run({ type: 'CreatePrompt', promptId: text, name: 'Welcome', description: '', tags: {}, source: { kind: 'text', text: 'Welcome!', ssml: false } }));
    assert.match(world.instance.prompts.get(audio)!.arn, /\/prompt\//);
    assert.equal(refusedUnchanged(world, { type: 'CreatePrompt', promptId: uuid(3, '8888'), name: 'Welcome', description: '', tags: {}, source: { kind: 'text', text: 'x', ssml: false } }).code, 'DuplicateResource');
    assert.equal(refusedUnchanged(world, { type: 'CreatePrompt', promptId: uuid(3, '8888'), name: 'Blank', description: '', tags: {}, source: { kind: 'text', text: '  ', ssml: false } }).code, 'InvalidParameter');
    eventsOf(world.run({ type: 'DeletePrompt', promptId: audio }));
    assert.deepEqual([...world.instance.prompts.keys()], [text]);
    assert.equal(refusedUnchanged(world, { type: 'DeletePrompt', promptId: audio }).code, 'ResourceNotFound');
  });
});

test('replaying the events rebuilds flows, modules and prompts exactly', () => {
  const world = new World();
  eventsOf(world.run({ type: 'UpdateContactFlowContent', flowId: world.flowId, content: inboundFlow(world.queueId, 'again') }));
  eventsOf(world.run({ type: 'UpdateContactFlowMetadata', flowId: world.flowId, name: 'Menu', description: 'd' }));
  eventsOf(world.run({ type: 'DeleteContactFlow', flowId: world.addFlow(world.queueId) }));
  eventsOf(world.run({ type: 'CreateContactFlowModule', moduleId: uuid(1, '7777'), name: 'M', description: '', content: moduleDoc(), tags: { a: 'b' } }));
  eventsOf(world.run({ type: 'CreatePrompt', promptId: uuid(1, '8888'), name: 'P', description: '', tags: {}, source: { kind: 'text', text: 'Hi', ssml: false } }));
  assert.equal(serialize(replay(world.events, emptyState())), serialize(world.state));
});
