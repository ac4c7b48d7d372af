import { z } from 'zod';
import { errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

const Body = z.object({ AgentStatusId: z.string().min(1).max(500) });

/** PutUserStatus (PUT /users/{InstanceId}/{UserId}/status): sets an agent's status, as the CCP does. */
export async function putUserStatus(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = Body.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const userId = idOf(params.userId!);
  if (!instance.users.has(userId)) throw errors.notFound(`User ${userId} not found`, 'User', userId);
  const outcome = await services.pipeline.submit({ type: 'SetAgentStatus', instanceId: instance.id, userId, statusId: idOf(parsed.data.AgentStatusId) });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}
