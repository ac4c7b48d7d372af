import type { HoursOfOperation, Queue, Weekday } from '../model/instance.ts';
import { WEEKDAYS } from '../model/instance.ts';
import type { Contact } from '../model/contact.ts';
import type { Instance } from '../state.ts';

/**
 * One formatter per time zone: making one costs tens of microseconds (ICU loads the zone and the locale),
 * and hours are checked on every contact a flow queues. A cache of pure formatters; the answer depends only
 * on the instant and the zone.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    if (formatters.size >= 512) formatters.clear(); // zone names come from requests: bounded, as in time/zone.ts
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Weekday and minute of the day at `at` (epoch ms) in a time zone. Pure: Intl computes from the instant given. */
export function localTime(at: number, timeZone: string): { day: Weekday; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: get('weekday').toUpperCase() as Weekday, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/**
 * Open at `at`? A range whose end is not after its start runs past midnight into the next day
 * (00:00–00:00 is the whole day).
 */
export function isOpen(hours: HoursOfOperation, at: number): boolean {
  const { day, minute } = localTime(at, hours.timeZone);
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
  for (const range of hours.config) {
    const start = range.startTime.hours * 60 + range.startTime.minutes;
    const end = range.endTime.hours * 60 + range.endTime.minutes;
    if (end > start) {
      if (range.day === day && minute >= start && minute < end) return true;
    } else {
      if (range.day === day && minute >= start) return true;
      if (range.day === yesterday && minute < end) return true;
    }
  }
  return false;
}

/** Contacts waiting in a queue (offered ones still count: they are not answered yet). */
export function contactsInQueue(instance: Instance, queueId: string): Contact[] {
  const out: Contact[] = [];
  for (const id of instance.queued) {
    const c = instance.contacts.get(id)!;
    if (c.queueId === queueId) out.push(c);
  }
  return out;
}

/**
 * Can a queue take one more contact now? A queue outside its hours of operation is closed; one holding
 * its maximum of contacts is at capacity.
 */
export function queueAdmission(instance: Instance, queue: Queue, at: number): 'open' | 'closed' | 'full' {
  // A disabled queue (UpdateQueueStatus) takes no new contacts, as a closed one.
  if (queue.status === 'DISABLED') return 'closed';
  const hours = queue.hoursOfOperationId ? instance.hoursOfOperations.get(queue.hoursOfOperationId) : undefined;
  if (hours && !isOpen(hours, at)) return 'closed';
  if (queue.maxContacts !== undefined && contactsInQueue(instance, queue.id).length >= queue.maxContacts) return 'full';
  return 'open';
}
