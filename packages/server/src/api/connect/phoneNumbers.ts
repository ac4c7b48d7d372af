import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findPhoneNumber, type Instance, type PhoneNumber } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';
import { pageOf } from './paging.ts';

/**
 * Phone numbers (issue 18): ClaimPhoneNumber, ListPhoneNumbersV2, DescribePhoneNumber, ReleasePhoneNumber,
 * AssociatePhoneNumberContactFlow, DisassociatePhoneNumberContactFlow. No telephone company stands behind
 * Switchboard: claiming records a number the operator owns on their SIP trunk (E.164, claimed by one instance
 * of the server at most), and a call to it runs the flow associated with it (api/phoneSimulator.ts, api/devPhone.ts).
 */

const Tags = z.record(z.string(), z.string());
const ClaimBody = z.object({
  PhoneNumber: z.string().min(1).max(64),
  TargetArn: z.string().min(1).max(500).optional(),
  InstanceId: z.string().min(1).max(500).optional(),
  PhoneNumberDescription: z.string().max(500).optional(),
  Tags: Tags.optional(),
  ClientToken: z.string().max(500).optional(),
});
const ListBody = z.object({
  TargetArn: z.string().min(1).max(500).optional(),
  InstanceId: z.string().min(1).max(500).optional(),
  MaxResults: z.number().optional(),
  NextToken: z.string().max(100000).optional(),
  PhoneNumberCountryCodes: z.array(z.string()).max(10).optional(),
  PhoneNumberTypes: z.array(z.string()).max(6).optional(),
  PhoneNumberPrefix: z.string().max(20).optional(),
});

/** The instance a TargetArn (an instance ARN) or InstanceId names. */
function targetInstance(services: Services, keyInstance: Instance, target: { TargetArn?: string | undefined; InstanceId?: string | undefined }): Instance {
  if (target.TargetArn !== undefined) {
    const m = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/([^/]+)$/.exec(target.TargetArn);
    if (!m) throw new ApiError(400, 'InvalidParameterException', `TargetArn ${target.TargetArn} is not an instance ARN (traffic distribution groups are not offered)`);
    return instanceFor(services, keyInstance, m[1]!);
  }
  return instanceFor(services, keyInstance, idOf(target.InstanceId!));
}

/** A claimed number by id or ARN, on an instance the key may use. */
function numberFor(services: Services, keyInstance: Instance, ref: string): { instance: Instance; phoneNumber: PhoneNumber } {
  const found = findPhoneNumber(services.state, idOf(ref));
  if (!found) throw errors.notFound(`PhoneNumber ${ref} not found`, 'PhoneNumber', ref);
  instanceFor(services, keyInstance, found.instance.id);
  return found;
}

const summary = (instance: Instance, n: PhoneNumber) => ({
  PhoneNumberId: n.id, PhoneNumberArn: n.arn, PhoneNumber: n.number, PhoneNumberCountryCode: n.countryCode, PhoneNumberType: n.type,
  TargetArn: instance.arn, InstanceId: instance.id, PhoneNumberDescription: n.description,
});

async function submit(services: Services, command: Record<string, unknown>): Promise<void> {
  const outcome = await services.pipeline.submit(command as never);
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
}

/** ClaimPhoneNumber (POST /phone-number/claim). */
export async function claimPhoneNumber(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = ClaimBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  if ((b.TargetArn === undefined) === (b.InstanceId === undefined)) throw new ApiError(400, 'InvalidParameterException', 'give one of TargetArn and InstanceId');
  const instance = targetInstance(services, keyInstance, b);
  const phoneNumberId = randomUUID();
  const key = b.ClientToken ? `ClaimPhoneNumber/${instance.id}/${b.ClientToken}` : undefined;
  const answer = await services.idempotency.once(key, async () => {
    const made = { PhoneNumberId: phoneNumberId, PhoneNumberArn: `arn:aws:connect:${instance.region}:${instance.accountId}:phone-number/${phoneNumberId}` };
    const outcome = await services.pipeline.submit({
      type: 'ClaimPhoneNumber', instanceId: instance.id, phoneNumberId, phoneNumber: b.PhoneNumber, description: b.PhoneNumberDescription ?? '', tags: b.Tags ?? {},
    }, { key, answer: () => made });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
    return made;
  });
  sendJson(res, 200, answer);
}

