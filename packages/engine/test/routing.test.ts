/**
 * Routing as Amazon Connect does it: agent statuses and the next status, routing profiles (concurrency,
 * cross-channel behaviour, queue priority and delay), agent and contact selection, offers, missed
 * contacts, after contact work and the agent's presence (CCP connected or away).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENT_LOST_MESSAGE, AWAY_GRACE_MS, OFFER_TIMEOUT_MS, SYSTEM_DISPLAY_NAME, agentSnapshot, canTakeContact, contactRecord, deadlinesOf,
  hasMissedContact, isOfferable, pendingDeadlines, slotsInUse, type Event,
} from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { availableAgent, availableInTurn, availableWorld, chatAndTaskProfile, offersIn } from './routingWorlds.ts';

const typesOf = (events: readonly Event[]) => events.map((e) => e.type);

/** The agent's CCP goes and stays gone past the grace period; returns the events of the away timer firing. */
function awayPastGrace(world: World, agent: string): Event[] {
  eventsOf(world.disconnectCcp(agent));
  world.advance(AWAY_GRACE_MS);
  return eventsOf(world.expireAway(agent));
}

/** fast (the basic profile) and slowpoke (a 5 s delay on BasicQueue), slowpoke Available a second before fast. */
function fastAndSlowpoke(): World {
  const world = new World({ agents: ['fast'] });
  availableAgent(world, 'slowpoke', world.addProfile('Slow', { queues: [{ queueId: world.queueId, delaySeconds: 5 }] }));
  world.advance(1000);
  eventsOf(world.setStatus('fast', 'Available'));
  return world;
}

/** Offers, accepts and ends a chat for the agent (customer leaves): the agent is left in ACW on it. */
function handledChat(world: World, agent: string, name: string): string {
  const chat = world.startChat(name);
  assert.equal(world.contact(chat.contactId).offer?.userId, world.userId(agent), `${name}'s chat was not offered to ${agent}`);
  eventsOf(world.accept(agent, chat.contactId));
  eventsOf(world.disconnect(chat.contactId, chat.customerId));
  return chat.contactId;
}

