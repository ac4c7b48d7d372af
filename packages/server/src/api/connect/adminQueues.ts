import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Instance, Queue } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';
import { page } from './flows.ts';

/**
 * Queues through the Connect API (issue 18): CreateQueue, DescribeQueue, ListQueues (QueueTypes filter:
 * every Switchboard queue is STANDARD), UpdateQueueName, UpdateQueueStatus (a DISABLED queue takes no new
 * contacts; those waiting stay), UpdateQueueOutboundCallerConfig (its OutboundFlowId is the outbound whisper of
 * calls placed from the queue), ListQueueQuickConnects, DisassociateQueueQuickConnects.
 */

const OutboundCallerConfig = z.object({
  OutboundCallerIdName: z.string().max(255).optional(),
  OutboundCallerIdNumberId: z.string().min(1).optional(),
  OutboundFlowId: z.string().min(1).optional(),
});
type OutboundCallerConfig = z.infer<typeof OutboundCallerConfig>;
/** The engine's form of Connect's OutboundCallerConfig (ids taken out of ARNs). */
const outboundCaller = (c: OutboundCallerConfig) => ({
  ...(c.OutboundCallerIdName !== undefined ? { name: c.OutboundCallerIdName } : {}),
  ...(c.OutboundCallerIdNumberId !== undefined ? { numberId: idOf(c.OutboundCallerIdNumberId) } : {}),
  ...(c.OutboundFlowId !== undefined ? { flowId: idOf(c.OutboundFlowId) } : {}),
});

const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, 'at most 50 tags');
const CreateBody = z.object({
  Name: z.string().min(1).max(127),
  Description: z.string().max(250).optional(),
  OutboundCallerConfig: OutboundCallerConfig.optional(),
  OutboundEmailConfig: z.unknown().optional(),
  HoursOfOperationId: z.string().min(1),
  MaxContacts: z.number().int().optional(),
  QuickConnectIds: z.array(z.string().min(1)).max(50).optional(),
  Tags: Tags.optional(),
});

function findQueue(instance: Instance, ref: string): Queue {
  const queue = instance.queues.get(idOf(ref));
  if (!queue) throw errors.notFound(`Queue ${ref} not found`, 'Queue', ref);
  return queue;
}
const modified = (instance: Instance, q: Queue) => (q.lastModifiedAt ?? instance.createdAt) / 1000;

async function submit(services: Services, command: Record<string, unknown>): Promise<void> {
  const outcome = await services.pipeline.submit(command as never);
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
}

/** CreateQueue (PUT /queues/{InstanceId}). */
export async function createQueue(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = CreateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const queueId = randomUUID();
  await submit(services, {
    type: 'CreateQueueWithSettings', instanceId: instance.id, queueId, name: b.Name, description: b.Description ?? '',
    hoursOfOperationId: idOf(b.HoursOfOperationId), ...(b.MaxContacts !== undefined ? { maxContacts: b.MaxContacts } : {}),
    quickConnectIds: (b.QuickConnectIds ?? []).map(idOf), tags: b.Tags ?? {},
    ...(b.OutboundCallerConfig ? { outboundCaller: outboundCaller(b.OutboundCallerConfig) } : {}),
  });
  sendJson(res, 200, { QueueId: queueId, QueueArn: instance.queues.get(queueId)!.arn });
}

/** DescribeQueue (GET /queues/{InstanceId}/{QueueId}). */
export async function describeQueue(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const q = findQueue(instance, params.queueId!);
  sendJson(res, 200, {
    Queue: {
      Name: q.name, QueueArn: q.arn, QueueId: q.id, Description: q.description,
      ...(q.hoursOfOperationId !== undefined ? { HoursOfOperationId: q.hoursOfOperationId } : {}),
      ...(q.maxContacts !== undefined ? { MaxContacts: q.maxContacts } : {}),
      ...(q.outboundCaller ? { OutboundCallerConfig: {
        ...(q.outboundCaller.name !== undefined ? { OutboundCallerIdName: q.outboundCaller.name } : {}),
        ...(q.outboundCaller.numberId !== undefined ? { OutboundCallerIdNumberId: q.outboundCaller.numberId } : {}),
        ...(q.outboundCaller.flowId !== undefined ? { OutboundFlowId: q.outboundCaller.flowId } : {}),
      } } : {}),
      Status: q.status ?? 'ENABLED', Tags: q.tags ?? {}, LastModifiedTime: modified(instance, q), LastModifiedRegion: instance.region,
    },
  });
}

