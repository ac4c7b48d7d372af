/**
 * Reads a V8 CPU profile (.cpuprofile, as `node --cpu-prof` or the inspector writes it) and says where
 * the time went: self time by area (engine, server, a dependency, Node internals, GC) and the top
 * functions by self and by inclusive time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Row { name: string; ms: number; share: number }
export interface ProfileSummary { totalMs: number; areas: Row[]; self: Row[]; inclusive: Row[] }

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.includes('/packages/engine/')) return 'engine: ' + (/\/packages\/engine\/src\/([^/]+)/.exec(url)?.[1] ?? '?');
  if (url.includes('/packages/server/')) return 'server: ' + (/\/packages\/server\/src\/(.+?)(\/[^/]+)?\.ts/.exec(url)?.[1] ?? '?');
  if (url.includes('/packages/media/')) return 'media: ' + (/\/packages\/media\/src\/(.+?)(\/[^/]+)?\.ts/.exec(url)?.[1] ?? '?');
  if (url.includes('/bench/')) return 'bench';
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return dep[1]!;
  if (url.startsWith('node:')) return 'node: ' + url.slice(5).split('/')[0];
  return 'other';
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.replace(/^file:\/\//, '').replace(/^.*\/(packages|bench|node_modules)\//, '$1/') : '';
  // Under tsx, V8 reports the transpiled modules' functions at line 1: a line number then says nothing.
  return `${functionName || '(anonymous)'}${file ? ` ${file}${lineNumber > 0 ? `:${lineNumber + 1}` : ''}` : ''}`;
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  let totalMs = 0;
  for (const [id, ms] of self) if (byId.get(id)!.callFrame.functionName !== '(idle)') totalMs += ms;

  const areas = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    const a = area(node.callFrame.url, node.callFrame.functionName);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    const l = label(node);
    selfByFn.set(l, (selfByFn.get(l) ?? 0) + ms);
  }

  // Inclusive time per function, counting a call tree only once when the function recurses.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      if (node.callFrame.functionName === '(root)') break;
      const l = label(node);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
    }
  }
  const rows = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms, share: totalMs ? ms / totalMs : 0 }));
  return { totalMs, areas: rows(areas, 12), self: rows(selfByFn, top), inclusive: rows(inclusive, top) };
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

export function formatProfile(title: string, s: ProfileSummary): string {
  const pct = (r: Row) => `${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`;
  return [
    `${title}: ${(s.totalMs / 1000).toFixed(2)} s of CPU samples (idle excluded)`,
    '  self time by area:', ...s.areas.map((r) => '    ' + pct(r)),
    '  top functions, self time:', ...s.self.map((r) => '    ' + pct(r)),
    '  top functions, inclusive time:', ...s.inclusive.map((r) => '    ' + pct(r)),
  ].join('\n');
}
