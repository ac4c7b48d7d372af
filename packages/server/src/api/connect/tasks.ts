import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TASK_LIMITS, TASK_REFERENCE_TYPES } from '@switchboard/engine';
import { ApiError, errors, fromRejection, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

const Text = (max: number) => z.string().min(1).max(max);

const Reference = z.object({
  Value: z.string().max(TASK_LIMITS.referenceValueChars),
  Type: z.enum(TASK_REFERENCE_TYPES as [string, ...string[]]),
  Status: z.string().optional(),
  Arn: z.string().optional(),
  StatusReason: z.string().optional(),
});

const StartTaskContactBody = z.object({
  InstanceId: Text(100),
  Name: z.string().max(TASK_LIMITS.nameChars),
  Description: z.string().max(TASK_LIMITS.descriptionChars).optional(),
  ContactFlowId: Text(500).optional(),
  QuickConnectId: Text(500).optional(),
  TaskTemplateId: Text(500).optional(),
  PreviousContactId: Text(256).optional(),
  RelatedContactId: Text(256).optional(),
  Attributes: z.record(z.string().min(1).max(32767), z.string().max(32767)).optional(),
  References: z.record(z.string().min(1).max(4096), Reference).optional(),
  /** Epoch seconds (the SDK sends a Date as seconds). */
  ScheduledTime: z.number().finite().optional(),
  ClientToken: z.string().max(500).optional(),
  SegmentAttributes: z.unknown().optional(),
  Attachments: z.array(z.unknown()).max(0, 'tasks do not take attachments yet').optional(),
});

/**
 * StartTaskContact (PUT /contact/task): a TASK contact whose inbound flow (ContactFlowId) runs now, or at
 * ScheduledTime, and queues it for an agent; or a QUEUE quick connect's queue takes it straight away.
 * ClientToken retries are answered with the same ContactId.
 */
export async function startTaskContact(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const body = StartTaskContactBody.safeParse(parseJson(raw, 'connect'));
  if (!body.success) {
    const issue = body.error.issues[0];
    throw new ApiError(400, 'InvalidParameterException', `${issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid request'}`);
  }
  const b = body.data;
  const instance = instanceFor(services, keyInstance, b.InstanceId);
  // No task templates exist here: any TaskTemplateId names nothing.
  if (b.TaskTemplateId !== undefined) throw errors.notFound(`TaskTemplate ${b.TaskTemplateId} not found`, 'TaskTemplate', b.TaskTemplateId);
  const key = b.ClientToken ? `StartTaskContact/${instance.id}/${b.ClientToken}` : undefined;
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    const contactId = randomUUID();
    const references: Record<string, { type: (typeof TASK_REFERENCE_TYPES)[number]; value: string }> = {};
    for (const [name, ref] of Object.entries(b.References ?? {})) references[name] = { type: ref.Type as (typeof TASK_REFERENCE_TYPES)[number], value: ref.Value };
    const outcome = await services.pipeline.submit({
      type: 'StartTaskContact', instanceId: instance.id, contactId, name: b.Name, references, attributes: b.Attributes ?? {},
      ...(b.Description !== undefined ? { description: b.Description } : {}),
      ...(b.ContactFlowId !== undefined ? { contactFlowId: idOf(b.ContactFlowId) } : {}),
      ...(b.QuickConnectId !== undefined ? { quickConnectId: idOf(b.QuickConnectId) } : {}),
      ...(b.PreviousContactId !== undefined ? { previousContactId: b.PreviousContactId } : {}),
      ...(b.RelatedContactId !== undefined ? { relatedContactId: b.RelatedContactId } : {}),
      ...(b.ScheduledTime !== undefined ? { scheduledAt: Math.round(b.ScheduledTime * 1000) } : {}),
    }, { key, answer: () => ({ ContactId: contactId }) });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
    return outcome.answer;
  }));
}
