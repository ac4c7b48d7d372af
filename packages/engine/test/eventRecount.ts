/**
 * An independent recount from the events, for the routing properties: it walks the raw event list and
 * never looks at the state, so metrics and statuses can be checked against it.
 */
import type { Channel, ContactStatus, Event } from '../src/index.ts';

/** Walks raw events, knowing nothing of the engine's state, and counts what the metrics should say. */
export class Recount {
  readonly channelOf = new Map<string, Channel>();
  readonly status = new Map<string, ContactStatus>();
  readonly queueOf = new Map<string, string>();
  readonly answered = new Set<string>();
  /** contact → the agent its offer is out to. */
  readonly offerOut = new Map<string, string>();
  /** user → contacts holding one of their slots (offered, connected, missed, ACW) → channel. */
  readonly slots = new Map<string, Map<string, Channel>>();
  /** contact → its connected agent participants → user. */
  readonly agentsIn = new Map<string, Map<string, string>>();
  readonly profileOf = new Map<string, string>();
  readonly profileServes = new Map<string, { queueId: string; channel: Channel }[]>();
  readonly queued = new Map<string, number>();
  readonly abandoned = new Map<string, number>();
  readonly handled = new Map<string, number>();
  readonly nonResponse = new Map<string, number>();

  constructor(events: Iterable<Event> = []) {
    for (const e of events) this.apply(e);
  }

  apply(e: Event): void {
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    const slotsOf = (userId: string) => {
      let s = this.slots.get(userId);
      if (!s) this.slots.set(userId, (s = new Map()));
      return s;
    };
    const leave = (contactId: string, participantId: string) => {
      const userId = this.agentsIn.get(contactId)?.get(participantId);
      if (userId === undefined) return;
      bump(this.handled, userId);
      this.agentsIn.get(contactId)!.delete(participantId);
    };
    switch (e.type) {
      case 'RoutingProfileCreated':
        this.profileServes.set(e.routingProfileId, e.queues.map((q) => ({ queueId: q.queueId, channel: q.channel })));
        break;
      case 'UserCreated':
        this.profileOf.set(e.userId, e.routingProfileId);
        break;
      case 'ContactInitiated':
        this.channelOf.set(e.contactId, e.channel);
        this.status.set(e.contactId, 'in_flow');
        break;
      case 'ContactQueued':
        this.status.set(e.contactId, 'queued');
        this.queueOf.set(e.contactId, e.queueId);
        bump(this.queued, e.queueId);
        break;
      case 'ContactRequeued':
        this.status.set(e.contactId, 'queued');
        break;
      case 'ContactOffered':
        this.offerOut.set(e.contactId, e.userId);
        slotsOf(e.userId).set(e.contactId, this.channelOf.get(e.contactId)!);
        break;
      case 'OfferRejected':
        this.offerOut.delete(e.contactId);
        slotsOf(e.userId).delete(e.contactId);
        break;
      case 'OfferMissed':
        this.offerOut.delete(e.contactId);
        bump(this.nonResponse, e.userId);
        break;
      case 'ContactAccepted':
        this.offerOut.delete(e.contactId);
        this.status.set(e.contactId, 'connected');
        this.answered.add(e.contactId);
        if (!this.agentsIn.has(e.contactId)) this.agentsIn.set(e.contactId, new Map());
        this.agentsIn.get(e.contactId)!.set(e.participant.id, e.userId);
        break;
      case 'ParticipantLeft':
        leave(e.contactId, e.participantId);
        break;
      case 'ContactEnded': {
        this.status.set(e.contactId, 'ended');
        const offeredTo = this.offerOut.get(e.contactId);
        if (offeredTo !== undefined) {
          slotsOf(offeredTo).delete(e.contactId); // withdrawn
          this.offerOut.delete(e.contactId);
        }
        for (const participantId of [...(this.agentsIn.get(e.contactId)?.keys() ?? [])]) leave(e.contactId, participantId);
        const queueId = this.queueOf.get(e.contactId);
        if (queueId !== undefined && !this.answered.has(e.contactId)) bump(this.abandoned, queueId);
        break;
      }
      case 'AgentContactCleared':
        slotsOf(e.userId).delete(e.contactId);
        break;
      default:
        break;
    }
  }

  staffed(userId: string, queueIds: readonly string[], channels: readonly Channel[]): boolean {
    return (this.profileServes.get(this.profileOf.get(userId)!) ?? []).some((q) => queueIds.includes(q.queueId) && channels.includes(q.channel));
  }

  inQueue(queueIds: readonly string[], channels: readonly Channel[]): number {
    let n = 0;
    for (const [contactId, status] of this.status) {
      if (status === 'queued' && queueIds.includes(this.queueOf.get(contactId)!) && channels.includes(this.channelOf.get(contactId)!)) n++;
    }
    return n;
  }

  slotsActive(queueIds: readonly string[], channels: readonly Channel[]): number {
    let n = 0;
    for (const userId of this.profileOf.keys()) {
      if (!this.staffed(userId, queueIds, channels)) continue;
      for (const channel of this.slots.get(userId)?.values() ?? []) if (channels.includes(channel)) n++;
    }
    return n;
  }
}
