/** Tasks (StartTaskContact): their flow, routing with TASK concurrency, offer/accept/complete, scheduled tasks, and refusals. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { agentSnapshot, contactRecord, deadlinesOf, pendingDeadlines, type Command, type Decision } from '../src/index.ts';
import { World, uuid, type DistributiveOmit } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf, typesOf } from './decisions.ts';
import { availableAgent, chatAndTaskProfile, offersIn } from './routingWorlds.ts';

type TaskCommand = Extract<DistributiveOmit<Command, 'now' | 'seed' | 'instanceId'>, { type: 'StartTaskContact' }>;
let nextTask = 0;

function startTask(world: World, fields: Partial<TaskCommand> = {}): { contactId: string; decision: Decision } {
  const contactId = fields.contactId ?? uuid(++nextTask, '7778');
  const command: TaskCommand = {
    type: 'StartTaskContact', contactId, contactFlowId: world.flowId, name: 'Call back Ann', description: 'About order 1234',
    references: { order: { type: 'URL', value: 'https://crm.example.com/orders/1234' } }, attributes: { order: '1234' }, ...fields,
  };
  return { contactId, decision: world.run(command) };
}

/** A world whose agent alice takes chats (3) and tasks (2 unless given) from BasicQueue and is Available. */
function taskWorld(task = 2, crossChannel: 'ROUTE_CURRENT_CHANNEL_ONLY' | 'ROUTE_ANY_CHANNEL' = 'ROUTE_CURRENT_CHANNEL_ONLY'): World {
  const world = new World({ agents: [] });
  const profile = chatAndTaskProfile(world, 'Chats and tasks', { CHAT: crossChannel, TASK: crossChannel }, { CHAT: 3, TASK: task });
  availableAgent(world, 'alice', profile);
  world.advance(1000);
  return world;
}

describe('tasks: flow and routing', () => {
  test('a task runs its inbound flow (InitiationMethod API, channel TASK) and is queued in the flow\'s queue; no prompt is written anywhere', () => {
    const world = new World();
    const task = startTask(world);
    assert.deepEqual(typesOf(eventsOf(task.decision)), ['ContactInitiated', 'ContactTargetQueueSet', 'ContactQueued']);
    const contact = world.contact(task.contactId);
    assert.equal(contact.channel, 'TASK');
    assert.equal(contact.initiationMethod, 'API');
    assert.equal(contact.status, 'queued');
    assert.equal(contact.queueId, world.queueId);
    assert.deepEqual(contact.transcript, []);
    assert.deepEqual(contact.task, { name: 'Call back Ann', description: 'About order 1234', references: { order: { type: 'URL', value: 'https://crm.example.com/orders/1234' } } });
  });

  test('tasks are offered up to the routing profile\'s TASK concurrency, for 20 seconds each; the rest wait', () => {
    const world = taskWorld(2);
    const offered = [startTask(world), startTask(world), startTask(world)].map((t) => offersIn(eventsOf(t.decision)).length);
    assert.deepEqual(offered, [1, 1, 0]);
    const first = world.agentContact('alice', uuid(nextTask - 2, '7778'))!;
    assert.equal(first.state, 'incoming');
    assert.equal(first.offerDeadline, world.now + 20_000);
    assert.equal(world.user('alice').held.TASK, 2);
  });

  test('an agent on a chat gets no task while CHAT routes its current channel only, and gets one when it routes any channel', () => {
    for (const [cross, expected] of [['ROUTE_CURRENT_CHANNEL_ONLY', 0], ['ROUTE_ANY_CHANNEL', 1]] as const) {
      const world = taskWorld(2, cross);
      const chat = world.startChat('Ann');
      eventsOf(world.accept('alice', chat.contactId));
      assert.equal(offersIn(eventsOf(startTask(world).decision)).length, expected, cross);
    }
  });

  test('a task nobody can take waits; a profile without TASK concurrency never gets one', () => {
    const world = new World({ agents: [] });
    const profile = uuid(9, '3334');
    eventsOf(world.run({
      type: 'CreateRoutingProfile', routingProfileId: profile, name: 'no tasks', description: '', defaultOutboundQueueId: world.queueId,
      mediaConcurrencies: [{ channel: 'CHAT', concurrency: 3, crossChannelBehavior: 'ROUTE_ANY_CHANNEL' }],
      queues: [{ queueId: world.queueId, channel: 'TASK', priority: 1, delaySeconds: 0 }],
    }));
    availableAgent(world, 'alice', profile);
    const task = startTask(world);
    assert.equal(offersIn(eventsOf(task.decision)).length, 0);
    assert.equal(world.contact(task.contactId).status, 'queued');
  });
});

