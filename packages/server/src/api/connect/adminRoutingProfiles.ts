import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Instance, MediaConcurrency, RoutingProfile, RoutingProfileQueue } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';
import { page } from './flows.ts';

/**
 * Routing profiles through the Connect API (issue 18): CreateRoutingProfile, DescribeRoutingProfile,
 * ListRoutingProfiles, ListRoutingProfileQueues, AssociateRoutingProfileQueues, DisassociateRoutingProfileQueues,
 * UpdateRoutingProfileConcurrency, UpdateRoutingProfileQueues. Every change applies to the profile's agents at
 * once (engine: admin/routingProfilesAdmin.ts): the answer comes once it is durable, with any offer it made.
 */

const Channel = z.enum(['VOICE', 'CHAT', 'TASK']);
const QueueReference = z.object({ QueueId: z.string().min(1), Channel });
const QueueConfig = z.object({ QueueReference, Priority: z.number().int(), Delay: z.number().int() });
const Media = z.object({
  Channel, Concurrency: z.number().int(),
  CrossChannelBehavior: z.object({ BehaviorType: z.enum(['ROUTE_CURRENT_CHANNEL_ONLY', 'ROUTE_ANY_CHANNEL']) }).optional(),
});
const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, 'at most 50 tags');
const CreateBody = z.object({
  Name: z.string().min(1).max(127),
  Description: z.string().min(1).max(250),
  DefaultOutboundQueueId: z.string().min(1),
  QueueConfigs: z.array(QueueConfig).max(10).optional(),
  MediaConcurrencies: z.array(Media),
  Tags: Tags.optional(),
  AgentAvailabilityTimer: z.enum(['TIME_SINCE_LAST_ACTIVITY', 'TIME_SINCE_LAST_INBOUND']).optional(),
});

const queueOf = (c: z.infer<typeof QueueConfig>): RoutingProfileQueue => ({
  queueId: idOf(c.QueueReference.QueueId), channel: c.QueueReference.Channel, priority: c.Priority, delaySeconds: c.Delay,
});
const mediaOf = (m: z.infer<typeof Media>): MediaConcurrency => ({
  channel: m.Channel, concurrency: m.Concurrency, crossChannelBehavior: m.CrossChannelBehavior?.BehaviorType ?? 'ROUTE_CURRENT_CHANNEL_ONLY',
});

function findProfile(instance: Instance, ref: string): RoutingProfile {
  const profile = instance.routingProfiles.get(idOf(ref));
  if (!profile) throw errors.notFound(`RoutingProfile ${ref} not found`, 'RoutingProfile', ref);
  return profile;
}
const modified = (instance: Instance, p: RoutingProfile) => (p.lastModifiedAt ?? instance.createdAt) / 1000;

/** CreateRoutingProfile (PUT /routing-profiles/{InstanceId}). */
export async function createRoutingProfile(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = CreateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const routingProfileId = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'CreateRoutingProfile', instanceId: instance.id, routingProfileId, name: b.Name, description: b.Description,
    defaultOutboundQueueId: idOf(b.DefaultOutboundQueueId), mediaConcurrencies: b.MediaConcurrencies.map(mediaOf), queues: (b.QueueConfigs ?? []).map(queueOf),
    tags: b.Tags ?? {},
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, { RoutingProfileId: routingProfileId, RoutingProfileArn: instance.routingProfiles.get(routingProfileId)!.arn });
}

