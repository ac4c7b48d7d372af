/**
 * How a run of a corpus flow ended, read from its flow log (drive.ts): a natural end (the flow reached
 * DisconnectParticipant, TransferContactToQueue, EndFlowExecution, or ran off its last action) with no
 * error branch on the way; an error branch taken because this server does not run an action; an error
 * branch for another reason (named by the action and its ErrorType); or stuck, still waiting when the time
 * limit passed. A condition no branch matched (NoMatchingCondition) is a flow's own default branch, not an error.
 */
import type { FlowLogEntry } from '@switchboard/engine';
import type { Channel, Trace } from './drive.ts';

export type Kind = 'natural' | 'unsupported' | 'error' | 'stuck';

export interface Outcome {
  kind: Kind;
  /** natural: how it ended (queued, disconnect, end, off the end); else the reason, grouped across flows. */
  reason: string;
  /** One example of the engine's own words (ErrorReason). */
  detail?: string;
  /** The run reached an end (queued, disconnected, ended) by whatever path, error branches included. */
  ended: boolean;
}

/** A run stuck in an action it has waited in this many times loops (a conversation only its Lambda or bot would end). */
const LOOPING = 4;

/** Errors that are the flow's design, not a failure: no condition matched. */
const NOT_AN_ERROR = new Set(['NoMatchingCondition']);

/** Ids, ARNs, numbers and quoted values out of a reason, so the same cause groups across flows. */
export const generalize = (reason: string) => reason
  .replace(/arn:[^\s,;)]+/g, '<arn>')
  .replace(/\$\{[^}]*\}|\{\{[^}]*\}\}/g, '<placeholder>')
  .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(:\$LATEST)?/gi, '<id>')
  .replace(/\b\d+(\.\d+)?\b/g, 'N');

/** `loggingOff`: the flow turns its own logging off (UpdateFlowLoggingBehavior Disabled), so the log may stop before its end. */
export function classify(trace: Trace, options: { loggingOff?: boolean; queueFlow?: boolean } = {}): Outcome {
  // A customer queue flow that keeps the customer waiting (prompts, loops, a timer) does what it is for, until an agent answers.
  const waiting = options.queueFlow && trace.stuck !== undefined && ['iterate', 'prompt', 'timer'].includes(trace.stuck.kind);
  const ended = !trace.stuck || waiting === true;
  const errors = trace.entries.filter((e) => e.error !== undefined && !NOT_AN_ERROR.has(e.error));
  const unsupported = errors.find((e) => /is not supported by this server/.test(e.reason ?? ''));
  if (unsupported) return { kind: 'unsupported', reason: `${unsupported.actionType} not supported`, detail: unsupported.reason!, ended };
  const first = errors[0];
  if (first) return { kind: 'error', reason: `${first.actionType} → ${first.error}${first.reason ? `: ${generalize(first.reason)}` : ''}`, ...(first.reason ? { detail: first.reason } : {}), ended };
  if (waiting) return { kind: 'natural', reason: `keeps the customer waiting (${trace.stuck!.actionType}) until an agent answers`, ended };
  if (trace.stuck) {
    const asked = trace.entries.filter((e) => e.actionId === trace.stuck!.actionId && e.result?.startsWith('waiting:')).length;
    return { kind: 'stuck', reason: asked >= LOOPING ? `loops: back in ${trace.stuck.actionType} again and again` : `waits in ${trace.stuck.actionType} (${trace.stuck.kind})`, ended };
  }
  const last: FlowLogEntry | undefined = trace.entries[trace.entries.length - 1];
  if (last?.result === 'queued' || trace.status === 'queued') return { kind: 'natural', reason: 'queued (TransferContactToQueue)', ended };
  if (last?.result === 'disconnect') return { kind: 'natural', reason: 'disconnected (DisconnectParticipant)', ended };
  if (last?.result === 'end') return { kind: 'natural', reason: `ended (${last.actionType})${options.queueFlow ? ', the contact still queued' : ''}`, ended };
  if (options.loggingOff) return { kind: 'natural', reason: `${trace.status} (the flow turns its logging off: its end is not in the log)`, ended };
  return { kind: 'natural', reason: 'ran off its last action', ended };
}

export interface FlowRuns {
  file: string;
  /** Short: repository/flow. */
  name: string;
  flowType: string;
  runs: Partial<Record<Channel, Outcome>>;
}

const KINDS: Kind[] = ['natural', 'error', 'unsupported', 'stuck'];

/** Markdown: per flow type and channel, how runs ended; then the reasons runs did not end naturally, with their flows. */
export function runReport(flows: FlowRuns[], top = 15): string {
  const lines: string[] = [];
  const channels: Channel[] = ['CHAT', 'VOICE'];
  const count = (of: FlowRuns[], ch: Channel, kind: Kind) => of.filter((f) => f.runs[ch]?.kind === kind).length;
  const all = (ch: Channel) => flows.filter((f) => f.runs[ch]);
  const ends = (of: FlowRuns[], ch: Channel) => of.filter((f) => f.runs[ch]?.ended).length;
  lines.push(`Ran ${flows.length} flows as a chat and as a call: ${channels.map((ch) => `${ch.toLowerCase()} ${count(flows, ch, 'natural')} of ${all(ch).length} to a natural end (${ends(flows, ch)} reach an end by some path)`).join(', ')}.`, '');
  lines.push('"Natural end": an end reached with no error branch on the way; the next three columns say why the others did not; "reached an end" counts every run that ended, error branches or not.', '');
  lines.push('| flow type | channel | ran | natural end | error branch | unsupported action | stuck | reached an end |', '|:--|:--|--:|--:|--:|--:|--:|--:|');
  const types = [...new Set(flows.map((f) => f.flowType))].sort();
  for (const t of [...types, '**all**']) {
    const of = t === '**all**' ? flows : flows.filter((f) => f.flowType === t);
    for (const ch of channels) {
      const ran = of.filter((f) => f.runs[ch]).length;
      if (ran === 0) continue;
      lines.push(`| ${t} | ${ch.toLowerCase()} | ${ran} | ${KINDS.map((k) => count(of, ch, k)).join(' | ')} | ${ends(of, ch)} |`);
    }
  }
  const natural = new Map<string, number>();
  for (const f of flows) for (const o of Object.values(f.runs)) if (o?.kind === 'natural') natural.set(o.reason, (natural.get(o.reason) ?? 0) + 1);
  lines.push('', 'Natural ends (runs):', '', ...[...natural].sort((a, b) => b[1] - a[1]).map(([r, n]) => `- ${r}: ${n}`));
  const reasons = new Map<string, { kind: Kind; runs: number; flows: Map<string, string[]> }>();
  for (const f of flows) for (const ch of channels) {
    const o = f.runs[ch];
    if (!o || o.kind === 'natural') continue;
    const r = reasons.get(o.reason) ?? { kind: o.kind, runs: 0, flows: new Map<string, string[]>() };
    r.runs++;
    r.flows.set(f.name, [...(r.flows.get(f.name) ?? []), ch.toLowerCase()]);
    reasons.set(o.reason, r);
  }
  lines.push('', `Why runs did not end naturally (most common first; top ${top}):`, '', '| reason | kind | runs | flows |', '|:--|:--|--:|:--|');
  for (const [reason, r] of [...reasons].sort((a, b) => b[1].runs - a[1].runs).slice(0, top)) {
    const named = [...r.flows].map(([name, chs]) => `${name} (${chs.join(', ')})`).join(', ');
    lines.push(`| ${reason.replace(/\|/g, '\\|')} | ${r.kind} | ${r.runs} | ${named} |`);
  }
  return lines.join('\n');
}
