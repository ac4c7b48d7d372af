/**
 * The voice call model (seed 000). A voice call is one conversation between parties — the caller, agents
 * and external parties reached by phone — recorded as a chain of contacts: the first contact (the one
 * the caller started, or an outbound call) and one contact per leg added later by consult or transfer
 * (connect-wire-apis.md §5, contact-chains.md). The call itself lives on its first contact.
 */

/** Off (the default) = three-party calls; MULTI_PARTY_CONFERENCE = "true" = up to six parties. Fixed when the call starts. */
export type CallMode = 'three-party' | 'multi-party';

export type PartyKind = 'customer' | 'agent' | 'external';

/**
 * A party's connection state, as Streams names connection states: connecting (being dialled or
 * offered), connected, hold, disconnected.
 */
export type PartyState = 'connecting' | 'connected' | 'hold' | 'disconnected';

export interface CallParty {
  /** The connection id every agent sees for this party. */
  id: string;
  kind: PartyKind;
  /** For agents: the user (set when they accept; named agents are known before). */
  userId?: string;
  /** For the caller and external parties: the number. */
  phoneNumber?: string;
  displayName: string;
  /** The contact this party's leg is recorded on: the first contact for the caller and the first agent, a leg of its own for the others. */
  legContactId: string;
  state: PartyState;
  /** The agent party who put this party on hold (three-party: only they may take it off). */
  heldBy?: string;
  /** Server-side mute: others do not hear this party. */
  muted: boolean;
  /** The agent party who added this party to the call. */
  addedBy?: string;
  quickConnectId?: string;
  quickConnectName?: string;
  since: number;
  leftAt?: number;
}

/** DTMF digits an agent sent to a party (the media layer plays them; the test driver reads them). */
export interface SentDigits {
  partyId: string;
  digits: string;
  by: string;
  at: number;
}

export interface VoiceCall {
  /** The first contact's id. */
  id: string;
  mode: CallMode;
  /** In the order they were added; the caller first. */
  parties: CallParty[];
  /** The first agent on the call (seed 000's "primary agent"). */
  primaryPartyId?: string;
  /**
   * Three-party: the agent who has call control — the primary agent, and when they leave, the remaining
   * agent (seed 000: "call control continues to be available to the remaining agent").
   */
  controllerPartyId?: string;
  /** While set, an agent talks to a party they just added, alone, with everyone else on hold (until Join). */
  consult?: { agentPartyId: string; newPartyId: string };
  /** The call's contacts in the order they were created: the first, then each leg. */
  chain: string[];
  digits: SentDigits[];
  endedAt?: number;
}

/** An entry of DescribeContact's NextContacts: the leg created from this contact. */
export interface NextContact {
  contactId: string;
  at: number;
  quickConnectId?: string;
  quickConnectName?: string;
  quickConnectType?: 'USER' | 'QUEUE' | 'PHONE_NUMBER';
}
