import { z } from 'zod';
import { contactSearchSummary, matchesSearch, searchOrder, SEARCH_SORT_FIELDS, SEARCH_TIME_TYPES, type Contact, type ContactSearchQuery } from '@switchboard/engine';
import { ApiError, errors, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

/**
 * SearchContacts (POST /search-contacts) and GetContactAttributes (GET /contact/attributes/{InstanceId}/{InitialContactId}).
 * Both see live contacts and finished ones, which have left memory for the archive (archive.ts): a search
 * reads the archived contacts whose span meets the time range, a contact's attributes are read from the
 * archive as DescribeContact reads it. Matching and order are the engine's (views/contactSearch.ts).
 * Criteria Switchboard does not keep (contact analysis, routing criteria, segment attributes, tags, hierarchy
 * groups, names) are refused with InvalidParameterException rather than ignored.
 */

const Channel = z.enum(['VOICE', 'CHAT', 'TASK', 'EMAIL']);
const Method = z.enum(['INBOUND', 'OUTBOUND', 'TRANSFER', 'QUEUE_TRANSFER', 'CALLBACK', 'API', 'DISCONNECT', 'MONITOR', 'EXTERNAL_OUTBOUND', 'WEBRTC_API', 'AGENT_REPLY', 'FLOW']);
const UNSUPPORTED = ['Name', 'AgentHierarchyGroups', 'ContactAnalysis', 'RoutingCriteria', 'AdditionalTimeRange', 'SearchableSegmentAttributes', 'ActiveRegions', 'ContactTags', 'AiAgents'] as const;

const Body = z.object({
  InstanceId: z.string().min(1).max(100),
  TimeRange: z.object({ Type: z.enum(SEARCH_TIME_TYPES), StartTime: z.number().finite(), EndTime: z.number().finite() }),
  SearchCriteria: z.object({
    Channels: z.array(Channel).max(10).optional(),
    QueueIds: z.array(z.string().min(1).max(500)).max(100).optional(),
    AgentIds: z.array(z.string().min(1).max(500)).max(100).optional(),
    InitiationMethods: z.array(Method).max(12).optional(),
    SearchableContactAttributes: z.object({
      Criteria: z.array(z.object({ Key: z.string().min(1).max(100), Values: z.array(z.string().max(100)).min(1).max(20) })).min(1).max(15),
      MatchType: z.enum(['MATCH_ALL', 'MATCH_ANY']).optional(),
    }).optional(),
    ...Object.fromEntries(UNSUPPORTED.map((k) => [k, z.unknown().optional()])),
  }).optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  NextToken: z.string().min(1).max(2500).optional(),
  Sort: z.object({ FieldName: z.enum(SEARCH_SORT_FIELDS), Order: z.enum(['ASCENDING', 'DESCENDING']) }).optional(),
});

export async function searchContacts(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = Body.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, b.InstanceId);
  const c = (b.SearchCriteria ?? {}) as Record<string, unknown> & NonNullable<typeof b.SearchCriteria>;
  for (const key of UNSUPPORTED) if (c[key] !== undefined) throw new ApiError(400, 'InvalidParameterException', `SearchCriteria.${key} is not supported by Switchboard`);
  const start = Math.round(b.TimeRange.StartTime * 1000);
  const end = Math.round(b.TimeRange.EndTime * 1000);
  if (start > end) throw new ApiError(400, 'InvalidParameterException', 'TimeRange.StartTime must not be after EndTime');
  const offset = b.NextToken === undefined ? 0 : /^\d{1,9}$/.test(b.NextToken) ? Number(b.NextToken) : NaN;
  if (!Number.isInteger(offset)) throw new ApiError(400, 'InvalidParameterException', 'NextToken is not valid');
  const query: ContactSearchQuery = {
    timeType: b.TimeRange.Type, start, end,
    ...(c.Channels ? { channels: c.Channels } : {}),
    ...(c.QueueIds ? { queueIds: c.QueueIds.map(idOf) } : {}),
    ...(c.AgentIds ? { agentIds: c.AgentIds.map(idOf) } : {}),
    ...(c.InitiationMethods ? { initiationMethods: c.InitiationMethods } : {}),
    ...(c.SearchableContactAttributes ? {
      attributes: { criteria: c.SearchableContactAttributes.Criteria.map((x) => ({ key: x.Key, values: x.Values })), matchType: c.SearchableContactAttributes.MatchType ?? 'MATCH_ALL' },
    } : {}),
  };
  await services.pipeline.settled();
  // Archived first (read from the store), then the live ones: a contact archived meanwhile is in one or the other.
  const archived = await services.pipeline.archive.overlapping(instance.id, start, end);
  const found = new Map<string, Contact>();
  for (const contact of archived) if (matchesSearch(contact, query)) found.set(contact.id, contact);
  for (const contact of instance.contacts.values()) if (matchesSearch(contact, query)) found.set(contact.id, contact);
  const sorted = [...found.values()].sort(searchOrder(b.Sort?.FieldName ?? 'INITIATION_TIMESTAMP', b.Sort?.Order ?? 'DESCENDING'));
  if (offset > sorted.length) throw new ApiError(400, 'InvalidParameterException', 'NextToken is not valid');
  const max = b.MaxResults ?? 100;
  sendJson(res, 200, {
    Contacts: sorted.slice(offset, offset + max).map(contactSearchSummary),
    TotalCount: sorted.length,
    ...(offset + max < sorted.length ? { NextToken: String(offset + max) } : {}),
  });
}

/** GetContactAttributes (GET /contact/attributes/{InstanceId}/{InitialContactId}): live or archived. */
export async function getContactAttributes(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const contactId = params.initialContactId!;
  const contact = await services.pipeline.archive.read(instance.id, contactId);
  if (!contact) throw errors.notFound(`Contact ${contactId} not found`, 'Contact', contactId);
  sendJson(res, 200, { Attributes: { ...contact.attributes } });
}
