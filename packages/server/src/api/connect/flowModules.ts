import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FLOW_MODULE, checkFlow, resourceArn, type FlowModule, type Instance, type Rejection } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { flowRef, invalidContent, page, parsedContent, sha256, switchboardExtra } from './flows.ts';

/**
 * Flow modules through the Connect API: CreateContactFlowModule, DescribeContactFlowModule,
 * ListContactFlowModules, UpdateContactFlowModuleContent, UpdateContactFlowModuleMetadata,
 * DeleteContactFlowModule. A module has no flow type; its document is checked as a module (it ends with
 * EndFlowModuleExecution, not EndFlowExecution). A broken document is InvalidContactFlowModuleException,
 * whose list is `Problems` (capitalised, unlike InvalidContactFlowException's `problems`).
 */

const EXCEPTION = 'InvalidContactFlowModuleException';
const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, 'at most 50 tags');
const Name = z.string().min(1).max(127);

/** A module's Settings is a JSON string (its inputs, outputs and result branches); it must parse. */
const Settings = z.string().max(256_000).refine((s) => {
  try {
    return typeof JSON.parse(s) === 'object';
  } catch {
    return false;
  }
}, 'Settings must be a JSON object');

const moduleRejection = (rejection: Rejection): ApiError =>
  rejection.code === 'InvalidContactFlow' ? invalidContent(rejection.problems ?? [rejection.message], EXCEPTION, 'Problems') : fromRejection('connect', rejection);

function findModule(instance: Instance, ref: string): FlowModule {
  const m = instance.flowModules.get(flowRef(ref));
  if (!m) throw errors.notFound(`ContactFlowModule ${ref} not found`, 'ContactFlowModule', ref);
  return m;
}

/** CreateContactFlowModule (PUT /contact-flow-modules/{InstanceId}); ClientToken retries get the first answer. */
export async function createContactFlowModule(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({
    Name, Content: z.string().min(1), Description: z.string().max(500).optional(), Tags: Tags.optional(), ClientToken: z.string().max(500).optional(),
    Settings: Settings.optional(),
  }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const { document, unsupportedActions } = parsedContent(b.Content, FLOW_MODULE, EXCEPTION, 'Problems');
  const key = b.ClientToken ? `CreateContactFlowModule/${instance.id}/${b.ClientToken}` : undefined;
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    const moduleId = randomUUID();
    const outcome = await services.pipeline.submit({
      type: 'CreateContactFlowModule', instanceId: instance.id, moduleId, name: b.Name, description: b.Description ?? '', content: document,
      tags: b.Tags ?? {}, ...(b.Settings !== undefined ? { settings: b.Settings } : {}),
    }, { key, answer: () => ({ Id: moduleId, Arn: resourceArn(instance, 'flow-module', moduleId), ...switchboardExtra(unsupportedActions) }) });
    if (!outcome.ok) throw moduleRejection(outcome.rejection);
    return outcome.answer;
  }));
}

/** DescribeContactFlowModule (GET /contact-flow-modules/{InstanceId}/{ContactFlowModuleId}). */
export async function describeContactFlowModule(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const m = findModule(instance, params.moduleId!);
  const content = JSON.stringify(m.content);
  sendJson(res, 200, {
    ContactFlowModule: {
      Arn: m.arn, Id: m.id, Name: m.name, Content: content, Description: m.description, State: m.state, Status: m.status, Tags: m.tags,
      FlowModuleContentSha256: sha256(content), ...(m.settings !== undefined ? { Settings: m.settings } : {}),
    },
    ...switchboardExtra(checkFlow(m.content, FLOW_MODULE).unsupportedActions),
  });
}

/** ListContactFlowModules (GET /contact-flow-modules-summary/{InstanceId}?state=…&maxResults=…&nextToken=…), by name. */
export async function listContactFlowModules(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const state = url.searchParams.get('state');
  if (state !== null && state !== 'ACTIVE' && state !== 'ARCHIVED') throw new ApiError(400, 'InvalidParameterException', 'ContactFlowModuleState must be ACTIVE or ARCHIVED');
  await services.pipeline.settled();
  const all = [...instance.flowModules.values()]
    .filter((m) => state === null || m.state === state)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  const { items, nextToken } = page(url, all);
  sendJson(res, 200, {
    ContactFlowModulesSummaryList: items.map((m) => ({ Id: m.id, Arn: m.arn, Name: m.name, State: m.state })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

/** UpdateContactFlowModuleContent (POST /contact-flow-modules/{InstanceId}/{ContactFlowModuleId}/content). */
export async function updateContactFlowModuleContent(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ Content: z.string().min(1), Settings: Settings.optional() }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const m = findModule(instance, params.moduleId!);
  const { document, unsupportedActions } = parsedContent(parsed.data.Content, FLOW_MODULE, EXCEPTION, 'Problems');
  const outcome = await services.pipeline.submit({
    type: 'UpdateContactFlowModuleContent', instanceId: instance.id, moduleId: m.id, content: document,
    ...(parsed.data.Settings !== undefined ? { settings: parsed.data.Settings } : {}),
  });
  if (!outcome.ok) throw moduleRejection(outcome.rejection);
  sendJson(res, 200, switchboardExtra(unsupportedActions));
}

/** UpdateContactFlowModuleMetadata (POST /contact-flow-modules/{InstanceId}/{ContactFlowModuleId}/metadata): Name, Description, State. */
export async function updateContactFlowModuleMetadata(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ Name: Name.optional(), Description: z.string().max(500).optional(), State: z.string().optional() }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({
    type: 'UpdateContactFlowModuleMetadata', instanceId: instance.id, moduleId: flowRef(params.moduleId!),
    ...(b.Name !== undefined ? { name: b.Name } : {}), ...(b.Description !== undefined ? { description: b.Description } : {}),
    ...(b.State !== undefined ? { state: b.State } : {}),
  });
  if (!outcome.ok) throw moduleRejection(outcome.rejection);
  sendJson(res, 200, {});
}

/** DeleteContactFlowModule (DELETE /contact-flow-modules/{InstanceId}/{ContactFlowModuleId}). */
export async function deleteContactFlowModule(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({ type: 'DeleteContactFlowModule', instanceId: instance.id, moduleId: flowRef(params.moduleId!) });
  if (!outcome.ok) throw moduleRejection(outcome.rejection);
  sendJson(res, 200, {});
}
