/**
 * Properties over random command histories: several agents, chats starting, agents changing status,
 * accepting, rejecting, missing and clearing offers, messages, disconnects and time passing.
 * Every command goes through `execute`; refusals are part of the game.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CHANNELS, emptyState, evolve, replay, type Decision, type Event, type State, type Instance, type Channel,
} from '../src/index.ts';
import { World, serialize, type StartedChat, type StatusName } from './fixtures.ts';

type AgentOp = 'accept' | 'reject' | 'clear';
type Op =
  | { kind: 'start'; initial: boolean; minutes: number }
  | { kind: 'status'; agent: number; status: StatusName }
  | { kind: AgentOp; agent: number; contact: number; anyContact: boolean }
  | { kind: 'expire'; agent: number; contact: number; anyContact: boolean; late: number | null }
  | { kind: 'send'; contact: number; sender: number; content: 'short' | 'empty' | 'long' }
  | { kind: 'disconnect'; contact: number; who: number }
  | { kind: 'stop'; contact: number }
  | { kind: 'expireChat'; contact: number; jump: boolean }
  | { kind: 'advance'; ms: number };

const agentIndex = fc.nat({ max: 5 });
/** Agent ops mostly pick a contact the agent holds; sometimes any contact (usually refused). */
const mostlyFalse = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
const contactIndex = fc.nat({ max: 30 });
const agentOp = (kind: AgentOp) => fc.record({ kind: fc.constant(kind), agent: agentIndex, contact: contactIndex, anyContact: mostlyFalse });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('start' as const), initial: fc.boolean(), minutes: fc.constantFrom(60, 1500) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('status' as const), agent: agentIndex, status: fc.constantFrom<StatusName>('Available', 'Available', 'Offline', 'Break') }) },
  { weight: 4, arbitrary: agentOp('accept') },
  { weight: 2, arbitrary: agentOp('reject') },
  { weight: 3, arbitrary: agentOp('clear') },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('expire' as const), agent: agentIndex, contact: contactIndex, anyContact: mostlyFalse,
      late: fc.option(fc.integer({ min: 0, max: 5000 }), { freq: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), contact: contactIndex, sender: fc.nat({ max: 3 }), content: fc.constantFrom('short' as const, 'short' as const, 'empty' as const, 'long' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), contact: contactIndex, who: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), contact: contactIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expireChat' as const), contact: contactIndex, jump: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 5_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 30_000 }) }),
    }) },
);

const historyArb = fc.record({
  agents: fc.integer({ min: 3, max: 6 }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 60, size: 'max' }),
});
type History = { agents: number; ops: Op[] };

const NO_CONTACT = '00000000-0000-4000-8000-00000000dead';
const CONTENT = { short: 'hello', empty: '', long: 'x'.repeat(16 * 1024 + 1) } as const;

/** A world with n agents (agent0…), created Offline. */
function worldOf(n: number): { world: World; names: string[]; chats: StartedChat[] } {
  const names = Array.from({ length: n }, (_, i) => `agent${i}`);
  return { world: new World({ agents: names }), names, chats: [] };
}

/** Turns one abstract op into a command on the world, resolving indices against its current state. */
function apply(ctx: { world: World; names: string[]; chats: StartedChat[] }, op: Op): Decision {
  const { world, names, chats } = ctx;
  const pick = <T>(items: readonly T[], i: number): T | undefined => (items.length === 0 ? undefined : items[i % items.length]);
  const chatId = (i: number) => pick(chats, i)?.contactId ?? NO_CONTACT;
  /** For agent ops: usually an agent who holds some contact (so the op can mean something), else any agent. */
  const agentFor = (i: number, any: boolean): string => {
    const holders = any ? [] : names.filter((n) => world.user(n).contacts.size > 0);
    return pick(holders.length > 0 ? holders : names, i)!;
  };
  const agentContactId = (agent: string, i: number, any: boolean): string => {
    const held = [...world.user(agent).contacts.keys()];
    return !any && held.length > 0 ? held[i % held.length]! : chatId(i);
  };
  const participants = (contactId: string): string[] => [...(world.instance.contacts.get(contactId)?.participants.keys() ?? [])];
  switch (op.kind) {
    case 'start': {
      const chat = world.startChat(`customer${chats.length}`, { chatDurationMinutes: op.minutes, ...(op.initial ? { initialMessage: 'Hi there' } : {}) });
      if (chat.decision.ok) chats.push(chat);
      return chat.decision;
    }
    case 'status':
      return world.setStatus(pick(names, op.agent)!, op.status);
    case 'accept':
    case 'reject':
    case 'clear': {
      const agent = agentFor(op.agent, op.anyContact);
      return world[op.kind](agent, agentContactId(agent, op.contact, op.anyContact));
    }
    case 'expire': {
      const agent = agentFor(op.agent, op.anyContact);
      const contactId = agentContactId(agent, op.contact, op.anyContact);
      const deadline = world.agentContact(agent, contactId)?.offerDeadline;
      if (op.late !== null && deadline !== undefined) world.now = Math.max(world.now, deadline + op.late);
      return world.expire(agent, contactId);
    }
    case 'send': {
      const contactId = chatId(op.contact);
      return world.send(contactId, pick(participants(contactId), op.sender) ?? 'nobody', CONTENT[op.content]);
    }
    case 'disconnect': {
      const contactId = chatId(op.contact);
      return world.disconnect(contactId, pick(participants(contactId), op.who) ?? 'nobody');
    }
    case 'stop':
      return world.stop(chatId(op.contact));
    case 'expireChat': {
      const contactId = chatId(op.contact);
      const expiresAt = world.instance.contacts.get(contactId)?.expiresAt;
      if (op.jump && expiresAt !== undefined) world.now = Math.max(world.now, expiresAt);
      return world.run({ type: 'ExpireChat', contactId });
    }
    case 'advance':
      world.advance(op.ms);
      return { ok: true, events: [] };
  }
}

