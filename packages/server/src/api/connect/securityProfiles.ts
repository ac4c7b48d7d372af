import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { securityProfileOf, securityProfilesOf, type Instance, type SecurityProfile } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import type { Outcome } from '../../pipeline.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';
import { page } from './flows.ts';

/**
 * Security profiles through the Connect API (issue 18): CreateSecurityProfile, DescribeSecurityProfile,
 * ListSecurityProfiles (the four built-in profiles too), UpdateSecurityProfile, DeleteSecurityProfile,
 * ListSecurityProfilePermissions, UpdateUserSecurityProfiles. The rules are the engine's
 * (admin/securityProfilesAdmin.ts); a profile held by a user cannot be deleted (ResourceInUseException).
 * Connect's tag- and hierarchy-based access control, applications and flow modules are not kept: a request
 * naming them is refused (InvalidParameterException) rather than silently ignored.
 */

const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, 'at most 50 tags');
const Permissions = z.array(z.string().min(1).max(128)).max(500);
/** What Connect's security profiles hold that Switchboard does not enforce. */
const UNSUPPORTED = ['AllowedAccessControlTags', 'TagRestrictedResources', 'Applications', 'HierarchyRestrictedResources', 'AllowedAccessControlHierarchyGroupId', 'AllowedFlowModules', 'AllowedAIAgents', 'GranularAccessControlConfiguration'] as const;
const unsupported = Object.fromEntries(UNSUPPORTED.map((k) => [k, z.unknown().optional()]));

const CreateBody = z.object({ SecurityProfileName: z.string().min(1).max(127), Description: z.string().max(250).optional(), Permissions: Permissions.optional(), Tags: Tags.optional(), ...unsupported }).strict();
const UpdateBody = z.object({ Description: z.string().max(250).optional(), Permissions: Permissions.optional(), ...unsupported }).strict();

function parse<T extends z.ZodTypeAny>(schema: T, raw: Buffer): z.infer<T> {
  const parsed = schema.safeParse(raw.length === 0 ? {} : parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const data = parsed.data as Record<string, unknown>;
  for (const key of UNSUPPORTED) {
    const v = data[key];
    const empty = v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
    if (!empty) throw new ApiError(400, 'InvalidParameterException', `${key} is not supported by Switchboard: security profiles grant permissions to every resource of the instance`);
  }
  return parsed.data;
}

function check(outcome: Outcome): void {
  if (outcome.ok) return;
  if (outcome.rejection.rule === 'security-profile-in-use') throw new ApiError(409, 'ResourceInUseException', outcome.rejection.message);
  throw fromRejection('connect', outcome.rejection);
}

const arnOf = (instance: Instance, id: string) => `${instance.arn}/security-profile/${id}`;
const modified = (instance: Instance, p: SecurityProfile) => (p.lastModifiedAt ?? instance.createdAt) / 1000;

function findProfile(instance: Instance, ref: string): SecurityProfile {
  const profile = securityProfileOf(instance, idOf(ref));
  if (!profile) throw errors.notFound(`SecurityProfile ${ref} not found`, 'SecurityProfile', ref);
  return profile;
}

/** CreateSecurityProfile (PUT /security-profiles/{InstanceId}). */
export async function createSecurityProfile(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const b = parse(CreateBody, raw);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const id = randomUUID();
  check(await services.pipeline.submit({
    type: 'CreateSecurityProfile', instanceId: instance.id, securityProfileId: id, name: b.SecurityProfileName, description: b.Description ?? '',
    permissions: b.Permissions ?? [], tags: b.Tags ?? {},
  }));
  sendJson(res, 200, { SecurityProfileId: id, SecurityProfileArn: arnOf(instance, id) });
}

/** DescribeSecurityProfile (GET /security-profiles/{InstanceId}/{SecurityProfileId}). */
export async function describeSecurityProfile(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const p = findProfile(instance, params.securityProfileId!);
  sendJson(res, 200, {
    SecurityProfile: {
      Id: p.id, OrganizationResourceId: instance.id, Arn: arnOf(instance, p.id), SecurityProfileName: p.name, Description: p.description,
      Tags: { ...p.tags }, LastModifiedTime: modified(instance, p), LastModifiedRegion: instance.region,
    },
  });
}

/** ListSecurityProfiles (GET /security-profiles-summary/{InstanceId}?maxResults&nextToken), by name, built-in ones included. */
export async function listSecurityProfiles(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const { items, nextToken } = page(url, securityProfilesOf(instance));
  sendJson(res, 200, {
    SecurityProfileSummaryList: items.map((p) => ({ Id: p.id, Arn: arnOf(instance, p.id), Name: p.name, LastModifiedTime: modified(instance, p), LastModifiedRegion: instance.region })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

/** ListSecurityProfilePermissions (GET /security-profiles-permissions/{InstanceId}/{SecurityProfileId}?maxResults&nextToken). */
export async function listSecurityProfilePermissions(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const p = findProfile(instance, params.securityProfileId!);
  const { items, nextToken } = page(url, [...p.permissions].sort());
  sendJson(res, 200, { Permissions: items, LastModifiedTime: modified(instance, p), LastModifiedRegion: instance.region, ...(nextToken ? { NextToken: nextToken } : {}) });
}

/** UpdateSecurityProfile (POST /security-profiles/{InstanceId}/{SecurityProfileId}): applies to logged-in agents at once. */
export async function updateSecurityProfile(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const b = parse(UpdateBody, raw);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  check(await services.pipeline.submit({
    type: 'UpdateSecurityProfile', instanceId: instance.id, securityProfileId: idOf(params.securityProfileId!),
    ...(b.Description !== undefined ? { description: b.Description } : {}), ...(b.Permissions !== undefined ? { permissions: b.Permissions } : {}),
  }));
  sendJson(res, 200, {});
}

/** DeleteSecurityProfile (DELETE /security-profiles/{InstanceId}/{SecurityProfileId}). */
export async function deleteSecurityProfile(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  check(await services.pipeline.submit({ type: 'DeleteSecurityProfile', instanceId: instance.id, securityProfileId: idOf(params.securityProfileId!) }));
  sendJson(res, 200, {});
}

/** UpdateUserSecurityProfiles (POST /users/{InstanceId}/{UserId}/security-profiles): applies to the agent at once. */
export async function updateUserSecurityProfiles(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ SecurityProfileIds: z.array(z.string().min(1)) }).safeParse(raw.length === 0 ? {} : parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  check(await services.pipeline.submit({ type: 'UpdateUserSecurityProfiles', instanceId: instance.id, userId: idOf(params.userId!), securityProfileIds: parsed.data.SecurityProfileIds.map(idOf) }));
  sendJson(res, 200, {});
}
