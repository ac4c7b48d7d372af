import type { FlowDocument, PromptSource } from '../model/instance.ts';

/**
 * Commands and events that manage flows, flow modules and prompts (the Connect API's CreateContactFlow
 * family; issue 17 part 5). CreateContactFlow itself is in commands.ts (the demo seeding uses it too).
 */
interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}
interface EventBase {
  instanceId: string;
  at: number;
}

// --- commands ------------------------------------------------------------------------------------------
/** UpdateContactFlowContent: the flow's document is replaced; contacts started from now on run the new one. */
export interface UpdateContactFlowContent extends CommandBase {
  type: 'UpdateContactFlowContent';
  flowId: string;
  content: FlowDocument;
}
/** UpdateContactFlowName / UpdateContactFlowMetadata: what is given changes, the rest stays. */
export interface UpdateContactFlowMetadata extends CommandBase {
  type: 'UpdateContactFlowMetadata';
  flowId: string;
  name?: string;
  description?: string;
  state?: string;
}
export interface DeleteContactFlow extends CommandBase {
  type: 'DeleteContactFlow';
  flowId: string;
}
export interface CreateContactFlowModule extends CommandBase {
  type: 'CreateContactFlowModule';
  moduleId: string;
  name: string;
  description: string;
  content: FlowDocument;
  /** The module's Settings (its inputs, outputs and result branches), as the JSON string the API was given. */
  settings?: string;
  tags: Record<string, string>;
}
export interface UpdateContactFlowModuleContent extends CommandBase {
  type: 'UpdateContactFlowModuleContent';
  moduleId: string;
  content: FlowDocument;
  settings?: string;
}
export interface UpdateContactFlowModuleMetadata extends CommandBase {
  type: 'UpdateContactFlowModuleMetadata';
  moduleId: string;
  name?: string;
  description?: string;
  state?: string;
}
export interface DeleteContactFlowModule extends CommandBase {
  type: 'DeleteContactFlowModule';
  moduleId: string;
}
/** CreatePrompt: an audio file already stored by the shell (durable before the command), or a text prompt. */
export interface CreatePrompt extends CommandBase {
  type: 'CreatePrompt';
  promptId: string;
  name: string;
  description: string;
  tags: Record<string, string>;
  source: PromptSource;
}
export interface DeletePrompt extends CommandBase {
  type: 'DeletePrompt';
  promptId: string;
}

export type FlowAdminCommand =
  | UpdateContactFlowContent | UpdateContactFlowMetadata | DeleteContactFlow
  | CreateContactFlowModule | UpdateContactFlowModuleContent | UpdateContactFlowModuleMetadata | DeleteContactFlowModule
  | CreatePrompt | DeletePrompt;

export const FLOW_ADMIN_COMMANDS: ReadonlySet<string> = new Set<FlowAdminCommand['type']>([
  'UpdateContactFlowContent', 'UpdateContactFlowMetadata', 'DeleteContactFlow',
  'CreateContactFlowModule', 'UpdateContactFlowModuleContent', 'UpdateContactFlowModuleMetadata', 'DeleteContactFlowModule',
  'CreatePrompt', 'DeletePrompt',
]);

// --- events --------------------------------------------------------------------------------------------
export interface ContactFlowContentUpdated extends EventBase {
  type: 'ContactFlowContentUpdated';
  flowId: string;
  content: FlowDocument;
}
export interface ContactFlowMetadataUpdated extends EventBase {
  type: 'ContactFlowMetadataUpdated';
  flowId: string;
  name?: string;
  description?: string;
  state?: 'ACTIVE' | 'ARCHIVED';
}
export interface ContactFlowDeleted extends EventBase {
  type: 'ContactFlowDeleted';
  flowId: string;
}
export interface ContactFlowModuleCreated extends EventBase {
  type: 'ContactFlowModuleCreated';
  moduleId: string;
  name: string;
  description: string;
  content: FlowDocument;
  settings?: string;
  tags: Record<string, string>;
}
export interface ContactFlowModuleContentUpdated extends EventBase {
  type: 'ContactFlowModuleContentUpdated';
  moduleId: string;
  content: FlowDocument;
  settings?: string;
}
export interface ContactFlowModuleMetadataUpdated extends EventBase {
  type: 'ContactFlowModuleMetadataUpdated';
  moduleId: string;
  name?: string;
  description?: string;
  state?: 'ACTIVE' | 'ARCHIVED';
}
export interface ContactFlowModuleDeleted extends EventBase {
  type: 'ContactFlowModuleDeleted';
  moduleId: string;
}
export interface PromptCreated extends EventBase {
  type: 'PromptCreated';
  promptId: string;
  name: string;
  description: string;
  tags: Record<string, string>;
  source: PromptSource;
}
export interface PromptDeleted extends EventBase {
  type: 'PromptDeleted';
  promptId: string;
}

export type FlowAdminEvent =
  | ContactFlowContentUpdated | ContactFlowMetadataUpdated | ContactFlowDeleted
  | ContactFlowModuleCreated | ContactFlowModuleContentUpdated | ContactFlowModuleMetadataUpdated | ContactFlowModuleDeleted
  | PromptCreated | PromptDeleted;

export const FLOW_ADMIN_EVENTS: ReadonlySet<string> = new Set<FlowAdminEvent['type']>([
  'ContactFlowContentUpdated', 'ContactFlowMetadataUpdated', 'ContactFlowDeleted',
  'ContactFlowModuleCreated', 'ContactFlowModuleContentUpdated', 'ContactFlowModuleMetadataUpdated', 'ContactFlowModuleDeleted',
  'PromptCreated', 'PromptDeleted',
]);
