import { findFlow, type FlowLogEntry, type Instance } from '@switchboard/engine';
import { errors, sendJson } from '../../http/errors.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { page } from './flows.ts';

/**
 * GET /contact-flow-logs/{InstanceId}/{ContactId}?maxResults=&nextToken= — a contact's flow log, signed
 * with the instance's admin key like the Connect API (Switchboard's own route: Amazon Connect writes flow
 * logs to CloudWatch Logs). Entries are what the engine kept for the contact (contact.flowLog): every
 * action a flow ran while its flow logging was on (UpdateFlowLoggingBehavior), and every error branch
 * whose cause the engine knows. Each is shaped like a Connect flow-log record: Timestamp, ContactId,
 * ContactFlowId / ContactFlowName, Identifier, ContactFlowModuleType (the action type), Parameters (as
 * the flow wrote them, not their values at run time; secret-looking keys masked), Results, Error and
 * ErrorReason. Oldest first, paged (maxResults 1–1000, default 100).
 */

/** Parameter names whose values are masked in the log (the flow names them; the log need not show them). */
const SECRET = /secret|password|token|credential|encrypt|privatekey/i;

function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET.test(k) ? '***' : masked(v)]));
}

/** One flow-log entry as the API answers it. */
export function flowLogRecord(instance: Instance, contactId: string, entry: FlowLogEntry): Record<string, unknown> {
  const flow = instance.flows.get(entry.flowId) ?? instance.flowModules.get(entry.flowId) ?? findFlow(instance, entry.flowId);
  return {
    Timestamp: new Date(entry.at).toISOString(),
    ContactId: contactId,
    ContactFlowId: entry.flowId,
    ...(flow && 'arn' in flow ? { ContactFlowArn: flow.arn } : {}),
    ...(flow ? { ContactFlowName: flow.name } : {}),
    Identifier: entry.actionId,
    ContactFlowModuleType: entry.actionType,
    ...(entry.parameters !== undefined ? { Parameters: masked(entry.parameters) } : {}),
    ...(entry.result !== undefined ? { Results: entry.result } : {}),
    ...(entry.error !== undefined ? { Error: entry.error } : {}),
    ...(entry.reason !== undefined ? { ErrorReason: entry.reason } : {}),
  };
}

export async function getContactFlowLogs(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const contactId = params.contactId!;
  const records = await services.pipeline.archive.withContact(instance.id, contactId, () => {
    const contact = instance.contacts.get(contactId);
    return contact ? (contact.flowLog ?? []).map((entry) => flowLogRecord(instance, contactId, entry)) : undefined;
  });
  if (!records) throw errors.notFound(`Contact ${contactId} not found`, 'Contact', contactId);
  const { items, nextToken } = page(url, records);
  sendJson(res, 200, { FlowLogs: items, ...(nextToken !== undefined ? { NextToken: nextToken } : {}) });
}
