import type { CreateContactFlow } from '../commands.ts';
import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import type { FlowState, FlowStatus } from '../model/instance.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';
import { resourceArn } from '../arn.ts';
import { CONTACT_FLOW_TYPES, FLOW_MODULE, checkFlow } from '../flow/validate.ts';
import { FLOW_ADMIN_EVENTS, type FlowAdminCommand, type FlowAdminEvent } from './flowCommands.ts';

/**
 * Managing flows, flow modules and prompts (the Connect API's CreateContactFlow family). Rules:
 * - a flow's or module's document must pass the importer's checks (flow/validate.ts) for its type, or the
 *   command is refused with every problem (InvalidContactFlow) and nothing is stored; documented actions
 *   the interpreter does not run yet do not refuse it;
 * - names are unique per instance among flows, among modules and among prompts (DuplicateResource);
 * - a flow a chat widget or a quick connect uses cannot be deleted (Conflict), nor can a referenced thing be missing.
 */

const FLOW_STATUSES: readonly string[] = ['PUBLISHED', 'SAVED'];
const FLOW_STATES: readonly string[] = ['ACTIVE', 'ARCHIVED'];
/** A text prompt (Switchboard's own addition) is at most this many characters, as a flow's Text parameter. */
export const MAX_TEXT_PROMPT_CHARS = 3000;

function invalidFlow(problems: string[], what: string): Rejection {
  return reject('InvalidContactFlow', `the ${what} is not valid: ${problems.join('; ')}`, { problems });
}

/** CreateContactFlow (the engine command the demo seeding also uses). */
export function decideCreateContactFlow(instance: Instance, command: CreateContactFlow): Decision {
  if (!(CONTACT_FLOW_TYPES as readonly string[]).includes(command.flowType)) {
    return refused(reject('InvalidParameter', `Type ${command.flowType} is not a flow type (${CONTACT_FLOW_TYPES.join(', ')})`));
  }
  if (command.status !== undefined && !FLOW_STATUSES.includes(command.status)) return refused(reject('InvalidParameter', `Status must be PUBLISHED or SAVED, got ${command.status}`));
  if (instance.flows.has(command.flowId)) return refused(reject('DuplicateResource', `flow ${command.flowId} already exists`));
  if (flowNamed(instance, command.name)) return refused(reject('DuplicateResource', `a flow named ${command.name} already exists`));
  const { problems } = checkFlow(command.content, command.flowType);
  if (problems.length > 0) return refused(invalidFlow(problems, 'flow'));
  return accepted([{
    type: 'ContactFlowCreated', instanceId: instance.id, at: command.now, flowId: command.flowId, name: command.name, flowType: command.flowType,
    content: command.content,
    ...(command.description !== undefined ? { description: command.description } : {}),
    ...(command.status !== undefined ? { status: command.status as FlowStatus } : {}),
    ...(command.tags !== undefined ? { tags: command.tags } : {}),
  }]);
}

function flowNamed(instance: Instance, name: string, except?: string): boolean {
  for (const flow of instance.flows.values()) if (flow.name === name && flow.id !== except) return true;
  return false;
}

function moduleNamed(instance: Instance, name: string, except?: string): boolean {
  for (const m of instance.flowModules.values()) if (m.name === name && m.id !== except) return true;
  return false;
}

/** What uses a flow, so that it cannot be deleted: chat widgets and quick connects. */
export function flowUsers(instance: Instance, flowId: string): string[] {
  const users: string[] = [];
  for (const w of instance.widgets.values()) if (w.contactFlowId === flowId) users.push(`chat widget ${w.name}`);
  for (const q of instance.quickConnects.values()) if (q.contactFlowId === flowId) users.push(`quick connect ${q.name}`);
  return users;
}

