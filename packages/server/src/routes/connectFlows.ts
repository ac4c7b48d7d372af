import type { Router } from '../http/router.ts';
import type { Services } from '../services.ts';
import { getContactFlowLogs } from '../api/connect/flowLogs.ts';
import { createContactFlowModule, deleteContactFlowModule, describeContactFlowModule, listContactFlowModules, updateContactFlowModuleContent, updateContactFlowModuleMetadata } from '../api/connect/flowModules.ts';
import { createContactFlow, deleteContactFlow, describeContactFlow, listContactFlows, updateContactFlowContent, updateContactFlowMetadata, updateContactFlowName } from '../api/connect/flows.ts';
import { createPrompt, deletePrompt, describePrompt, downloadPromptFile, getPromptFile, listPrompts, uploadPromptFile } from '../api/connect/prompts.ts';

/** The Connect API for flows, flow modules, prompts and flow logs. */
export function connectFlowRoutes(router: Router, services: Services): Router {
  return router
    .on('GET', '/contact-flow-logs/:instanceId/:contactId', (c) => getContactFlowLogs(services, c))
    .on('PUT', '/contact-flows/:instanceId', (c) => createContactFlow(services, c))
    .on('GET', '/contact-flows/:instanceId/:contactFlowId', (c) => describeContactFlow(services, c))
    .on('GET', '/contact-flows-summary/:instanceId', (c) => listContactFlows(services, c))
    .on('POST', '/contact-flows/:instanceId/:contactFlowId/content', (c) => updateContactFlowContent(services, c))
    .on('POST', '/contact-flows/:instanceId/:contactFlowId/name', (c) => updateContactFlowName(services, c))
    .on('POST', '/contact-flows/:instanceId/:contactFlowId/metadata', (c) => updateContactFlowMetadata(services, c))
    .on('DELETE', '/contact-flows/:instanceId/:contactFlowId', (c) => deleteContactFlow(services, c))
    .on('PUT', '/contact-flow-modules/:instanceId', (c) => createContactFlowModule(services, c))
    .on('GET', '/contact-flow-modules/:instanceId/:moduleId', (c) => describeContactFlowModule(services, c))
    .on('GET', '/contact-flow-modules-summary/:instanceId', (c) => listContactFlowModules(services, c))
    .on('POST', '/contact-flow-modules/:instanceId/:moduleId/content', (c) => updateContactFlowModuleContent(services, c))
    .on('POST', '/contact-flow-modules/:instanceId/:moduleId/metadata', (c) => updateContactFlowModuleMetadata(services, c))
    .on('DELETE', '/contact-flow-modules/:instanceId/:moduleId', (c) => deleteContactFlowModule(services, c))
    .on('PUT', '/prompt-files/:instanceId', (c) => uploadPromptFile(services, c))
    .on('PUT', '/prompts/:instanceId', (c) => createPrompt(services, c))
    .on('GET', '/prompts/:instanceId/:promptId', (c) => describePrompt(services, c))
    .on('GET', '/prompts-summary/:instanceId', (c) => listPrompts(services, c))
    .on('DELETE', '/prompts/:instanceId/:promptId', (c) => deletePrompt(services, c))
    .on('GET', '/prompts/:instanceId/:promptId/file', (c) => getPromptFile(services, c))
    .on('GET', '/prompt-files/:instanceId/:promptId', (c) => downloadPromptFile(services, c));
}
