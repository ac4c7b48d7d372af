import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_PHONE_CONFIG, type Instance, type User, type UserPhoneConfig } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';
import { page } from './flows.ts';

/**
 * Users through the Connect API (issue 18): CreateUser, DescribeUser, ListUsers, SearchUsers,
 * UpdateUserRoutingProfile, UpdateUserIdentityInfo, UpdateUserPhoneConfig, DeleteUser, and Switchboard's
 * own UpdateUserPassword (POST /users/{InstanceId}/{UserId}/password {Password}: Amazon Connect changes
 * passwords only in its console). Passwords are kept as scrypt hashes, as agent login checks them. A new
 * password or a deleted user ends every agent session of the user: their CCP sockets close (code 4001),
 * their tokens are refused. A user who holds a contact cannot be deleted (ResourceInUseException).
 * Each of SecurityProfileIds must exist (ResourceNotFoundException; security profiles: securityProfiles.ts);
 * HierarchyGroupId is kept and answered as given.
 */

const IdentityInfo = z.object({
  FirstName: z.string().max(100).optional(),
  LastName: z.string().max(100).optional(),
  Email: z.string().max(320).optional(),
  SecondaryEmail: z.string().max(320).optional(),
  Mobile: z.string().max(20).optional(),
}).strict();
const PhoneConfig = z.object({
  PhoneType: z.enum(['SOFT_PHONE', 'DESK_PHONE']),
  AutoAccept: z.boolean().optional(),
  AfterContactWorkTimeLimit: z.number().int().min(0).optional(),
  DeskPhoneNumber: z.string().optional(),
  PersistentConnection: z.boolean().optional(),
});
const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, 'at most 50 tags');
const Username = z.string().min(1).max(100).regex(/^[a-zA-Z0-9_\-.@]+$/, 'Username may hold letters, digits and _ - . @');

const CreateBody = z.object({
  Username,
  Password: z.string().optional(),
  IdentityInfo: IdentityInfo.optional(),
  PhoneConfig,
  DirectoryUserId: z.string().optional(),
  SecurityProfileIds: z.array(z.string().min(1)).min(1).max(10),
  RoutingProfileId: z.string().min(1),
  HierarchyGroupId: z.string().optional(),
  Tags: Tags.optional(),
});

/** Amazon Connect's password rule: 8–64 characters with an upper-case letter, a lower-case letter and a digit. */
export function checkPassword(password: string): void {
  if (password.length < 8 || password.length > 64 || !/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/\d/.test(password)) {
    throw new ApiError(400, 'InvalidParameterException', 'Password must be 8–64 characters with at least one upper-case letter, one lower-case letter and one number');
  }
}

function phoneConfigOf(p: z.infer<typeof PhoneConfig>): UserPhoneConfig {
  return {
    phoneType: p.PhoneType, autoAccept: p.AutoAccept ?? false, afterContactWorkTimeLimit: p.AfterContactWorkTimeLimit ?? 0,
    ...(p.DeskPhoneNumber !== undefined ? { deskPhoneNumber: p.DeskPhoneNumber } : {}),
  };
}

function findUser(instance: Instance, ref: string): User {
  const user = instance.users.get(idOf(ref));
  if (!user) throw errors.notFound(`User ${ref} not found`, 'User', ref);
  return user;
}

const seconds = (ms: number | undefined, fallback: number) => (ms ?? fallback) / 1000;

function identityOf(user: User) {
  const p = user.profile;
  return {
    FirstName: user.firstName, LastName: user.lastName,
    ...(p?.email !== undefined ? { Email: p.email } : {}),
    ...(p?.secondaryEmail !== undefined ? { SecondaryEmail: p.secondaryEmail } : {}),
    ...(p?.mobile !== undefined ? { Mobile: p.mobile } : {}),
  };
}