describe('tasks: the agent handles one', () => {
  test('accept connects the agent; completing ends the task (AGENT_DISCONNECT) into after contact work; clearing frees the slot for the next task', () => {
    const world = taskWorld(1);
    const a = startTask(world);
    const b = startTask(world);
    assert.equal(offersIn(eventsOf(b.decision)).length, 0, 'alice is full with one task');
    eventsOf(world.accept('alice', a.contactId));
    assert.equal(world.contact(a.contactId).status, 'connected');
    assert.equal(world.agentContact('alice', a.contactId)?.state, 'connected');
    world.advance(60_000);
    const done = eventsOf(world.run({ type: 'CompleteTask', userId: world.userId('alice'), contactId: a.contactId }));
    assert.deepEqual(typesOf(done), ['ContactEnded']);
    const contact = world.contact(a.contactId);
    assert.equal(contact.status, 'ended');
    assert.equal(contact.disconnectReason, 'AGENT_DISCONNECT');
    assert.equal(world.agentContact('alice', a.contactId)?.state, 'ended', 'after contact work');
    assert.equal(contact.legs[0]?.leftAt, world.now);
    world.advance(5000);
    const cleared = eventsOf(world.clear('alice', a.contactId));
    assert.equal(offersIn(cleared)[0]?.contactId, b.contactId, 'the waiting task is offered once the slot is free');
  });

  test('rejecting a task offers it to the next agent; an offer not accepted in 20 seconds is missed', () => {
    const world = taskWorld(1);
    const profile = world.user('alice').routingProfileId;
    world.advance(1000);
    availableAgent(world, 'bob', profile);
    world.advance(1000);
    const task = startTask(world);
    assert.equal(offersIn(eventsOf(task.decision))[0]?.userId, world.userId('alice'));
    world.advance(1000);
    assert.equal(offersIn(eventsOf(world.reject('alice', task.contactId)))[0]?.userId, world.userId('bob'));
    world.advance(20_000);
    assert.deepEqual(typesOf(eventsOf(world.expire('bob', task.contactId))).slice(0, 1), ['OfferMissed']);
    assert.equal(world.agentContact('bob', task.contactId)?.state, 'missed');
  });

  test('only the agent connected to a task completes it, once; a chat is not completed as a task', () => {
    const world = taskWorld(1);
    world.addAgent('bob');
    const task = startTask(world);
    assert.equal(rejectionOf(world.run({ type: 'CompleteTask', userId: world.userId('alice'), contactId: task.contactId })).rule, 'only-the-agent-on-a-task-completes-it', 'still incoming');
    eventsOf(world.accept('alice', task.contactId));
    assert.equal(rejectionOf(world.run({ type: 'CompleteTask', userId: world.userId('bob'), contactId: task.contactId })).code, 'AccessDenied');
    eventsOf(world.run({ type: 'CompleteTask', userId: world.userId('alice'), contactId: task.contactId }));
    assert.equal(rejectionOf(world.run({ type: 'CompleteTask', userId: world.userId('alice'), contactId: task.contactId })).code, 'AccessDenied');
    const chat = world.startChat('Ann');
    assert.equal(rejectionOf(world.run({ type: 'CompleteTask', userId: world.userId('alice'), contactId: chat.contactId })).rule, 'only-tasks-are-completed');
  });

  test('the agent\'s view of a task: type task, its name, description and references; DescribeContact shows Name and Description', () => {
    const world = taskWorld(1);
    const task = startTask(world);
    const view = agentSnapshot(world.instance, world.user('alice'), world.now).snapshot.contacts[0]!;
    assert.equal(view.type, 'task');
    assert.equal(view.name, 'Call back Ann');
    assert.equal(view.description, 'About order 1234');
    assert.deepEqual(view.references, { order: { name: 'order', type: 'URL', value: 'https://crm.example.com/orders/1234' } });
    assert.deepEqual(view.attributes, { order: { name: 'order', value: '1234' } });
    const record = contactRecord(world.instance, world.contact(task.contactId));
    assert.equal(record.Channel, 'TASK');
    assert.equal(record.Name, 'Call back Ann');
    assert.equal(record.Description, 'About order 1234');
  });

  test('an agent whose CCP stays away past the grace period leaves the task, which goes back to its queue', () => {
    const world = taskWorld(1);
    const task = startTask(world);
    eventsOf(world.accept('alice', task.contactId));
    eventsOf(world.disconnectCcp('alice'));
    world.advance(60_000);
    eventsOf(world.expireAway('alice'));
    assert.equal(world.contact(task.contactId).status, 'queued');
    assert.equal(world.agentContact('alice', task.contactId)?.state, 'ended');
  });

  test('a task expires 7 days after it starts (EXPIRED)', () => {
    const world = new World();
    const task = startTask(world);
    world.advance(7 * 86_400_000);
    eventsOf(world.run({ type: 'ExpireChat', contactId: task.contactId }));
    assert.equal(world.contact(task.contactId).disconnectReason, 'EXPIRED');
  });
});

