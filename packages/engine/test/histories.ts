/**
 * Shared pieces of the property tests over random command histories (properties, routing-properties,
 * multiparty-properties): generated ops name agents and contacts by index, and these helpers resolve
 * the indices against the world's current state, turn the common ops into commands and run a history
 * step by step.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Channel, Decision, Event, Instance, User } from '../src/index.ts';
import type { World } from './fixtures.ts';
import { serialize } from './serialize.ts';

/** A contact id no history ever creates: ops that find no contact to name use it (and are refused). */
export const NO_CONTACT = '00000000-0000-4000-8000-00000000dead';

/** `false`, and `true` once in `weight + 1` draws: ops mostly pick something they can act on, sometimes anything. */
export const mostlyFalse = (weight: number): fc.Arbitrary<boolean> =>
  fc.oneof({ weight, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

/** An agent op on a contact, agent and contact drawn as indices; `any` says whether it may pick any agent and contact. */
export const agentOpArb = <K extends string>(kind: K, agent: fc.Arbitrary<number>, contact: fc.Arbitrary<number>, any: fc.Arbitrary<boolean>) =>
  fc.record({ kind: fc.constant(kind), agent, contact, any });

/** An offer running out, usually (four in five) after time jumps up to `lateMax` ms past its deadline. */
export const expireArb = (agent: fc.Arbitrary<number>, contact: fc.Arbitrary<number>, any: fc.Arbitrary<boolean>, lateMax: number) =>
  fc.record({ kind: fc.constant('expire' as const), agent, contact, any, late: fc.option(fc.integer({ min: 0, max: lateMax }), { freq: 4 }) });

/** Time passing: mostly up to five seconds, one in five up to `longMax` ms. */
export const advanceArb = (longMax: number) => fc.record({
  kind: fc.constant('advance' as const),
  ms: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 5000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: longMax }) }),
});

/** The i-th item, wrapping round; undefined when there are none. */
export const pick = <T>(items: readonly T[], i: number): T | undefined => (items.length === 0 ? undefined : items[i % items.length]);

/** Usually (unless `any`) an agent for whom the op can mean something (`fits`), else any agent. */
export function agentWhere(names: readonly string[], i: number, any: boolean, fits: (name: string) => boolean): string {
  const fitting = any ? [] : names.filter(fits);
  return pick(fitting.length > 0 ? fitting : names, i)!;
}

/** Usually (unless `any`) one of the contacts the agent holds, else `fallback` (any contact). */
function heldContact(world: World, agent: string, i: number, any: boolean, fallback: string): string {
  const held = [...world.user(agent).contacts.keys()];
  return !any && held.length > 0 ? held[i % held.length]! : fallback;
}

/** The offer runs out: with `late` set, time first jumps to `late` ms past the offer's deadline. */
export function expireOffer(world: World, agent: string, contactId: string, late: number | null): Decision {
  const deadline = world.agentContact(agent, contactId)?.offerDeadline;
  if (late !== null && deadline !== undefined) world.now = Math.max(world.now, deadline + late);
  return world.expire(agent, contactId);
}

/** The ids of the contact's participants (none for an unknown contact). */
export const participantIds = (world: World, contactId: string): string[] => [...(world.instance.contacts.get(contactId)?.participants.keys() ?? [])];

/** An op by an agent on a contact, both named by index (`any`: not just agents holding contacts, and any contact). */
export interface AgentContactOp {
  kind: 'accept' | 'reject' | 'clear' | 'expire';
  agent: number;
  contact: number;
  any: boolean;
  /** For expire: how late past the offer's deadline time jumps to (null: it does not jump). */
  late?: number | null;
}

/**
 * Usually (unless `op.any`) an agent who holds some contact, on one of their contacts, so the op can mean
 * something; else any agent on `anyContact(op.contact)`.
 */
export function agentContactOp(world: World, names: readonly string[], op: AgentContactOp, anyContact: (i: number) => string): Decision {
  const agent = agentWhere(names, op.agent, op.any, (n) => world.user(n).contacts.size > 0);
  const contactId = heldContact(world, agent, op.contact, op.any, anyContact(op.contact));
  return op.kind === 'expire' ? expireOffer(world, agent, contactId, op.late ?? null) : world[op.kind](agent, contactId);
}

