import type { AgentStatusType, FlowDocument, HoursOfOperation, InstanceStorageConfig, MediaConcurrency, QuickConnectType, RoutingProfileQueue, Channel } from './model/instance.ts';
import type { ChatAttachment, InitiationMethod, Invitation, Participant, PendingTransfer, TranscriptItem } from './model/contact.ts';
import type { FlowAdminEvent } from './admin/flowCommands.ts';
import type { UserAdminEvent, UserProfile } from './admin/users.ts';
import type { AgentStatusSettings, AgentStatusUpdated } from './admin/agentStatuses.ts';
import type { QueueAdminEvent } from './admin/queuesAdmin.ts';
import type { RoutingProfileUpdated } from './admin/routingProfilesAdmin.ts';
import type { HoursAdminEvent } from './admin/hoursAdmin.ts';
// --- Connect admin API: instances, approved origins, phone numbers, tags ---
import type { InstanceAdminEvent } from './admin/instancesAdmin.ts';
import type { PhoneNumberEvent } from './admin/phoneNumbers.ts';
import type { LambdaFunctionEvent } from './admin/lambdaFunctions.ts';
import type { ResourceTagsSet } from './admin/tags.ts';
// --- security profiles, quick connect/queue/routing profile changes (issue 18, admin-security) ---
import type { SecurityProfileEvent } from './admin/securityProfilesAdmin.ts';
import type { ResourceAdminEvent } from './admin/resourceAdmin.ts';
import type { ContactFlowSettings, FlowLogEntry, FlowRun } from './flow/run.ts';
import type { TaskDetails } from './model/contact.ts';

/** Every event says which instance it belongs to and when it happened (epoch ms). */
interface Base {
  instanceId: string;
  at: number;
}

export interface InstanceCreated extends Base {
  type: 'InstanceCreated';
  alias: string;
  region: string;
  accountId: string;
  tokenKey: string;
}
export interface AccessKeyCreated extends Base {
  type: 'AccessKeyCreated';
  accessKeyId: string;
  secretAccessKey: string;
}
export interface QueueCreated extends Base {
  type: 'QueueCreated';
  queueId: string;
  name: string;
  description: string;
}
export interface HoursOfOperationCreated extends Base {
  type: 'HoursOfOperationCreated';
  hoursOfOperationId: string;
  name: string;
  timeZone: string;
  config: HoursOfOperation['config'];
  /** Connect admin API (admin/hoursAdmin.ts). */
  description?: string;
  tags?: Record<string, string>;
}
export interface QueueUpdated extends Base {
  type: 'QueueUpdated';
  queueId: string;
  hoursOfOperationId?: string | null;
  maxContacts?: number | null;
}
export interface QuickConnectCreated extends Base {
  type: 'QuickConnectCreated';
  quickConnectId: string;
  name: string;
  description: string;
  quickConnectType: QuickConnectType;
  userId?: string;
  queueId?: string;
  phoneNumber?: string;
  contactFlowId?: string;
  /** Connect admin API: CreateQuickConnect's Tags (admin/tags.ts). */
  tags?: Record<string, string>;
}
export interface QueueQuickConnectsAssociated extends Base {
  type: 'QueueQuickConnectsAssociated';
  queueId: string;
  quickConnectIds: string[];
}
export interface RoutingProfileCreated extends Base {
  tags?: Record<string, string>;
  type: 'RoutingProfileCreated';
  routingProfileId: string;
  name: string;
  description: string;
  defaultOutboundQueueId: string;
  mediaConcurrencies: MediaConcurrency[];
  queues: RoutingProfileQueue[];
}
export interface AgentStatusCreated extends Base {
  type: 'AgentStatusCreated';
  agentStatusId: string;
  name: string;
  statusType: AgentStatusType;
  settings?: AgentStatusSettings;
}
export interface UserCreated extends Base {
  type: 'UserCreated';
  userId: string;
  username: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  routingProfileId: string;
  statusId: string;
  profile?: UserProfile;
}
export interface ContactFlowCreated extends Base {
  type: 'ContactFlowCreated';
  flowId: string;
  name: string;
  flowType: string;
  content: FlowDocument;
  // Connect API's CreateContactFlow (admin/flows.ts):
  description?: string;
  status?: 'PUBLISHED' | 'SAVED';
  tags?: Record<string, string>;
}
export interface ChatWidgetCreated extends Base {
  type: 'ChatWidgetCreated';
  widgetId: string;
  name: string;
  contactFlowId: string;
  approvedOrigins: string[];
}
export interface InstanceAttributeUpdated extends Base {
  type: 'InstanceAttributeUpdated';
  attributeType: string;
  value: string;
}
export interface InstanceStorageConfigAssociated extends Base {
  type: 'InstanceStorageConfigAssociated';
  storageConfig: InstanceStorageConfig;
}
export interface InstanceStorageConfigDisassociated extends Base {
  type: 'InstanceStorageConfigDisassociated';
  associationId: string;
}