function phoneOf(user: User) {
  const c = user.profile?.phoneConfig ?? DEFAULT_PHONE_CONFIG;
  return { PhoneType: c.phoneType, AutoAccept: c.autoAccept, AfterContactWorkTimeLimit: c.afterContactWorkTimeLimit, ...(c.deskPhoneNumber ? { DeskPhoneNumber: c.deskPhoneNumber } : {}) };
}

function userView(instance: Instance, user: User) {
  const p = user.profile;
  return {
    Id: user.id, Arn: user.arn, Username: user.username, IdentityInfo: identityOf(user), PhoneConfig: phoneOf(user),
    ...(p?.directoryUserId !== undefined ? { DirectoryUserId: p.directoryUserId } : {}),
    SecurityProfileIds: p?.securityProfileIds ?? [], RoutingProfileId: user.routingProfileId,
    ...(p?.hierarchyGroupId !== undefined ? { HierarchyGroupId: p.hierarchyGroupId } : {}),
    Tags: p?.tags ?? {}, LastModifiedTime: seconds(user.lastModifiedAt, instance.createdAt), LastModifiedRegion: instance.region,
  };
}

/** CreateUser (PUT /users/{InstanceId}). */
export async function createUser(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = CreateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  if (b.Password === undefined) throw new ApiError(400, 'InvalidRequestException', 'Password is required: Switchboard keeps its users itself (there is no directory)');
  checkPassword(b.Password);
  const userId = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'CreateUser', instanceId: instance.id, userId, username: b.Username, passwordHash: await hashPassword(b.Password),
    firstName: b.IdentityInfo?.FirstName ?? '', lastName: b.IdentityInfo?.LastName ?? '', routingProfileId: idOf(b.RoutingProfileId),
    profile: {
      ...(b.IdentityInfo?.Email !== undefined ? { email: b.IdentityInfo.Email } : {}),
      ...(b.IdentityInfo?.SecondaryEmail !== undefined ? { secondaryEmail: b.IdentityInfo.SecondaryEmail } : {}),
      ...(b.IdentityInfo?.Mobile !== undefined ? { mobile: b.IdentityInfo.Mobile } : {}),
      phoneConfig: phoneConfigOf(b.PhoneConfig), securityProfileIds: b.SecurityProfileIds.map(idOf),
      ...(b.HierarchyGroupId !== undefined ? { hierarchyGroupId: idOf(b.HierarchyGroupId) } : {}),
      ...(b.DirectoryUserId !== undefined ? { directoryUserId: b.DirectoryUserId } : {}),
      tags: b.Tags ?? {},
    },
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, { UserId: userId, UserArn: instance.users.get(userId)!.arn });
}

/** DescribeUser (GET /users/{InstanceId}/{UserId}). */
export async function describeUser(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  sendJson(res, 200, { User: userView(instance, findUser(instance, params.userId!)) });
}

const byUsername = (a: User, b: User) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);

