import { agentConfiguration, agentStateView, contactView, isSetupEvent, type Event, type Instance, type User } from '@switchboard/engine';

interface CachedContact {
  /** The contact's state timestamp at the agent: the snapshot lists contacts by it. */
  timestamp: number;
  json: string;
}

/**
 * The JSON of agents' snapshots, built from cached parts: each contact's view per agent and each agent's
 * configuration are stringified once and reused until an event changes them. A snapshot is then the
 * agent's state plus the cached contacts, byte for byte what JSON.stringify(agentSnapshot(…)) gives
 * (tests verify it on every snapshot). Every state change comes through the pipeline, which calls
 * `changed` with each command's events as they are applied: a contact's views go when an event names
 * the contact, everything goes on an administration event (names, queues, statuses, attributes).
 */
export class AgentViews {
  /** contact id → user id → that agent's view of the contact. */
  private readonly contacts = new Map<string, Map<string, CachedContact>>();
  /** `${instanceId}/${userId}` → configuration JSON. */
  private readonly configurations = new Map<string, string>();

  changed(events: readonly Event[]): void {
    for (const event of events) {
      if (isSetupEvent(event)) {
        this.contacts.clear();
        this.configurations.clear();
      } else if ('contactId' in event) this.contacts.delete(event.contactId);
    }
  }

  /** JSON of the agent's `snapshot` (state, next state, time, contacts). */
  snapshot(instance: Instance, user: User, now: number): string {
    const status = instance.agentStatuses.get(user.statusId)!;
    const next = user.nextStatusId ? instance.agentStatuses.get(user.nextStatusId) : undefined;
    const views: CachedContact[] = [];
    for (const agentContact of user.contacts.values()) {
      let byUser = this.contacts.get(agentContact.contactId);
      let cached = byUser?.get(user.id);
      if (!cached) {
        const view = contactView(instance, user, agentContact, instance.contacts.get(agentContact.contactId)!);
        cached = { timestamp: view.state.timestamp, json: JSON.stringify(view) };
        if (!byUser) this.contacts.set(agentContact.contactId, (byUser = new Map()));
        byUser.set(user.id, cached);
      }
      views.push(cached);
    }
    views.sort(byTimestamp); // stable, as the engine's
    let contacts = '';
    for (let i = 0; i < views.length; i++) contacts += (i > 0 ? ',' : '') + views[i]!.json;
    return `{"state":${JSON.stringify(agentStateView(status, user.statusSince))}` +
      (next ? `,"nextState":${JSON.stringify(agentStateView(next, user.statusSince))}` : '') +
      `,"snapshotTimestamp":${JSON.stringify(now)},"contacts":[${contacts}]}`;
  }

  /** JSON of the agent's `configuration`. */
  configuration(instance: Instance, user: User): string {
    const key = `${instance.id}/${user.id}`;
    let json = this.configurations.get(key);
    if (json === undefined) this.configurations.set(key, (json = JSON.stringify(agentConfiguration(instance, user))));
    return json;
  }
}

function byTimestamp(a: CachedContact, b: CachedContact): number {
  return a.timestamp - b.timestamp;
}