export function decideFlowAdmin(state: State, command: FlowAdminCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const base = { instanceId: instance.id, at: command.now };
  switch (command.type) {
    case 'UpdateContactFlowContent': {
      const flow = instance.flows.get(command.flowId);
      if (!flow) return refused(notFound('ContactFlow', command.flowId));
      const { problems } = checkFlow(command.content, flow.type);
      if (problems.length > 0) return refused(invalidFlow(problems, 'flow'));
      return accepted([{ type: 'ContactFlowContentUpdated', ...base, flowId: flow.id, content: command.content }]);
    }
    case 'UpdateContactFlowMetadata': {
      const flow = instance.flows.get(command.flowId);
      if (!flow) return refused(notFound('ContactFlow', command.flowId));
      if (command.name !== undefined && flowNamed(instance, command.name, flow.id)) return refused(reject('DuplicateResource', `a flow named ${command.name} already exists`));
      if (command.state !== undefined && !FLOW_STATES.includes(command.state)) return refused(reject('InvalidParameter', `ContactFlowState must be ACTIVE or ARCHIVED, got ${command.state}`));
      return accepted([{
        type: 'ContactFlowMetadataUpdated', ...base, flowId: flow.id,
        ...(command.name !== undefined ? { name: command.name } : {}),
        ...(command.description !== undefined ? { description: command.description } : {}),
        ...(command.state !== undefined ? { state: command.state as FlowState } : {}),
      }]);
    }
    case 'DeleteContactFlow': {
      const flow = instance.flows.get(command.flowId);
      if (!flow) return refused(notFound('ContactFlow', command.flowId));
      const users = flowUsers(instance, flow.id);
      if (users.length > 0) {
        return refused(reject('Conflict', `flow ${flow.name} is in use by ${users.join(', ')}; point them at another flow first`, { rule: 'flow-in-use-is-not-deleted' }));
      }
      return accepted([{ type: 'ContactFlowDeleted', ...base, flowId: flow.id }]);
    }
    case 'CreateContactFlowModule': {
      if (instance.flowModules.has(command.moduleId)) return refused(reject('DuplicateResource', `flow module ${command.moduleId} already exists`));
      if (moduleNamed(instance, command.name)) return refused(reject('DuplicateResource', `a flow module named ${command.name} already exists`));
      const { problems } = checkFlow(command.content, FLOW_MODULE);
      if (problems.length > 0) return refused(invalidFlow(problems, 'flow module'));
      return accepted([{
        type: 'ContactFlowModuleCreated', ...base, moduleId: command.moduleId, name: command.name, description: command.description,
        content: command.content, tags: command.tags, ...(command.settings !== undefined ? { settings: command.settings } : {}),
      }]);
    }
    case 'UpdateContactFlowModuleContent': {
      const m = instance.flowModules.get(command.moduleId);
      if (!m) return refused(notFound('ContactFlowModule', command.moduleId));
      const { problems } = checkFlow(command.content, FLOW_MODULE);
      if (problems.length > 0) return refused(invalidFlow(problems, 'flow module'));
      return accepted([{
        type: 'ContactFlowModuleContentUpdated', ...base, moduleId: m.id, content: command.content,
        ...(command.settings !== undefined ? { settings: command.settings } : {}),
      }]);
    }
    case 'UpdateContactFlowModuleMetadata': {
      const m = instance.flowModules.get(command.moduleId);
      if (!m) return refused(notFound('ContactFlowModule', command.moduleId));
      if (command.name !== undefined && moduleNamed(instance, command.name, m.id)) return refused(reject('DuplicateResource', `a flow module named ${command.name} already exists`));
      if (command.state !== undefined && !FLOW_STATES.includes(command.state)) return refused(reject('InvalidParameter', `State must be ACTIVE or ARCHIVED, got ${command.state}`));
      return accepted([{
        type: 'ContactFlowModuleMetadataUpdated', ...base, moduleId: m.id,
        ...(command.name !== undefined ? { name: command.name } : {}),
        ...(command.description !== undefined ? { description: command.description } : {}),
        ...(command.state !== undefined ? { state: command.state as FlowState } : {}),
      }]);
    }
    case 'DeleteContactFlowModule':
      if (!instance.flowModules.has(command.moduleId)) return refused(notFound('ContactFlowModule', command.moduleId));
      return accepted([{ type: 'ContactFlowModuleDeleted', ...base, moduleId: command.moduleId }]);
    case 'CreatePrompt': {
      if (instance.prompts.has(command.promptId)) return refused(reject('DuplicateResource', `prompt ${command.promptId} already exists`));
      for (const p of instance.prompts.values()) if (p.name === command.name) return refused(reject('DuplicateResource', `a prompt named ${command.name} already exists`));
      const s = command.source;
      if (s.kind === 'text' && (s.text.trim().length === 0 || s.text.length > MAX_TEXT_PROMPT_CHARS)) {
        return refused(reject('InvalidParameter', `a text prompt must have 1–${MAX_TEXT_PROMPT_CHARS} characters`));
      }
      if (s.kind === 'audio' && (s.sizeBytes <= 0 || s.blobKey.length === 0)) return refused(reject('InvalidParameter', 'the prompt file is empty'));
      return accepted([{ type: 'PromptCreated', ...base, promptId: command.promptId, name: command.name, description: command.description, tags: command.tags, source: s }]);
    }
    case 'DeletePrompt':
      if (!instance.prompts.has(command.promptId)) return refused(notFound('Prompt', command.promptId));
      return accepted([{ type: 'PromptDeleted', ...base, promptId: command.promptId }]);
  }
}

