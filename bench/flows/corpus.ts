/**
 * The corpus of real Amazon Connect flows (flow-language.md §4: 119 flow documents from public repositories
 * and their MANIFEST.tsv, kept outside this repository because of their mixed licences; by default
 * `../shared/flows` beside the checkout, or SWITCHBOARD_FLOW_CORPUS) imported through the Connect API
 * with the real @aws-sdk/client-connect: CreateContactFlow for flows, CreateContactFlowModule for modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectClient, CreateContactFlowCommand, CreateContactFlowModuleCommand, type ContactFlowType } from '@aws-sdk/client-connect';
import { checkFlow } from '../../packages/engine/src/index.ts';

export function corpusDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return process.env.SWITCHBOARD_FLOW_CORPUS ?? resolve(here, '../../../shared/flows');
}

export const corpusPresent = (dir = corpusDir()) => existsSync(join(dir, 'MANIFEST.tsv'));

export interface CorpusEntry {
  file: string;
  repo: string;
  /** A ContactFlowType, or MODULE. */
  flowType: string;
  provenance: string;
  typeSource: string;
  content: string;
}

export function readCorpus(dir = corpusDir()): CorpusEntry[] {
  const [header, ...rows] = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = (name: string) => header!.indexOf(name);
  return rows.map((r) => ({
    file: r[col('local_name')]!, repo: r[col('repo')]!, flowType: r[col('flow_type')]!, provenance: r[col('provenance')]!,
    typeSource: r[col('type_source')]!, content: readFileSync(join(dir, r[col('local_name')]!), 'utf8'),
  }));
}

export interface ImportResult {
  entry: CorpusEntry;
  ok: boolean;
  /** The created flow's (or module's) id and ARN. */
  id?: string;
  arn?: string;
  /** The exception's name when refused. */
  error?: string;
  problems: string[];
  /** Documented actions in the flow the interpreter does not run yet (empty: every action is supported). */
  unsupportedActions: string[];
  actionTypes: string[];
}

/** Imports every entry; names are made unique per entry (several repos reuse names like "Main flow"). */
export async function importCorpus(connect: ConnectClient, instanceId: string, entries: CorpusEntry[]): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const [i, entry] of entries.entries()) {
    const name = `${String(i + 1).padStart(3, '0')} ${entry.file.replace(/\.json$/, '')}`.slice(0, 127);
    let parsed: unknown;
    try {
      parsed = JSON.parse(entry.content);
    } catch {
      parsed = undefined;
    }
    const check = parsed === undefined ? { unsupportedActions: [] as string[] } : checkFlow(parsed, entry.flowType);
    const actions = (parsed as { Actions?: { Type?: unknown }[] } | undefined)?.Actions;
    const actionTypes = Array.isArray(actions) ? [...new Set(actions.map((a) => String(a?.Type)))].sort() : [];
    try {
      const created = entry.flowType === 'MODULE'
        ? await connect.send(new CreateContactFlowModuleCommand({ InstanceId: instanceId, Name: name, Content: entry.content })).then((r) => ({ id: r.Id, arn: r.Arn }))
        : await connect.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name: name, Type: entry.flowType as ContactFlowType, Content: entry.content })).then((r) => ({ id: r.ContactFlowId, arn: r.ContactFlowArn }));
      results.push({ entry, ok: true, ...created, problems: [], unsupportedActions: check.unsupportedActions, actionTypes });
    } catch (error) {
      const e = error as { name: string; message: string; problems?: { message: string }[]; Problems?: { message: string }[] };
      results.push({
        entry, ok: false, error: e.name, problems: (e.problems ?? e.Problems ?? [{ message: e.message }]).map((p) => p.message),
        unsupportedActions: check.unsupportedActions, actionTypes,
      });
    }
  }
  return results;
}

export interface CorpusSummary {
  total: number;
  imported: number;
  refused: ImportResult[];
  /** Imported flows whose every action the interpreter runs. */
  fullySupported: number;
  /** Unsupported action types: in how many imported flows each appears, most common first. */
  unsupported: { type: string; flows: number }[];
  byType: { flowType: string; total: number; imported: number; fullySupported: number }[];
}

export function summarize(results: ImportResult[]): CorpusSummary {
  const imported = results.filter((r) => r.ok);
  const counts = new Map<string, number>();
  for (const r of imported) for (const t of r.unsupportedActions) counts.set(t, (counts.get(t) ?? 0) + 1);
  const types = [...new Set(results.map((r) => r.entry.flowType))].sort();
  return {
    total: results.length,
    imported: imported.length,
    refused: results.filter((r) => !r.ok),
    fullySupported: imported.filter((r) => r.unsupportedActions.length === 0).length,
    unsupported: [...counts].map(([type, flows]) => ({ type, flows })).sort((a, b) => b.flows - a.flows || (a.type < b.type ? -1 : 1)),
    byType: types.map((flowType) => {
      const of = results.filter((r) => r.entry.flowType === flowType);
      return { flowType, total: of.length, imported: of.filter((r) => r.ok).length, fullySupported: of.filter((r) => r.ok && r.unsupportedActions.length === 0).length };
    }),
  };
}

/** The summary as Markdown tables (what bench:flows prints and RESULTS.md records). */
export function report(s: CorpusSummary, top = 20): string {
  const lines: string[] = [];
  lines.push(`Imported ${s.imported} of ${s.total} flows; ${s.fullySupported} of the imported use only actions the interpreter runs today.`, '');
  lines.push('| flow type | flows | imported | only supported actions |', '|:--|--:|--:|--:|');
  for (const t of s.byType) lines.push(`| ${t.flowType} | ${t.total} | ${t.imported} | ${t.fullySupported} |`);
  lines.push(`| **all** | **${s.total}** | **${s.imported}** | **${s.fullySupported}** |`, '');
  lines.push(`Most common unsupported action types (imported flows using each; top ${top}):`, '', '| action type | flows |', '|:--|--:|');
  for (const u of s.unsupported.slice(0, top)) lines.push(`| ${u.type} | ${u.flows} |`);
  if (s.refused.length > 0) {
    lines.push('', 'Refused:', '', '| flow | type | provenance | exception | problems |', '|:--|:--|:--|:--|:--|');
    for (const r of s.refused) lines.push(`| ${r.entry.file} | ${r.entry.flowType} (${r.entry.typeSource}) | ${r.entry.provenance} | ${r.error} | ${r.problems.join('; ')} |`);
  }
  return lines.join('\n');
}
