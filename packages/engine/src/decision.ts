import type { Event } from './events.ts';
import type { Rejection } from './rejection.ts';

/** What deciding a command yields: the events to record, or why it was refused (and then nothing changes). */
export type Decision = { ok: true; events: Event[] } | { ok: false; rejection: Rejection };

export const accepted = (events: Event[]): Decision => ({ ok: true, events });
export const refused = (rejection: Rejection): Decision => ({ ok: false, rejection });