export function isFlowAdminEvent(event: Event): event is FlowAdminEvent {
  return FLOW_ADMIN_EVENTS.has(event.type);
}

/** Applies a flow-management event to its instance (evolve's part), in place. */
export function applyFlowAdmin(instance: Instance, event: FlowAdminEvent): void {
  switch (event.type) {
    case 'ContactFlowContentUpdated': {
      const flow = instance.flows.get(event.flowId);
      if (!flow) throw new Error(`event for unknown flow ${event.flowId}`);
      flow.content = event.content;
      flow.lastModifiedAt = event.at;
      return;
    }
    case 'ContactFlowMetadataUpdated': {
      const flow = instance.flows.get(event.flowId);
      if (!flow) throw new Error(`event for unknown flow ${event.flowId}`);
      if (event.name !== undefined) flow.name = event.name;
      if (event.description !== undefined) flow.description = event.description;
      if (event.state !== undefined) flow.state = event.state;
      flow.lastModifiedAt = event.at;
      return;
    }
    case 'ContactFlowDeleted':
      instance.flows.delete(event.flowId);
      return;
    case 'ContactFlowModuleCreated':
      instance.flowModules.set(event.moduleId, {
        id: event.moduleId, arn: resourceArn(instance, 'flow-module', event.moduleId), name: event.name, description: event.description,
        content: event.content, state: 'ACTIVE', status: 'PUBLISHED', tags: { ...event.tags }, lastModifiedAt: event.at,
        ...(event.settings !== undefined ? { settings: event.settings } : {}),
      });
      return;
    case 'ContactFlowModuleContentUpdated': {
      const m = instance.flowModules.get(event.moduleId);
      if (!m) throw new Error(`event for unknown flow module ${event.moduleId}`);
      m.content = event.content;
      if (event.settings !== undefined) m.settings = event.settings;
      m.lastModifiedAt = event.at;
      return;
    }
    case 'ContactFlowModuleMetadataUpdated': {
      const m = instance.flowModules.get(event.moduleId);
      if (!m) throw new Error(`event for unknown flow module ${event.moduleId}`);
      if (event.name !== undefined) m.name = event.name;
      if (event.description !== undefined) m.description = event.description;
      if (event.state !== undefined) m.state = event.state;
      m.lastModifiedAt = event.at;
      return;
    }
    case 'ContactFlowModuleDeleted':
      instance.flowModules.delete(event.moduleId);
      return;
    case 'PromptCreated':
      instance.prompts.set(event.promptId, {
        id: event.promptId, arn: resourceArn(instance, 'prompt', event.promptId), name: event.name, description: event.description,
        tags: { ...event.tags }, source: { ...event.source }, lastModifiedAt: event.at,
      });
      return;
    case 'PromptDeleted':
      instance.prompts.delete(event.promptId);
      return;
  }
}