/** ListPhoneNumbersV2 (POST /phone-number/list): the account's numbers (in the signing region), or one instance's; by number. */
export async function listPhoneNumbersV2(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = ListBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  if (b.TargetArn !== undefined && b.InstanceId !== undefined) throw new ApiError(400, 'InvalidParameterException', 'give TargetArn or InstanceId, not both');
  if (b.PhoneNumberPrefix !== undefined && !/^\+?\d{1,15}$/.test(b.PhoneNumberPrefix)) throw new ApiError(400, 'InvalidParameterException', 'PhoneNumberPrefix is a + and digits, e.g. +1206');
  const instances = b.TargetArn !== undefined || b.InstanceId !== undefined
    ? [targetInstance(services, keyInstance, b)]
    : [...services.state.instances.values()].filter((i) => i.accountId === keyInstance.accountId && i.region === keyInstance.region);
  await services.pipeline.settled();
  const prefix = b.PhoneNumberPrefix === undefined ? undefined : b.PhoneNumberPrefix.startsWith('+') ? b.PhoneNumberPrefix : `+${b.PhoneNumberPrefix}`;
  const all = instances.flatMap((instance) => [...(instance.phoneNumbers?.values() ?? [])].map((n) => ({ instance, n })))
    .filter(({ n }) => (!b.PhoneNumberCountryCodes?.length || b.PhoneNumberCountryCodes.includes(n.countryCode))
      && (!b.PhoneNumberTypes?.length || b.PhoneNumberTypes.includes(n.type)) && (prefix === undefined || n.number.startsWith(prefix)))
    .sort((x, y) => (x.n.number < y.n.number ? -1 : x.n.number > y.n.number ? 1 : 0));
  const { items, nextToken } = pageOf(all, b.MaxResults, b.NextToken, 1000);
  sendJson(res, 200, { ListPhoneNumbersSummaryList: items.map(({ instance, n }) => summary(instance, n)), ...(nextToken ? { NextToken: nextToken } : {}) });
}

/** DescribePhoneNumber (GET /phone-number/{PhoneNumberId}). */
export async function describePhoneNumber(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  await services.pipeline.settled();
  const { instance, phoneNumber: n } = numberFor(services, keyInstance, params.phoneNumberId!);
  sendJson(res, 200, { ClaimedPhoneNumberSummary: { ...summary(instance, n), Tags: n.tags, PhoneNumberStatus: { Status: 'CLAIMED' } } });
}

/** ReleasePhoneNumber (DELETE /phone-number/{PhoneNumberId}). */
export async function releasePhoneNumber(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const { instance, phoneNumber } = numberFor(services, keyInstance, params.phoneNumberId!);
  await submit(services, { type: 'ReleasePhoneNumber', instanceId: instance.id, phoneNumberId: phoneNumber.id });
  res.writeHead(200).end();
}

/** The number, checked to be the instance's that the request names (InstanceId). */
function numberOnInstance(services: Services, keyInstance: Instance, ref: string, instanceId: string): { instance: Instance; phoneNumber: PhoneNumber } {
  const named = instanceFor(services, keyInstance, idOf(instanceId));
  const found = numberFor(services, keyInstance, ref);
  if (found.instance.id !== named.id) throw errors.notFound(`PhoneNumber ${ref} is not claimed by instance ${named.id}`, 'PhoneNumber', ref);
  return found;
}

/** AssociatePhoneNumberContactFlow (PUT /phone-number/{PhoneNumberId}/contact-flow): calls to the number run the flow (an inbound one). */
export async function associatePhoneNumberContactFlow(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ InstanceId: z.string().min(1).max(500), ContactFlowId: z.string().min(1).max(500) }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const { instance, phoneNumber } = numberOnInstance(services, keyInstance, params.phoneNumberId!, parsed.data.InstanceId);
  await submit(services, { type: 'AssociatePhoneNumberContactFlow', instanceId: instance.id, phoneNumberId: phoneNumber.id, contactFlowId: idOf(parsed.data.ContactFlowId) });
  res.writeHead(200).end();
}

/** DisassociatePhoneNumberContactFlow (DELETE /phone-number/{PhoneNumberId}/contact-flow?instanceId=…). */
export async function disassociatePhoneNumberContactFlow(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instanceId = url.searchParams.get('instanceId');
  if (!instanceId) throw new ApiError(400, 'InvalidRequestException', 'InstanceId is required');
  const { instance, phoneNumber } = numberOnInstance(services, keyInstance, params.phoneNumberId!, instanceId);
  await submit(services, { type: 'DisassociatePhoneNumberContactFlow', instanceId: instance.id, phoneNumberId: phoneNumber.id });
  res.writeHead(200).end();
}