describe('agent statuses', () => {
  test('only Available agents are offered contacts: Offline, Break and a custom Lunch status are not routable', () => {
    const world = new World({ agents: ['alice', 'bob', 'carol', 'dave'] });
    const lunch = world.addStatus('Lunch');
    eventsOf(world.setStatus('bob', 'Break'));
    eventsOf(world.setStatusId('carol', lunch));
    world.advance(1000);
    const chat = world.startChat('Ann');
    assert.equal(offersIn(eventsOf(chat.decision)).length, 0);
    for (const agent of ['alice', 'bob', 'carol']) assert.equal(isOfferable(world.instance, world.user(agent)), false, `${agent} is offerable`);
    const carol = agentSnapshot(world.instance, world.user('carol'), world.now).snapshot.state;
    assert.deepEqual([carol.name, carol.type], ['Lunch', 'not_routable']);

    world.advance(1000);
    const offers = offersIn(eventsOf(world.setStatus('dave', 'Available')));
    assert.deepEqual(offers.map((o) => [o.contactId, o.userId]), [[chat.contactId, world.userId('dave')]]);
    for (const agent of ['alice', 'bob', 'carol']) assert.equal(world.user(agent).contacts.size, 0);
  });

  test('changing status while on contacts keeps those contacts (and the agent gets no new ones)', () => {
    const world = availableWorld(['alice']);
    const first = world.startChat('Ann');
    eventsOf(world.accept('alice', first.contactId));
    world.advance(1000);
    const second = world.startChat('Ben');
    assert.equal(world.agentContact('alice', second.contactId)?.state, 'incoming');

    world.advance(1000);
    assert.deepEqual(typesOf(eventsOf(world.setStatus('alice', 'Break'))), ['AgentStatusChanged']);
    assert.equal(world.agentContact('alice', first.contactId)?.state, 'connected');
    assert.equal(world.agentContact('alice', second.contactId)?.state, 'incoming');
    assert.equal(world.contact(first.contactId).status, 'connected');
    // The chat goes on, and the offer still out can be accepted.
    eventsOf(world.send(first.contactId, world.participantOf('alice', first.contactId), 'still here'));
    eventsOf(world.accept('alice', second.contactId));

    world.advance(1000);
    const third = world.startChat('Cid');
    assert.equal(offersIn(eventsOf(third.decision)).length, 0, 'an agent on Break gets no new contact');
    eventsOf(world.setStatus('alice', 'Offline'));
    assert.deepEqual([...world.user('alice').contacts.values()].map((c) => c.state), ['connected', 'connected']);
  });

  test('a next status chosen while on contacts takes effect when the last contact is cleared', () => {
    const world = availableWorld(['alice']);
    const first = world.startChat('Ann');
    eventsOf(world.accept('alice', first.contactId));
    const second = world.startChat('Ben');
    eventsOf(world.accept('alice', second.contactId));
    world.advance(1000);

    const queued = eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    assert.deepEqual(queued, [{ type: 'NextAgentStatusSet', instanceId: world.instanceId, at: world.now, userId: world.userId('alice'), statusId: world.statusIds.Break }]);
    const alice = world.user('alice');
    assert.equal(alice.statusId, world.statusIds.Available);
    assert.equal(alice.nextStatusId, world.statusIds.Break);
    assert.equal(agentSnapshot(world.instance, alice, world.now).snapshot.nextState?.name, 'Break');
    // Choosing the same next status again changes nothing.
    assert.deepEqual(eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true })), []);

    world.advance(1000);
    eventsOf(world.disconnect(first.contactId, first.customerId));
    assert.deepEqual(typesOf(eventsOf(world.clear('alice', first.contactId))), ['AgentContactCleared']);
    assert.equal(alice.statusId, world.statusIds.Available, 'a contact is still held');

    world.advance(1000);
    eventsOf(world.disconnect(second.contactId, second.customerId));
    const cleared = eventsOf(world.clear('alice', second.contactId));
    assert.deepEqual(typesOf(cleared), ['AgentContactCleared', 'NextAgentStatusSet', 'AgentStatusChanged']);
    assert.equal(eventsOfType(cleared, 'NextAgentStatusSet')[0]!.statusId, null);
    assert.equal(alice.statusId, world.statusIds.Break);
    assert.equal(alice.statusSince, world.now);
    assert.equal(alice.nextStatusId, undefined);
    assert.equal(agentSnapshot(world.instance, alice, world.now).snapshot.nextState, undefined);
  });

  test('a missed contact counts too: the next status waits until it is cleared', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    world.advance(OFFER_TIMEOUT_MS);
    eventsOf(world.expire('alice', chat.contactId));
    assert.equal(world.user('alice').statusId, world.statusIds.Available);
    const cleared = eventsOf(world.clear('alice', chat.contactId));
    // Break is taken before routing looks, so the chat still waiting is not offered to alice again.
    assert.deepEqual(typesOf(cleared), ['AgentContactCleared', 'NextAgentStatusSet', 'AgentStatusChanged']);
    assert.equal(world.user('alice').statusId, world.statusIds.Break);
    assert.equal(world.contact(chat.contactId).offer, undefined);
  });

  test('setting a status directly drops the next status', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));

    world.advance(1000);
    const direct = eventsOf(world.setStatus('alice', 'Offline'));
    assert.deepEqual(direct.map((e) => [e.type, 'statusId' in e ? e.statusId : undefined]), [
      ['NextAgentStatusSet', null], ['AgentStatusChanged', world.statusIds.Offline],
    ]);
    assert.equal(world.user('alice').nextStatusId, undefined);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'connected', 'the contact is kept');

    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    assert.deepEqual(typesOf(eventsOf(world.clear('alice', chat.contactId))), ['AgentContactCleared']);
    assert.equal(world.user('alice').statusId, world.statusIds.Offline, 'the dropped next status is not taken');

    // Setting the status one already has, while a next status is pending, only drops the next status.
    const other = world.startChat('Ben');
    eventsOf(world.setStatus('alice', 'Available'));
    eventsOf(world.accept('alice', other.contactId));
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    assert.deepEqual(typesOf(eventsOf(world.setStatus('alice', 'Available'))), ['NextAgentStatusSet']);
    assert.equal(world.user('alice').nextStatusId, undefined);
    assert.equal(world.user('alice').statusId, world.statusIds.Available);
  });

  test('with no contacts, enqueueNextState applies the status at once', () => {
    const world = availableWorld(['alice']);
    world.advance(1000);
    const events = eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    assert.deepEqual(typesOf(events), ['AgentStatusChanged']);
    assert.equal(world.user('alice').statusId, world.statusIds.Break);
    assert.equal(world.user('alice').nextStatusId, undefined);

    // Back to Available the same way: a waiting chat is offered in the same step.
    const chat = world.startChat('Ann');
    world.advance(1000);
    const back = eventsOf(world.setStatus('alice', 'Available', { enqueueNextState: true }));
    assert.deepEqual(typesOf(back), ['AgentStatusChanged', 'ContactOffered']);
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('alice'));
  });

  test('a next status takes effect when the last contact goes because the agent rejected its offer', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('alice'));
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    world.advance(1000);
    eventsOf(world.reject('alice', chat.contactId));
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('bob'));
    assert.equal(world.user('alice').contacts.size, 0, 'alice holds nothing any more');
    assert.equal(world.user('alice').statusId, world.statusIds.Break);
    assert.equal(world.user('alice').nextStatusId, undefined);
  });

  test('a next status takes effect when the last contact goes because its offer was withdrawn (the customer left)', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    assert.equal(world.user('alice').contacts.size, 0);
    assert.equal(world.user('alice').statusId, world.statusIds.Break);
    assert.equal(world.user('alice').nextStatusId, undefined);
  });
});

