import type { FlowAdminCommand } from './admin/flowCommands.ts';
import type { TaskReference } from './model/contact.ts';
import type { UserAdminCommand, UserProfile } from './admin/users.ts';
import type { AgentStatusSettings, UpdateAgentStatus } from './admin/agentStatuses.ts';
import type { QueueAdminCommand } from './admin/queuesAdmin.ts';
import type { RoutingProfileAdminCommand } from './admin/routingProfilesAdmin.ts';
import type { HoursAdminCommand } from './admin/hoursAdmin.ts';
// --- Connect admin API: instances, approved origins, phone numbers, tags ---
import type { InstanceAdminCommand } from './admin/instancesAdmin.ts';
import type { PhoneNumberCommand } from './admin/phoneNumbers.ts';
import type { LambdaFunctionCommand } from './admin/lambdaFunctions.ts';
import type { TagCommand } from './admin/tags.ts';
// --- security profiles, quick connect/queue/routing profile changes (issue 18, admin-security) ---
import type { SecurityProfileCommand } from './admin/securityProfilesAdmin.ts';
import type { ResourceAdminCommand } from './admin/resourceAdmin.ts';
import type { AgentStatusType, FlowDocument, HoursOfOperation, MediaConcurrency, QuickConnectType, RoutingProfileQueue } from './model/instance.ts';

/** Every command carries the time it happens at and a random seed for the ids it creates. */
export interface Base {
  now: number;
  seed: string;
  instanceId: string;
}

