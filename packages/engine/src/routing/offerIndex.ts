import type { Event } from '../events.ts';
import type { Channel } from '../model/instance.ts';
import { CHANNELS } from '../model/instance.ts';
import type { User } from '../model/user.ts';
import type { Instance } from '../state.ts';
import { isSetupEvent } from '../admin/evolveSetup.ts';
import { hasCapacity, idleSince, isOfferable } from './capacity.ts';

/** One agent's place in a list of the index: the key it was placed by (longest idle first, then username). */
export interface IdleEntry {
  readonly user: User;
  readonly profileId: string;
  readonly idle: number;
  readonly username: string;
}

/**
 * Index (derived, kept by evolve): the agents who could be offered a contact of a channel right now —
 * offerable (routable status, CCP connected, no missed contact) with a free slot of that channel — per
 * routing profile and channel, longest idle on that channel first (then by username). Routing walks
 * these lists from the front instead of every agent, so an arrival usually looks at one agent.
 */
export interface OfferIndex {
  /** routing profile id → channel → entries in idle order. */
  readonly lists: Map<string, Map<Channel, IdleEntry[]>>;
  /** user id → the user's entry per channel, for the channels they are listed on. */
  readonly placed: Map<string, Partial<Record<Channel, IdleEntry>>>;
}

export function emptyOfferIndex(): OfferIndex {
  return { lists: new Map(), placed: new Map() };
}

/** The agents listed for a routing profile and channel, longest idle first (empty if none). */
export function offerableAgents(instance: Instance, profileId: string, channel: Channel): readonly IdleEntry[] {
  return instance.offerIndex.lists.get(profileId)?.get(channel) ?? NONE;
}
const NONE: readonly IdleEntry[] = [];

/**
 * Before an event is applied: a user the event may change without naming them (a contact that ends
 * with an offer out withdraws that offer), so the index can look at them afterwards.
 */
export function offerIndexWatch(instance: Instance, event: Event): string | undefined {
  if (event.type === 'ContactEnded') return instance.contacts.get(event.contactId)?.offer?.userId;
  // A call an agent places takes their voice slot at once (no offer names them).
  if (event.type === 'CallStarted') return event.parties.find((p) => p.kind === 'agent')?.userId;
  return undefined;
}

/**
 * After an event is applied: re-places the agents it may have changed. Every agent fact the index
 * depends on (status, presence, held slots, missed contacts, idle times) changes only through events
 * that name the agent (`userId`), or through a contact ending with an offer out (`watched`).
 * Administration events other than a new user re-place everyone (they are rare).
 */
export function updateOfferIndex(instance: Instance, event: Event, watched: string | undefined): void {
  if ((isSetupEvent(event) && event.type !== 'UserCreated') || event.type === 'RoutingProfileUpdated') {
    rebuildOfferIndex(instance);
    return;
  }
  if ('userId' in event && typeof event.userId === 'string') placeUser(instance, event.userId);
  if (watched !== undefined) placeUser(instance, watched);
}

/** Rebuilds the whole index from the agents' facts. */
export function rebuildOfferIndex(instance: Instance): void {
  instance.offerIndex.lists.clear();
  instance.offerIndex.placed.clear();
  for (const user of instance.users.values()) placeUser(instance, user.id);
}

/** Puts an agent where their facts say on each channel's list (or takes them off it). */
function placeUser(instance: Instance, userId: string): void {
  const index = instance.offerIndex;
  const user = instance.users.get(userId);
  let placed = index.placed.get(userId);
  if (!user) {
    if (placed) for (const channel of CHANNELS) if (placed[channel]) unlist(index, placed[channel]!, channel);
    index.placed.delete(userId);
    return;
  }
  const offerable = isOfferable(instance, user);
  for (let i = 0; i < CHANNELS.length; i++) {
    const channel = CHANNELS[i]!;
    const old = placed?.[channel];
    const wanted = offerable && hasCapacity(instance, user, channel);
    const idle = idleSince(user, channel);
    if (old && wanted && old.idle === idle && old.profileId === user.routingProfileId && old.user === user) continue;
    if (old) {
      unlist(index, old, channel);
      delete placed![channel];
    }
    if (!wanted) continue;
    const entry: IdleEntry = { user, profileId: user.routingProfileId, idle, username: user.username };
    const entries = list(index, entry.profileId, channel, true)!;
    entries.splice(insertionPoint(entries, entry), 0, entry);
    if (!placed) index.placed.set(userId, (placed = {}));
    placed[channel] = entry;
  }
  // Only agents listed somewhere keep a record, so an empty `placed` means nobody can be offered anything.
  if (placed && !CHANNELS.some((channel) => placed![channel] !== undefined)) index.placed.delete(userId);
}

function list(index: OfferIndex, profileId: string, channel: Channel, create: boolean): IdleEntry[] | undefined {
  let byChannel = index.lists.get(profileId);
  if (!byChannel) {
    if (!create) return undefined;
    index.lists.set(profileId, (byChannel = new Map()));
  }
  let entries = byChannel.get(channel);
  if (!entries && create) byChannel.set(channel, (entries = []));
  return entries;
}

function unlist(index: OfferIndex, entry: IdleEntry, channel: Channel): void {
  const entries = list(index, entry.profileId, channel, false);
  if (!entries) return;
  let at = lowerBound(entries, entry);
  if (entries[at] !== entry) at = entries.indexOf(entry);
  if (at >= 0) entries.splice(at, 1);
}

/** Is entry a before entry b in the list: longer idle first, then username. */
export function idleBefore(a: IdleEntry, b: IdleEntry): boolean {
  return a.idle < b.idle || (a.idle === b.idle && a.username < b.username);
}

/** The first position whose entry is not before `entry`. */
function lowerBound(entries: readonly IdleEntry[], entry: IdleEntry): number {
  let lo = 0, hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (idleBefore(entries[mid]!, entry)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where a new entry goes; usually at the end (an agent who just took or freed a slot is the least idle). */
function insertionPoint(entries: readonly IdleEntry[], entry: IdleEntry): number {
  const last = entries[entries.length - 1];
  if (!last || idleBefore(last, entry)) return entries.length;
  return lowerBound(entries, entry);
}