describe('routing profiles', () => {
  test('CreateRoutingProfile accepts VOICE 1, CHAT 1–10 and TASK 1–10 and refuses any other concurrency', () => {
    const world = new World({ agents: [] });
    let n = 0;
    const create = (mediaConcurrencies: { channel: 'VOICE' | 'CHAT' | 'TASK'; concurrency: number }[]) => world.run({
      type: 'CreateRoutingProfile', routingProfileId: `00000000-3339-4000-8000-${String(++n).padStart(12, '0')}`, name: `p${n}`, description: '',
      defaultOutboundQueueId: world.queueId,
      mediaConcurrencies: mediaConcurrencies.map((m) => ({ ...m, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' as const })),
      queues: [],
    });
    for (const ok of [
      [{ channel: 'VOICE', concurrency: 1 }], [{ channel: 'CHAT', concurrency: 1 }], [{ channel: 'CHAT', concurrency: 10 }],
      [{ channel: 'TASK', concurrency: 1 }], [{ channel: 'TASK', concurrency: 10 }],
      [{ channel: 'VOICE', concurrency: 1 }, { channel: 'CHAT', concurrency: 7 }, { channel: 'TASK', concurrency: 4 }],
    ] as const) eventsOf(create([...ok]));
    const before = serialize(world.state);
    for (const bad of [
      [{ channel: 'VOICE', concurrency: 0 }], [{ channel: 'VOICE', concurrency: 2 }],
      [{ channel: 'CHAT', concurrency: 0 }], [{ channel: 'CHAT', concurrency: 11 }], [{ channel: 'CHAT', concurrency: 2.5 }],
      [{ channel: 'TASK', concurrency: 0 }], [{ channel: 'TASK', concurrency: 11 }],
      [{ channel: 'CHAT', concurrency: 2 }, { channel: 'CHAT', concurrency: 3 }],
    ] as const) {
      assert.equal(rejectionOf(create([...bad])).code, 'InvalidRequest', JSON.stringify(bad));
    }
    assert.equal(serialize(world.state), before);
  });

  for (const concurrency of [1, 5, 10]) {
    test(`an agent never holds more chats than their CHAT concurrency (${concurrency})`, () => {
      const world = availableWorld(['alice'], { chatConcurrency: concurrency });
      const chats = Array.from({ length: concurrency + 2 }, (_, i) => { world.advance(10); return world.startChat(`c${i}`); });
      assert.equal(slotsInUse(world.user('alice'), 'CHAT'), concurrency);
      for (const chat of chats.slice(0, concurrency)) eventsOf(world.accept('alice', chat.contactId));
      for (const chat of chats.slice(concurrency)) assert.equal(world.contact(chat.contactId).offer, undefined);
      // Ending a chat keeps its slot (ACW); clearing it lets exactly one more in.
      eventsOf(world.disconnect(chats[0]!.contactId, chats[0]!.customerId));
      assert.equal(slotsInUse(world.user('alice'), 'CHAT'), concurrency);
      const cleared = eventsOf(world.clear('alice', chats[0]!.contactId));
      assert.deepEqual(offersIn(cleared).map((o) => o.contactId), [chats[concurrency]!.contactId]);
      assert.equal(slotsInUse(world.user('alice'), 'CHAT'), concurrency);
    });
  }

  test('VOICE concurrency is 1: a second voice contact waits while the agent holds one', () => {
    const world = new World({ agents: [] });
    const voice = world.addProfile('Voice', { queues: [{ queueId: world.queueId, channel: 'VOICE' }] });
    world.addAgent('vic', voice);
    eventsOf(world.setStatus('vic', 'Available'));
    world.advance(1000);
    const first = world.injectContact('VOICE');
    assert.deepEqual(offersIn(eventsOf(first.decision)).map((o) => o.contactId), [first.contactId]);
    world.advance(1000);
    const second = world.injectContact('VOICE');
    assert.equal(offersIn(eventsOf(second.decision)).length, 0);
    assert.equal(slotsInUse(world.user('vic'), 'VOICE'), 1);
  });

  test('ROUTE_CURRENT_CHANNEL_ONLY: an agent holding a chat gets no task until the chat is cleared', () => {
    const world = new World({ agents: [] });
    const profile = chatAndTaskProfile(world, 'Chat only while chatting', { CHAT: 'ROUTE_CURRENT_CHANNEL_ONLY', TASK: 'ROUTE_ANY_CHANNEL' });
    availableAgent(world, 'olga', profile);
    world.advance(1000);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('olga', chat.contactId));
    world.advance(1000);
    const task = world.injectContact('TASK');
    assert.equal(offersIn(eventsOf(task.decision)).length, 0, 'a task is not routed to an agent on a chat');
    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    assert.equal(world.contact(task.contactId).offer, undefined, 'ACW on the chat still blocks other channels');
    const cleared = eventsOf(world.clear('olga', chat.contactId));
    assert.deepEqual(offersIn(cleared).map((o) => o.contactId), [task.contactId]);

    // TASK allows any channel: while she holds the task, a chat can still come in.
    world.advance(1000);
    const next = world.startChat('Ben');
    assert.equal(world.contact(next.contactId).offer?.userId, world.userId('olga'));
  });

  test('ROUTE_ANY_CHANNEL: an agent on chats also gets tasks, each channel up to its own concurrency', () => {
    const world = new World({ agents: [] });
    const profile = chatAndTaskProfile(world, 'Blended', { CHAT: 'ROUTE_ANY_CHANNEL', TASK: 'ROUTE_ANY_CHANNEL' }, { CHAT: 2, TASK: 2 });
    availableAgent(world, 'olga', profile);
    const chats = [world.startChat('Ann'), world.startChat('Ben'), world.startChat('Cid')];
    const tasks = [world.injectContact('TASK'), world.injectContact('TASK'), world.injectContact('TASK')];
    const olga = world.user('olga');
    assert.equal(slotsInUse(olga, 'CHAT'), 2);
    assert.equal(slotsInUse(olga, 'TASK'), 2);
    assert.deepEqual([...chats, ...tasks].map((c) => world.contact(c.contactId).offer?.userId === olga.id), [true, true, false, true, true, false]);
  });
});

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

describe('offers', () => {
  test('rejecting sends the contact to the next agent, in longest-idle order', () => {
    const world = availableWorld(['alice', 'bob', 'carol']);
    const chat = world.startChat('Ann');
    const order = [world.contact(chat.contactId).offer!.userId];
    for (const agent of ['alice', 'bob', 'carol']) {
      world.advance(1000);
      eventsOf(world.reject(agent, chat.contactId));
      order.push(world.contact(chat.contactId).offer!.userId);
    }
    // After everyone rejected once, alice (who rejected first) has been idle longest.
    assert.deepEqual(order, ['alice', 'bob', 'carol', 'alice'].map((a) => world.userId(a)));
    assert.deepEqual(world.contact(chat.contactId).offers.map((o) => o.outcome), ['rejected', 'rejected', 'rejected', undefined]);
  });

  test('an offer not answered in 20 seconds is missed; the contact goes back to its original position and is offered before younger contacts', () => {
    const world = availableWorld(['alice'], { chatConcurrency: 1 });
    world.addAgent('bob');
    const first = world.startChat('Ann');
    const enqueuedAt = world.contact(first.contactId).enqueuedAt;
    world.advance(1000);
    const second = world.startChat('Ben');
    assert.equal(world.contact(second.contactId).offer, undefined, 'alice has no free slot');

    world.advance(OFFER_TIMEOUT_MS - 1000);
    const missed = eventsOf(world.expire('alice', first.contactId));
    assert.deepEqual(typesOf(missed), ['OfferMissed']);
    assert.equal(world.agentContact('alice', first.contactId)?.state, 'missed');
    assert.equal(agentSnapshot(world.instance, world.user('alice'), world.now).snapshot.contacts[0]?.state.type, 'missed');
    const contact = world.contact(first.contactId);
    assert.equal(contact.status, 'queued');
    assert.equal(contact.enqueuedAt, enqueuedAt);

    world.advance(1000);
    const offers = offersIn(eventsOf(world.setStatus('bob', 'Available')));
    assert.deepEqual(offers.map((o) => [o.contactId, o.userId]), [[first.contactId, world.userId('bob')]]);
  });
});

describe('missed contacts', () => {
  test('while a missed chat is not cleared, no task is routed to the agent either; clearing frees the slot and routing resumes', () => {
    const world = new World({ agents: [] });
    const omni = chatAndTaskProfile(world, 'Omni', { CHAT: 'ROUTE_ANY_CHANNEL', TASK: 'ROUTE_ANY_CHANNEL' }, { CHAT: 1, TASK: 1 });
    availableAgent(world, 'olga', omni);
    const chat = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS);
    eventsOf(world.expire('olga', chat.contactId));
    assert.equal(hasMissedContact(world.user('olga')), true);
    assert.equal(slotsInUse(world.user('olga'), 'CHAT'), 1);

    world.advance(1000);
    const task = world.injectContact('TASK');
    assert.equal(offersIn(eventsOf(task.decision)).length, 0);
    assert.equal(world.contact(chat.contactId).offer, undefined);

    world.advance(1000);
    const cleared = eventsOf(world.clear('olga', chat.contactId));
    assert.equal(cleared[0]?.type, 'AgentContactCleared');
    // The chat she missed (older) and the task both come to her: each channel has its slot free again.
    assert.deepEqual(offersIn(cleared).map((o) => o.contactId), [chat.contactId, task.contactId]);
  });
});

describe('after contact work', () => {
  test('when a contact ends, the agent enters after contact work, still holding the slot, until they clear it; the ACW time is recorded on the leg', () => {
    const world = availableWorld(['alice'], { chatConcurrency: 1 });
    const chat = world.startChat('Ann');
    const offeredAt = world.now;
    world.advance(5000);
    eventsOf(world.accept('alice', chat.contactId));
    world.advance(60_000);
    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    const leftAt = world.now;
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended');
    assert.equal(slotsInUse(world.user('alice'), 'CHAT'), 1);
    assert.equal((contactRecord(world.instance, world.contact(chat.contactId)).AgentInfo as Record<string, unknown>).AfterContactWorkStartTimestamp, leftAt / 1000);
    const waiting = world.startChat('Ben');
    assert.equal(world.contact(waiting.contactId).offer, undefined, 'ACW holds the only slot');

    world.advance(30_000);
    const cleared = eventsOf(world.clear('alice', chat.contactId));
    assert.deepEqual(typesOf(cleared), ['AgentContactCleared', 'ContactOffered']);
    const legs = world.contact(chat.contactId).legs.map((l) => ({ userId: l.userId, connectedAt: l.connectedAt, leftAt: l.leftAt, acwEndAt: l.acwEndAt }));
    assert.deepEqual(legs, [{ userId: world.userId('alice'), connectedAt: offeredAt + 5000, leftAt, acwEndAt: leftAt + 30_000 }]);
  });

  test('the agent who ends the chat themselves also goes to after contact work', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    world.advance(10_000);
    eventsOf(world.disconnect(chat.contactId, world.participantOf('alice', chat.contactId)));
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended');
    assert.equal(world.contact(chat.contactId).legs[0]?.leftAt, world.now);
    assert.equal(world.contact(chat.contactId).legs[0]?.acwEndAt, undefined);
  });
});

