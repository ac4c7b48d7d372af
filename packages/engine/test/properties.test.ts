/**
 * Properties over random command histories: several agents, chats starting, agents changing status,
 * accepting, rejecting, missing and clearing offers, messages and their receipts, disconnects and time passing.
 * Every command goes through `execute`; refusals are part of the game.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CHANNELS, emptyState, evolve, replay, type Decision, type Event, type State,
} from '../src/index.ts';
import { World, type StartedChat, type StatusName } from './fixtures.ts';
import { serialize } from './serialize.ts';
import { NO_CONTACT, receiptArb, sendReceipt, type ReceiptOp, advance, assertOneOfferPerQueuedContact, advanceArb, agentContactOp, agentOpArb, concurrencyOf, expireArb, mostlyFalse, participantIds, participantLeaves, pick, runOps, type RunOptions, type Step } from './histories.ts';
import { DeltaCheck } from './deltaCheck.ts';

type AgentOp = 'accept' | 'reject' | 'clear';
type Op =
  | { kind: 'start'; initial: boolean; minutes: number }
  | { kind: 'status'; agent: number; status: StatusName }
  | { kind: AgentOp; agent: number; contact: number; any: boolean }
  | { kind: 'expire'; agent: number; contact: number; any: boolean; late: number | null }
  | { kind: 'send'; contact: number; sender: number; content: 'short' | 'empty' | 'long' }
  | { kind: 'disconnect'; contact: number; who: number }
  | ReceiptOp
  | { kind: 'stop'; contact: number }
  | { kind: 'expireChat'; contact: number; jump: boolean }
  | { kind: 'advance'; ms: number };

const agentIndex = fc.nat({ max: 5 });
/** Agent ops mostly pick a contact the agent holds; sometimes any contact (usually refused). */
const rarely = mostlyFalse(4);
const contactIndex = fc.nat({ max: 30 });
const agentOp = (kind: AgentOp) => agentOpArb(kind, agentIndex, contactIndex, rarely);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('start' as const), initial: fc.boolean(), minutes: fc.constantFrom(60, 1500) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('status' as const), agent: agentIndex, status: fc.constantFrom<StatusName>('Available', 'Available', 'Offline', 'Break') }) },
  { weight: 4, arbitrary: agentOp('accept') },
  { weight: 2, arbitrary: agentOp('reject') },
  { weight: 3, arbitrary: agentOp('clear') },
  { weight: 3, arbitrary: expireArb(agentIndex, contactIndex, rarely, 5000) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), contact: contactIndex, sender: fc.nat({ max: 3 }), content: fc.constantFrom('short' as const, 'short' as const, 'empty' as const, 'long' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), contact: contactIndex, who: fc.nat({ max: 3 }) }) },
  { weight: 3, arbitrary: receiptArb(contactIndex, rarely) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), contact: contactIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expireChat' as const), contact: contactIndex, jump: fc.boolean() }) },
  { weight: 3, arbitrary: advanceArb(30_000) },
);

const historyArb = fc.record({
  agents: fc.integer({ min: 3, max: 6 }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 60, size: 'max' }),
});
type History = { agents: number; ops: Op[] };

const CONTENT = { short: 'hello', empty: '', long: 'x'.repeat(16 * 1024 + 1) } as const;

interface Ctx { world: World; names: string[]; chats: StartedChat[] }

/** A world with n agents (agent0…), created Offline. */
function worldOf(n: number): Ctx {
  const names = Array.from({ length: n }, (_, i) => `agent${i}`);
  return { world: new World({ agents: names }), names, chats: [] };
}

/** Turns one abstract op into a command on the world, resolving indices against its current state. */
function apply(ctx: Ctx, op: Op): Decision {
  const { world, names, chats } = ctx;
  const chatId = (i: number) => pick(chats, i)?.contactId ?? NO_CONTACT;
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
    case 'clear':
    case 'expire':
      return agentContactOp(world, names, op, chatId);
    case 'send': {
      const contactId = chatId(op.contact);
      return world.send(contactId, pick(participantIds(world, contactId), op.sender) ?? 'nobody', CONTENT[op.content]);
    }
    case 'disconnect':
      return participantLeaves(world, chatId(op.contact), op.who);
    case 'receipt':
      return sendReceipt(world, chatId(op.contact), op);
    case 'stop':
      return world.stop(chatId(op.contact));
    case 'expireChat': {
      const contactId = chatId(op.contact);
      const expiresAt = world.instance.contacts.get(contactId)?.expiresAt;
      if (op.jump && expiresAt !== undefined) world.now = Math.max(world.now, expiresAt);
      return world.run({ type: 'ExpireChat', contactId });
    }
    case 'advance':
      return advance(world, op.ms);
  }
}

/** Runs a history, calling `check` after every step. Returns the world. */
function runHistory(history: History, check: (world: World, step: Step<Op>) => void, options: RunOptions<World> = {}): World {
  const onStart = (ctx: Ctx) => options.onStart?.(ctx.world);
  return runOps(worldOf(history.agents), history.ops, apply, (ctx, step) => check(ctx.world, step), { serializeBefore: options.serializeBefore, onStart }).world;
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

  test('an agent\'s CCP delta (their status, the contacts the step changed, the ones they no longer hold) applied to their last snapshot equals a fresh snapshot, after every step', () => {
    fc.assert(fc.property(historyArb, (history) => {
      const check = new DeltaCheck();
      runHistory(history, (world, step) => check.step(world.instance, step.events), { onStart: (world) => check.step(world.instance, []) });
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
        assertOneOfferPerQueuedContact(instance);
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
    for (const type of ['ContactOffered', 'OfferRejected', 'OfferMissed', 'ContactAccepted', 'ContactEnded', 'AgentContactCleared', 'ParticipantLeft', 'MessageSent', 'MessageReceiptRecorded'] as const) {
      assert.ok(seen.has(type), `no history produced ${type}`);
    }
    for (const rule of ['offer-lasts-20-seconds', 'stale-timer', 'only-connected-participants-send', 'contact-ends-once', 'receipts-are-for-messages-of-the-chat', 'no-receipts-for-own-messages']) {
      assert.ok(rules.has(rule), `no history hit the rule ${rule}`);
    }
  });
});
