import type { Channel } from './instance.ts';
import type { UserProfile } from '../admin/users.ts';

/**
 * How one agent sees one contact: the agent's contact, which holds one slot of the agent's
 * concurrency for its channel while it exists (offered, connected, missed or in after contact work).
 * States follow amazon-connect-streams' ContactStateType.
 */
export type AgentContactState = 'incoming' | 'connected' | 'missed' | 'ended';

export interface AgentContact {
  contactId: string;
  channel: Channel;
  state: AgentContactState;
  /** When the current state began (epoch ms). */
  since: number;
  /** The agent's participant on the contact, once they have accepted. */
  participantId?: string;
  /** While incoming: when the offer expires (epoch ms). */
  offerDeadline?: number;
  /** When the contact was first offered to this agent. */
  offeredAt: number;
}

export interface User {
  id: string;
  arn: string;
  username: string;
  /** scrypt hash in PHC-like form, computed by the shell. */
  passwordHash: string;
  firstName: string;
  lastName: string;
  routingProfileId: string;
  /** The agent status the agent chose. */
  statusId: string;
  statusSince: number;
  /** A status chosen while on contacts, taken when the last contact is cleared. */
  nextStatusId?: string;
  /**
   * Whether the agent's CCP is connected. Only present agents get new offers. When the last CCP
   * connection goes, the agent is away; after a grace period (awayDeadline) the engine takes their
   * chats back and sets them Offline.
   */
  presence: 'present' | 'away';
  awayDeadline?: number;
  /** Per channel: when the agent last became free on that channel (longest-idle routing). */
  idleSince: Partial<Record<Channel, number>>;
  contacts: Map<string, AgentContact>;
  /**
   * Derived counters of `contacts`, kept by evolve (hold/release/markMissed) so routing asks them in
   * constant time: slots held per channel, and how many contacts are missed.
   */
  held: Partial<Record<Channel, number>>;
  missed: number;
  // --- Connect admin API (admin/users.ts) ---
  /** What CreateUser took besides name and routing profile (absent on users made before the admin API). */
  profile?: UserProfile;
  /** Agent tokens issued before this (epoch ms) are refused: the password changed. */
  sessionsValidFrom?: number;
  lastModifiedAt?: number;
}
