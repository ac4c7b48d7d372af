/**
 * A flow-language document as a graph to draw: each action a box (its id shortened, its type in words, a
 * line on its key parameter, one row per transition), each transition an edge from its row to the action
 * it goes to. Where the document says where its actions sit (Metadata.ActionMetadata[id].position, as
 * Amazon Connect's designer exports it), they sit there (spread out evenly if boxes would overlap);
 * otherwise a layered layout from StartAction: breadth-first depth is the column, order of visit the row.
 * Pure: no DOM, so it is unit-tested on real exports.
 */
import { actionSummary, typeInWords, type Names } from './flowActionText.ts';

export const BOX_WIDTH = 210;
/** The box's head: type in words, id, summary; the transition rows follow. */
export const HEAD_HEIGHT = 62;
export const PORT_HEIGHT = 18;
export const ENTRY_SIZE = { width: 76, height: 28 };
const COLUMN_GAP = 84;
const ROW_GAP = 28;
const MARGIN = 24;
/** The most a designer's layout is spread out to keep boxes apart (positions on top of each other cannot be helped). */
const MAX_SPREAD = 4;

export type EdgeKind = 'next' | 'condition' | 'error';

/** A transition as a row in its action's box: what it says, where it goes, its centre line below the box's top. */
export interface Port { kind: EdgeKind; label: string; title: string; to: string; y: number; missing: boolean }

export interface GraphNode {
  id: string;
  /** The Identifier shortened to fit (a UUID to its first 8 characters). */
  shortId: string;
  type: string;
  words: string;
  summary: string;
  /** The summary before shortening (a tooltip). */
  summaryFull: string;
  x: number; y: number; width: number; height: number;
  start: boolean;
  /** The server's validator says this action type does not run here. */
  unsupported: boolean;
  ports: Port[];
  /** The action as written (shown when it is picked). */
  raw: Record<string, unknown>;
}

export interface GraphEdge {
  from: string; to: string; kind: EdgeKind; label: string; port: number; d: string;
  /** The corners of an edge drawn as straight lines (around boxes), from its row to its target. */
  lines?: [number, number][];
}

export interface FlowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Where the "Start" marker sits and the edge from it to StartAction (none if StartAction names no action). */
  entry: { x: number; y: number; width: number; height: number; d: string | undefined };
  bounds: { x: number; y: number; width: number; height: number };
  layout: 'metadata' | 'layered';
  /** How much the designer's positions were spread out (1: as exported). */
  spread: number;
  /** Why there is nothing to draw, if so. */
  problem?: string;
}

