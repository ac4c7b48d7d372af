import type { Contact } from '../model/contact.ts';
import type { Instance } from '../state.ts';

/**
 * The contact record as DescribeContact returns it (connect-wire-apis.md §5). Timestamps are epoch
 * seconds, as the Connect API's restJson1 bodies carry them.
 */
export function contactRecord(instance: Instance, contact: Contact): Record<string, unknown> {
  const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
  const agentUserId = contact.primaryUserId;
  const agent = agentUserId ? instance.users.get(agentUserId) : undefined;
  const agentContact = agent?.contacts.get(contact.id);
  const record: Record<string, unknown> = {
    Arn: contact.arn,
    Id: contact.id,
    InitialContactId: contact.initialContactId,
    PreviousContactId: contact.previousContactId,
    RelatedContactId: contact.relatedContactId,
    InitiationMethod: contact.initiationMethod,
    Channel: contact.channel,
    // Tasks: their name, description and ScheduledTime (references are read with ListContactReferences in Connect).
    Name: contact.task?.name,
    Description: contact.task?.description,
    ScheduledTimestamp: seconds(contact.task?.scheduledAt),
    Attributes: { ...contact.attributes },
    InitiationTimestamp: seconds(contact.initiatedAt),
    DisconnectTimestamp: seconds(contact.disconnectedAt),
    LastUpdateTimestamp: seconds(contact.lastUpdatedAt),
    DisconnectReason: contact.disconnectReason,
    QueueInfo: contact.queueId ? { Id: contact.queueId, EnqueueTimestamp: seconds(contact.enqueuedAt) } : undefined,
    AgentInfo: agentUserId
      ? {
          Id: agentUserId,
          ConnectedToAgentTimestamp: seconds(contact.connectedToAgentAt),
          AcceptedByAgentTimestamp: seconds(contact.connectedToAgentAt),
          AfterContactWorkStartTimestamp: agentContact?.state === 'ended' ? seconds(agentContact.since) : undefined,
        }
      : undefined,
    CustomerEndpoint: customerEndpoint(instance, contact),
    NextContacts: contact.nextContacts?.map((n) => ({
      Type: 'QUICK_CONNECT',
      NextContactMetadata: {
        QuickConnectContactData: {
          ContactId: n.contactId, InitiationTimestamp: seconds(n.at),
          ...(n.quickConnectId !== undefined ? { QuickConnectId: n.quickConnectId, QuickConnectName: n.quickConnectName, QuickConnectType: n.quickConnectType } : {}),
        },
      },
    })),
    // Switchboard's own field (the AWS SDK ignores it; a plain HTTP client reads it): the call's recordings,
    // each downloadable with the admin key at GET /recordings/{InstanceId}/{ContactId}/{RecordingId}.
    Switchboard: contact.recordings && contact.recordings.length > 0
      ? { Recordings: contact.recordings.map((r) => ({ Id: r.id, DurationMillis: r.durationMs, Bytes: r.bytes, FinishedTimestamp: seconds(r.finishedAt), ContentType: 'audio/wav' })) }
      : undefined,
  };
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

/** Voice: the caller's number — or, on an external party's leg, the number the agent dialled. */
function customerEndpoint(instance: Instance, contact: Contact): { Type: string; Address: string } | undefined {
  const call = contact.channel === 'VOICE' ? instance.contacts.get(contact.initialContactId ?? contact.id)?.call : undefined;
  if (!call) return undefined;
  const party = contact.initiationMethod === 'EXTERNAL_OUTBOUND'
    ? call.parties.find((p) => p.legContactId === contact.id && p.kind === 'external')
    : call.parties.find((p) => p.kind === 'customer');
  return party?.phoneNumber ? { Type: 'TELEPHONE_NUMBER', Address: party.phoneNumber } : undefined;
}
