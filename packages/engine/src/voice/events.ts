import type { CallMode, CallParty } from '../model/call.ts';

/** The events of voice calls (model/call.ts), part of `Event` (events.ts). `contactId` is the call's first contact. */

/** Every event says which instance it belongs to and when it happened (epoch ms). */
interface Base {
  instanceId: string;
  at: number;
}

/** A voice call began: the caller (and, for a call an agent places, the agent). */
export interface CallStarted extends Base {
  type: 'CallStarted';
  contactId: string;
  mode: CallMode;
  parties: CallParty[];
}
/** A leg created by consult or transfer: a contact of its own, chained to the call's last contact. */
export interface CallLeg {
  contactId: string;
  initiationMethod: 'TRANSFER' | 'EXTERNAL_OUTBOUND';
  previousContactId: string;
  /** Agent legs wait here for an agent (the quick connect's queue, or the call's queue for a named agent). */
  queueId?: string;
  /** A quick connect of type USER: only this agent is offered the leg. */
  targetUserId?: string;
  quickConnect?: { id: string; name: string; type: 'USER' | 'QUEUE' | 'PHONE_NUMBER' };
}
/**
 * An agent added a party (quick connect or number pad). Seed 000: the others are put on hold while the
 * adding agent talks to the new party alone (`consult`), until Join.
 */
export interface CallPartyAdded extends Base {
  type: 'CallPartyAdded';
  contactId: string;
  party: CallParty;
  leg: CallLeg;
  /** Parties put on hold by the adding agent. */
  held: string[];
  /** The agent party who added it. */
  by: string;
}
/** A party went on hold, came off hold, or (dialled) answered. */
export interface CallPartyStateChanged extends Base {
  type: 'CallPartyStateChanged';
  contactId: string;
  partyId: string;
  state: 'connected' | 'hold';
  /** The agent party who did it; absent when the party answered a dial. */
  by?: string;
}
export interface CallPartyMuteChanged extends Base {
  type: 'CallPartyMuteChanged';
  contactId: string;
  partyId: string;
  muted: boolean;
  by: string;
}
/** Join: every party on hold comes off hold and the consult, if any, is over. */
export interface CallJoined extends Base {
  type: 'CallJoined';
  contactId: string;
  resumed: string[];
  by: string;
}
/**
 * A party left the call (hung up, was disconnected, or a dial failed). Parties the leaving agent held
 * come off hold (the others go on talking); in a three-party call, control passes to the remaining agent.
 */
export interface CallPartyLeft extends Base {
  type: 'CallPartyLeft';
  contactId: string;
  partyId: string;
  reason: string;
  by?: string;
  resumed: string[];
  /** Three-party: the agent party who has call control from now on. */
  controllerPartyId?: string;
}
/** The call is over (ContactEnded follows for each contact of the chain still open). */
export interface CallEnded extends Base {
  type: 'CallEnded';
  contactId: string;
  reason: string;
}
export interface CallRecordingFinished extends Base {
  type: 'CallRecordingFinished';
  contactId: string;
  recording: { id: string; durationMs: number; bytes: number; finishedAt: number };
}
export interface DigitsSent extends Base {
  type: 'DigitsSent';
  contactId: string;
  partyId: string;
  digits: string;
  by: string;
}
