/** The queued-contacts index is derived state: it must always equal what the contacts themselves say. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { World } from './fixtures.ts';

function indexMatches(world: World): void {
  const fromContacts = [...world.instance.contacts.values()].filter((c) => c.status === 'queued').map((c) => c.id).sort();
  assert.deepEqual([...world.instance.queued].sort(), fromContacts);
  // The agents' counters agree with the contacts they hold.
  for (const user of world.instance.users.values()) {
    const held: Record<string, number> = {};
    for (const c of user.contacts.values()) held[c.channel] = (held[c.channel] ?? 0) + 1;
    for (const channel of ['VOICE', 'CHAT', 'TASK'] as const) assert.equal(user.held[channel] ?? 0, held[channel] ?? 0, `${user.username} ${channel} slots`);
    assert.equal(user.missed, [...user.contacts.values()].filter((c) => c.state === 'missed').length, `${user.username} missed`);
  }
}

test('derived indexes always agree with the facts: the queued contacts, and each agent\'s held slots and missed count', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 }), (steps) => {
      const world = new World({ agents: ['alice', 'bob'], chatConcurrency: 2 });
      const chats: { contactId: string; customerId: string }[] = [];
      for (const step of steps) {
        world.advance(1000);
        const alice = world.userId('alice');
        switch (step) {
          case 0: chats.push(world.startChat(`C${chats.length}`)); break;
          case 1: world.setStatus('alice', 'Available'); world.setStatus('bob', 'Available'); break;
          case 2: for (const c of chats) if (world.contact(c.contactId).offer?.userId === alice) world.accept('alice', c.contactId); break;
          case 3: { const c = chats[chats.length - 1]; if (c) world.disconnect(c.contactId, c.customerId); break; }
          case 4: world.advance(21_000); for (const c of chats) { const o = world.contact(c.contactId).offer; if (o) world.run({ type: 'ExpireOffer', userId: o.userId, contactId: c.contactId }); } break;
          case 5: for (const c of chats) for (const a of ['alice', 'bob']) if (world.agentContact(a, c.contactId)) world.clear(a, c.contactId); break;
        }
        indexMatches(world);
      }
    }),
    { numRuns: 100 },
  );
});