/** ListQueues (GET /queues-summary/{InstanceId}?queueTypes&maxResults&nextToken), by name. */
export async function listQueues(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const types = url.searchParams.getAll('queueTypes');
  for (const t of types) if (t !== 'STANDARD' && t !== 'AGENT') throw new ApiError(400, 'InvalidParameterException', `QueueTypes: ${t} is not STANDARD or AGENT`);
  await services.pipeline.settled();
  // Switchboard has no agent queues: every queue is STANDARD.
  const all = types.length > 0 && !types.includes('STANDARD') ? [] : [...instance.queues.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { items, nextToken } = page(url, all);
  sendJson(res, 200, {
    QueueSummaryList: items.map((q) => ({ Id: q.id, Arn: q.arn, Name: q.name, QueueType: 'STANDARD', LastModifiedTime: modified(instance, q), LastModifiedRegion: instance.region })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

async function update(services: Services, c: RouteContext, schema: z.ZodTypeAny, command: (data: any) => Record<string, unknown>): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, c.req);
  const parsed = schema.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, c.params.instanceId!);
  await submit(services, { instanceId: instance.id, queueId: idOf(c.params.queueId!), ...command(parsed.data) });
  sendJson(c.res, 200, {});
}

/** UpdateQueueName (POST /queues/{InstanceId}/{QueueId}/name). */
export function updateQueueName(services: Services, c: RouteContext): Promise<void> {
  return update(services, c, z.object({ Name: z.string().min(1).max(127).optional(), Description: z.string().max(250).optional() }), (d: { Name?: string; Description?: string }) => ({
    type: 'UpdateQueueName', ...(d.Name !== undefined ? { name: d.Name } : {}), ...(d.Description !== undefined ? { description: d.Description } : {}),
  }));
}

/** UpdateQueueStatus (POST /queues/{InstanceId}/{QueueId}/status). */
export function updateQueueStatus(services: Services, c: RouteContext): Promise<void> {
  return update(services, c, z.object({ Status: z.string() }), (d: { Status: string }) => ({ type: 'UpdateQueueStatus', status: d.Status }));
}

/** UpdateQueueOutboundCallerConfig (POST /queues/{InstanceId}/{QueueId}/outbound-caller-config): the config becomes exactly the one given. */
export function updateQueueOutboundCallerConfig(services: Services, c: RouteContext): Promise<void> {
  return update(services, c, z.object({ OutboundCallerConfig }), (d: { OutboundCallerConfig: OutboundCallerConfig }) => ({
    type: 'UpdateQueueOutboundCaller', outboundCaller: outboundCaller(d.OutboundCallerConfig),
  }));
}

/** DisassociateQueueQuickConnects (POST /queues/{InstanceId}/{QueueId}/disassociate-quick-connects). */
export function disassociateQueueQuickConnects(services: Services, c: RouteContext): Promise<void> {
  return update(services, c, z.object({ QuickConnectIds: z.array(z.string().min(1)).min(1).max(50) }), (d: { QuickConnectIds: string[] }) => ({
    type: 'DisassociateQueueQuickConnects', quickConnectIds: d.QuickConnectIds.map(idOf),
  }));
}

/** ListQueueQuickConnects (GET /queues/{InstanceId}/{QueueId}/quick-connects?maxResults&nextToken). */
export async function listQueueQuickConnects(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const queue = findQueue(instance, params.queueId!);
  const all = queue.quickConnectIds.map((id) => instance.quickConnects.get(id)).filter((q) => q !== undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { items, nextToken } = page(url, all);
  sendJson(res, 200, {
    QuickConnectSummaryList: items.map((q) => ({ Id: q.id, Arn: q.arn, Name: q.name, QuickConnectType: q.type, LastModifiedTime: q.lastModifiedAt / 1000, LastModifiedRegion: instance.region })),
    ...(nextToken ? { NextToken: nextToken } : {}),
    LastModifiedTime: modified(instance, queue), LastModifiedRegion: instance.region,
  });
}
