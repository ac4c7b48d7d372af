import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { GcStats } from '../protocol.ts';

/**
 * Counts this thread's garbage collections and their pauses (perf_hooks 'gc' entries), so a late frame can
 * be set beside the pauses of the same window (bench/media prints both). Cheap: one entry per collection.
 */
export function gcWatch(): { read(): GcStats; stop(): void } {
  const stats: GcStats = { minor: 0, major: 0, pauseMs: 0, maxPauseMs: 0, maxPauseKind: '' };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = ((entry as unknown as { detail?: { kind?: number } }).detail)?.kind;
      const which = kind === constants.NODE_PERFORMANCE_GC_MINOR ? 'minor' : kind === constants.NODE_PERFORMANCE_GC_MAJOR ? 'major' : 'other';
      if (which !== 'other') stats[which]++;
      stats.pauseMs += entry.duration;
      if (entry.duration > stats.maxPauseMs) { stats.maxPauseMs = entry.duration; stats.maxPauseKind = which; }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    read() {
      const out = { ...stats };
      stats.maxPauseMs = 0;
      stats.maxPauseKind = '';
      return out;
    },
    stop() { observer.disconnect(); },
  };
}
