/** Per-thread CPU time of this process, from /proc (Linux): what each OS thread ran and how long it waited for a CPU. */
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadTimes {
  /** Nanoseconds on a CPU. */
  cpuNs: number;
  /** Nanoseconds runnable but waiting for a CPU (another process or thread had it). */
  waitNs: number;
}

/** Every thread of this process: tid → its times so far. Empty where /proc has no schedstat. */
export function threadTimes(): Record<string, ThreadTimes> {
  const out: Record<string, ThreadTimes> = {};
  let tids: string[];
  try { tids = readdirSync('/proc/self/task'); } catch { return out; }
  for (const tid of tids) {
    try {
      const [cpu, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
      out[tid] = { cpuNs: cpu ?? NaN, waitNs: wait ?? NaN };
    } catch { /* the thread ended */ }
  }
  return out;
}
