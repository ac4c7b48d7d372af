import type { Channel } from './instance.ts';
import type { NextContact, VoiceCall } from './call.ts';
import type { ContactFlowSettings, FlowLogEntry, FlowRun } from '../flow/run.ts';

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
  /** For ATTACHMENT items: the files it carries (the Participant Service's `Attachments`). */
  attachments?: TranscriptAttachment[];
  /**
   * For MESSAGE and ATTACHMENT items: who received or read it (one entry per recipient, in the order
   * their first receipt came). GetTranscript shows them as `MessageMetadata.Receipts`.
   */
  receipts?: MessageReceipt[];
  /**
   * The participants who may see the item; absent: everyone in the chat. A whisper flow speaks to one
   * side only (Connect: "a one-sided interaction: either the customer hears or sees it, or the agent
   * does"): its messages carry the one participant it speaks to. Only they get it on their socket and in
   * their GetTranscript; the rest of the chat never does (chat/items.ts `seenBy`).
   */
  visibleTo?: string[];
}

/**
 * One recipient's receipts for a message: the first time they said it was delivered and the first time
 * they said they read it (each absent until they did; a read is not taken to mean a delivered time).
 */
export interface MessageReceipt {
  /** The participant who received or read the message (the Participant Service's RecipientParticipantId). */
  participantId: string;
  deliveredAt?: number;
  readAt?: number;
}

/** One file of an ATTACHMENT item, as participants see it. */
export interface TranscriptAttachment {
  id: string;
  name: string;
  contentType: string;
  status: 'APPROVED' | 'REJECTED' | 'IN_PROGRESS';
}

/**
 * A file a participant sends into a chat: StartAttachmentUpload records it pending; it shows in the
 * transcript only once CompleteAttachmentUpload confirms the declared bytes were stored.
 */
export interface ChatAttachment {
  id: string;
  name: string;
  /** The MIME type (lower case, no parameters). */
  contentType: string;
  sizeBytes: number;
  /** Who uploads it: only they can complete the upload. */
  participantId: string;
  startedAt: number;
  status: 'pending' | 'approved';
  completedAt?: number;
  /** The ATTACHMENT transcript item that shows it, once approved. */
  itemId?: string;
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
  /** Set when the offer is for an invitation into a chat already going on. */
  invitationId?: string;
}

/**
 * An agent asked another party into a chat through a quick connect (multi-party chat). It is routed like
 * a waiting contact — to the named agent, or to the quick connect's queue — and ends when someone
 * accepts, when the named agent declines, or when the chat ends.
 */
export interface Invitation {
  id: string;
  quickConnectId: string;
  quickConnectName: string;
  invitedBy: string;
  at: number;
  target: { userId: string } | { queueId: string };
  status: 'pending' | 'accepted' | 'failed' | 'cancelled';
  endedAt?: number;
}

/** A transfer under way: the contact waits for the quick connect's agent or queue. */
export interface PendingTransfer {
  quickConnectId: string;
  quickConnectName: string;
  transferredBy: string;
  at: number;
  /** For an agent quick connect: only this agent is offered the contact (until they decline). */
  userId?: string;
}

/** Every offer made for a contact and how it ended: the record behind "agent non-response". */
export interface OfferRecord {
  userId: string;
  at: number;
  outcome?: 'accepted' | 'rejected' | 'missed' | 'withdrawn';
  endedAt?: number;
}

/** One agent's time on a contact: connected, left (ACW starts), cleared (ACW ends), and how they came in. */
export interface AgentLeg {
  userId: string;
  participantId: string;
  connectedAt: number;
  /** How the agent came into the contact: routed from the queue, added by another agent, or transferred to. */
  via: 'queue' | 'added' | 'transfer';
  /** For added and transferred legs: who did it, with which quick connect. */
  by?: string;
  quickConnectId?: string;
  quickConnectName?: string;
  leftAt?: number;
  acwEndAt?: number;
}

/** A finished call recording: a stereo WAV (customer left, agents right) the server keeps by id. */
export interface CallRecording {
  id: string;
  durationMs: number;
  bytes: number;
  finishedAt: number;
}

/** A task's reference (StartTaskContact References): shown to the agent; URL ones as links. */
export interface TaskReference {
  type: 'URL' | 'ATTACHMENT' | 'NUMBER' | 'STRING' | 'DATE' | 'EMAIL';
  value: string;
}

/** What a TASK contact carries besides the common fields (StartTaskContact). */
export interface TaskDetails {
  name: string;
  description?: string;
  references: Record<string, TaskReference>;
  /** Epoch ms: a scheduled task's flow runs then (DescribeContact's ScheduledTimestamp). */
  scheduledAt?: number;
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
  invitations: Invitation[];
  transfer?: PendingTransfer;
  /** Chat attachments by id, pending or approved. */
  attachments: Map<string, ChatAttachment>;
  /** Voice: the call, kept on its first contact (legs find it through initialContactId). */
  call?: VoiceCall;
  /** Voice, on a call's first contact: its finished recordings (media writes the files). */
  recordings?: CallRecording[];
  /** Voice: the legs created from this contact by consult or transfer (DescribeContact's NextContacts). */
  nextContacts?: NextContact[];
  // --- flows (flow/run.ts) ---
  /** The flow running on the contact, while one runs (stepped by commands, rebuilt from FlowAdvanced events). */
  flowRun?: FlowRun;
  /** The flow log (UpdateFlowLoggingBehavior), and why error branches were taken. */
  flowLog?: FlowLogEntry[];
  /** What flows set on the contact: recording, event hooks, voice, tags, contact data. */
  flowSettings?: ContactFlowSettings;
  /** Voice: media plays this call's prompts and reports when they end (StartVoiceContact `media`). */
  media?: boolean;
  /** Voice: the number the caller dialled ($.SystemEndpoint.Address). */
  systemAddress?: string;
  /** Task: its name, description, references and schedule. */
  task?: TaskDetails;
}
