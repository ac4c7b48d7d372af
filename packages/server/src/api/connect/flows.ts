import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CONTACT_FLOW_TYPES, checkFlow, parseFlowContent, type Flow, type Instance } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

/**
 * Flows through the Connect API: CreateContactFlow, DescribeContactFlow, ListContactFlows,
 * UpdateContactFlowContent, UpdateContactFlowName, UpdateContactFlowMetadata, DeleteContactFlow.
 * Content is the flow-language document as a JSON string (≤ 256000 characters). A document with broken
 * structure is InvalidContactFlowException with every problem in `problems: [{message}]`, and nothing is
 * stored. Switchboard's own addition: answers that take a document carry
 * `Switchboard: { UnsupportedActions: [...] }`, the documented action types in it that the interpreter
 * does not run yet (the flow is stored; running into one takes its error branch).
 */

const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, 'at most 50 tags');
const Name = z.string().min(1).max(512);

const CreateBody = z.object({
  Name,
  Type: z.string().min(1),
  Content: z.string().min(1),
  Description: z.string().max(500).optional(),
  Status: z.string().optional(),
  Tags: Tags.optional(),
});

/** A ContactFlowId may be an id or an ARN, with an alias or version after a colon (`…:$SAVED`, `…:$LATEST`, `…:3`). */
export function flowRef(ref: string): string {
  const id = idOf(ref);
  const colon = id.indexOf(':');
  return colon === -1 ? id : id.slice(0, colon);
}

/** Content parsed and checked before any command: malformed JSON or a broken structure never reaches the log. */
export function parsedContent(text: string, flowType: string, exception = 'InvalidContactFlowException', problemsKey = 'problems') {
  const check = parseFlowContent(text, flowType);
  if (!check.document) throw invalidContent(check.problems, exception, problemsKey);
  return { document: check.document, unsupportedActions: check.unsupportedActions };
}

export function invalidContent(problems: string[], exception: string, problemsKey: string): ApiError {
  return new ApiError(400, exception, `the ${exception === 'InvalidContactFlowException' ? 'flow' : 'flow module'} is not valid: ${problems.join('; ')}`, {
    [problemsKey]: problems.map((message) => ({ message })),
  });
}

/** What Switchboard adds to an answer about a document (see above). */
export const switchboardExtra = (unsupportedActions: string[]) => ({ Switchboard: { UnsupportedActions: unsupportedActions } });

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Paging shared by the List operations: NextToken is the offset of the next page. */
export function page<T>(url: URL, all: T[], maxName = 'maxResults'): { items: T[]; nextToken?: string } {
  const max = Number(url.searchParams.get(maxName) ?? 100);
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new ApiError(400, 'InvalidParameterException', 'MaxResults must be 1–1000');
  const token = url.searchParams.get('nextToken') ?? '0';
  const start = /^\d{1,9}$/.test(token) ? Number(token) : NaN;
  if (!Number.isInteger(start) || start > all.length) throw new ApiError(400, 'InvalidParameterException', 'NextToken is not valid');
  return { items: all.slice(start, start + max), ...(start + max < all.length ? { nextToken: String(start + max) } : {}) };
}

function findFlow(instance: Instance, ref: string): Flow {
  const flow = instance.flows.get(flowRef(ref));
  if (!flow) throw errors.notFound(`ContactFlow ${ref} not found`, 'ContactFlow', ref);
  return flow;
}

/** CreateContactFlow (PUT /contact-flows/{InstanceId}). */
export async function createContactFlow(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = CreateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  if (!(CONTACT_FLOW_TYPES as readonly string[]).includes(b.Type)) {
    throw new ApiError(400, 'InvalidParameterException', `Type ${b.Type} is not a flow type (${CONTACT_FLOW_TYPES.join(', ')})`);
  }
  if (b.Status !== undefined && b.Status !== 'PUBLISHED' && b.Status !== 'SAVED') throw new ApiError(400, 'InvalidParameterException', 'Status must be PUBLISHED or SAVED');
  const { document, unsupportedActions } = parsedContent(b.Content, b.Type);
  const flowId = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'CreateContactFlow', instanceId: instance.id, flowId, name: b.Name, flowType: b.Type, content: document,
    description: b.Description ?? '', ...(b.Status !== undefined ? { status: b.Status } : {}), tags: b.Tags ?? {},
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {
    ContactFlowId: flowId, ContactFlowArn: instance.flows.get(flowId)!.arn, FlowContentSha256: sha256(JSON.stringify(document)),
    ...switchboardExtra(unsupportedActions),
  });
}

