import { z } from 'zod';
import { findPhoneNumber, tagsOf, TAGGABLE_KINDS, type Instance, type TaggableKind, type TaggedResource } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';

/**
 * Tags (issue 18): TagResource, UntagResource, ListTagsForResource on the ARN of an instance, a user, queue,
 * routing profile, hours of operation, quick connect, flow, flow module, prompt or phone number. The tags are
 * the ones each resource's Describe answers (and its Create took).
 */

const ARN = /^arn:aws[a-z-]*:connect:([a-z0-9-]+):(\d{12}):(.+)$/;

/** The instance and resource an ARN names; its kind must keep tags and the resource must exist. */
function resourceOf(services: Services, keyInstance: Instance, arn: string): { instance: Instance; resource: TaggedResource } {
  const m = ARN.exec(arn);
  if (!m) throw new ApiError(400, 'InvalidParameterException', `resourceArn ${arn.slice(0, 300)} is not an Amazon Connect ARN`);
  const path = m[3]!.split('/');
  if (path[0] === 'phone-number' && path.length === 2) {
    const found = findPhoneNumber(services.state, path[1]!);
    if (!found || found.phoneNumber.arn !== arn) throw errors.notFound(`resource ${arn} not found`, 'PhoneNumber', arn);
    return { instance: instanceFor(services, keyInstance, found.instance.id), resource: { kind: 'phone-number', id: path[1]! } };
  }
  if (path[0] !== 'instance' || (path.length !== 2 && path.length !== 4)) throw new ApiError(400, 'InvalidParameterException', `resourceArn ${arn.slice(0, 300)} does not name a resource that keeps tags`);
  const instance = instanceFor(services, keyInstance, path[1]!);
  if (instance.region !== m[1] || instance.accountId !== m[2]) throw errors.notFound(`resource ${arn} not found`, 'Instance', arn);
  if (path.length === 2) return { instance, resource: { kind: 'instance', id: instance.id } };
  const kind = path[2]!;
  if (!(TAGGABLE_KINDS as readonly string[]).includes(kind) || kind === 'instance' || kind === 'phone-number') {
    throw new ApiError(400, 'InvalidParameterException', `resources of kind ${kind} do not keep tags here (${TAGGABLE_KINDS.join(', ')})`);
  }
  return { instance, resource: { kind: kind as TaggableKind, id: path[3]! } };
}

/** TagResource (POST /tags/{resourceArn}). */
export async function tagResource(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ tags: z.record(z.string(), z.string()) }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const { instance, resource } = resourceOf(services, keyInstance, params.resourceArn!);
  const outcome = await services.pipeline.submit({ type: 'TagResource', instanceId: instance.id, resource, tags: parsed.data.tags });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  res.writeHead(200).end();
}

/** UntagResource (DELETE /tags/{resourceArn}?tagKeys=…&tagKeys=…). */
export async function untagResource(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const { instance, resource } = resourceOf(services, keyInstance, params.resourceArn!);
  const outcome = await services.pipeline.submit({ type: 'UntagResource', instanceId: instance.id, resource, tagKeys: url.searchParams.getAll('tagKeys') });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  res.writeHead(200).end();
}

/** ListTagsForResource (GET /tags/{resourceArn}). */
export async function listTagsForResource(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  await services.pipeline.settled();
  const { instance, resource } = resourceOf(services, keyInstance, params.resourceArn!);
  const tags = tagsOf(instance, resource);
  if (tags === undefined) throw errors.notFound(`${resource.kind} ${resource.id} not found`, resource.kind, resource.id);
  sendJson(res, 200, { tags });
}
