import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { INSTANCE_ATTRIBUTE_TYPES, type Instance } from '@switchboard/engine';
import { ApiError, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import { baseUrl, type Services } from '../../services.ts';
import type { CommandInput } from '../../pipeline.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { pageOf } from './paging.ts';
import { log } from '../../log.ts';

/**
 * Instances through the Connect API (issue 18): CreateInstance, ListInstances, DescribeInstance,
 * DeleteInstance, ListInstanceAttributes. The access key that signs belongs to an account (any of its
 * instances' keys): CreateInstance puts the new instance in that account, in the region the request was
 * signed for; ListInstances lists the account's instances in that region. A new instance has no users: its
 * first administrator is made with CreateUser and the built-in Admin security profile (security-profile-admin).
 *
 * A new instance also has a chat widget, "Default chat widget", that runs its sample inbound flow: the customer
 * chat page (/chat/?widget=<id>) works with it at once, and whatever the sample flow is changed to
 * (UpdateContactFlowContent) is what customers get. Connect has no API for its hosted widget, so the widget's id
 * and chat page are told by the admin console's GET /admin/me (console/me.ts) and the server's log.
 */

const Tags = z.record(z.string(), z.string());
const CreateBody = z.object({
  IdentityManagementType: z.string().min(1),
  InstanceAlias: z.string().min(1).max(62).optional(),
  DirectoryId: z.string().optional(),
  InboundCallsEnabled: z.boolean(),
  OutboundCallsEnabled: z.boolean(),
  ClientToken: z.string().max(500).optional(),
  Tags: Tags.optional(),
});

/** What an attribute reads: as set, else INBOUND_CALLS and OUTBOUND_CALLS "true" (instances made before CreateInstance take calls), others "false". */
export function attributeValue(instance: Instance, type: string): string {
  return instance.attributes[type] ?? (type === 'INBOUND_CALLS' || type === 'OUTBOUND_CALLS' ? 'true' : 'false');
}

/** The AWS service-linked role Amazon Connect names on every instance. */
const serviceRole = (instance: Instance) => `arn:aws:iam::${instance.accountId}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect`;

function summary(services: Services, req: IncomingMessage, instance: Instance) {
  return {
    Id: instance.id, Arn: instance.arn, IdentityManagementType: instance.identityManagementType ?? 'CONNECT_MANAGED', InstanceAlias: instance.alias,
    CreatedTime: instance.createdAt / 1000, ServiceRole: serviceRole(instance), InstanceStatus: 'ACTIVE',
    InboundCallsEnabled: attributeValue(instance, 'INBOUND_CALLS') === 'true', OutboundCallsEnabled: attributeValue(instance, 'OUTBOUND_CALLS') === 'true',
    InstanceAccessUrl: `${baseUrl(services, req)}/ccp/`,
  };
}

/** CreateInstance (PUT /instance). */
export async function createInstance(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, accountId, region } = await authorizeConnect(services, req, undefined, { accountLevel: true });
  const parsed = CreateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  if (b.IdentityManagementType !== 'CONNECT_MANAGED') {
    throw new ApiError(400, 'InvalidRequestException', `IdentityManagementType ${b.IdentityManagementType} is not supported: Switchboard offers CONNECT_MANAGED`);
  }
  if (b.InstanceAlias === undefined) throw new ApiError(400, 'InvalidRequestException', 'InstanceAlias is required with CONNECT_MANAGED');
  if (b.DirectoryId !== undefined) throw new ApiError(400, 'InvalidRequestException', 'DirectoryId is only for EXISTING_DIRECTORY');
  const instanceId = randomUUID(), widgetId = randomUUID();
  const key = b.ClientToken ? `CreateInstance/${accountId}/${b.ClientToken}` : undefined;
  const answer = await services.idempotency.once(key, async () => {
    const command: CommandInput = {
      type: 'CreateInstanceWithDefaults', instanceId, alias: b.InstanceAlias!, region, accountId, tokenKey: randomBytes(32).toString('hex'),
      identityManagementType: b.IdentityManagementType, inboundCallsEnabled: b.InboundCallsEnabled, outboundCallsEnabled: b.OutboundCallsEnabled,
      tags: b.Tags ?? {},
      ids: { queueId: randomUUID(), hoursOfOperationId: randomUUID(), routingProfileId: randomUUID(), availableStatusId: randomUUID(), offlineStatusId: randomUUID(), widgetId },
    };
    const made = { Id: instanceId, Arn: `arn:aws:connect:${region}:${accountId}:instance/${instanceId}` };
    // One decision: the instance with its defaults and its Default chat widget, durable together or not at all.
    const outcome = await services.pipeline.submit(command, { key, answer: () => made });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
    log().info({ instanceId, alias: b.InstanceAlias, widgetId, chatUrl: `${baseUrl(services, req)}/chat/?widget=${widgetId}` }, 'instance created');
    return made;
  });
  sendJson(res, 200, answer);
}

/** ListInstances (GET /instance?maxResults&nextToken): the account's instances in the signing region, oldest first. */
export async function listInstances(services: Services, { req, res, url }: RouteContext): Promise<void> {
  const { accountId, region } = await authorizeConnect(services, req, undefined, { accountLevel: true });
  await services.pipeline.settled();
  const all = [...services.state.instances.values()].filter((i) => i.accountId === accountId && i.region === region)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const { items, nextToken } = pageOf(all, url.searchParams.get('maxResults'), url.searchParams.get('nextToken'), 10);
  sendJson(res, 200, { InstanceSummaryList: items.map((i) => summary(services, req, i)), ...(nextToken ? { NextToken: nextToken } : {}) });
}

/** DescribeInstance (GET /instance/{InstanceId}). */
export async function describeInstance(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  await services.pipeline.settled();
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  sendJson(res, 200, { Instance: { ...summary(services, req, instance), Tags: instance.tags ?? {} } });
}

/** DeleteInstance (DELETE /instance/{InstanceId}): its contacts end, its agents' sessions and sockets close. */
export async function deleteInstance(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({ type: 'DeleteInstance', instanceId: instance.id });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  res.writeHead(200).end();
}

/** ListInstanceAttributes (GET /instance/{InstanceId}/attributes?maxResults&nextToken): every InstanceAttributeType, as DescribeInstanceAttribute reads it. */
export async function listInstanceAttributes(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const all = INSTANCE_ATTRIBUTE_TYPES.map((type) => ({ AttributeType: type, Value: attributeValue(instance, type) }));
  const { items, nextToken } = pageOf(all, url.searchParams.get('maxResults'), url.searchParams.get('nextToken'), 7);
  sendJson(res, 200, { Attributes: items, ...(nextToken ? { NextToken: nextToken } : {}) });
}
