/** The configuration entities of one instance: everything an administrator sets up. */

export type Channel = 'VOICE' | 'CHAT' | 'TASK';
export const CHANNELS: readonly Channel[] = ['VOICE', 'CHAT', 'TASK'];

export type CrossChannelBehavior = 'ROUTE_CURRENT_CHANNEL_ONLY' | 'ROUTE_ANY_CHANNEL';

export interface MediaConcurrency {
  channel: Channel;
  concurrency: number;
  crossChannelBehavior: CrossChannelBehavior;
}

export interface RoutingProfileQueue {
  queueId: string;
  channel: Channel;
  priority: number;
  delaySeconds: number;
}

export interface RoutingProfile {
  id: string;
  arn: string;
  name: string;
  description: string;
  defaultOutboundQueueId: string;
  mediaConcurrencies: MediaConcurrency[];
  queues: RoutingProfileQueue[];
  // --- Connect admin API (admin/routingProfilesAdmin.ts) ---
  tags?: Record<string, string>;
  lastModifiedAt?: number;
}

export interface Queue {
  id: string;
  arn: string;
  name: string;
  description: string;
  /** When the queue takes new contacts; none = always. */
  hoursOfOperationId?: string;
  /** How many contacts may wait in the queue at once; none = no limit. */
  maxContacts?: number;
  /** Quick connects associated with the queue: its agents may use them. */
  quickConnectIds: string[];
  // --- Connect admin API (admin/queuesAdmin.ts) ---
  /** A DISABLED queue takes no new contacts; none = ENABLED. */
  status?: import('../admin/queuesAdmin.ts').QueueStatus;
  /** OutboundCallerConfig: the caller id shown and the outbound whisper flow of calls placed from this queue. */
  outboundCaller?: import('../admin/queuesAdmin.ts').OutboundCaller;
  tags?: Record<string, string>;
  lastModifiedAt?: number;
}

export type QuickConnectType = 'USER' | 'QUEUE' | 'PHONE_NUMBER';

/** A quick connect: a named destination an agent adds or transfers a contact to (Amazon Connect "transfer destination"). */
export interface QuickConnect {
  id: string;
  arn: string;
  name: string;
  description: string;
  type: QuickConnectType;
  userId?: string;
  queueId?: string;
  phoneNumber?: string;
  /** The flow that runs when it is used (e.g. "Default agent transfer"), whose prompts the customer reads. */
  contactFlowId?: string;
  lastModifiedAt: number;
  /** TagResource (admin/tags.ts). */
  tags?: Record<string, string>;
}

export type Weekday = 'SUNDAY' | 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY';
export const WEEKDAYS: readonly Weekday[] = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/** Amazon Connect hours of operation: open ranges per weekday, in a time zone. */
export interface HoursOfOperation {
  id: string;
  arn: string;
  name: string;
  timeZone: string;
  /** Connect admin API (admin/hoursAdmin.ts). */
  description?: string;
  tags?: Record<string, string>;
  lastModifiedAt?: number;
  config: { day: Weekday; startTime: { hours: number; minutes: number }; endTime: { hours: number; minutes: number } }[];
}

/** Agent status definitions (Amazon Connect "agent statuses"): Available is ROUTABLE, Offline is OFFLINE. */
export type AgentStatusType = 'ROUTABLE' | 'CUSTOM' | 'OFFLINE';

export interface AgentStatus {
  id: string;
  arn: string;
  name: string;
  type: AgentStatusType;
  /** State, order, description (Connect admin API, admin/agentStatuses.ts); none = ENABLED. */
  settings?: import('../admin/agentStatuses.ts').AgentStatusSettings;
}

/** A contact flow. `content` is the Amazon Connect flow language document, already parsed. */
export interface Flow {
  id: string;
  arn: string;
  name: string;
  type: string;
  content: FlowDocument;
  // Managed through the Connect API (admin/flows.ts); absent on flows created before these existed.
  description?: string;
  status?: FlowStatus;
  state?: FlowState;
  tags?: Record<string, string>;
  lastModifiedAt?: number;
}

export interface FlowDocument {
  Version: string;
  StartAction: string;
  Actions: FlowAction[];
  Metadata?: unknown;
}

export interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters?: Record<string, unknown>;
  Transitions?: {
    NextAction?: string;
    Errors?: { NextAction: string; ErrorType: string }[];
    Conditions?: { NextAction: string; Condition: { Operator: string; Operands: unknown[] } }[];
  };
}

/** An IAM-style access key pair that signs Amazon Connect API requests for this instance (SigV4 is HMAC: the secret is kept). */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The public chat widget: lets a web page start chats without holding access keys. */
export interface ChatWidget {
  id: string;
  name: string;
  contactFlowId: string;
  /** Origins allowed to start chats, besides the server's own origin. */
  approvedOrigins: string[];
}

/**
 * Where the instance keeps one kind of data (AssociateInstanceStorageConfig). Associating an
 * ATTACHMENTS config is how Amazon Connect turns chat attachments on; Switchboard keeps the files in
 * its own data directory and records the S3 settings only so they can be read back.
 */
export interface InstanceStorageConfig {
  associationId: string;
  resourceType: string;
  storageType: 'S3';
  s3Config: { bucketName: string; bucketPrefix: string; encryptionConfig?: { encryptionType: string; keyId: string } };
}

// --- flow management: flows, flow modules and prompts through the Connect API (admin/flows.ts) ---------
/** ContactFlowStatus: PUBLISHED flows run; SAVED ones are drafts. */
export type FlowStatus = 'PUBLISHED' | 'SAVED';
/** ContactFlowState / ContactFlowModuleState. */
export type FlowState = 'ACTIVE' | 'ARCHIVED';

/** A flow module (CreateContactFlowModule): a flow-language document with no flow type, invoked from flows. */
export interface FlowModule {
  id: string;
  arn: string;
  name: string;
  description: string;
  content: FlowDocument;
  /** Settings as the API was given it (a JSON string: the module's inputs, outputs and result branches). */
  settings?: string;
  state: FlowState;
  status: FlowStatus;
  tags: Record<string, string>;
  lastModifiedAt: number;
}

/**
 * Where a prompt's words come from: an audio file the shell stored in its blob store before the command
 * (`blobKey`; `s3Uri` is what CreatePrompt was given), or — Switchboard's own addition — a text (or SSML)
 * prompt that is spoken with text to speech.
 */
export type PromptSource =
  | { kind: 'audio'; blobKey: string; s3Uri: string; contentType: string; sizeBytes: number }
  | { kind: 'text'; text: string; ssml: boolean };

/** A prompt (CreatePrompt): played by flows that name it with PromptId. */
export interface Prompt {
  id: string;
  arn: string;
  name: string;
  description: string;
  tags: Record<string, string>;
  source: PromptSource;
  lastModifiedAt: number;
}
