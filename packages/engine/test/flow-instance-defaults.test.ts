/** Default flows are the instance's own flows (Amazon Connect: every new instance has them, published, editable). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FLOWS, INSTANCE_FLOWS, SAMPLE_INBOUND_FLOW, emptyState, evolve, flowMedia, instanceDefaultFlow, validateFlow, type Event } from '../src/index.ts';
import { eventsOf } from './decisions.ts';
import { FlowWorld, act, flowOf, hangup, say } from './flowWorld.ts';

function queuedCall(w: FlowWorld) {
  const profile = w.addRoutingProfile('voice', ['VOICE']);
  w.addAgent('vic', profile);
  return w.callOn(flowOf([
    act('q', 'UpdateContactTargetQueue', { QueueId: w.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
  ]), { media: true });
}

const agentHears = (w: FlowWorld, contactId: string) => {
  const [playback] = flowMedia(w.contact(contactId)).playbacks;
  return playback?.audio;
};

describe('default flows: every new instance holds them', () => {
  test('CreateInstance stores each default flow and the sample inbound flow, with Connect\'s names and types, published', () => {
    const w = new FlowWorld();
    const names = new Map([...w.instance.flows.values()].map((f) => [f.name, f]));
    for (const [name, type] of [
      ['Default customer queue', 'CUSTOMER_QUEUE'], ['Default customer hold', 'CUSTOMER_HOLD'], ['Default agent hold', 'AGENT_HOLD'],
      ['Default agent whisper', 'AGENT_WHISPER'], ['Default customer whisper', 'CUSTOMER_WHISPER'], ['Default outbound', 'OUTBOUND_WHISPER'],
      ['Default agent transfer', 'AGENT_TRANSFER'], ['Default queue transfer', 'QUEUE_TRANSFER'],
      ['Sample inbound flow (first contact experience)', 'CONTACT_FLOW'],
    ] as const) {
      const flow = names.get(name);
      assert.ok(flow, `${name} is one of the instance's flows`);
      assert.equal(flow.type, type, name);
      assert.equal(flow.status, 'PUBLISHED');
      assert.match(flow.arn, /:instance\/.+\/contact-flow\//);
      assert.equal(validateFlow(flow.content, flow.type), undefined, `${name} is a valid ${type} flow`);
    }
    assert.equal(INSTANCE_FLOWS.length, DEFAULT_FLOWS.length + 1);
  });

  test('where no flow of a type is set, the instance\'s default runs — as edited', () => {
    const w = new FlowWorld();
    const call = queuedCall(w);
    w.setStatus('vic', 'Available');
    eventsOf(w.accept('vic', call.contactId));
    assert.deepEqual(agentHears(w, call.contactId), { kind: 'text', text: 'BasicQueue' }, 'the default agent whisper says the queue name');

    const edited = new FlowWorld();
    eventsOf(edited.run({ type: 'UpdateContactFlowContent', flowId: 'default-agent-whisper', content: flowOf([say('hi', 'Edited whisper for $.Queue.Name', 'end'), act('end', 'EndFlowExecution')]) }));
    const second = queuedCall(edited);
    edited.setStatus('vic', 'Available');
    eventsOf(edited.accept('vic', second.contactId));
    assert.equal(edited.contact(second.contactId).flowRun?.rootFlowId, 'default-agent-whisper');
    assert.deepEqual(agentHears(edited, second.contactId), { kind: 'text', text: 'Edited whisper for BasicQueue' });
  });

  test('an instance from an older log, without the flows stored, still runs the built-in defaults by their ids', () => {
    const w = new FlowWorld();
    for (const flow of INSTANCE_FLOWS) w.instance.flows.delete(flow.id);
    assert.equal(instanceDefaultFlow(w.instance, 'AGENT_WHISPER')?.id, 'default-agent-whisper');
    const call = queuedCall(w);
    w.setStatus('vic', 'Available');
    eventsOf(w.accept('vic', call.contactId));
    assert.deepEqual(agentHears(w, call.contactId), { kind: 'text', text: 'BasicQueue' });
  });

  test('replaying the log rebuilds the instance\'s default flows from its ContactFlowCreated events', () => {
    const w = new FlowWorld();
    const created = w.events.filter((e: Event) => e.type === 'ContactFlowCreated').map((e) => (e as Extract<Event, { type: 'ContactFlowCreated' }>).flowId);
    for (const flow of INSTANCE_FLOWS) assert.ok(created.includes(flow.id), `${flow.id} is created by an event`);
    const replayed = emptyState();
    for (const event of w.events) evolve(replayed, event);
    const instance = replayed.instances.get(w.instanceId)!;
    assert.deepEqual(instance.flows.get(SAMPLE_INBOUND_FLOW.id)?.content, SAMPLE_INBOUND_FLOW.content);
  });

  test('the sample inbound flow greets a chat and ends it', () => {
    const w = new FlowWorld();
    const chat = w.chatOn(SAMPLE_INBOUND_FLOW.id);
    assert.match(w.said(chat.contactId)[0]!, /sample flow of a new Switchboard instance/);
    assert.equal(w.contact(chat.contactId).status, 'ended');
  });
});