/** ListUsers (GET /users-summary/{InstanceId}?maxResults&nextToken), by username. */
export async function listUsers(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const { items, nextToken } = page(url, [...instance.users.values()].sort(byUsername));
  sendJson(res, 200, {
    UserSummaryList: items.map((u) => ({ Id: u.id, Arn: u.arn, Username: u.username, LastModifiedTime: seconds(u.lastModifiedAt, instance.createdAt), LastModifiedRegion: instance.region })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

interface StringCondition { FieldName?: string; Value?: string; ComparisonType?: string }
interface Criteria { OrConditions?: Criteria[]; AndConditions?: Criteria[]; StringCondition?: StringCondition }
const CriteriaSchema: z.ZodType<Criteria> = z.lazy(() => z.object({
  OrConditions: z.array(CriteriaSchema).optional(),
  AndConditions: z.array(CriteriaSchema).optional(),
  StringCondition: z.object({ FieldName: z.string().optional(), Value: z.string().optional(), ComparisonType: z.string().optional() }).optional(),
  HierarchyGroupCondition: z.unknown().optional(),
  ListCondition: z.unknown().optional(),
}));
const SearchBody = z.object({
  InstanceId: z.string().min(1),
  NextToken: z.string().optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  SearchFilter: z.unknown().optional(),
  SearchCriteria: CriteriaSchema.optional(),
});

/** The fields SearchUsers' StringCondition may name (Connect spells them in any case). */
const SEARCH_FIELDS: Record<string, (u: User) => string[]> = {
  username: (u) => [u.username],
  firstname: (u) => [u.firstName],
  lastname: (u) => [u.lastName],
  resourceid: (u) => [u.id],
  routingprofileid: (u) => [u.routingProfileId],
  securityprofileid: (u) => u.profile?.securityProfileIds ?? [],
  agentgroupid: (u) => (u.profile?.hierarchyGroupId ? [u.profile.hierarchyGroupId] : []),
};

function compile(c: Criteria): (u: User) => boolean {
  const parts: ((u: User) => boolean)[] = [];
  if (c.OrConditions?.length) {
    const ors = c.OrConditions.map(compile);
    parts.push((u) => ors.some((f) => f(u)));
  }
  if (c.AndConditions?.length) {
    const ands = c.AndConditions.map(compile);
    parts.push((u) => ands.every((f) => f(u)));
  }
  if (c.StringCondition) {
    const { FieldName, Value, ComparisonType } = c.StringCondition;
    const field = SEARCH_FIELDS[(FieldName ?? '').toLowerCase()];
    if (!field) throw new ApiError(400, 'InvalidParameterException', `StringCondition.FieldName must be one of username, firstname, lastname, resourceId, routingProfileId, securityProfileId, agentGroupId; got ${FieldName ?? '(none)'}`);
    if (Value === undefined) throw new ApiError(400, 'InvalidParameterException', 'StringCondition.Value is required');
    const type = ComparisonType ?? 'EXACT';
    const fieldName = (FieldName ?? '').toLowerCase();
    const isId = fieldName.endsWith('id');
    const value = isId ? idOf(Value) : Value;
    const lower = value.toLowerCase();
    const test = type === 'EXACT' ? (s: string) => s === value
      : type === 'STARTS_WITH' ? (s: string) => s.toLowerCase().startsWith(lower)
      : type === 'CONTAINS' ? (s: string) => s.toLowerCase().includes(lower)
      : undefined;
    if (!test) throw new ApiError(400, 'InvalidParameterException', `StringCondition.ComparisonType must be STARTS_WITH, CONTAINS or EXACT; got ${type}`);
    parts.push((u) => field(u).some(test));
  }
  return (u) => parts.every((f) => f(u));
}

/** SearchUsers (POST /search-users): StringConditions on the user's fields, combined with And/OrConditions. */
export async function searchUsers(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = SearchBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, b.InstanceId);
  const matches = compile(b.SearchCriteria ?? {});
  await services.pipeline.settled();
  const found = [...instance.users.values()].filter(matches).sort(byUsername);
  const start = b.NextToken === undefined ? 0 : /^\d{1,9}$/.test(b.NextToken) ? Number(b.NextToken) : NaN;
  if (!Number.isInteger(start) || start > found.length) throw new ApiError(400, 'InvalidParameterException', 'NextToken is not valid');
  const max = b.MaxResults ?? 100;
  sendJson(res, 200, {
    Users: found.slice(start, start + max).map((u) => {
      const v = userView(instance, u);
      return {
        Arn: v.Arn, Id: v.Id, Username: v.Username, IdentityInfo: { FirstName: u.firstName, LastName: u.lastName }, PhoneConfig: v.PhoneConfig,
        RoutingProfileId: v.RoutingProfileId, SecurityProfileIds: v.SecurityProfileIds, Tags: v.Tags,
        ...(v.DirectoryUserId !== undefined ? { DirectoryUserId: v.DirectoryUserId } : {}),
        ...(v.HierarchyGroupId !== undefined ? { HierarchyGroupId: v.HierarchyGroupId } : {}),
      };
    }),
    ApproximateTotalCount: found.length,
    ...(start + max < found.length ? { NextToken: String(start + max) } : {}),
  });
}

async function submitForUser(services: Services, c: RouteContext, body: z.ZodTypeAny, command: (data: any, userId: string) => Promise<Record<string, unknown>> | Record<string, unknown>): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, c.req);
  const parsed = body.safeParse(raw.length === 0 ? {} : parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, c.params.instanceId!);
  const userId = idOf(c.params.userId!);
  const outcome = await services.pipeline.submit({ instanceId: instance.id, ...(await command(parsed.data, userId)) } as never);
  if (!outcome.ok) {
    if (outcome.rejection.rule === 'user-in-use') throw new ApiError(409, 'ResourceInUseException', outcome.rejection.message);
    throw fromRejection('connect', outcome.rejection);
  }
  sendJson(c.res, 200, {});
}

/** UpdateUserRoutingProfile (POST /users/{InstanceId}/{UserId}/routing-profile): applies to the agent at once. */
export function updateUserRoutingProfile(services: Services, c: RouteContext): Promise<void> {
  return submitForUser(services, c, z.object({ RoutingProfileId: z.string().min(1) }), (d: { RoutingProfileId: string }, userId) => ({
    type: 'UpdateUserRoutingProfile', userId, routingProfileId: idOf(d.RoutingProfileId),
  }));
}

/** UpdateUserIdentityInfo (POST /users/{InstanceId}/{UserId}/identity-info). */
export function updateUserIdentityInfo(services: Services, c: RouteContext): Promise<void> {
  return submitForUser(services, c, z.object({ IdentityInfo }), (d: { IdentityInfo: z.infer<typeof IdentityInfo> }, userId) => ({
    type: 'UpdateUserIdentityInfo', userId,
    ...(d.IdentityInfo.FirstName !== undefined ? { firstName: d.IdentityInfo.FirstName } : {}),
    ...(d.IdentityInfo.LastName !== undefined ? { lastName: d.IdentityInfo.LastName } : {}),
    ...(d.IdentityInfo.Email !== undefined ? { email: d.IdentityInfo.Email } : {}),
    ...(d.IdentityInfo.SecondaryEmail !== undefined ? { secondaryEmail: d.IdentityInfo.SecondaryEmail } : {}),
    ...(d.IdentityInfo.Mobile !== undefined ? { mobile: d.IdentityInfo.Mobile } : {}),
  }));
}

/** UpdateUserPhoneConfig (POST /users/{InstanceId}/{UserId}/phone-config). */
export function updateUserPhoneConfig(services: Services, c: RouteContext): Promise<void> {
  return submitForUser(services, c, z.object({ PhoneConfig }), (d: { PhoneConfig: z.infer<typeof PhoneConfig> }, userId) => ({
    type: 'UpdateUserPhoneConfig', userId, phoneConfig: phoneConfigOf(d.PhoneConfig),
  }));
}

/** Switchboard's UpdateUserPassword (POST /users/{InstanceId}/{UserId}/password {Password}): ends the user's agent sessions. */
export function updateUserPassword(services: Services, c: RouteContext): Promise<void> {
  return submitForUser(services, c, z.object({ Password: z.string() }), async (d: { Password: string }, userId) => {
    checkPassword(d.Password);
    return { type: 'UpdateUserPassword', userId, passwordHash: await hashPassword(d.Password) };
  });
}

/** DeleteUser (DELETE /users/{InstanceId}/{UserId}): ends the user's agent sessions; refused while they hold a contact. */
export function deleteUser(services: Services, c: RouteContext): Promise<void> {
  return submitForUser(services, c, z.object({}), (_d, userId) => ({ type: 'DeleteUser', userId }));
}