export interface GraphOptions {
  /** Action types the validator does not run (DescribeContactFlow's Switchboard.UnsupportedActions). */
  unsupported?: readonly string[];
  names?: Names;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Shortens to n characters with an ellipsis. */
export function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`;
}

/** An Identifier as a box shows it: a UUID by its first 8 characters, a long name clipped. */
export function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id) ? `${id.slice(0, 8)}…` : clip(id, 30);
}

const SYMBOL: Record<string, string> = {
  Equals: '=', NumberGreaterThan: '>', NumberGreaterOrEqualTo: '≥', NumberLessThan: '<', NumberLessOrEqualTo: '≤',
  TextStartsWith: 'starts with', TextEndsWith: 'ends with', TextContains: 'contains',
};

/** A condition as its row says it: operator (as a symbol or words) and operands; nested conditions in brackets. */
export function conditionLabel(condition: unknown): string {
  if (!isObject(condition)) return 'condition';
  const operator = str(condition.Operator);
  const operands = Array.isArray(condition.Operands) ? condition.Operands.map((o) => (isObject(o) ? `(${conditionLabel(o)})` : str(o))) : [];
  return `${SYMBOL[operator] ?? operator} ${operands.join(', ')}`.trim();
}

/** An action's transitions as rows: its Conditions in order, then NextAction ("Default" when there are conditions, else "Next"), then its Errors. */
export function portsOf(transitions: unknown, ids: ReadonlySet<string>): Port[] {
  const t = isObject(transitions) ? transitions : {};
  const rows: Omit<Port, 'y'>[] = [];
  const add = (kind: EdgeKind, full: string, to: unknown, title: string) => {
    const target = str(to);
    if (target) rows.push({ kind, label: clip(full, 30), title, to: target, missing: !ids.has(target) });
  };
  const conditions = Array.isArray(t.Conditions) ? t.Conditions.filter(isObject) : [];
  for (const c of conditions) {
    const label = conditionLabel(c.Condition);
    add('condition', label, c.NextAction, `Condition: ${isObject(c.Condition) ? `${str(c.Condition.Operator)} ${JSON.stringify(c.Condition.Operands ?? [])}` : label}`);
  }
  add('next', conditions.length ? 'Default' : 'Next', t.NextAction, 'NextAction');
  for (const e of Array.isArray(t.Errors) ? t.Errors.filter(isObject) : []) add('error', str(e.ErrorType) || 'Error', e.NextAction, `Error: ${str(e.ErrorType)}`);
  return rows.map((r, i) => ({ ...r, y: HEAD_HEIGHT + i * PORT_HEIGHT + PORT_HEIGHT / 2 }));
}

export const boxHeight = (ports: number): number => HEAD_HEIGHT + ports * PORT_HEIGHT + (ports ? 6 : 0);

interface Parsed { start: string; actions: Record<string, unknown>[]; metadata: Record<string, unknown> }

function parse(content: unknown): Parsed | string {
  let doc = content;
  if (typeof content === 'string') {
    try {
      doc = JSON.parse(content);
    } catch {
      return 'the flow content is not JSON';
    }
  }
  if (!isObject(doc)) return 'the flow content is not an object';
  const actions = Array.isArray(doc.Actions) ? doc.Actions.filter(isObject) : [];
  return { start: str(doc.StartAction), actions, metadata: isObject(doc.Metadata) ? doc.Metadata : {} };
}

/** A point {x, y} of finite numbers, if that is what v is. */
function point(v: unknown): { x: number; y: number } | undefined {
  if (!isObject(v)) return undefined;
  const x = Number(v.x), y = Number(v.y);
  return v.x !== undefined && v.y !== undefined && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
}

/** The flow drawn as boxes and edges. Never throws: a document that is not a flow gives an empty graph with its `problem`. */
export function flowGraph(content: unknown, options: GraphOptions = {}): FlowGraph {
  const parsed = parse(content);
  if (typeof parsed === 'string') return { ...emptyGraph(), problem: parsed };
  const unsupported = new Set(options.unsupported ?? []);
  const names = options.names ?? new Map<string, string>();
  const seen = new Set<string>();
  const list: { id: string; raw: Record<string, unknown> }[] = [];
  parsed.actions.forEach((raw, i) => {
    let id = str(raw.Identifier) || `#${i + 1}`;
    if (seen.has(id)) id = `${id} #${i + 1}`;
    seen.add(id);
    list.push({ id, raw });
  });
  const nodes: GraphNode[] = list.map(({ id, raw }) => {
    const type = str(raw.Type) || '(no type)';
    const ports = portsOf(raw.Transitions, seen);
    const summaryFull = actionSummary(type, raw.Parameters, names);
    return {
      id, shortId: shortId(id), type, words: clip(typeInWords(type), 26), summary: clip(summaryFull, 31), summaryFull,
      x: 0, y: 0, width: BOX_WIDTH, height: boxHeight(ports.length), start: id === parsed.start, unsupported: unsupported.has(type), ports, raw,
    };
  });
  if (nodes.length === 0) return { ...emptyGraph(), problem: 'the flow has no actions' };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const actionMetadata = isObject(parsed.metadata.ActionMetadata) ? parsed.metadata.ActionMetadata : {};
  const positions = nodes.map((n) => (Object.hasOwn(actionMetadata, n.id) && isObject(actionMetadata[n.id]) ? point((actionMetadata[n.id] as Record<string, unknown>).position) : undefined));
  let layout: FlowGraph['layout'] = 'layered';
  let spread = 1;
  if (positions.every((p) => p !== undefined)) {
    layout = 'metadata';
    spread = spreadToSeparate(nodes, positions as { x: number; y: number }[]);
    const stacked = new Map<string, number>();
    nodes.forEach((n, i) => {
      // Actions the designer puts at one spot (one block made of two actions) are stacked, the later below.
      const key = `${positions[i]!.x},${positions[i]!.y}`;
      const below = stacked.get(key);
      n.x = positions[i]!.x * spread;
      n.y = below ?? positions[i]!.y * spread;
      stacked.set(key, n.y + n.height + ROW_GAP / 2);
    });
  } else {
    layered(nodes, byId, parsed.start);
  }
  const edges: GraphEdge[] = [];
  const hull: [number, number][] = [];
  const bottom = Math.max(...nodes.map((n) => n.y + n.height));
  let lane = 0;
  for (const n of nodes) {
    n.ports.forEach((p, i) => {
      const to = byId.get(p.to);
      if (!to) return;
      const x1 = n.x + n.width, y1 = n.y + p.y;
      // In columns, an edge back to an earlier column or within one runs in the gaps between boxes, never through one.
      const around = layout === 'layered' && n !== to && to.x <= n.x;
      const { d, points } = around ? aroundPath(x1, y1, to, to.x === n.x ? undefined : bottom, lane++) : edgePath(x1, y1, to, n === to ? n : undefined);
      edges.push({ from: n.id, to: to.id, kind: p.kind, label: p.label, port: i, d, ...(around ? { lines: points } : {}) });
      hull.push(...points);
    });
  }
  const startNode = byId.get(parsed.start);
  const entry = placeEntry(nodes, startNode, layout === 'metadata' ? point(parsed.metadata.entryPointPosition) : undefined, spread);
  let entryD: string | undefined;
  if (startNode) {
    const path = edgePath(entry.x + entry.width, entry.y + entry.height / 2, startNode);
    entryD = path.d;
    hull.push(...path.points);
  }
  for (const n of nodes) hull.push([n.x, n.y], [n.x + n.width, n.y + n.height]);
  hull.push([entry.x, entry.y], [entry.x + entry.width, entry.y + entry.height]);
  const xs = hull.map((p) => p[0]), ys = hull.map((p) => p[1]);
  const minX = Math.min(...xs) - MARGIN, minY = Math.min(...ys) - MARGIN;
  return {
    nodes, edges, entry: { ...entry, d: entryD }, layout, spread,
    bounds: { x: minX, y: minY, width: Math.max(...xs) + MARGIN - minX, height: Math.max(...ys) + MARGIN - minY },
  };
}

