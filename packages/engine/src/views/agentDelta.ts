import type { User } from '../model/user.ts';
import type { Instance } from '../state.ts';
import { agentStateViews, byStateTime, contactView, type AgentSnapshot, type AgentStateView, type ContactView } from './agentSnapshot.ts';

/**
 * What changed on an agent's CCP since the last snapshot or delta their socket got: their status, the
 * views of the contacts an event changed, and the contacts they no longer hold. Applied to the previous
 * snapshot (`applyAgentDelta`) it gives exactly the fresh `agentSnapshot` (tests check this over random
 * histories), at a fraction of the cost: an agent with ten chats is sent one contact, not ten.
 */
export interface AgentDelta {
  state: AgentStateView;
  /** null: the agent has no next status (any earlier one was dropped). */
  nextState: AgentStateView | null;
  snapshotTimestamp: number;
  /** The changed contacts' views (new ones included). */
  contacts: ContactView[];
  removedContactIds: string[];
}

/** The delta for `user`, given the contacts that changed and the contacts the previous update showed. */
export function agentDelta(instance: Instance, user: User, now: number, changed: Iterable<string>, shown: ReadonlySet<string>): AgentDelta {
  const contacts: ContactView[] = [];
  for (const contactId of changed) {
    const agentContact = user.contacts.get(contactId);
    const contact = instance.contacts.get(contactId);
    if (agentContact && contact) contacts.push(contactView(instance, user, agentContact, contact));
  }
  const removedContactIds: string[] = [];
  for (const contactId of shown) if (!user.contacts.has(contactId)) removedContactIds.push(contactId);
  const { state, nextState } = agentStateViews(instance, user);
  return { state, nextState: nextState ?? null, snapshotTimestamp: now, contacts, removedContactIds };
}

/** The snapshot after a delta: what a client keeps (the sdk's AgentClient applies every `agent::delta`). */
export function applyAgentDelta(snapshot: AgentSnapshot['snapshot'], delta: AgentDelta): AgentSnapshot['snapshot'] {
  const byId = new Map(snapshot.contacts.map((c) => [c.contactId, c]));
  for (const contactId of delta.removedContactIds) byId.delete(contactId);
  for (const contact of delta.contacts) byId.set(contact.contactId, contact);
  return {
    state: delta.state,
    ...(delta.nextState ? { nextState: delta.nextState } : {}),
    snapshotTimestamp: delta.snapshotTimestamp,
    contacts: [...byId.values()].sort(byStateTime),
  };
}
