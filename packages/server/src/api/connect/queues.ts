import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { WEEKDAYS, type Weekday } from '@switchboard/engine';
import { fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

const Slice = z.object({ Hours: z.number().int().min(0).max(23), Minutes: z.number().int().min(0).max(59) });
const CreateHoursBody = z.object({
  Name: z.string().min(1).max(127),
  Description: z.string().max(250).optional(),
  TimeZone: z.string().min(1),
  Config: z.array(z.object({ Day: z.enum(WEEKDAYS as unknown as [Weekday, ...Weekday[]]), StartTime: Slice, EndTime: Slice })).max(100),
  Tags: z.record(z.string(), z.string()).optional(),
});

/** CreateHoursOfOperation (PUT /hours-of-operations/{InstanceId}). */
export async function createHoursOfOperation(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = CreateHoursBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const id = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'CreateHoursOfOperation', instanceId: instance.id, hoursOfOperationId: id, name: parsed.data.Name, timeZone: parsed.data.TimeZone,
    config: parsed.data.Config.map((c) => ({ day: c.Day, startTime: { hours: c.StartTime.Hours, minutes: c.StartTime.Minutes }, endTime: { hours: c.EndTime.Hours, minutes: c.EndTime.Minutes } })),
    description: parsed.data.Description ?? '', tags: parsed.data.Tags ?? {},
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, { HoursOfOperationId: id, HoursOfOperationArn: instance.hoursOfOperations.get(id)!.arn });
}

/** UpdateQueueHoursOfOperation (POST /queues/{InstanceId}/{QueueId}/hours-of-operation). */
export async function updateQueueHours(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ HoursOfOperationId: z.string().min(1) }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({ type: 'UpdateQueue', instanceId: instance.id, queueId: idOf(params.queueId!), hoursOfOperationId: idOf(parsed.data.HoursOfOperationId) });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}

/** UpdateQueueMaxContacts (POST /queues/{InstanceId}/{QueueId}/max-contacts); no MaxContacts = no limit. */
export async function updateQueueMaxContacts(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ MaxContacts: z.number().int().min(0).optional() }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const outcome = await services.pipeline.submit({ type: 'UpdateQueue', instanceId: instance.id, queueId: idOf(params.queueId!), maxContacts: parsed.data.MaxContacts ?? null });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}
