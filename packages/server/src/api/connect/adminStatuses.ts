import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { settingsOf, type AgentStatus, type Instance } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';
import { page } from './flows.ts';

/**
 * Agent statuses through the Connect API (issue 18): CreateAgentStatus (always CUSTOM), DescribeAgentStatus,
 * ListAgentStatuses (AgentStatusTypes filter, paging), UpdateAgentStatus. A DISABLED status leaves the CCP's
 * list at once and cannot be chosen; DisplayOrder orders the CCP's list.
 */

const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, 'at most 50 tags');
const CreateBody = z.object({
  Name: z.string().min(1).max(127),
  Description: z.string().max(250).optional(),
  State: z.string(),
  DisplayOrder: z.number().int().optional(),
  Tags: Tags.optional(),
});
const UpdateBody = z.object({
  Name: z.string().min(1).max(127).optional(),
  Description: z.string().max(250).optional(),
  State: z.string().optional(),
  DisplayOrder: z.number().int().optional(),
  ResetOrderNumber: z.boolean().optional(),
});

function findStatus(instance: Instance, ref: string): AgentStatus {
  const status = instance.agentStatuses.get(idOf(ref));
  if (!status) throw errors.notFound(`AgentStatus ${ref} not found`, 'AgentStatus', ref);
  return status;
}

const modified = (instance: Instance, s: AgentStatus) => (s.settings?.lastModifiedAt || instance.createdAt) / 1000;

/** CreateAgentStatus (PUT /agent-status/{InstanceId}). */
export async function createAgentStatus(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = CreateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const agentStatusId = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'CreateAgentStatus', instanceId: instance.id, agentStatusId, name: b.Name, statusType: 'CUSTOM',
    settings: {
      description: b.Description ?? '', state: b.State as 'ENABLED', ...(b.DisplayOrder !== undefined ? { displayOrder: b.DisplayOrder } : {}),
      tags: b.Tags ?? {}, lastModifiedAt: services.pipeline.now(),
    },
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, { AgentStatusId: agentStatusId, AgentStatusARN: instance.agentStatuses.get(agentStatusId)!.arn });
}

/** DescribeAgentStatus (GET /agent-status/{InstanceId}/{AgentStatusId}). */
export async function describeAgentStatus(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const s = findStatus(instance, params.agentStatusId!);
  const settings = settingsOf(s);
  sendJson(res, 200, {
    AgentStatus: {
      AgentStatusARN: s.arn, AgentStatusId: s.id, Name: s.name, Description: settings.description, Type: s.type,
      ...(settings.displayOrder !== undefined ? { DisplayOrder: settings.displayOrder } : {}), State: settings.state, Tags: settings.tags,
      LastModifiedTime: modified(instance, s), LastModifiedRegion: instance.region,
    },
  });
}

const TYPES = ['ROUTABLE', 'CUSTOM', 'OFFLINE'];

/** ListAgentStatuses (GET /agent-status/{InstanceId}?AgentStatusTypes=…&maxResults&nextToken), by name. */
export async function listAgentStatuses(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const types = url.searchParams.getAll('AgentStatusTypes');
  for (const t of types) if (!TYPES.includes(t)) throw new ApiError(400, 'InvalidParameterException', `AgentStatusTypes: ${t} is not ROUTABLE, CUSTOM or OFFLINE`);
  await services.pipeline.settled();
  const all = [...instance.agentStatuses.values()].filter((s) => types.length === 0 || types.includes(s.type)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { items, nextToken } = page(url, all);
  sendJson(res, 200, {
    AgentStatusSummaryList: items.map((s) => ({ Id: s.id, Arn: s.arn, Name: s.name, Type: s.type, LastModifiedTime: modified(instance, s), LastModifiedRegion: instance.region })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

/** UpdateAgentStatus (POST /agent-status/{InstanceId}/{AgentStatusId}). */
export async function updateAgentStatus(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = UpdateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({
    type: 'UpdateAgentStatus', instanceId: instance.id, agentStatusId: idOf(params.agentStatusId!),
    ...(b.Name !== undefined ? { name: b.Name } : {}), ...(b.Description !== undefined ? { description: b.Description } : {}),
    ...(b.State !== undefined ? { state: b.State } : {}), ...(b.DisplayOrder !== undefined ? { displayOrder: b.DisplayOrder } : {}),
    ...(b.ResetOrderNumber !== undefined ? { resetOrderNumber: b.ResetOrderNumber } : {}),
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}