function emptyGraph(): FlowGraph {
  return { nodes: [], edges: [], entry: { x: 0, y: 0, ...ENTRY_SIZE, d: undefined }, bounds: { x: 0, y: 0, width: 1, height: 1 }, layout: 'layered', spread: 1 };
}

const overlap = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }, gap = 0): boolean =>
  a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;

/**
 * The least factor (≥ 1, ≤ MAX_SPREAD) by which the designer's positions are multiplied so that no two
 * boxes overlap: for each pair, spreading either apart along x or along y is enough.
 */
function spreadToSeparate(nodes: GraphNode[], positions: { x: number; y: number }[]): number {
  let need = 1;
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = positions[i]!, b = positions[j]!;
      const dx = Math.abs(a.x - b.x), dy = Math.abs(a.y - b.y);
      const left = a.x <= b.x ? nodes[i]! : nodes[j]!, top = a.y <= b.y ? nodes[i]! : nodes[j]!;
      if (dx >= left.width + 8 || dy >= top.height + 8) continue;
      const byX = dx > 0 ? (left.width + 8) / dx : Infinity, byY = dy > 0 ? (top.height + 8) / dy : Infinity;
      const pair = Math.min(byX, byY);
      if (Number.isFinite(pair)) need = Math.max(need, pair);
    }
  }
  return Math.min(need, MAX_SPREAD);
}

