/**
 * What the shell stores for an archived contact: the contact itself (serialised) and, beside it, what
 * the archive's queries need without reviving it — its channel, when it began and ended, and its
 * historical-metric facts with the span of time they fall in (GetMetricDataV2 asks by time range).
 */
import type { Channel } from '../model/instance.ts';
import type { Contact } from '../model/contact.ts';
import type { Instance } from '../state.ts';
import { contactFacts, type MetricFact } from '../views/metrics/historical.ts';
import { serializeContact } from './contactCodec.ts';

export interface ArchivedContact {
  instanceId: string;
  contactId: string;
  channel: Channel;
  initiatedAt: number;
  disconnectedAt: number | undefined;
  /**
   * The contact's metric facts, taken when it is archived. Their dimensions include each agent's routing
   * profile at that moment; nothing changes a user's routing profile today, so they are the facts a live
   * contact would give.
   */
  facts: MetricFact[];
  /** The earliest and latest `at` of its facts (undefined when it has none): the archive's range index. */
  factsFrom: number | undefined;
  factsTo: number | undefined;
  /** serializeContact's text. */
  data: string;
}

export function archiveRecord(instance: Instance, contact: Contact): ArchivedContact {
  const facts = contactFacts(instance, contact);
  const times = facts.map((f) => f.at);
  return {
    instanceId: instance.id,
    contactId: contact.id,
    channel: contact.channel,
    initiatedAt: contact.initiatedAt,
    disconnectedAt: contact.disconnectedAt,
    facts,
    factsFrom: times.length > 0 ? Math.min(...times) : undefined,
    factsTo: times.length > 0 ? Math.max(...times) : undefined,
    data: serializeContact(contact),
  };
}
