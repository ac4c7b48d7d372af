/**
 * What the Contacts page reads: SearchContacts, DescribeContact and GetContactAttributes (the Connect API, with
 * the user's token), and the console's own routes for a chat's transcript and a contact's linked contacts
 * (GET /admin/contacts/{ContactId}/transcript and /chain). Times on the wire are epoch seconds, as restJson1
 * bodies carry them; here they stay seconds until they are shown.
 */
import type { Api } from './api.ts';

export interface ContactSummary {
  Id: string;
  Channel: string;
  InitiationMethod: string;
  InitialContactId?: string;
  PreviousContactId?: string;
  RelatedContactId?: string;
  QueueInfo?: { Id: string; EnqueueTimestamp?: number };
  AgentInfo?: { Id: string; ConnectedToAgentTimestamp?: number };
  InitiationTimestamp?: number;
  DisconnectTimestamp?: number;
  Name?: string;
}

export interface RecordingInfo { Id: string; DurationMillis: number; Bytes: number; FinishedTimestamp?: number; ContentType: string }

export interface ContactRecord extends ContactSummary {
  DisconnectReason?: string;
  LastUpdateTimestamp?: number;
  Description?: string;
  CustomerEndpoint?: { Type: string; Address: string };
  Switchboard?: { Recordings?: RecordingInfo[] };
}

export interface TranscriptItem {
  Id: string;
  Type: string;
  ContentType: string;
  Content?: string;
  AbsoluteTime: string;
  ParticipantRole?: string;
  DisplayName?: string;
  Attachments?: { AttachmentId: string; AttachmentName: string; ContentType: string; Status: string }[];
  /** A whisper's message: the only participants who saw it (absent: everyone in the chat). */
  VisibleTo?: { ParticipantId: string; ParticipantRole?: string; DisplayName?: string }[];
}

/** The search form: a time preset (or a custom from–to, as `datetime-local` values), and the optional criteria. */
export interface SearchForm {
  range: 'hour' | 'today' | 'week' | 'custom';
  from: string;
  to: string;
  channel: string;
  queueId: string;
  agentId: string;
  attribute: string;
}

export const EMPTY_SEARCH: SearchForm = { range: 'today', from: '', to: '', channel: '', queueId: '', agentId: '', attribute: '' };

/** The time range a form asks for, in epoch ms (`now` and the local time zone decide the presets); an error text for a bad custom range. */
export function timeRange(form: Pick<SearchForm, 'range' | 'from' | 'to'>, now: number): { start: number; end: number } | string {
  switch (form.range) {
    case 'hour': return { start: now - 3_600_000, end: now };
    case 'week': return { start: now - 7 * 86_400_000, end: now };
    case 'today': {
      const midnight = new Date(now);
      midnight.setHours(0, 0, 0, 0);
      return { start: midnight.getTime(), end: now };
    }
    case 'custom': {
      const start = Date.parse(form.from);
      const end = form.to ? Date.parse(form.to) : now;
      if (Number.isNaN(start)) return 'Choose when the range starts.';
      if (Number.isNaN(end)) return 'The end of the range is not a time.';
      if (start > end) return 'The range must start before it ends.';
      return { start, end };
    }
  }
}

/** The attribute criterion of a "key=value" text (a key alone is refused: SearchContacts matches values). */
export function attributeCriterion(text: string): { Key: string; Values: string[] } | undefined | string {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const at = trimmed.indexOf('=');
  if (at <= 0 || at === trimmed.length - 1) return 'Write the attribute as key=value.';
  return { Key: trimmed.slice(0, at).trim(), Values: [trimmed.slice(at + 1).trim()] };
}

/** SearchContacts' request body for a form (newest first), or an error text for a bad form. */
export function searchBody(instanceId: string, form: SearchForm, now: number, pageSize: number, nextToken?: string): Record<string, unknown> | string {
  const range = timeRange(form, now);
  if (typeof range === 'string') return range;
  const attribute = attributeCriterion(form.attribute);
  if (typeof attribute === 'string') return attribute;
  const criteria: Record<string, unknown> = {
    ...(form.channel ? { Channels: [form.channel] } : {}),
    ...(form.queueId ? { QueueIds: [form.queueId] } : {}),
    ...(form.agentId ? { AgentIds: [form.agentId] } : {}),
    ...(attribute ? { SearchableContactAttributes: { Criteria: [attribute], MatchType: 'MATCH_ALL' } } : {}),
  };
  return {
    InstanceId: instanceId,
    TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: range.start / 1000, EndTime: range.end / 1000 },
    ...(Object.keys(criteria).length > 0 ? { SearchCriteria: criteria } : {}),
    Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'DESCENDING' },
    MaxResults: pageSize,
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

export function searchContacts(api: Api, body: Record<string, unknown>): Promise<{ Contacts: ContactSummary[]; TotalCount?: number; NextToken?: string }> {
  return api.call('POST', '/search-contacts', body);
}

export async function describeContact(api: Api, contactId: string): Promise<ContactRecord> {
  return (await api.call<{ Contact: ContactRecord }>('GET', `/contacts/${api.instanceId}/${encodeURIComponent(contactId)}`)).Contact;
}

export async function contactAttributes(api: Api, contactId: string): Promise<Record<string, string>> {
  return (await api.call<{ Attributes: Record<string, string> }>('GET', `/contact/attributes/${api.instanceId}/${encodeURIComponent(contactId)}`)).Attributes;
}

/** Every item of a contact's transcript, oldest first (all pages). */
export async function contactTranscript(api: Api, contactId: string): Promise<TranscriptItem[]> {
  const items: TranscriptItem[] = [];
  let next: string | undefined;
  do {
    const page = await api.call<{ Transcript: TranscriptItem[]; NextToken?: string }>('GET', `/admin/contacts/${encodeURIComponent(contactId)}/transcript${next ? `?nextToken=${next}` : ''}`);
    items.push(...page.Transcript);
    next = page.NextToken;
  } while (next);
  return items;
}

/** The contacts linked to one (its call's legs, the contacts it came from or relates to, those that name it), itself included, oldest first. */
export async function contactChain(api: Api, contactId: string): Promise<ContactSummary[]> {
  return (await api.call<{ Contacts: ContactSummary[] }>('GET', `/admin/contacts/${encodeURIComponent(contactId)}/chain`)).Contacts;
}