/** Layered layout: breadth-first from StartAction (then from each action not reached, in document order); depth is the column, order of visit the row. */
function layered(nodes: GraphNode[], byId: Map<string, GraphNode>, start: string): void {
  const depth = new Map<string, number>();
  const columns: GraphNode[][] = [];
  const visit = (root: GraphNode) => {
    depth.set(root.id, 0);
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      const n = queue[i]!;
      const d = depth.get(n.id)!;
      (columns[d] ??= []).push(n);
      for (const p of n.ports) {
        const next = byId.get(p.to);
        if (next && !depth.has(next.id)) {
          depth.set(next.id, d + 1);
          queue.push(next);
        }
      }
    }
  };
  const first = byId.get(start);
  if (first) visit(first);
  for (const n of nodes) if (!depth.has(n.id)) visit(n);
  const left = MARGIN + ENTRY_SIZE.width + 44;
  columns.forEach((column, c) => {
    let y = MARGIN;
    for (const n of column) {
      n.x = left + c * (BOX_WIDTH + COLUMN_GAP);
      n.y = y;
      y += n.height + ROW_GAP;
    }
  });
}

/** Where the Start marker goes: the designer's entry point if it is clear of every box, else left of (or above) the start action. */
function placeEntry(nodes: GraphNode[], start: GraphNode | undefined, designed: { x: number; y: number } | undefined, spread: number) {
  const clear = (e: { x: number; y: number; width: number; height: number }) => !nodes.some((n) => overlap(e, n, 12));
  if (designed) {
    const e = { x: designed.x * spread, y: designed.y * spread, ...ENTRY_SIZE };
    if (clear(e)) return e;
  }
  const anchor = start ?? nodes[0]!;
  const leftOf = { x: anchor.x - ENTRY_SIZE.width - 44, y: anchor.y + 6, ...ENTRY_SIZE };
  if (clear(leftOf)) return leftOf;
  return { x: anchor.x, y: anchor.y - ENTRY_SIZE.height - 30, ...ENTRY_SIZE };
}

/** Where an edge enters a box: the left side, level with the type line. */
export const ENTRY_Y = 20;

/**
 * The SVG path of an edge from (x1, y1) (a row's right end) into `to`'s left side, and the points whose
 * hull holds it: a curve forwards, a wider curve backwards, a loop over the top of the box back into itself.
 */
export function edgePath(x1: number, y1: number, to: GraphNode, self?: GraphNode): { d: string; points: [number, number][] } {
  const x2 = to.x, y2 = to.y + ENTRY_Y;
  const r = (v: number) => Math.round(v * 10) / 10;
  if (self) {
    const top = self.y - 16, right = x1 + 18, left = x2 - 18;
    return { d: `M${r(x1)},${r(y1)} H${r(right)} V${r(top)} H${r(left)} V${r(y2)} H${r(x2)}`, points: [[right, top], [left, top], [right, y1], [left, y2]] };
  }
  const c = x2 >= x1 + 30 ? Math.max(30, (x2 - x1) / 2) : 80 + Math.min(160, Math.abs(x1 - x2) / 4);
  return {
    d: `M${r(x1)},${r(y1)} C${r(x1 + c)},${r(y1)} ${r(x2 - c)},${r(y2)} ${r(x2)},${r(y2)}`,
    points: [[x1, y1], [x1 + c * 0.75, y1], [x2 - c * 0.75, y2], [x2, y2]],
  };
}

/**
 * A layered layout's edge to an earlier column (`below` set: along a lane of its own under every box) or
 * within its column (over the top of the target, in the gap above it): out to the right into the column
 * gap, along, then down the gap left of the target and into its side. Its corners are `points`.
 */
export function aroundPath(x1: number, y1: number, to: GraphNode, below: number | undefined, lane: number): { d: string; points: [number, number][] } {
  const step = (lane % 4) * 5;
  const right = x1 + 12 + step, left = to.x - 12 - step, y2 = to.y + ENTRY_Y;
  const along = below !== undefined ? below + 18 + lane * 7 : to.y - 9 - (lane % 2) * 5;
  const points: [number, number][] = [[x1, y1], [right, y1], [right, along], [left, along], [left, y2], [to.x, y2]];
  const r = (v: number) => Math.round(v * 10) / 10;
  return { d: `M${r(x1)},${r(y1)} H${r(right)} V${r(along)} H${r(left)} V${r(y2)} H${r(to.x)}`, points };
}
