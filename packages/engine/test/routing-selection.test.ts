/**
 * Routing as Amazon Connect does it: which agent gets a contact and which contact an agent gets (longest
 * idle, queue priority and delay).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canTakeContact, deadlinesOf, pendingDeadlines } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, eventsOfType, typesOf } from './decisions.ts';
import { availableAgent, availableInTurn, chatAndTaskProfile, offersIn } from './routingWorlds.ts';

/** fast (the basic profile) and slowpoke (a 5 s delay on BasicQueue), slowpoke Available a second before fast. */
function fastAndSlowpoke(): World {
  const world = new World({ agents: ['fast'] });
  availableAgent(world, 'slowpoke', world.addProfile('Slow', { queues: [{ queueId: world.queueId, delaySeconds: 5 }] }));
  world.advance(1000);
  eventsOf(world.setStatus('fast', 'Available'));
  return world;
}

describe('selection', () => {
  test('among eligible agents, the one idle longest on the channel gets the contact; idle time is kept per channel', () => {
    const world = new World({ agents: [] });
    const omni = chatAndTaskProfile(world, 'Omni', { CHAT: 'ROUTE_ANY_CHANNEL', TASK: 'ROUTE_ANY_CHANNEL' });
    world.addAgent('alice', omni);
    world.addAgent('bob', omni);
    availableInTurn(world, ['alice', 'bob']);
    const task = world.injectContact('TASK');
    assert.equal(world.contact(task.contactId).offer?.userId, world.userId('alice'));
    world.advance(1000);
    // alice just took a task, but on CHAT she is still the one idle longest.
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('alice'));
    world.advance(1000);
    const nextTask = world.injectContact('TASK');
    assert.equal(world.contact(nextTask.contactId).offer?.userId, world.userId('bob'));
  });

  test('the longest-idle eligible agent gets the contact whatever priority the queue has in their routing profiles', () => {
    const world = new World({ agents: [] });
    const low = world.addProfile('Low', { queues: [{ queueId: world.queueId, priority: 2 }] });
    const high = world.addProfile('High', { queues: [{ queueId: world.queueId, priority: 1 }] });
    world.addAgent('alice', low);
    world.addAgent('bob', high);
    eventsOf(world.setStatus('alice', 'Available'));
    world.advance(60_000);
    eventsOf(world.setStatus('bob', 'Available'));
    world.advance(1000);
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('alice'), 'alice has been idle 60 s longer than bob');
  });

  test('an agent is offered waiting contacts by the priority of their queues (1 first), before older contacts of lower-priority queues', () => {
    const world = new World({ agents: [] });
    const second = world.addQueue('SecondQueue');
    const secondFlow = world.addFlow(second);
    // alice's profile puts SecondQueue first; bob's puts BasicQueue first.
    const secondFirst = world.addProfile('SecondFirst', { queues: [{ queueId: world.queueId, priority: 2 }, { queueId: second, priority: 1 }], concurrency: { CHAT: 2 } });
    const basicFirst = world.addProfile('BasicFirst', { queues: [{ queueId: world.queueId, priority: 1 }, { queueId: second, priority: 2 }], concurrency: { CHAT: 1 } });
    world.addAgent('alice', secondFirst);
    world.addAgent('bob', basicFirst);

    const inSecond = world.startChat('Old, second queue', { contactFlowId: secondFlow });
    world.advance(1000);
    const inBasic = world.startChat('Young, basic queue');
    world.advance(1000);
    const inSecondToo = world.startChat('Youngest, second queue', { contactFlowId: secondFlow });
    world.advance(1000);

    // bob: BasicQueue first, even though its chat is younger than the first one of SecondQueue.
    assert.deepEqual(offersIn(eventsOf(world.setStatus('bob', 'Available'))).map((o) => o.contactId), [inBasic.contactId]);
    // alice: both SecondQueue chats, oldest first.
    assert.deepEqual(offersIn(eventsOf(world.setStatus('alice', 'Available'))).map((o) => o.contactId), [inSecond.contactId, inSecondToo.contactId]);
  });

  test('between queues of the same priority, the one with the shorter delay comes first, then the oldest contact', () => {
    const world = new World({ agents: [] });
    const second = world.addQueue('SecondQueue');
    const secondFlow = world.addFlow(second);
    const profile = world.addProfile('Delays', {
      queues: [{ queueId: world.queueId, priority: 1, delaySeconds: 10 }, { queueId: second, priority: 1, delaySeconds: 0 }], concurrency: { CHAT: 3 },
    });
    world.addAgent('alice', profile);
    const delayed = world.startChat('Basic, waits 10 s');
    world.advance(5000);
    const immediate = world.startChat('Second, no delay', { contactFlowId: secondFlow });
    world.advance(1000);
    const immediateToo = world.startChat('Second, no delay, younger', { contactFlowId: secondFlow });
    world.advance(20_000);
    const offers = offersIn(eventsOf(world.setStatus('alice', 'Available')));
    assert.deepEqual(offers.map((o) => o.contactId), [immediate.contactId, immediateToo.contactId, delayed.contactId]);
  });

  test('within a queue, the oldest waiting contact is offered first', () => {
    const world = new World({ agents: ['alice'], chatConcurrency: 1 });
    const chats = ['Ann', 'Ben', 'Cid'].map((n) => { world.advance(1000); return world.startChat(n); });
    world.advance(1000);
    assert.deepEqual(offersIn(eventsOf(world.setStatus('alice', 'Available'))).map((o) => o.contactId), [chats[0]!.contactId]);
    eventsOf(world.accept('alice', chats[0]!.contactId));
    eventsOf(world.disconnect(chats[0]!.contactId, chats[0]!.customerId));
    assert.deepEqual(offersIn(eventsOf(world.clear('alice', chats[0]!.contactId))).map((o) => o.contactId), [chats[1]!.contactId]);
  });

  test('a contact is not offered to agents of a profile before it has waited that profile\'s queue delay; RouteContacts after the delay makes the offer', () => {
    const world = new World({ agents: [] });
    const slow = world.addProfile('Slow', { queues: [{ queueId: world.queueId, delaySeconds: 30 }] });
    world.addAgent('alice', slow);
    eventsOf(world.setStatus('alice', 'Available'));
    world.advance(1000);
    const chat = world.startChat('Ann');
    const enqueuedAt = world.now;
    const events = eventsOf(chat.decision);
    assert.equal(offersIn(events).length, 0);
    const queued = eventsOfType(events, 'ContactQueued')[0]!;
    assert.deepEqual(queued.routeAt, [enqueuedAt + 30_000]);
    assert.deepEqual(deadlinesOf(queued), [{
      key: `route:${world.instanceId}:${chat.contactId}:${enqueuedAt + 30_000}`, at: enqueuedAt + 30_000,
      command: { type: 'RouteContacts', instanceId: world.instanceId },
    }]);
    assert.ok(pendingDeadlines(world.state).some((d) => d.command?.type === 'RouteContacts' && d.at === enqueuedAt + 30_000));

    // Before the delay, neither routing nor any other event offers it.
    world.advance(29_999);
    assert.deepEqual(eventsOf(world.routeContacts()), []);
    eventsOf(world.setStatus('alice', 'Break'));
    assert.deepEqual(typesOf(eventsOf(world.setStatus('alice', 'Available'))), ['AgentStatusChanged']);
    const contact = world.contact(chat.contactId);
    assert.equal(canTakeContact(world.instance, world.user('alice'), contact, world.now), false);
    assert.equal(canTakeContact(world.instance, world.user('alice'), contact, enqueuedAt + 30_000), true);

    world.now = enqueuedAt + 30_000;
    const routed = eventsOf(world.routeContacts());
    assert.deepEqual(routed.map((e) => [e.type, 'userId' in e ? e.userId : undefined]), [['ContactOffered', world.userId('alice')]]);
  });

  test('a delayed profile does not hold a contact back from a profile without delay; routeAt lists each distinct delay once', () => {
    const world = new World({ agents: [] });
    const slow = world.addProfile('Slow', { queues: [{ queueId: world.queueId, delaySeconds: 30 }] });
    const slowToo = world.addProfile('SlowToo', { queues: [{ queueId: world.queueId, delaySeconds: 30 }] });
    const medium = world.addProfile('Medium', { queues: [{ queueId: world.queueId, delaySeconds: 10 }] });
    world.addAgent('alice', slow);
    world.addAgent('bob', slowToo);
    world.addAgent('carol', medium);
    eventsOf(world.setStatus('alice', 'Available'));
    eventsOf(world.setStatus('bob', 'Available'));
    eventsOf(world.setStatus('carol', 'Available'));
    world.advance(1000);
    const chat = world.startChat('Ann');
    const queued = eventsOfType(eventsOf(chat.decision), 'ContactQueued')[0]!;
    // The fixture's basic profile has no delay: distinct positive delays are 10 and 30.
    assert.deepEqual(queued.routeAt, [world.now + 10_000, world.now + 30_000]);
    assert.equal(world.contact(chat.contactId).offer, undefined, 'no agent of the basic profile is Available');
    world.advance(10_000);
    assert.equal(offersIn(eventsOf(world.routeContacts()))[0]?.userId, world.userId('carol'));
  });

  test('a contact is offered to one agent at a time, never two, even when another profile\'s delay runs out', () => {
    const world = fastAndSlowpoke();
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('fast'));
    world.advance(5000);
    assert.deepEqual(eventsOf(world.routeContacts()), [], 'the contact is already offered');
    const holders = [...world.instance.users.values()].filter((u) => u.contacts.has(chat.contactId));
    assert.deepEqual(holders.map((u) => u.username), ['fast']);
    // Rejected: offered again, still to one agent only.
    world.advance(1000);
    const rejected = eventsOf(world.reject('fast', chat.contactId));
    assert.equal(offersIn(rejected).length, 1);
    const incoming = [...world.instance.users.values()].filter((u) => u.contacts.get(chat.contactId)?.state === 'incoming');
    assert.deepEqual(incoming.map((u) => u.id), [world.contact(chat.contactId).offer!.userId]);
  });

  test('once its delay has run out, the longest-idle eligible agent gets the contact whatever delay their profile puts on the queue', () => {
    const world = fastAndSlowpoke();
    const chat = world.startChat('Ann');
    world.advance(10_000);
    // fast rejects 10 s in: slowpoke (Available 11 s, delay run out) has been idle longest.
    const rejected = eventsOf(world.reject('fast', chat.contactId));
    assert.deepEqual(offersIn(rejected).map((o) => o.userId), [world.userId('slowpoke')]);
  });
});
