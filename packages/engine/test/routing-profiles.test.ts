/** Routing as Amazon Connect does it: routing profiles (media concurrency and cross-channel behaviour). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { slotsInUse } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { availableAgent, availableWorld, chatAndTaskProfile, offersIn } from './routingWorlds.ts';

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