describe('tasks: scheduled', () => {
  test('a task scheduled in the future waits, with no flow run, until its time; then its flow runs and it is offered', () => {
    const world = taskWorld(1);
    const at = world.now + 3_600_000;
    const task = startTask(world, { scheduledAt: at });
    const events = eventsOf(task.decision);
    assert.deepEqual(typesOf(events), ['ContactInitiated']);
    const deadline = events.flatMap(deadlinesOf).find((d) => d.command?.type === 'StartScheduledTask');
    assert.equal(deadline?.at, at);
    assert.ok(pendingDeadlines(world.state).some((d) => d.command?.type === 'StartScheduledTask' && d.at === at), 'rescheduled after a restart');
    assert.equal(world.contact(task.contactId).status, 'in_flow');
    assert.equal(rejectionOf(world.run({ type: 'StartScheduledTask', contactId: task.contactId })).rule, 'stale-timer', 'too early');
    world.now = at;
    const started = eventsOf(world.run({ type: 'StartScheduledTask', contactId: task.contactId }));
    assert.deepEqual(typesOf(started), ['ContactTargetQueueSet', 'ContactQueued', 'ContactOffered']);
    assert.equal(rejectionOf(world.run({ type: 'StartScheduledTask', contactId: task.contactId })).rule, 'stale-timer', 'once');
    assert.ok(!pendingDeadlines(world.state).some((d) => d.command?.type === 'StartScheduledTask'));
    assert.equal(contactRecord(world.instance, world.contact(task.contactId)).ScheduledTimestamp, at / 1000);
  });

  test('a task scheduled through a QUEUE quick connect goes into that queue at its time', () => {
    const world = taskWorld(1);
    const qc = uuid(1, 'dddd');
    eventsOf(world.run({ type: 'CreateQuickConnect', quickConnectId: qc, name: 'Basic', description: '', quickConnectType: 'QUEUE', queueId: world.queueId }));
    const at = world.now + 60_000;
    const task = startTask(world, { contactFlowId: undefined, quickConnectId: qc, scheduledAt: at });
    assert.deepEqual(typesOf(eventsOf(task.decision)), ['ContactInitiated', 'ContactTargetQueueSet']);
    world.now = at;
    assert.deepEqual(typesOf(eventsOf(world.run({ type: 'StartScheduledTask', contactId: task.contactId }))), ['ContactQueued', 'ContactOffered']);
  });

  test('a scheduled task stopped before its time never runs its flow', () => {
    const world = new World();
    const at = world.now + 60_000;
    const task = startTask(world, { scheduledAt: at });
    eventsOf(world.stop(task.contactId));
    world.now = at;
    assert.equal(rejectionOf(world.run({ type: 'StartScheduledTask', contactId: task.contactId })).rule, 'stale-timer');
  });
});