/** One of the contact's participants (by index) leaves; `nobody` when it has none. */
export function participantLeaves(world: World, contactId: string, who: number): Decision {
  return world.disconnect(contactId, pick(participantIds(world, contactId), who) ?? 'nobody');
}

/**
 * A read or delivered receipt by one of a chat's participants (by index) for one of its items (by index):
 * usually a MESSAGE or ATTACHMENT item, sometimes (`any`) any item or an id the chat does not have.
 */
export interface ReceiptOp {
  kind: 'receipt';
  contact: number;
  who: number;
  item: number;
  read: boolean;
  any: boolean;
}

export const receiptArb = (contact: fc.Arbitrary<number>, any: fc.Arbitrary<boolean>): fc.Arbitrary<ReceiptOp> =>
  fc.record({ kind: fc.constant('receipt' as const), contact, who: fc.nat({ max: 6 }), item: fc.nat({ max: 40 }), read: fc.boolean(), any });

export function sendReceipt(world: World, contactId: string, op: ReceiptOp): Decision {
  const transcript = world.instance.contacts.get(contactId)?.transcript ?? [];
  const items = op.any ? transcript : transcript.filter((i) => i.type === 'MESSAGE' || i.type === 'ATTACHMENT');
  const messageId = op.any && op.item % 5 === 0 ? 'no-such-message' : pick(items, op.item)?.id ?? 'no-such-message';
  return world.receipt(contactId, pick(participantIds(world, contactId), op.who) ?? 'nobody', messageId, op.read ? 'read' : 'delivered');
}

/** Time passes: no command. */
export function advance(world: World, ms: number): Decision {
  world.advance(ms);
  return { ok: true, events: [] };
}

/** How many contacts of the channel the routing profile lets an agent hold at once (0 if it has none). */
export function concurrencyOf(instance: Instance, routingProfileId: string, channel: Channel): number {
  return instance.routingProfiles.get(routingProfileId)?.mediaConcurrencies.find((m) => m.channel === channel)?.concurrency ?? 0;
}

/** The agents who have the contact incoming (offered to them). */
export const offeredTo = (instance: Instance, contactId: string): User[] =>
  [...instance.users.values()].filter((u) => u.contacts.get(contactId)?.state === 'incoming');

/**
 * Rule: a contact is offered to one agent at a time. A queued contact with an offer out is incoming on
 * exactly that agent, with the offer's deadline; one without is incoming on nobody.
 */
export function assertOneOfferPerQueuedContact(instance: Instance): void {
  for (const contact of instance.contacts.values()) {
    const incoming = offeredTo(instance, contact.id);
    assert.ok(incoming.length <= 1, `${contact.id} is incoming on ${incoming.length} agents`);
    if (contact.offer) {
      assert.equal(contact.status, 'queued');
      assert.deepEqual(incoming.map((u) => u.id), [contact.offer.userId]);
      assert.equal(incoming[0]!.contacts.get(contact.id)!.offerDeadline, contact.offer.deadline);
    } else {
      assert.equal(incoming.length, 0, `${contact.id} is incoming on an agent but has no offer`);
    }
  }
}

export interface Step<Op> {
  op: Op;
  decision: Decision;
  /** Every event the step logged (injected facts, then the decision's events). */
  events: Event[];
  /** The state serialized just before the step (only when asked for). */
  before?: string;
}

export interface RunOptions<Ctx> {
  serializeBefore?: boolean;
  onStart?: (ctx: Ctx) => void;
}

/** Applies the ops to the context one by one, calling `check` after every step. Returns the context. */
export function runOps<Ctx extends { world: World }, Op>(
  ctx: Ctx,
  ops: readonly Op[],
  apply: (ctx: Ctx, op: Op) => Decision,
  check: (ctx: Ctx, step: Step<Op>) => void,
  options: RunOptions<Ctx> = {},
): Ctx {
  options.onStart?.(ctx);
  for (const op of ops) {
    const before = options.serializeBefore ? serialize(ctx.world.state) : undefined;
    const logged = ctx.world.events.length;
    const decision = apply(ctx, op);
    check(ctx, { op, decision, events: ctx.world.events.slice(logged), ...(before !== undefined ? { before } : {}) });
  }
  return ctx;
}
