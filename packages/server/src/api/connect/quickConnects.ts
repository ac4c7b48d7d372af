import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Instance, QuickConnect } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

const Config = z.object({
  QuickConnectType: z.enum(['USER', 'QUEUE', 'PHONE_NUMBER']),
  UserConfig: z.object({ UserId: z.string().min(1), ContactFlowId: z.string().min(1) }).optional(),
  QueueConfig: z.object({ QueueId: z.string().min(1), ContactFlowId: z.string().min(1) }).optional(),
  PhoneConfig: z.object({ PhoneNumber: z.string().min(1) }).optional(),
});

const CreateBody = z.object({
  Name: z.string().min(1).max(127),
  Description: z.string().max(250).optional(),
  QuickConnectConfig: Config,
  Tags: z.record(z.string(), z.string()).optional(),
});

/** The Connect API's view of a quick connect's configuration. */
function configOf(q: QuickConnect): Record<string, unknown> {
  return {
    QuickConnectType: q.type,
    ...(q.type === 'USER' ? { UserConfig: { UserId: q.userId, ContactFlowId: q.contactFlowId } } : {}),
    ...(q.type === 'QUEUE' ? { QueueConfig: { QueueId: q.queueId, ContactFlowId: q.contactFlowId } } : {}),
    ...(q.type === 'PHONE_NUMBER' ? { PhoneConfig: { PhoneNumber: q.phoneNumber } } : {}),
  };
}

/** CreateQuickConnect (PUT /quick-connects/{InstanceId}): USER, QUEUE or PHONE_NUMBER. */
export async function createQuickConnect(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = CreateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const c = parsed.data.QuickConnectConfig;
  const part = c.QuickConnectType === 'USER' ? c.UserConfig : c.QuickConnectType === 'QUEUE' ? c.QueueConfig : c.PhoneConfig;
  if (!part) throw errors.validation('connect', `a ${c.QuickConnectType} quick connect needs its ${c.QuickConnectType === 'USER' ? 'UserConfig' : c.QuickConnectType === 'QUEUE' ? 'QueueConfig' : 'PhoneConfig'}`);
  const id = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'CreateQuickConnect', instanceId: instance.id, quickConnectId: id, name: parsed.data.Name, description: parsed.data.Description ?? '',
    quickConnectType: c.QuickConnectType,
    ...(c.UserConfig ? { userId: idOf(c.UserConfig.UserId), contactFlowId: idOf(c.UserConfig.ContactFlowId) } : {}),
    ...(c.QueueConfig ? { queueId: idOf(c.QueueConfig.QueueId), contactFlowId: idOf(c.QueueConfig.ContactFlowId) } : {}),
    ...(c.PhoneConfig ? { phoneNumber: c.PhoneConfig.PhoneNumber } : {}),
    ...(parsed.data.Tags !== undefined ? { tags: parsed.data.Tags } : {}),
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, { QuickConnectId: id, QuickConnectARN: instance.quickConnects.get(id)!.arn });
}

function findQuickConnect(instance: Instance, id: string): QuickConnect {
  const q = instance.quickConnects.get(idOf(id));
  if (!q) throw errors.notFound(`QuickConnect ${id} not found`, 'QuickConnect', id);
  return q;
}

/** DescribeQuickConnect (GET /quick-connects/{InstanceId}/{QuickConnectId}). */
export async function describeQuickConnect(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const q = findQuickConnect(instance, params.quickConnectId!);
  sendJson(res, 200, {
    QuickConnect: {
      QuickConnectARN: q.arn, QuickConnectId: q.id, Name: q.name, Description: q.description, QuickConnectConfig: configOf(q),
      Tags: q.tags ?? {}, LastModifiedTime: q.lastModifiedAt / 1000, LastModifiedRegion: instance.region,
    },
  });
}

/** ListQuickConnects (GET /quick-connects/{InstanceId}?QuickConnectTypes=…&maxResults=…&nextToken=…). */
export async function listQuickConnects(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const types = url.searchParams.getAll('QuickConnectTypes');
  for (const t of types) if (!['USER', 'QUEUE', 'PHONE_NUMBER'].includes(t)) throw errors.validation('connect', `QuickConnectTypes: ${t} is not USER, QUEUE or PHONE_NUMBER`);
  const max = Number(url.searchParams.get('maxResults') ?? 100);
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw errors.validation('connect', 'maxResults must be 1–1000');
  const start = Number(url.searchParams.get('nextToken') ?? 0);
  if (!Number.isInteger(start) || start < 0) throw errors.validation('connect', 'nextToken is not valid');
  await services.pipeline.settled();
  const all = [...instance.quickConnects.values()].filter((q) => types.length === 0 || types.includes(q.type)).sort((a, b) => a.name.localeCompare(b.name));
  const page = all.slice(start, start + max);
  sendJson(res, 200, {
    QuickConnectSummaryList: page.map((q) => ({ Id: q.id, Arn: q.arn, Name: q.name, QuickConnectType: q.type, LastModifiedTime: q.lastModifiedAt / 1000, LastModifiedRegion: instance.region })),
    ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
  });
}

/** AssociateQueueQuickConnects (POST /queues/{InstanceId}/{QueueId}/associate-quick-connects). */
export async function associateQueueQuickConnects(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ QuickConnectIds: z.array(z.string().min(1)).min(1).max(50) }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({ type: 'AssociateQueueQuickConnects', instanceId: instance.id, queueId: idOf(params.queueId!), quickConnectIds: parsed.data.QuickConnectIds.map(idOf) });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  res.writeHead(200).end();
}
