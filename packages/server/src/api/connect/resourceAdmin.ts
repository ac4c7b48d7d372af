import { z } from 'zod';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import type { CommandInput, Outcome } from '../../pipeline.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

/**
 * Quick connects changed or deleted, queues and routing profiles deleted, through the Connect API (issue 18):
 * UpdateQuickConnectName, UpdateQuickConnectConfig, DeleteQuickConnect, DeleteQueue, DeleteRoutingProfile.
 * The rules are the engine's (admin/resourceAdmin.ts): a queue or routing profile in use is refused with
 * ResourceInUseException.
 */

const IN_USE = new Set(['queue-in-use', 'routing-profile-in-use']);

function check(outcome: Outcome): void {
  if (outcome.ok) return;
  if (outcome.rejection.rule && IN_USE.has(outcome.rejection.rule)) throw new ApiError(409, 'ResourceInUseException', outcome.rejection.message);
  throw fromRejection('connect', outcome.rejection);
}

async function run(services: Services, c: RouteContext, schema: z.ZodTypeAny | undefined, command: (data: any, instanceId: string) => CommandInput): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, c.req);
  let data: unknown = {};
  if (schema) {
    const parsed = schema.safeParse(raw.length === 0 ? {} : parseJson(raw, 'connect'));
    if (!parsed.success) throw fromZod('connect', parsed.error);
    data = parsed.data;
  }
  const instance = instanceFor(services, keyInstance, c.params.instanceId!);
  check(await services.pipeline.submit(command(data, instance.id)));
  sendJson(c.res, 200, {});
}

const NameBody = z.object({ Name: z.string().min(1).max(127).optional(), Description: z.string().max(250).optional() });
const ConfigBody = z.object({
  QuickConnectConfig: z.object({
    QuickConnectType: z.enum(['USER', 'QUEUE', 'PHONE_NUMBER']),
    UserConfig: z.object({ UserId: z.string().min(1), ContactFlowId: z.string().min(1) }).optional(),
    QueueConfig: z.object({ QueueId: z.string().min(1), ContactFlowId: z.string().min(1) }).optional(),
    PhoneConfig: z.object({ PhoneNumber: z.string().min(1) }).optional(),
  }),
});

/** UpdateQuickConnectName (POST /quick-connects/{InstanceId}/{QuickConnectId}/name): Name and/or Description. */
export function updateQuickConnectName(services: Services, c: RouteContext): Promise<void> {
  return run(services, c, NameBody, (b: z.infer<typeof NameBody>, instanceId) => {
    if (b.Name === undefined && b.Description === undefined) throw errors.validation('connect', 'give a Name or a Description');
    return {
      type: 'UpdateQuickConnectName', instanceId, quickConnectId: idOf(c.params.quickConnectId!),
      ...(b.Name !== undefined ? { name: b.Name } : {}), ...(b.Description !== undefined ? { description: b.Description } : {}),
    };
  });
}

/** UpdateQuickConnectConfig (POST /quick-connects/{InstanceId}/{QuickConnectId}/config): a new destination. */
export function updateQuickConnectConfig(services: Services, c: RouteContext): Promise<void> {
  return run(services, c, ConfigBody, (b: z.infer<typeof ConfigBody>, instanceId) => {
    const q = b.QuickConnectConfig;
    const part = q.QuickConnectType === 'USER' ? q.UserConfig : q.QuickConnectType === 'QUEUE' ? q.QueueConfig : q.PhoneConfig;
    if (!part) throw new ApiError(400, 'InvalidParameterException', `a ${q.QuickConnectType} quick connect needs its ${q.QuickConnectType === 'USER' ? 'UserConfig' : q.QuickConnectType === 'QUEUE' ? 'QueueConfig' : 'PhoneConfig'}`);
    return {
      type: 'UpdateQuickConnectConfig', instanceId, quickConnectId: idOf(c.params.quickConnectId!), quickConnectType: q.QuickConnectType,
      ...(q.QuickConnectType === 'USER' && q.UserConfig ? { userId: idOf(q.UserConfig.UserId), contactFlowId: idOf(q.UserConfig.ContactFlowId) } : {}),
      ...(q.QuickConnectType === 'QUEUE' && q.QueueConfig ? { queueId: idOf(q.QueueConfig.QueueId), contactFlowId: idOf(q.QueueConfig.ContactFlowId) } : {}),
      ...(q.QuickConnectType === 'PHONE_NUMBER' && q.PhoneConfig ? { phoneNumber: q.PhoneConfig.PhoneNumber } : {}),
    };
  });
}

/** DeleteQuickConnect (DELETE /quick-connects/{InstanceId}/{QuickConnectId}): also off every queue it was on. */
export function deleteQuickConnect(services: Services, c: RouteContext): Promise<void> {
  return run(services, c, undefined, (_b, instanceId) => ({ type: 'DeleteQuickConnect', instanceId, quickConnectId: idOf(c.params.quickConnectId!) }));
}

/** DeleteQueue (DELETE /queues/{InstanceId}/{QueueId}): refused while in use (ResourceInUseException). */
export function deleteQueue(services: Services, c: RouteContext): Promise<void> {
  return run(services, c, undefined, (_b, instanceId) => ({ type: 'DeleteQueue', instanceId, queueId: idOf(c.params.queueId!) }));
}

/** DeleteRoutingProfile (DELETE /routing-profiles/{InstanceId}/{RoutingProfileId}): refused while a user has it. */
export function deleteRoutingProfile(services: Services, c: RouteContext): Promise<void> {
  return run(services, c, undefined, (_b, instanceId) => ({ type: 'DeleteRoutingProfile', instanceId, routingProfileId: idOf(c.params.routingProfileId!) }));
}