// --- administration -------------------------------------------------------------------------------
export interface CreateInstance extends Base {
  type: 'CreateInstance';
  alias: string;
  region: string;
  accountId: string;
  tokenKey: string;
}
export interface CreateAccessKey extends Base {
  type: 'CreateAccessKey';
  accessKeyId: string;
  secretAccessKey: string;
}
export interface CreateQueue extends Base {
  type: 'CreateQueue';
  queueId: string;
  name: string;
  description: string;
}
export interface CreateHoursOfOperation extends Base {
  type: 'CreateHoursOfOperation';
  hoursOfOperationId: string;
  name: string;
  timeZone: string;
  config: HoursOfOperation['config'];
  /** Connect admin API (admin/hoursAdmin.ts). */
  description?: string;
  tags?: Record<string, string>;
}
/** Changes a queue's hours and capacity; `null` removes the setting. */
export interface UpdateQueue extends Base {
  type: 'UpdateQueue';
  queueId: string;
  hoursOfOperationId?: string | null;
  maxContacts?: number | null;
}
export interface CreateQuickConnect extends Base {
  type: 'CreateQuickConnect';
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
export interface AssociateQueueQuickConnects extends Base {
  type: 'AssociateQueueQuickConnects';
  queueId: string;
  quickConnectIds: string[];
}
export interface CreateRoutingProfile extends Base {
  type: 'CreateRoutingProfile';
  routingProfileId: string;
  name: string;
  description: string;
  defaultOutboundQueueId: string;
  mediaConcurrencies: MediaConcurrency[];
  queues: RoutingProfileQueue[];
  /** Connect admin API's CreateRoutingProfile. */
  tags?: Record<string, string>;
}
export interface CreateAgentStatus extends Base {
  type: 'CreateAgentStatus';
  agentStatusId: string;
  name: string;
  statusType: AgentStatusType;
  /** Connect admin API's CreateAgentStatus (admin/agentStatuses.ts). */
  settings?: AgentStatusSettings;
}
export interface CreateUser extends Base {
  type: 'CreateUser';
  userId: string;
  username: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  routingProfileId: string;
  /** Connect admin API's CreateUser (admin/users.ts). */
  profile?: UserProfile;
}
export interface CreateContactFlow extends Base {
  type: 'CreateContactFlow';
  flowId: string;
  name: string;
  flowType: string;
  content: FlowDocument;
  // Connect API's CreateContactFlow (admin/flows.ts):
  description?: string;
  status?: string;
  tags?: Record<string, string>;
}
export interface CreateChatWidget extends Base {
  type: 'CreateChatWidget';
  widgetId: string;
  name: string;
  contactFlowId: string;
  approvedOrigins: string[];
}
export interface UpdateInstanceAttribute extends Base {
  type: 'UpdateInstanceAttribute';
  attributeType: string;
  value: string;
}
/** AssociateInstanceStorageConfig: where a kind of data is kept; ATTACHMENTS turns chat attachments on. */
export interface AssociateInstanceStorageConfig extends Base {
  type: 'AssociateInstanceStorageConfig';
  associationId: string;
  resourceType: string;
  storageType: string;
  s3Config?: { bucketName: string; bucketPrefix: string; encryptionConfig?: { encryptionType: string; keyId: string } };
}
export interface DisassociateInstanceStorageConfig extends Base {
  type: 'DisassociateInstanceStorageConfig';
  associationId: string;
  resourceType: string;
}

// --- agents -----------------------------------------------------------------------------------------
export interface SetAgentStatus extends Base {
  type: 'SetAgentStatus';
  userId: string;
  statusId: string;
  /** Streams' enqueueNextState: while the agent has contacts, take the status only when the last is cleared. */
  enqueueNextState?: boolean;
}
/** The agent's CCP connected (the shell sends it when the agent's first socket opens). */
export interface AgentConnected extends Base {
  type: 'AgentConnected';
  userId: string;
}
/** The agent's last CCP connection closed (or the server restarted without it). */
export interface AgentDisconnected extends Base {
  type: 'AgentDisconnected';
  userId: string;
}
/**
 * The agent logs out of one session (POST /agent/logout): that session's token is refused from then on
 * and the agent goes Offline. `expires` is when the session's token expires anyway (from its claims).
 * `keepStatus`: a session that is not a CCP (the admin console, POST /admin/logout) ends without a status change.
 */
export interface EndAgentSession extends Base {
  type: 'EndAgentSession';
  userId: string;
  sessionId: string;
  expires: number;
  keepStatus?: boolean;
}
/** Sent by the shell when an away agent's grace period runs out. */
export interface ExpireAgentAway extends Base {
  type: 'ExpireAgentAway';
  userId: string;
}
export interface AcceptContact extends Base {
  type: 'AcceptContact';
  userId: string;
  contactId: string;
}
export interface RejectContact extends Base {
  type: 'RejectContact';
  userId: string;
  contactId: string;
}
/** Sent by the shell when an offer's deadline passes. */
export interface ExpireOffer extends Base {
  type: 'ExpireOffer';
  userId: string;
  contactId: string;
}
/** Sent by the shell when a queue delay runs out: look for offers to make. Changes nothing by itself. */
export interface RouteContacts extends Base {
  type: 'RouteContacts';
}
export interface ClearContact extends Base {
  type: 'ClearContact';
  userId: string;
  contactId: string;
}

// --- tasks (task/start.ts) ----------------------------------------------------------------------------
/** StartTaskContact: a TASK contact whose flow runs now, or at `scheduledAt`. One of contactFlowId / quickConnectId. */
export interface StartTaskContact extends Base {
  type: 'StartTaskContact';
  contactId: string;
  contactFlowId?: string;
  quickConnectId?: string;
  name: string;
  description?: string;
  references: Record<string, TaskReference>;
  attributes: Record<string, string>;
  previousContactId?: string;
  relatedContactId?: string;
  /** Epoch ms: the flow runs then (ScheduledTime). */
  scheduledAt?: number;
}
/** An agent completes a task they are connected to (the CCP's "End task"): the task ends, the agent goes to after contact work. */
export interface CompleteTask extends Base {
  type: 'CompleteTask';
  userId: string;
  contactId: string;
}
/** A scheduled task's time came (the shell's timer): its flow runs. */
export interface StartScheduledTask extends Base {
  type: 'StartScheduledTask';
  contactId: string;
}

// --- contacts and chat -------------------------------------------------------------------------------
export interface StartChatContact extends Base {
  type: 'StartChatContact';
  contactId: string;
  participantId: string;
  contactFlowId: string;
  displayName: string;
  attributes: Record<string, string>;
  initialMessage?: { contentType: string; content: string };
  chatDurationMinutes: number;
  relatedContactId?: string;
}
export interface SendMessage extends Base {
  type: 'SendMessage';
  contactId: string;
  participantId: string;
  messageId: string;
  contentType: string;
  content: string;
}
/**
 * SendEvent with a delivered or read receipt (`…event.message.delivered` / `.read`, Content
 * `{"messageId":"…"}`): the participant received or read a message of the chat.
 */
export interface RecordMessageReceipt extends Base {
  type: 'RecordMessageReceipt';
  contactId: string;
  participantId: string;
  messageId: string;
  receipt: 'delivered' | 'read';
}
export interface DisconnectParticipant extends Base {
  type: 'DisconnectParticipant';
  contactId: string;
  participantId: string;
  /** The agent who disconnects another participant; absent when the participant leaves by itself. */
  byUserId?: string;
}
/** CreateParticipant: a custom bot joins an ongoing chat (Amazon Connect allows only CUSTOM_BOT here). */
export interface AddBotParticipant extends Base {
  type: 'AddBotParticipant';
  contactId: string;
  participantId: string;
  displayName: string;
}
/** UpdateContactAttributes: merge user-defined attributes into the contact. */
export interface UpdateContactAttributes extends Base {
  type: 'UpdateContactAttributes';
  contactId: string;
  attributes: Record<string, string>;
}
/**
 * An agent adds another party through a quick connect (multi-party chat; voice consult) or, on a call,
 * by dialling a number on the number pad.
 */
export interface AddParticipant extends Base {
  type: 'AddParticipant';
  userId: string;
  contactId: string;
  quickConnectId?: string;
  phoneNumber?: string;
}
/** An agent in the chat cancels a pending invitation (disconnecting the connection that is still connecting). */
export interface CancelInvitation extends Base {
  type: 'CancelInvitation';
  userId: string;
  contactId: string;
  invitationId: string;
}
/** An agent transfers the contact through a quick connect: every agent leaves, the new one continues. */
export interface TransferContact extends Base {
  type: 'TransferContact';
  userId: string;
  contactId: string;
  quickConnectId?: string;
  /** Voice: transfer to a number dialled on the number pad. */
  phoneNumber?: string;
}
export interface StopContact extends Base {
  type: 'StopContact';
  contactId: string;
}
/** Sent by the shell when a chat's ChatDurationInMinutes runs out. */
export interface ExpireChat extends Base {
  type: 'ExpireChat';
  contactId: string;
}
/** StartAttachmentUpload: a participant announces a file (name, MIME type, size) it will upload. */
export interface StartAttachmentUpload extends Base {
  type: 'StartAttachmentUpload';
  contactId: string;
  participantId: string;
  attachmentId: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  /**
   * The shell's limit on uploads one participant may have started and not completed: at most `max`
   * started within the last `withinMs` (an upload URL's lifetime; an older one can no longer be used).
   */
  pendingLimit?: { max: number; withinMs: number };
}
/**
 * CompleteAttachmentUpload: the participant says the upload is done. The shell looked in its blob store
 * and passes what it found: `storedBytes[attachmentId]` is the stored size, absent when nothing is stored.
 */
export interface CompleteAttachmentUpload extends Base {
  type: 'CompleteAttachmentUpload';
  contactId: string;
  participantId: string;
  attachmentIds: string[];
  storedBytes: Record<string, number>;
}

// --- voice calls -----------------------------------------------------------------------------------
/** A phone call arrives at the instance (driven by the test driver until real telephony lands). */
export interface StartVoiceContact extends Base {
  type: 'StartVoiceContact';
  contactId: string;
  /** The caller's connection id. */
  partyId: string;
  contactFlowId: string;
  /** The caller's number (E.164); absent for a web call. */
  customerPhoneNumber?: string;
  /** WEBRTC_API: a call from the web-calling page (no number; the caller gives a name). INBOUND by default. */
  initiationMethod?: 'INBOUND' | 'WEBRTC_API';
  /** A web caller's name. */
  customerDisplayName?: string;
  attributes: Record<string, string>;
  /** Media plays the call's flow prompts and reports them (FlowPromptPlayed, FlowDigitsReceived). */
  media?: boolean;
  /** The number the caller dialled ($.SystemEndpoint.Address). */
  systemPhoneNumber?: string;
}
/** An agent calls a number from the CCP (InitiationMethod OUTBOUND). */
export interface StartOutboundCall extends Base {
  type: 'StartOutboundCall';
  userId: string;
  contactId: string;
  agentPartyId: string;
  customerPartyId: string;
  phoneNumber: string;
  /** The queue the call is made for; the agent's default outbound queue when absent. */
  queueId?: string;
  // --- flow moments on calls (flow-moments) ---
  /** Media plays the call's flow prompts (the outbound whisper) and reports them played. */
  media?: boolean;
}
/** StartOutboundVoiceContact (Connect API): the call is placed; when the customer answers, the flow runs. */
export interface StartOutboundVoiceContact extends Base {
  type: 'StartOutboundVoiceContact';
  contactId: string;
  partyId: string;
  contactFlowId: string;
  destinationPhoneNumber: string;
  queueId?: string;
  attributes: Record<string, string>;
}
/** The phone side of a party (the test driver): a dialled party answers or declines, a party hangs up or unmutes themselves. */
export interface PhoneAction extends Base {
  type: 'PhoneAction';
  /** Any contact of the call. */
  contactId: string;
  partyId: string;
  action: 'answer' | 'decline' | 'hangup' | 'unmute';
}
/** Media finished writing a call's recording. */
export interface RecordCallRecording extends Base {
  type: 'RecordCallRecording';
  contactId: string;
  recordingId: string;
  durationMs: number;
  bytes: number;
}
export type CallOperation = 'hold' | 'resume' | 'disconnect' | 'mute' | 'unmute' | 'join' | 'swap' | 'holdAll' | 'sendDigits';
/** An agent's call control (Streams' holdConnection, resumeConnection, destroyConnection, muteParticipant, …). */
export interface ControlCall extends Base {
  type: 'ControlCall';
  userId: string;
  /** The agent's own contact (their leg of the call). */
  contactId: string;
  op: CallOperation;
  connectionId?: string;
  digits?: string;
}

// --- flows: the shell answers what a flow run waits for: flow/commands.ts ----------------------------
import type { FlowBotResult, FlowDigitsReceived, FlowLambdaResult, FlowPromptPlayed, FlowTimeout } from './flow/commands.ts';
export type { FlowBotResult, FlowDigitsReceived, FlowLambdaResult, FlowPromptPlayed, FlowTimeout } from './flow/commands.ts';

export type Command =
  | RecordCallRecording
  | StartTaskContact | CompleteTask | StartScheduledTask
  | FlowPromptPlayed | FlowDigitsReceived | FlowLambdaResult | FlowTimeout | FlowBotResult
  | CreateInstance | CreateAccessKey | CreateQueue | CreateHoursOfOperation | UpdateQueue | CreateQuickConnect | AssociateQueueQuickConnects
  | CreateRoutingProfile | CreateAgentStatus
  | CreateUser | CreateContactFlow | CreateChatWidget | UpdateInstanceAttribute
  | AssociateInstanceStorageConfig | DisassociateInstanceStorageConfig
  | FlowAdminCommand
  | UserAdminCommand | UpdateAgentStatus | QueueAdminCommand | RoutingProfileAdminCommand | HoursAdminCommand
  | InstanceAdminCommand | PhoneNumberCommand | LambdaFunctionCommand | TagCommand
  | SecurityProfileCommand | ResourceAdminCommand
  | SetAgentStatus | AgentConnected | AgentDisconnected | ExpireAgentAway | EndAgentSession | AcceptContact | RejectContact | ExpireOffer | RouteContacts | ClearContact
  | StartChatContact | SendMessage | RecordMessageReceipt | DisconnectParticipant | AddParticipant | TransferContact | CancelInvitation | AddBotParticipant | UpdateContactAttributes
  | StopContact | ExpireChat | StartAttachmentUpload | CompleteAttachmentUpload
  | StartVoiceContact | StartOutboundCall | StartOutboundVoiceContact | PhoneAction | ControlCall;

export type CommandType = Command['type'];
