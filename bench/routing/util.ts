/** Small async and process helpers for the server phase. */
import { readFileSync } from 'node:fs';

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Runs `fn` over items with at most `limit` at a time. */
export async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The machine's CPU time so far, from /proc/stat: all of it and the part the hypervisor took (steal), in jiffies. */
export function machineCpu(): { total: number; steal: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return { total: NaN, steal: NaN };
  }
}

/** The share of the machine's CPU time the hypervisor took since `from` (0–1): a run with much steal measured another guest's load. */
export function stealSince(from: { total: number; steal: number }): number {
  const now = machineCpu();
  return (now.steal - from.steal) / (now.total - from.total);
}

/** The bytes a process has sent to storage so far (write_bytes in /proc/<pid>/io: the WAL, checkpoints; not sockets). */
export function processDiskBytes(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/io`, 'utf8').split('\n').find((l) => l.startsWith('write_bytes: '));
    return line === undefined ? NaN : Number(line.slice('write_bytes: '.length));
  } catch {
    return NaN;
  }
}