describe('tasks: what StartTaskContact refuses (nothing stored)', () => {
  const cases: [string, (world: World) => Partial<TaskCommand>, string][] = [
    ['no flow and no quick connect', () => ({ contactFlowId: undefined }), 'InvalidRequest'],
    ['both a flow and a quick connect', () => ({ quickConnectId: uuid(1, 'dddd') }), 'InvalidRequest'],
    ['an unknown flow', () => ({ contactFlowId: uuid(99, '4444') }), 'ResourceNotFound'],
    ['an unknown quick connect', () => ({ contactFlowId: undefined, quickConnectId: uuid(99, 'dddd') }), 'ResourceNotFound'],
    ['a flow that is not a CONTACT_FLOW', (w) => ({ contactFlowId: w.addTransferFlow() }), 'InvalidRequest'],
    ['an empty name', () => ({ name: ' ' }), 'InvalidParameter'],
    ['a name over 512 characters', () => ({ name: 'x'.repeat(513) }), 'InvalidParameter'],
    ['a description over 4096 characters', () => ({ description: 'x'.repeat(4097) }), 'InvalidParameter'],
    ['a URL reference that is not http(s)', () => ({ references: { x: { type: 'URL', value: 'javascript:alert(1)' } } }), 'InvalidParameter'],
    ['a NUMBER reference that is not a number', () => ({ references: { x: { type: 'NUMBER', value: 'ten' } } }), 'InvalidParameter'],
    ['an EMAIL reference that is not an address', () => ({ references: { x: { type: 'EMAIL', value: 'ann' } } }), 'InvalidParameter'],
    ['a ScheduledTime in the past', (w) => ({ scheduledAt: w.now - 3_600_000 }), 'InvalidParameter'],
    ['a ScheduledTime more than 6 days ahead', (w) => ({ scheduledAt: w.now + 6 * 86_400_000 + 60_000 }), 'InvalidParameter'],
    ['an unknown RelatedContactId', () => ({ relatedContactId: uuid(99, '7777') }), 'ResourceNotFound'],
    ['an unknown PreviousContactId', () => ({ previousContactId: uuid(99, '7777') }), 'ResourceNotFound'],
  ];
  for (const [what, fields, code] of cases) {
    test(`${what}: ${code}`, () => {
      const world = new World();
      const f = fields(world);
      const before = world.instance.contacts.size;
      assert.equal(rejectionOf(startTask(world, f).decision).code, code);
      assert.equal(world.instance.contacts.size, before);
    });
  }
});

describe('tasks: quick connects and related contacts', () => {
  test('a QUEUE quick connect puts the task straight into its queue; a USER quick connect is refused', () => {
    const world = taskWorld(1);
    const qc = uuid(1, 'dddd');
    eventsOf(world.run({ type: 'CreateQuickConnect', quickConnectId: qc, name: 'Basic', description: '', quickConnectType: 'QUEUE', queueId: world.queueId }));
    const task = startTask(world, { contactFlowId: undefined, quickConnectId: qc });
    assert.deepEqual(typesOf(eventsOf(task.decision)), ['ContactInitiated', 'ContactTargetQueueSet', 'ContactQueued', 'ContactOffered']);
    const user = uuid(2, 'dddd');
    eventsOf(world.run({ type: 'CreateQuickConnect', quickConnectId: user, name: 'Alice', description: '', quickConnectType: 'USER', userId: world.userId('alice') }));
    assert.equal(rejectionOf(startTask(world, { contactFlowId: undefined, quickConnectId: user }).decision).rule, 'tasks-take-queue-quick-connects');
  });

  test('RelatedContactId copies the related contact\'s attributes (the task\'s own win); PreviousContactId is kept', () => {
    const world = new World();
    const chat = world.startChat('Ann', { attributes: { tier: 'gold', order: '1' } });
    const task = startTask(world, { relatedContactId: chat.contactId, previousContactId: chat.contactId });
    const contact = world.contact(task.contactId);
    assert.deepEqual(contact.attributes, { tier: 'gold', order: '1234' });
    assert.equal(contact.previousContactId, chat.contactId);
    assert.equal(eventsOfType(eventsOf(task.decision), 'ContactInitiated')[0]?.relatedContactId, chat.contactId);
  });
});
