import { z } from 'zod';
import { WEEKDAYS, type HoursOfOperation, type Instance, type Weekday } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';
import { page } from './flows.ts';

/**
 * Hours of operation through the Connect API (issue 18): DescribeHoursOfOperation, ListHoursOfOperations,
 * UpdateHoursOfOperation (queues using the hours follow the new ones at once), DeleteHoursOfOperation
 * (ResourceInUseException while a queue uses them). CreateHoursOfOperation is in queues.ts.
 */

const Slice = z.object({ Hours: z.number().int().min(0).max(23), Minutes: z.number().int().min(0).max(59) });
const UpdateBody = z.object({
  Name: z.string().min(1).max(127).optional(),
  Description: z.string().max(250).optional(),
  TimeZone: z.string().min(1).optional(),
  Config: z.array(z.object({ Day: z.enum(WEEKDAYS as unknown as [Weekday, ...Weekday[]]), StartTime: Slice, EndTime: Slice })).max(100).optional(),
});

function findHours(instance: Instance, ref: string): HoursOfOperation {
  const hours = instance.hoursOfOperations.get(idOf(ref));
  if (!hours) throw errors.notFound(`HoursOfOperation ${ref} not found`, 'HoursOfOperation', ref);
  return hours;
}
const modified = (instance: Instance, h: HoursOfOperation) => (h.lastModifiedAt ?? instance.createdAt) / 1000;

/** DescribeHoursOfOperation (GET /hours-of-operations/{InstanceId}/{HoursOfOperationId}). */
export async function describeHoursOfOperation(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const h = findHours(instance, params.hoursOfOperationId!);
  sendJson(res, 200, {
    HoursOfOperation: {
      HoursOfOperationId: h.id, HoursOfOperationArn: h.arn, Name: h.name, Description: h.description ?? '', TimeZone: h.timeZone,
      Config: h.config.map((c) => ({ Day: c.day, StartTime: { Hours: c.startTime.hours, Minutes: c.startTime.minutes }, EndTime: { Hours: c.endTime.hours, Minutes: c.endTime.minutes } })),
      Tags: h.tags ?? {}, LastModifiedTime: modified(instance, h), LastModifiedRegion: instance.region,
    },
  });
}

/** ListHoursOfOperations (GET /hours-of-operations-summary/{InstanceId}?maxResults&nextToken), by name. */
export async function listHoursOfOperations(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const all = [...instance.hoursOfOperations.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { items, nextToken } = page(url, all);
  sendJson(res, 200, {
    HoursOfOperationSummaryList: items.map((h) => ({ Id: h.id, Arn: h.arn, Name: h.name, LastModifiedTime: modified(instance, h), LastModifiedRegion: instance.region })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

/** UpdateHoursOfOperation (POST /hours-of-operations/{InstanceId}/{HoursOfOperationId}). */
export async function updateHoursOfOperation(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = UpdateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({
    type: 'UpdateHoursOfOperation', instanceId: instance.id, hoursOfOperationId: idOf(params.hoursOfOperationId!),
    ...(b.Name !== undefined ? { name: b.Name } : {}), ...(b.Description !== undefined ? { description: b.Description } : {}),
    ...(b.TimeZone !== undefined ? { timeZone: b.TimeZone } : {}),
    ...(b.Config !== undefined ? {
      config: b.Config.map((c) => ({ day: c.Day, startTime: { hours: c.StartTime.Hours, minutes: c.StartTime.Minutes }, endTime: { hours: c.EndTime.Hours, minutes: c.EndTime.Minutes } })),
    } : {}),
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}

/** DeleteHoursOfOperation (DELETE /hours-of-operations/{InstanceId}/{HoursOfOperationId}). */
export async function deleteHoursOfOperation(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({ type: 'DeleteHoursOfOperation', instanceId: instance.id, hoursOfOperationId: idOf(params.hoursOfOperationId!) });
  if (!outcome.ok) {
    if (outcome.rejection.rule === 'hours-in-use') throw new ApiError(409, 'ResourceInUseException', outcome.rejection.message);
    throw fromRejection('connect', outcome.rejection);
  }
  sendJson(res, 200, {});
}
