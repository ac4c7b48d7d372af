import type { Channel } from './instance.ts';

export type InitiationMethod =
  | 'INBOUND' | 'OUTBOUND' | 'TRANSFER' | 'QUEUE_TRANSFER' | 'CALLBACK' | 'API' | 'DISCONNECT'
  | 'MONITOR' | 'EXTERNAL_OUTBOUND' | 'WEBRTC_API' | 'AGENT_REPLY' | 'FLOW';

export type ParticipantRole = 'CUSTOMER' | 'AGENT' | 'SYSTEM' | 'CUSTOM_BOT' | 'SUPERVISOR';

export interface Participant {
  id: string;
  role: ParticipantRole;
  displayName: string;
  /** For agents: the user. */
  userId?: string;
  state: 'connected' | 'disconnected';
  joinedAt: number;
  leftAt?: number;
}

export type TranscriptItemType =
  | 'MESSAGE' | 'EVENT' | 'ATTACHMENT' | 'CONNECTION_ACK' | 'CHAT_ENDED'
  | 'PARTICIPANT_JOINED' | 'PARTICIPANT_LEFT' | 'TYPING' | 'MESSAGE_DELIVERED' | 'MESSAGE_READ'
  | 'TRANSFER_SUCCEEDED' | 'TRANSFER_FAILED';

/** One entry of a chat transcript, in the Participant Service's own terms. */
export interface TranscriptItem {
  id: string;
  type: 'MESSAGE' | 'EVENT' | 'ATTACHMENT';
  contentType: string;
  content?: string;
  participantId?: string;
  displayName?: string;
  role?: ParticipantRole;
  /** Epoch ms. */
  at: number;
}

/**
 * Where a contact is in its life:
 * - in_flow: a flow is running for it;
 * - queued: waiting in a queue (it may have an offer out to one agent at a time);
 * - connected: an agent accepted it;
 * - ended: disconnected (agents may still be in after contact work).
 */
export type ContactStatus = 'in_flow' | 'queued' | 'connected' | 'ended';

export interface Offer {
  userId: string;
  deadline: number;
}

/** Every offer made for a contact and how it ended: the record behind "agent non-response". */
export interface OfferRecord {
  userId: string;
  at: number;
  outcome?: 'accepted' | 'rejected' | 'missed' | 'withdrawn';
  endedAt?: number;
}

/** One agent's time on a contact: connected, left (ACW starts), cleared (ACW ends). */
export interface AgentLeg {
  userId: string;
  participantId: string;
  connectedAt: number;
  leftAt?: number;
  acwEndAt?: number;
}

export interface Contact {
  id: string;
  arn: string;
  instanceId: string;
  channel: Channel;
  initiationMethod: InitiationMethod;
  initialContactId?: string;
  previousContactId?: string;
  relatedContactId?: string;
  flowId: string;
  status: ContactStatus;
  attributes: Record<string, string>;
  /** The queue the flow set ("Set working queue"). */
  targetQueueId?: string;
  queueId?: string;
  enqueuedAt?: number;
  offer?: Offer;
  connectedToAgentAt?: number;
  primaryUserId?: string;
  initiatedAt: number;
  lastUpdatedAt: number;
  disconnectedAt?: number;
  disconnectReason?: string;
  /** Chat only: when ChatDurationInMinutes runs out. */
  expiresAt?: number;
  customerDisplayName: string;
  participants: Map<string, Participant>;
  transcript: TranscriptItem[];
  offers: OfferRecord[];
  legs: AgentLeg[];
}