export interface AgentStatusChanged extends Base {
  type: 'AgentStatusChanged';
  userId: string;
  statusId: string;
}

/** The status the agent will take when their last contact is cleared (null: none). */
export interface NextAgentStatusSet extends Base {
  type: 'NextAgentStatusSet';
  userId: string;
  statusId: string | null;
}
export interface AgentPresenceChanged extends Base {
  type: 'AgentPresenceChanged';
  userId: string;
  presence: 'present' | 'away';
  /** For away: when the grace period ends. */
  awayDeadline?: number;
}
/**
 * One agent session ended (logout): its token is refused until it expires (`expires`), after which
 * the token is refused anyway and the session can be forgotten.
 */
export interface AgentSessionEnded extends Base {
  type: 'AgentSessionEnded';
  userId: string;
  sessionId: string;
  expires: number;
}

export interface ContactInitiated extends Base {
  type: 'ContactInitiated';
  contactId: string;
  channel: Channel;
  initiationMethod: InitiationMethod;
  flowId: string;
  attributes: Record<string, string>;
  customerDisplayName: string;
  relatedContactId?: string;
  expiresAt?: number;
  /** Voice: media plays the call's flow prompts and reports them. */
  media?: boolean;
  /** Voice: the number the caller dialled. */
  systemAddress?: string;
  /** Task: name, description, references, schedule (StartTaskContact). */
  task?: TaskDetails;
  previousContactId?: string;
}
export interface ParticipantJoined extends Base {
  type: 'ParticipantJoined';
  contactId: string;
  participant: Participant;
  item: TranscriptItem;
}
export interface ParticipantLeft extends Base {
  type: 'ParticipantLeft';
  contactId: string;
  participantId: string;
  item: TranscriptItem;
}
export interface MessageSent extends Base {
  type: 'MessageSent';
  contactId: string;
  item: TranscriptItem;
}
/**
 * A participant received or read a message of the chat, for the first time (later receipts of the same
 * kind add nothing). `receiptId` is the receipt's own id: SendEvent's answer and the Id of the
 * MESSAGEMETADATA item the other participants get.
 */
export interface MessageReceiptRecorded extends Base {
  type: 'MessageReceiptRecorded';
  contactId: string;
  receiptId: string;
  messageId: string;
  participantId: string;
  receipt: 'delivered' | 'read';
}
export interface ContactAttributesUpdated extends Base {
  type: 'ContactAttributesUpdated';
  contactId: string;
  attributes: Record<string, string>;
}
export interface ContactTargetQueueSet extends Base {
  type: 'ContactTargetQueueSet';
  contactId: string;
  queueId: string;
}
export interface ContactQueued extends Base {
  type: 'ContactQueued';
  contactId: string;
  queueId: string;
  /** When routing must look again because a routing profile's queue delay runs out. */
  routeAt?: number[];
  /** A callback with an initial delay (CreateCallbackContact InitialCallDelaySeconds) is in its queue from then on: routed no earlier. */
  enqueueAt?: number;
}
/** A connected contact lost its agents and goes back to its queue, keeping its place. */
export interface ContactRequeued extends Base {
  type: 'ContactRequeued';
  contactId: string;
  item: TranscriptItem;
}
export interface ContactOffered extends Base {
  type: 'ContactOffered';
  contactId: string;
  userId: string;
  deadline: number;
  /** The offer is for this invitation into a chat already going on. */
  invitationId?: string;
}
/** An agent invited another party into the chat (seed 001: "Another participant has been invited"). */
export interface ParticipantInvited extends Base {
  type: 'ParticipantInvited';
  contactId: string;
  invitation: Invitation;
  item: TranscriptItem;
}
/** An invitation ended without anyone joining (the named agent declined, or the chat ended). */
export interface InvitationEnded extends Base {
  type: 'InvitationEnded';
  contactId: string;
  invitationId: string;
  status: 'failed' | 'cancelled';
}
/**
 * An agent transferred the contact: every agent has left (their ParticipantLeft events come first) and
 * the contact waits in `queueId` (enqueued now) for the quick connect's agent or queue.
 */
