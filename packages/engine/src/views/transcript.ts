import type { TranscriptItem } from '../model/contact.ts';
import { reject, type Rejection } from '../rejection.ts';

/** GetTranscript paging, as the Participant Service does it. */
export interface TranscriptQuery {
  maxResults?: number;
  scanDirection?: 'FORWARD' | 'BACKWARD';
  sortOrder?: 'ASCENDING' | 'DESCENDING';
  startPosition?: { id?: string; absoluteTime?: number; mostRecent?: number };
  nextToken?: string;
}

export interface TranscriptPage {
  items: TranscriptItem[];
  nextToken?: string;
}

export const TRANSCRIPT_PAGE = { default: 15, max: 100 } as const;

// Tokens are opaque to clients; inside they are "<direction>:<next index>".
function encodeToken(direction: 'F' | 'B', index: number): string {
  return `${direction}${index.toString(36)}`;
}

function decodeToken(token: string): { direction: 'F' | 'B'; index: number } | undefined {
  const m = /^([FB])([0-9a-z]{1,10})$/.exec(token);
  if (!m) return undefined;
  return { direction: m[1] as 'F' | 'B', index: parseInt(m[2]!, 36) };
}

/**
 * One page of a transcript. Scanning starts at the start position (inclusive) — by default the oldest
 * item for FORWARD and the newest for BACKWARD — and a NextToken continues in the same direction.
 */
export function transcriptPage(items: readonly TranscriptItem[], query: TranscriptQuery): TranscriptPage | Rejection {
  const max = query.maxResults ?? TRANSCRIPT_PAGE.default;
  if (!Number.isInteger(max) || max < 0 || max > TRANSCRIPT_PAGE.max) {
    return reject('InvalidRequest', `MaxResults must be 0–${TRANSCRIPT_PAGE.max}`);
  }
  const forward = (query.scanDirection ?? 'BACKWARD') === 'FORWARD';
  let start: number;
  if (query.nextToken !== undefined) {
    const token = decodeToken(query.nextToken);
    if (!token || token.direction !== (forward ? 'F' : 'B')) return reject('InvalidRequest', 'NextToken is not valid for this request');
    start = token.index;
  } else {
    const position = query.startPosition ?? {};
    if (position.id !== undefined) {
      start = items.findIndex((i) => i.id === position.id);
      if (start < 0) return reject('InvalidRequest', `StartPosition Id ${position.id} is not in this transcript`);
    } else if (position.absoluteTime !== undefined) {
      const t = position.absoluteTime;
      if (forward) {
        start = items.findIndex((i) => i.at >= t);
        if (start < 0) start = items.length;
      } else {
        start = -1;
        for (let k = items.length - 1; k >= 0; k--) if (items[k]!.at <= t) { start = k; break; }
      }
    } else if (position.mostRecent !== undefined) {
      if (!Number.isInteger(position.mostRecent) || position.mostRecent < 0 || position.mostRecent > 100) {
        return reject('InvalidRequest', 'StartPosition MostRecent must be 0–100');
      }
      start = Math.max(0, items.length - 1 - position.mostRecent);
    } else {
      start = forward ? 0 : items.length - 1;
    }
  }
  const page: TranscriptItem[] = [];
  let k = start;
  while (page.length < max && k >= 0 && k < items.length) {
    page.push(items[k]!);
    k += forward ? 1 : -1;
  }
  // A page that moved nowhere (MaxResults 0) hands back no token, so a client following tokens always progresses.
  const more = page.length > 0 && k >= 0 && k < items.length;
  page.sort((a, b) => a.at - b.at || items.indexOf(a) - items.indexOf(b));
  if (query.sortOrder === 'DESCENDING') page.reverse();
  return { items: page, ...(more ? { nextToken: encodeToken(forward ? 'F' : 'B', k) } : {}) };
}