/** DescribeRoutingProfile (GET /routing-profiles/{InstanceId}/{RoutingProfileId}). */
export async function describeRoutingProfile(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const p = findProfile(instance, params.routingProfileId!);
  let users = 0;
  for (const u of instance.users.values()) if (u.routingProfileId === p.id) users++;
  sendJson(res, 200, {
    RoutingProfile: {
      InstanceId: instance.id, Name: p.name, RoutingProfileArn: p.arn, RoutingProfileId: p.id, Description: p.description,
      MediaConcurrencies: p.mediaConcurrencies.map((m) => ({ Channel: m.channel, Concurrency: m.concurrency, CrossChannelBehavior: { BehaviorType: m.crossChannelBehavior } })),
      DefaultOutboundQueueId: p.defaultOutboundQueueId, Tags: p.tags ?? {}, NumberOfAssociatedQueues: p.queues.length, NumberOfAssociatedUsers: users,
      LastModifiedTime: modified(instance, p), LastModifiedRegion: instance.region,
    },
  });
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** ListRoutingProfiles (GET /routing-profiles-summary/{InstanceId}?maxResults&nextToken), by name. */
export async function listRoutingProfiles(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const { items, nextToken } = page(url, [...instance.routingProfiles.values()].sort(byName));
  sendJson(res, 200, {
    RoutingProfileSummaryList: items.map((p) => ({ Id: p.id, Arn: p.arn, Name: p.name, LastModifiedTime: modified(instance, p), LastModifiedRegion: instance.region })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

/** ListRoutingProfileQueues (GET /routing-profiles/{InstanceId}/{RoutingProfileId}/queues?maxResults&nextToken). */
export async function listRoutingProfileQueues(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const p = findProfile(instance, params.routingProfileId!);
  const { items, nextToken } = page(url, p.queues);
  sendJson(res, 200, {
    RoutingProfileQueueConfigSummaryList: items.map((q) => {
      const queue = instance.queues.get(q.queueId);
      return { QueueId: q.queueId, QueueArn: queue?.arn ?? '', QueueName: queue?.name ?? '', Priority: q.priority, Delay: q.delaySeconds, Channel: q.channel };
    }),
    ...(nextToken ? { NextToken: nextToken } : {}),
    LastModifiedTime: modified(instance, p), LastModifiedRegion: instance.region,
  });
}

async function change(services: Services, c: RouteContext, schema: z.ZodTypeAny, command: (data: any) => Record<string, unknown>): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, c.req);
  const parsed = schema.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, c.params.instanceId!);
  const outcome = await services.pipeline.submit({ instanceId: instance.id, routingProfileId: idOf(c.params.routingProfileId!), ...command(parsed.data) } as never);
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(c.res, 200, {});
}

const Configs = z.object({ QueueConfigs: z.array(QueueConfig).max(10) });

/** AssociateRoutingProfileQueues (POST …/associate-queues). */
export function associateRoutingProfileQueues(services: Services, c: RouteContext): Promise<void> {
  return change(services, c, Configs, (d: z.infer<typeof Configs>) => ({ type: 'AssociateRoutingProfileQueues', queues: d.QueueConfigs.map(queueOf) }));
}

/** UpdateRoutingProfileQueues (POST …/queues): priority and delay of queues already in the profile. */
export function updateRoutingProfileQueues(services: Services, c: RouteContext): Promise<void> {
  return change(services, c, Configs, (d: z.infer<typeof Configs>) => ({ type: 'UpdateRoutingProfileQueues', queues: d.QueueConfigs.map(queueOf) }));
}

const References = z.object({ QueueReferences: z.array(QueueReference).max(10) });

/** DisassociateRoutingProfileQueues (POST …/disassociate-queues). */
export function disassociateRoutingProfileQueues(services: Services, c: RouteContext): Promise<void> {
  return change(services, c, References, (d: z.infer<typeof References>) => ({
    type: 'DisassociateRoutingProfileQueues', queues: d.QueueReferences.map((r) => ({ queueId: idOf(r.QueueId), channel: r.Channel })),
  }));
}

const Concurrency = z.object({ MediaConcurrencies: z.array(Media) });

/** UpdateRoutingProfileConcurrency (POST …/concurrency): the channels given replace theirs. */
export function updateRoutingProfileConcurrency(services: Services, c: RouteContext): Promise<void> {
  return change(services, c, Concurrency, (d: z.infer<typeof Concurrency>) => ({ type: 'UpdateRoutingProfileConcurrency', mediaConcurrencies: d.MediaConcurrencies.map(mediaOf) }));
}