describe('presence', () => {
  test('only agents whose CCP is connected get offers', () => {
    const world = availableWorld(['alice']);
    eventsOf(world.disconnectCcp('alice'));
    assert.equal(world.user('alice').presence, 'away');
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer, undefined);
    world.advance(1000);
    const back = eventsOf(world.connect('alice'));
    assert.deepEqual(typesOf(back), ['AgentPresenceChanged', 'ContactOffered']);

    // A user whose CCP never connected is away too, even when Available.
    const userId = '00000099-6666-4000-8000-000000000000';
    eventsOf(world.run({ type: 'CreateUser', userId, username: 'nobody', passwordHash: 'x', firstName: 'No', lastName: 'Body', routingProfileId: world.routingProfileId }));
    eventsOf(world.run({ type: 'SetAgentStatus', userId, statusId: world.statusIds.Available }));
    world.advance(1000);
    const other = world.startChat('Ben');
    assert.equal(world.contact(other.contactId).offer?.userId, world.userId('alice'));
    assert.equal(world.instance.users.get(userId)!.contacts.size, 0);
  });

  test('AgentDisconnected makes the agent away with a deadline 60 seconds later; AgentConnected cancels it', () => {
    const world = availableWorld(['alice']);
    assert.equal(AWAY_GRACE_MS, 60_000);
    const away = eventsOf(world.disconnectCcp('alice'));
    const userId = world.userId('alice');
    assert.deepEqual(away, [{ type: 'AgentPresenceChanged', instanceId: world.instanceId, at: world.now, userId, presence: 'away', awayDeadline: world.now + 60_000 }]);
    const key = `away:${world.instanceId}:${userId}`;
    const command = { type: 'ExpireAgentAway', instanceId: world.instanceId, userId };
    assert.deepEqual(deadlinesOf(away[0]!), [{ key, at: world.now + 60_000, command }]);
    assert.deepEqual(pendingDeadlines(world.state).filter((d) => d.key === key), [{ key, at: world.now + 60_000, command }]);
    // A second disconnect while away changes nothing (the deadline stays).
    world.advance(1000);
    assert.deepEqual(eventsOf(world.disconnectCcp('alice')), []);
    assert.equal(world.user('alice').awayDeadline, world.now - 1000 + 60_000);

    const back = eventsOf(world.connect('alice'));
    assert.deepEqual(back.flatMap(deadlinesOf).map((d) => [d.key, d.at]), [[key, undefined]]);
    assert.equal(world.user('alice').awayDeadline, undefined);
    assert.deepEqual(eventsOf(world.connect('alice')), [], 'connecting again changes nothing');
  });

  test('an offer already out to an agent who goes away still expires as missed (and goes to another agent)', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('alice'));
    world.advance(5000);
    eventsOf(world.disconnectCcp('alice'));
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'incoming');
    world.advance(OFFER_TIMEOUT_MS - 5000);
    const events = eventsOf(world.expire('alice', chat.contactId));
    assert.deepEqual(events.map((e) => [e.type, 'userId' in e ? e.userId : undefined]), [
      ['OfferMissed', world.userId('alice')], ['ContactOffered', world.userId('bob')],
    ]);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'missed');
  });

  test('reconnecting within the grace keeps the agent\'s chats, and the away timer is then refused as stale', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    world.advance(10_000);
    eventsOf(world.disconnectCcp('alice'));
    const deadline = world.user('alice').awayDeadline!;
    world.advance(40_000);
    eventsOf(world.connect('alice'));
    world.now = deadline;
    const before = serialize(world.state);
    const rejection = rejectionOf(world.expireAway('alice'));
    assert.equal(rejection.code, 'Conflict');
    assert.equal(rejection.rule, 'stale-timer');
    assert.equal(serialize(world.state), before);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'connected');
    assert.equal(world.contact(chat.contactId).status, 'connected');
    eventsOf(world.send(chat.contactId, world.participantOf('alice', chat.contactId), 'sorry, my browser crashed'));
  });

  test('ExpireAgentAway before the deadline is refused as a stale timer', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    eventsOf(world.disconnectCcp('alice'));
    world.advance(AWAY_GRACE_MS - 1);
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.expireAway('alice')).rule, 'stale-timer');
    assert.equal(serialize(world.state), before);
    // An agent who is present (never away) also has no timer to fire.
    const other = availableWorld(['bob']);
    assert.equal(rejectionOf(other.expireAway('bob')).rule, 'stale-timer');
  });

  test('a timer from an earlier absence is stale once the agent came back and left again', () => {
    const world = availableWorld(['alice']);
    eventsOf(world.disconnectCcp('alice'));
    const firstDeadline = world.now + AWAY_GRACE_MS;
    world.advance(10_000);
    eventsOf(world.connect('alice'));
    world.advance(10_000);
    eventsOf(world.disconnectCcp('alice'));
    world.now = firstDeadline;
    assert.equal(rejectionOf(world.expireAway('alice')).rule, 'stale-timer');
    world.now = firstDeadline + 20_000;
    eventsOf(world.expireAway('alice'));
    assert.equal(world.user('alice').statusId, world.statusIds.Offline);
  });

  test('after the grace the agent leaves every chat (ACW), each chat goes back to its queue keeping its place, the customer is told, and the agent becomes Offline', () => {
    const world = availableWorld(['alice']);
    world.addAgent('bob');
    const c1 = world.startChat('Ann');
    eventsOf(world.accept('alice', c1.contactId));
    world.advance(1000);
    const c2 = world.startChat('Ben');
    eventsOf(world.accept('alice', c2.contactId));
    world.advance(1000);
    const c3 = handledChat(world, 'alice', 'Cid'); // in ACW
    world.advance(1000);
    const waiting = world.startChat('Dee'); // alice's three slots are full
    assert.equal(world.contact(waiting.contactId).offer, undefined);
    const enqueued = [c1.contactId, c2.contactId].map((id) => world.contact(id).enqueuedAt);

    world.advance(1000);
    const events = awayPastGrace(world, 'alice');
    assert.deepEqual(events.map((e) => [e.type, 'contactId' in e ? e.contactId : undefined]), [
      ['AgentPresenceChanged', undefined],
      ['ParticipantLeft', c1.contactId], ['ContactRequeued', c1.contactId],
      ['ParticipantLeft', c2.contactId], ['ContactRequeued', c2.contactId],
      ['AgentStatusChanged', undefined],
    ]);
    for (const requeued of eventsOfType(events, 'ContactRequeued')) {
      assert.equal(requeued.item.content, AGENT_LOST_MESSAGE);
      assert.equal(requeued.item.role, 'SYSTEM');
      assert.equal(requeued.item.displayName, SYSTEM_DISPLAY_NAME);
    }
    const alice = world.user('alice');
    assert.equal(alice.statusId, world.statusIds.Offline);
    assert.equal(alice.awayDeadline, undefined);
    assert.deepEqual([c1.contactId, c2.contactId, c3].map((id) => alice.contacts.get(id)?.state), ['ended', 'ended', 'ended']);
    for (const [i, chat] of [c1, c2].entries()) {
      const contact = world.contact(chat.contactId);
      assert.equal(contact.status, 'queued');
      assert.equal(contact.enqueuedAt, enqueued[i]);
      assert.equal(contact.participants.get(chat.customerId)?.state, 'connected', 'the customer stays');
      assert.equal(contact.legs[0]?.leftAt, world.now);
      assert.equal(contact.transcript.at(-1)?.content, AGENT_LOST_MESSAGE);
    }

    // bob comes: the taken-back chats come before the younger one that was waiting.
    world.advance(1000);
    const offers = offersIn(eventsOf(world.setStatus('bob', 'Available')));
    assert.deepEqual(offers.map((o) => o.contactId), [c1.contactId, c2.contactId, waiting.contactId]);
  });

  test('a chat taken back from an away agent is offered to another agent in the same step', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    const events = awayPastGrace(world, 'alice');
    assert.deepEqual(offersIn(events).map((o) => [o.contactId, o.userId]), [[chat.contactId, world.userId('bob')]]);
    eventsOf(world.accept('bob', chat.contactId));
    assert.deepEqual(world.contact(chat.contactId).legs.map((l) => l.userId), [world.userId('alice'), world.userId('bob')]);
    assert.equal(world.contact(chat.contactId).status, 'connected');
  });

  test('ExpireAgentAway drops a pending next status', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    const events = awayPastGrace(world, 'alice');
    assert.ok(events.some((e) => e.type === 'NextAgentStatusSet' && e.statusId === null));
    assert.equal(world.user('alice').nextStatusId, undefined);
    assert.equal(world.user('alice').statusId, world.statusIds.Offline);
    // Clearing the ACW later does not bring Break back.
    eventsOf(world.clear('alice', chat.contactId));
    assert.equal(world.user('alice').statusId, world.statusIds.Offline);
  });

  test('canTakeContact agrees with routing: an agent who holds the contact (in ACW) cannot take it again', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    awayPastGrace(world, 'alice');
    eventsOf(world.connect('alice'));
    eventsOf(world.setStatus('alice', 'Available'));
    const alice = world.user('alice');
    assert.equal(alice.contacts.get(chat.contactId)?.state, 'ended', 'routing did not offer it to her');
    assert.equal(canTakeContact(world.instance, alice, world.contact(chat.contactId), world.now), false);
  });

  test('a chat taken back from an away agent is not offered back to that agent while they still hold it in ACW', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    awayPastGrace(world, 'alice');
    world.advance(1000);
    eventsOf(world.connect('alice'));
    const events = eventsOf(world.setStatus('alice', 'Available'));
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended', 'alice is still in after contact work on it');
    assert.deepEqual(offersIn(events), []);
  });
});
