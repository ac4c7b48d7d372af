/**
 * Checks, step by step through a history, that sending agents deltas instead of full snapshots loses
 * nothing: every agent whose CCP changed is among `agentsAffectedBy` the step's events (unless an event
 * changed the whole instance), and for each of them the delta built from `contactsChangedBy`, applied to
 * the snapshot they had, equals a fresh snapshot.
 */
import assert from 'node:assert/strict';
import { agentDelta, agentSnapshot, agentsAffectedBy, applyAgentDelta, contactsChangedBy, type AgentSnapshot, type Event, type Instance } from '../src/index.ts';

export class DeltaCheck {
  private last: Map<string, AgentSnapshot['snapshot']> | undefined;

  /** Call after every step with the events it logged. */
  step(instance: Instance, events: readonly Event[]): void {
    const now: Map<string, AgentSnapshot['snapshot']> = new Map();
    for (const user of instance.users.values()) now.set(user.id, agentSnapshot(instance, user, 0).snapshot);
    const last = this.last;
    this.last = now;
    if (!last) return;
    const affected = new Set<string>();
    const changed = new Set<string>();
    let all = false;
    for (const event of events) {
      if (event.instanceId !== instance.id) continue;
      for (const userId of agentsAffectedBy(instance, event)) affected.add(userId);
      const contacts = contactsChangedBy(instance, event);
      if (contacts === 'all') all = true;
      else for (const contactId of contacts) changed.add(contactId);
    }
    if (all) return; // the shell sends every agent a full snapshot
    for (const [userId, fresh] of now) {
      const before = last.get(userId);
      if (!before) continue; // a user created in this step: their socket starts with a full snapshot
      if (!affected.has(userId)) {
        assert.deepEqual(fresh, before, `${userId}'s CCP changed, but no event of the step names them (${events.map((e) => e.type).join(', ')})`);
        continue;
      }
      const delta = agentDelta(instance, instance.users.get(userId)!, 0, changed, new Set(before.contacts.map((c) => c.contactId)));
      assert.deepEqual(applyAgentDelta(before, delta), fresh, `${userId}'s delta after ${events.map((e) => e.type).join(', ')} does not give their fresh snapshot`);
    }
  }
}