/** DescribeContactFlow (GET /contact-flows/{InstanceId}/{ContactFlowId}). */
export async function describeContactFlow(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const flow = findFlow(instance, params.contactFlowId!);
  const content = JSON.stringify(flow.content);
  sendJson(res, 200, {
    ContactFlow: {
      Arn: flow.arn, Id: flow.id, Name: flow.name, Type: flow.type, State: flow.state ?? 'ACTIVE', Status: flow.status ?? 'PUBLISHED',
      Description: flow.description ?? '', Content: content, Tags: flow.tags ?? {}, FlowContentSha256: sha256(content),
      ...(flow.lastModifiedAt !== undefined ? { LastModifiedTime: flow.lastModifiedAt / 1000 } : {}), LastModifiedRegion: instance.region,
    },
    ...switchboardExtra(checkFlow(flow.content, flow.type).unsupportedActions),
  });
}

/** ListContactFlows (GET /contact-flows-summary/{InstanceId}?contactFlowTypes=…&maxResults=…&nextToken=…), by name. */
export async function listContactFlows(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const types = url.searchParams.getAll('contactFlowTypes');
  for (const t of types) if (!(CONTACT_FLOW_TYPES as readonly string[]).includes(t)) throw new ApiError(400, 'InvalidParameterException', `ContactFlowTypes: ${t} is not a flow type`);
  await services.pipeline.settled();
  const all = [...instance.flows.values()]
    .filter((f) => types.length === 0 || types.includes(f.type))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  const { items, nextToken } = page(url, all);
  sendJson(res, 200, {
    ContactFlowSummaryList: items.map((f) => ({
      Id: f.id, Arn: f.arn, Name: f.name, ContactFlowType: f.type, ContactFlowState: f.state ?? 'ACTIVE', ContactFlowStatus: f.status ?? 'PUBLISHED',
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

/** UpdateContactFlowContent (POST /contact-flows/{InstanceId}/{ContactFlowId}/content): contacts started afterwards run the new document. */
export async function updateContactFlowContent(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ Content: z.string().min(1) }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const flow = findFlow(instance, params.contactFlowId!);
  const { document, unsupportedActions } = parsedContent(parsed.data.Content, flow.type);
  const outcome = await services.pipeline.submit({ type: 'UpdateContactFlowContent', instanceId: instance.id, flowId: flow.id, content: document });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, switchboardExtra(unsupportedActions));
}

const MetadataBody = z.object({ Name: Name.optional(), Description: z.string().max(500).optional(), ContactFlowState: z.string().optional() });

async function updateMetadata(services: Services, { req, res, params }: RouteContext, withState: boolean): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = MetadataBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({
    type: 'UpdateContactFlowMetadata', instanceId: instance.id, flowId: flowRef(params.contactFlowId!),
    ...(b.Name !== undefined ? { name: b.Name } : {}), ...(b.Description !== undefined ? { description: b.Description } : {}),
    ...(withState && b.ContactFlowState !== undefined ? { state: b.ContactFlowState } : {}),
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}

/** UpdateContactFlowName (POST /contact-flows/{InstanceId}/{ContactFlowId}/name): Name and/or Description. */
export const updateContactFlowName = (services: Services, c: RouteContext) => updateMetadata(services, c, false);
/** UpdateContactFlowMetadata (POST /contact-flows/{InstanceId}/{ContactFlowId}/metadata): Name, Description, ContactFlowState (ACTIVE | ARCHIVED). */
export const updateContactFlowMetadata = (services: Services, c: RouteContext) => updateMetadata(services, c, true);

/** DeleteContactFlow (DELETE /contact-flows/{InstanceId}/{ContactFlowId}): refused while a chat widget or quick connect uses the flow. */
export async function deleteContactFlow(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({ type: 'DeleteContactFlow', instanceId: instance.id, flowId: flowRef(params.contactFlowId!) });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}
