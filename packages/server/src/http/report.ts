import { log } from '../log.ts';

/**
 * Errors nobody expected (a bug, not a client's mistake) are logged once with their stack, then only
 * counted: a request that trips the same bug a thousand times a second must not fill the disk with
 * traces. Each kind (its name, message and first frame) is logged in full the first time and again
 * as a one-line count at 10, 100, 1,000… occurrences.
 */
const seen = new Map<string, number>();
const MAX_KINDS = 1_000;

export function reportUnexpected(where: string, error: unknown, fields: Record<string, unknown> = {}): void {
  const kind = kindOf(error);
  const count = (seen.get(kind) ?? 0) + 1;
  if (seen.size < MAX_KINDS || seen.has(kind)) seen.set(kind, count);
  if (count === 1) log().error({ ...fields, err: error }, where);
  else if (Number.isInteger(Math.log10(count))) log().error({ ...fields, count }, `${where}: the same error ${count} times: ${firstLine(error)}`);
}

function kindOf(error: unknown): string {
  if (!(error instanceof Error)) return `non-error ${typeof error}`;
  const frame = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at ')) ?? '';
  return `${error.name}: ${error.message.slice(0, 200)} ${frame.trim()}`;
}

function firstLine(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error).slice(0, 200);
}
