/**
 * Worlds the multi-party chat tests start from: multi-party chat on, a quick connect per agent and one
 * for BasicQueue; and the steps the tests take in them (agents Available, a chat accepted, an agent
 * invited and joining, an agent's view of a contact).
 */
import assert from 'node:assert/strict';
import { agentSnapshot, type ContactView } from '../src/index.ts';
import { World, type StartedChat } from './fixtures.ts';
import { eventsOf, eventsOfType } from './decisions.ts';

export const AGENTS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const cap = (name: string) => name[0]!.toUpperCase() + name.slice(1);

export interface MultiPartyWorld {
  world: World;
  /** Quick connect ids: one USER quick connect per agent (named after the agent, e.g. "Bob") and `queue` for BasicQueue. */
  qc: Record<string, string>;
  flowId: string;
}

/**
 * A world with multi-party chat on (unless `multiParty: false`), a quick connect flow playing
 * "Inviting new agent…", a USER quick connect per agent and a QUEUE quick connect for BasicQueue, all
 * on BasicQueue. Every agent starts Offline.
 */
export function multiPartyWorld(options: { agents?: string[]; multiParty?: boolean } = {}): MultiPartyWorld {
  const agents = options.agents ?? AGENTS;
  const world = new World({ agents });
  if (options.multiParty !== false) eventsOf(world.setMultiParty(true));
  const flowId = world.addTransferFlow();
  const qc: Record<string, string> = {};
  for (const agent of agents) qc[agent] = world.addQuickConnect('USER', agent, { flowId, name: cap(agent) });
  qc.queue = world.addQuickConnect('QUEUE', world.queueId, { flowId, name: 'BasicQueue' });
  world.advance(1000);
  return { world, qc, flowId };
}

/** Makes the agents Available one second apart (so the first named has been idle longest). */
export function available(world: World, ...agents: string[]) {
  const events = [];
  for (const agent of agents) {
    world.advance(1000);
    events.push(...eventsOf(world.setStatus(agent, 'Available')));
  }
  return events;
}

/** A chat the agent (made Available, the only one offered) has accepted. */
export function chatWith(world: World, agent = 'alice', customer = 'Ann'): StartedChat {
  if (world.instance.agentStatuses.get(world.user(agent).statusId)?.type !== 'ROUTABLE') available(world, agent);
  world.advance(1000);
  const chat = world.startChat(customer);
  const [offer] = eventsOfType(eventsOf(chat.decision), 'ContactOffered');
  assert.equal(offer?.userId, world.userId(agent), `the chat was offered to ${agent}`);
  world.advance(1000);
  eventsOf(world.accept(agent, chat.contactId));
  return chat;
}

/** `inviter` adds `invitee` with the invitee's agent quick connect; the invitee (made Available) accepts. */
export function join(mp: MultiPartyWorld, contactId: string, inviter: string, invitee: string, quickConnect = invitee) {
  const { world, qc } = mp;
  world.advance(1000);
  const added = eventsOf(world.addParticipant(inviter, contactId, qc[quickConnect]!));
  if (world.instance.agentStatuses.get(world.user(invitee).statusId)?.type !== 'ROUTABLE') added.push(...available(world, invitee));
  assert.equal(world.contact(contactId).offer?.userId, world.userId(invitee), `the invitation was offered to ${invitee}`);
  world.advance(1000);
  const accepted = eventsOf(world.accept(invitee, contactId));
  return { added, accepted };
}

export function contactViewOf(world: World, agent: string, contactId: string): ContactView {
  const view = agentSnapshot(world.instance, world.user(agent), world.now).snapshot.contacts.find((c) => c.contactId === contactId);
  assert.ok(view, `${agent} has ${contactId} on their CCP`);
  return view;
}