export interface ContactTransferred extends Base {
  type: 'ContactTransferred';
  contactId: string;
  queueId: string;
  transfer: PendingTransfer;
  item: TranscriptItem;
  /** When routing must look again because a routing profile's queue delay runs out. */
  routeAt?: number[];
}
/** An offer taken back before it was answered (the invitation it was for was cancelled). */
export interface OfferWithdrawn extends Base {
  type: 'OfferWithdrawn';
  contactId: string;
  userId: string;
}
/** The agent a transfer named declined it: the contact stays in its queue for any agent. */
export interface TransferTargetDeclined extends Base {
  type: 'TransferTargetDeclined';
  contactId: string;
  userId: string;
}
export interface OfferRejected extends Base {
  type: 'OfferRejected';
  contactId: string;
  userId: string;
}
export interface OfferMissed extends Base {
  type: 'OfferMissed';
  contactId: string;
  userId: string;
}
export interface ContactAccepted extends Base {
  type: 'ContactAccepted';
  contactId: string;
  userId: string;
  /** Accepting an invitation into a chat already going on. */
  invitationId?: string;
  participant: Participant;
  /** Chat: "participant joined" in the transcript (voice contacts have no transcript). */
  item?: TranscriptItem;
}
export interface ContactEnded extends Base {
  type: 'ContactEnded';
  contactId: string;
  reason: string;
  item?: TranscriptItem;
}
export interface AgentContactCleared extends Base {
  type: 'AgentContactCleared';
  userId: string;
  contactId: string;
}
/** A participant started uploading a file: it is pending, not in the transcript yet. */
export interface AttachmentUploadStarted extends Base {
  type: 'AttachmentUploadStarted';
  contactId: string;
  attachment: ChatAttachment;
}
/** The upload is complete: the file is approved and its ATTACHMENT item joins the transcript. */
export interface AttachmentUploadCompleted extends Base {
  type: 'AttachmentUploadCompleted';
  contactId: string;
  attachmentId: string;
  item: TranscriptItem;
}

// --- voice calls: their events are in voice/events.ts -------------------------------------------------
import type { CallStarted, CallPartyAdded, CallPartyStateChanged, CallPartyMuteChanged, CallJoined, CallPartyLeft, CallEnded, CallRecordingFinished, DigitsSent } from './voice/events.ts';
export type { CallStarted, CallLeg, CallPartyAdded, CallPartyStateChanged, CallPartyMuteChanged, CallJoined, CallPartyLeft, CallEnded, CallRecordingFinished, DigitsSent } from './voice/events.ts';

// --- flows (flow/run.ts) -------------------------------------------------------------------------------
/**
 * A flow run moved: `run` is the run as it now stands (null: no flow runs on the contact any more),
 * `log` the flow-log entries it added, `settings` what it set on the contact. Effects on the contact
 * (messages, attributes, queueing, ending) are their own events, before this one.
 */
export interface FlowAdvanced extends Base {
  type: 'FlowAdvanced';
  contactId: string;
  run: FlowRun | null;
  log?: FlowLogEntry[];
  settings?: ContactFlowSettings;
  /** The run ended: the type of the flow it had started with (a whisper ending starts the next one). */
  endedFlowType?: string;
}

// --- flow moments on calls (flow-moments) ---
import type { CallAgentLeft } from './flow/callEvents.ts';
export type { CallAgentLeft } from './flow/callEvents.ts';

export type Event =
  | FlowAdvanced
  | CallAgentLeft
  | InstanceCreated | AccessKeyCreated | QueueCreated | HoursOfOperationCreated | QueueUpdated | QuickConnectCreated
  | QueueQuickConnectsAssociated | RoutingProfileCreated
  | AgentStatusCreated | UserCreated | ContactFlowCreated | ChatWidgetCreated | InstanceAttributeUpdated
  | InstanceStorageConfigAssociated | InstanceStorageConfigDisassociated
  | FlowAdminEvent
  | UserAdminEvent | AgentStatusUpdated | QueueAdminEvent | RoutingProfileUpdated | HoursAdminEvent
  | InstanceAdminEvent | PhoneNumberEvent | LambdaFunctionEvent | ResourceTagsSet
  | SecurityProfileEvent | ResourceAdminEvent
  | AgentStatusChanged | NextAgentStatusSet | AgentPresenceChanged | AgentSessionEnded
  | ContactInitiated | ParticipantJoined | ParticipantLeft | MessageSent | MessageReceiptRecorded | ContactAttributesUpdated | ContactTargetQueueSet | ContactQueued
  | ContactRequeued | ContactOffered | ParticipantInvited | InvitationEnded | ContactTransferred | TransferTargetDeclined | OfferRejected | OfferMissed | OfferWithdrawn | ContactAccepted | ContactEnded | AgentContactCleared
  | AttachmentUploadStarted | AttachmentUploadCompleted
  | CallStarted | CallPartyAdded | CallPartyStateChanged | CallPartyMuteChanged | CallJoined | CallPartyLeft | CallEnded | DigitsSent | CallRecordingFinished;

export type EventType = Event['type'];

/** The transcript item an event adds to its contact's chat, if any. */
export function transcriptItemOf(event: Event): TranscriptItem | undefined {
  return 'item' in event ? (event.item as TranscriptItem | undefined) : undefined;
}
