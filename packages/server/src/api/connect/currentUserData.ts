import { z } from 'zod';
import { AGENT_CONTACT_STATES, currentUserData, usersMatching } from '@switchboard/engine';
import { ApiError, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

/**
 * GetCurrentUserData (POST /metrics/userdata/{InstanceId}): real-time data per agent (engine:
 * views/currentUserData.ts). As Connect: exactly one of Queues, RoutingProfiles, Agents (up to 100 each) and
 * UserHierarchyGroups (one) filters the agents, ContactFilter.ContactStates narrows them further; agents come
 * by username, MaxResults (1–100, default 100) a page, NextToken the next; ApproximateTotalCount counts all.
 */

const Ids = (max: number) => z.array(z.string().min(1).max(500)).min(1).max(max);
const Body = z.object({
  Filters: z.object({
    Queues: Ids(100).optional(),
    RoutingProfiles: Ids(100).optional(),
    Agents: Ids(100).optional(),
    UserHierarchyGroups: Ids(1).optional(),
    ContactFilter: z.object({ ContactStates: z.array(z.enum(AGENT_CONTACT_STATES)).max(9).optional() }).optional(),
  }),
  NextToken: z.string().max(100).optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
});

export async function getCurrentUserData(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = Body.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const { Filters: f, NextToken, MaxResults } = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const given = [f.Queues, f.RoutingProfiles, f.Agents, f.UserHierarchyGroups].filter((x) => x !== undefined).length;
  if (given !== 1) throw new ApiError(400, 'InvalidParameterException', 'Filters takes exactly one of Queues, RoutingProfiles, Agents and UserHierarchyGroups');
  const start = NextToken === undefined ? 0 : /^\d{1,9}$/.test(NextToken) ? Number(NextToken) : NaN;
  if (!Number.isInteger(start)) throw new ApiError(400, 'InvalidParameterException', 'NextToken is not valid');
  await services.pipeline.settled();
  const users = usersMatching(instance, {
    ...(f.Queues ? { queueIds: f.Queues.map(idOf) } : {}),
    ...(f.RoutingProfiles ? { routingProfileIds: f.RoutingProfiles.map(idOf) } : {}),
    ...(f.Agents ? { userIds: f.Agents.map(idOf) } : {}),
    ...(f.UserHierarchyGroups ? { hierarchyGroupIds: f.UserHierarchyGroups.map(idOf) } : {}),
    ...(f.ContactFilter?.ContactStates?.length ? { contactStates: f.ContactFilter.ContactStates } : {}),
  });
  if (start > users.length) throw new ApiError(400, 'InvalidParameterException', 'NextToken is not valid');
  const max = MaxResults ?? 100;
  sendJson(res, 200, {
    UserDataList: users.slice(start, start + max).map((u) => currentUserData(instance, u)),
    ApproximateTotalCount: users.length,
    ...(start + max < users.length ? { NextToken: String(start + max) } : {}),
  });
}