interface Step {
  op: Op;
  decision: Decision;
  /** The state serialized just before the step (only when asked for). */
  before?: string;
}

/** Runs a history, calling `check` after every step. Returns the world. */
function runHistory(
  history: History,
  check: (world: World, step: Step) => void,
  options: { serializeBefore?: boolean; onStart?: (world: World) => void } = {},
): World {
  const ctx = worldOf(history.agents);
  options.onStart?.(ctx.world);
  for (const op of history.ops) {
    const before = options.serializeBefore ? serialize(ctx.world.state) : undefined;
    const decision = apply(ctx, op);
    check(ctx.world, { op, decision, ...(before !== undefined ? { before } : {}) });
  }
  return ctx.world;
}

function concurrencyOf(instance: Instance, routingProfileId: string, channel: Channel): number {
  return instance.routingProfiles.get(routingProfileId)?.mediaConcurrencies.find((m) => m.channel === channel)?.concurrency ?? 0;
}

const RUNS = { numRuns: 150 } as const;

describe('properties over random histories', () => {
  test('slots: no agent ever holds more contacts of a channel than the routing profile\'s concurrency', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (world) => {
        for (const user of world.instance.users.values()) {
          for (const channel of CHANNELS) {
            const held = [...user.contacts.values()].filter((c) => c.channel === channel).length;
            assert.ok(held <= concurrencyOf(world.instance, user.routingProfileId, channel), `${user.username} holds ${held} ${channel} contacts`);
          }
        }
      });
    }), RUNS);
  });

  test('offers go only to Available agents with a free slot and no missed contact', () => {
    fc.assert(fc.property(historyArb, (history) => {
      // A shadow state follows the live one event by event, so each offer is checked against the state it was made in.
      let shadow: State = emptyState();
      runHistory(history, (_world, step) => {
        if (!step.decision.ok) return;
        for (const event of step.decision.events) {
          if (event.type === 'ContactOffered') {
            const instance = shadow.instances.get(event.instanceId)!;
            const user = instance.users.get(event.userId)!;
            const contact = instance.contacts.get(event.contactId)!;
            assert.ok(![...user.contacts.values()].some((c) => c.state === 'missed'), `${user.username} has a missed contact and was offered ${contact.id}`);
            assert.equal(instance.agentStatuses.get(user.statusId)?.type, 'ROUTABLE', `${user.username} is not Available`);
            assert.equal(contact.status, 'queued');
            assert.equal(contact.offer, undefined, 'the contact already had an offer out');
            assert.equal(user.contacts.has(contact.id), false, 'the agent already held the contact');
            const held = [...user.contacts.values()].filter((c) => c.channel === contact.channel).length;
            assert.ok(held < concurrencyOf(instance, user.routingProfileId, contact.channel), `${user.username} had no free slot`);
            assert.equal(event.deadline, event.at + 20_000);
          }
          evolve(shadow, event);
        }
      }, { onStart: (world) => { shadow = replay(world.events, emptyState()); } });
    }), RUNS);
  });

  test('one offer per contact at a time: at most one agent has it incoming, and contact.offer names that agent', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (world) => {
        const instance = world.instance;
        for (const contact of instance.contacts.values()) {
          const incoming = [...instance.users.values()].filter((u) => u.contacts.get(contact.id)?.state === 'incoming');
          assert.ok(incoming.length <= 1, `${contact.id} is incoming on ${incoming.length} agents`);
          if (contact.offer) {
            assert.equal(contact.status, 'queued');
            assert.deepEqual(incoming.map((u) => u.id), [contact.offer.userId]);
            assert.equal(incoming[0]!.contacts.get(contact.id)!.offerDeadline, contact.offer.deadline);
          } else {
            assert.equal(incoming.length, 0, `${contact.id} is incoming on an agent but has no offer`);
          }
        }
      });
    }), RUNS);
  });

  test('every contact is in exactly one of in_flow, queued, connected, ended, and a queued contact has a queue', () => {
    const statuses = new Set(['in_flow', 'queued', 'connected', 'ended']);
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (world) => {
        const instance = world.instance;
        for (const contact of instance.contacts.values()) {
          assert.ok(statuses.has(contact.status), `unknown status ${contact.status}`);
          if (contact.status === 'queued') {
            assert.ok(contact.queueId !== undefined && instance.queues.has(contact.queueId), 'a queued contact has no queue');
            assert.notEqual(contact.enqueuedAt, undefined);
          }
          if (contact.status === 'connected') assert.notEqual(contact.primaryUserId, undefined);
          if (contact.status === 'ended') {
            assert.notEqual(contact.disconnectedAt, undefined);
            assert.equal(contact.offer, undefined);
            for (const p of contact.participants.values()) assert.equal(p.state, 'disconnected');
          }
        }
      });
    }), RUNS);
  });

  test('agents\' contacts agree with the contacts they stand for', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (world) => {
        const instance = world.instance;
        for (const user of instance.users.values()) {
          for (const ac of user.contacts.values()) {
            const contact = instance.contacts.get(ac.contactId);
            assert.ok(contact, 'an agent holds an unknown contact');
            assert.equal(ac.channel, contact.channel);
            if (ac.state === 'incoming') assert.notEqual(ac.offerDeadline, undefined);
            else assert.equal(ac.offerDeadline, undefined);
            if (ac.state === 'connected') {
              assert.equal(contact.status, 'connected');
              assert.equal(contact.participants.get(ac.participantId!)?.state, 'connected');
            }
            if (ac.state === 'ended') assert.equal(contact.participants.get(ac.participantId!)?.state, 'disconnected');
          }
        }
        for (const contact of instance.contacts.values()) {
          for (const p of contact.participants.values()) {
            if (p.role === 'AGENT' && p.state === 'connected') {
              assert.equal(instance.users.get(p.userId!)?.contacts.get(contact.id)?.state, 'connected', 'a connected agent participant lost its contact');
            }
          }
        }
      });
    }), RUNS);
  });

  test('a rejected command changes nothing', () => {
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (world, step) => {
        if (!step.decision.ok || step.decision.events.length === 0) {
          assert.equal(serialize(world.state), step.before, `${step.op.kind} ${step.decision.ok ? 'with no events' : `refused (${step.decision.rejection.message})`} changed the state`);
        }
      }, { serializeBefore: true });
    }), { numRuns: 100 });
  });

  test('replaying all the events into an empty state rebuilds the live state exactly', () => {
    fc.assert(fc.property(historyArb, (history) => {
      const world = runHistory(history, () => {});
      assert.equal(serialize(replay(world.events, emptyState())), serialize(world.state));
    }), RUNS);
  });

  test('the same history always produces the same events', () => {
    fc.assert(fc.property(historyArb, (history) => {
      const a = runHistory(history, () => {});
      const b = runHistory(history, () => {});
      assert.deepEqual(b.events, a.events);
    }), { numRuns: 50 });
  });

  test('the histories exercise the rules (sanity check of the generator)', () => {
    const seen = new Set<Event['type']>();
    const rules = new Set<string>();
    fc.assert(fc.property(historyArb, (history) => {
      runHistory(history, (_world, step) => {
        if (step.decision.ok) for (const e of step.decision.events) seen.add(e.type);
        else if (step.decision.rejection.rule) rules.add(step.decision.rejection.rule);
      });
    }), { numRuns: 100, seed: 42 });
    for (const type of ['ContactOffered', 'OfferRejected', 'OfferMissed', 'ContactAccepted', 'ContactEnded', 'AgentContactCleared', 'ParticipantLeft', 'MessageSent'] as const) {
      assert.ok(seen.has(type), `no history produced ${type}`);
    }
    for (const rule of ['offer-lasts-20-seconds', 'stale-timer', 'only-connected-participants-send', 'contact-ends-once']) {
      assert.ok(rules.has(rule), `no history hit the rule ${rule}`);
    }
  });
});
