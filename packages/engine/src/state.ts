import type { SecurityProfile } from './admin/permissions.ts';
import type { AccessKey, AgentStatus, ChatWidget, Flow, HoursOfOperation, InstanceStorageConfig, Queue, QuickConnect, RoutingProfile } from './model/instance.ts';
import type { Contact } from './model/contact.ts';
import type { FlowModule, Prompt } from './model/instance.ts';
import type { User } from './model/user.ts';
import type { OfferIndex } from './routing/offerIndex.ts';

/** Instance attributes (UpdateInstanceAttribute), e.g. MULTI_PARTY_CHAT_CONFERENCE = "true". */
export type InstanceAttributes = Record<string, string>;

export interface Instance {
  id: string;
  arn: string;
  alias: string;
  region: string;
  accountId: string;
  createdAt: number;
  attributes: InstanceAttributes;
  /** Secret that signs this instance's participant, connection and agent tokens (hex, from the shell). */
  tokenKey: string;
  accessKeys: Map<string, AccessKey>;
  queues: Map<string, Queue>;
  hoursOfOperations: Map<string, HoursOfOperation>;
  quickConnects: Map<string, QuickConnect>;
  routingProfiles: Map<string, RoutingProfile>;
  agentStatuses: Map<string, AgentStatus>;
  users: Map<string, User>;
  flows: Map<string, Flow>;
  widgets: Map<string, ChatWidget>;
  /** Storage configs by association id (AssociateInstanceStorageConfig); an ATTACHMENTS one turns chat attachments on. */
  storageConfigs: Map<string, InstanceStorageConfig>;
  /** Flow modules and prompts by id (CreateContactFlowModule, CreatePrompt; admin/flows.ts). */
  flowModules: Map<string, FlowModule>;
  prompts: Map<string, Prompt>;
  /** The instance's own security profiles (CreateSecurityProfile); the built-in ones are in admin/permissions.ts. Absent = none yet. */
  securityProfiles?: Map<string, SecurityProfile>;
  contacts: Map<string, Contact>;
  /**
   * Index: ids of the contacts whose status is 'queued' (offered or not). Derived, kept by evolve, so
   * routing never scans every contact the instance ever had.
   */
  queued: Set<string>;
  /** Index: ids of the contacts with a pending invitation (derived, kept by evolve). */
  inviting: Set<string>;
  /**
   * Agent sessions that were ended (logged out) before their token expired: session id → the token's
   * expiry. The shell refuses a token whose session is here; an entry is forgotten once its token has
   * expired anyway (see agent/session.ts), so this holds at most the sessions ended in the last
   * token lifetime.
   */
  endedSessions: Map<string, number>;
  /** Index: offerable agents with a free slot, per routing profile and channel, longest idle first (derived, kept by evolve). */
  offerIndex: OfferIndex;
  // --- Connect admin API: instances, approved origins, phone numbers, tags (admin/instancesAdmin.ts, admin/phoneNumbers.ts) ---
  /** Origins whose pages may use the instance's chat (AssociateApprovedOrigin); the widgets add their own. */
  approvedOrigins?: string[];
  /** Lambda functions (unqualified ARNs) the instance's flows may invoke (admin/lambdaFunctions.ts). */
  lambdaFunctions?: string[];
  /** Phone numbers the instance has claimed, by id (ClaimPhoneNumber). */
  phoneNumbers?: Map<string, import('./admin/phoneNumbers.ts').PhoneNumber>;
  tags?: Record<string, string>;
  /** CreateInstance's IdentityManagementType; absent = CONNECT_MANAGED (every instance made before CreateInstance). */
  identityManagementType?: string;
}

/**
 * The whole contact center: every instance. The engine owns it: `evolve` changes it in place,
 * and only `evolve` does, so replaying the same events always rebuilds the same state.
 */
export interface State {
  instances: Map<string, Instance>;
}

export function emptyState(): State {
  return { instances: new Map() };
}
