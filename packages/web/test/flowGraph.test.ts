/** The flow graph's layout (admin console, Flows page): boxes, edges and where they sit, on real exports and made-up flows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOX_WIDTH, flowGraph, type FlowGraph, type GraphNode } from '../src/admin/flowGraph.ts';

type Doc = { StartAction: string; Metadata?: Record<string, unknown>; Actions: Record<string, unknown>[] };
const fixture = (name: string): Doc => JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8')) as Doc;
const withoutMetadata = (doc: Doc): Doc => ({ StartAction: doc.StartAction, Actions: doc.Actions });
const byId = (g: FlowGraph, id: string): GraphNode => g.nodes.find((n) => n.id === id)!;
const act = (id: string, transitions: Record<string, unknown> = {}, type = 'MessageParticipant', parameters: Record<string, unknown> = { Text: id }) =>
  ({ Identifier: id, Type: type, Parameters: parameters, Transitions: transitions });

function overlapping(g: FlowGraph): string[] {
  const out: string[] = [];
  for (const [i, a] of g.nodes.entries()) {
    for (const b of g.nodes.slice(i + 1)) {
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push(`${a.id} / ${b.id}`);
    }
  }
  return out;
}

/** Every transition of the document, counted from the JSON itself: each Condition, the NextAction, each Error. */
function transitionsIn(doc: Doc): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const a of doc.Actions) {
    const t = (a.Transitions ?? {}) as { NextAction?: string; Conditions?: { NextAction: string }[]; Errors?: { NextAction: string }[] };
    for (const c of t.Conditions ?? []) out.push({ from: a.Identifier as string, to: c.NextAction });
    if (t.NextAction) out.push({ from: a.Identifier as string, to: t.NextAction });
    for (const e of t.Errors ?? []) out.push({ from: a.Identifier as string, to: e.NextAction });
  }
  return out;
}

test('a real export with ActionMetadata positions is drawn at those positions, its entry point where the designer put it', () => {
  const doc = fixture('default-queue-transfer.json');
  const g = flowGraph(JSON.stringify(doc));
  assert.equal(g.layout, 'metadata');
  assert.equal(g.spread, 1);
  const meta = doc.Metadata!.ActionMetadata as Record<string, { position: { x: number; y: number } }>;
  assert.equal(g.nodes.length, doc.Actions.length);
  for (const n of g.nodes) assert.deepEqual({ x: n.x, y: n.y }, meta[n.id]!.position, n.id);
  assert.deepEqual({ x: g.entry.x, y: g.entry.y }, doc.Metadata!.entryPointPosition);
  assert.deepEqual(overlapping(g), []);
});

test('designer positions closer than a box are spread out evenly (one factor for x and y) until no boxes overlap', () => {
  const doc = { StartAction: 'a', Actions: [act('a', { NextAction: 'b' }), act('b')], Metadata: { ActionMetadata: { a: { position: { x: 10, y: 20 } }, b: { position: { x: 110, y: 20 } } } } };
  const g = flowGraph(doc);
  assert.equal(g.layout, 'metadata');
  assert.ok(g.spread > 1);
  assert.deepEqual([byId(g, 'a').x, byId(g, 'a').y, byId(g, 'b').y], [10 * g.spread, 20 * g.spread, 20 * g.spread]);
  assert.equal(byId(g, 'b').x, 110 * g.spread);
  assert.ok(byId(g, 'b').x - byId(g, 'a').x >= BOX_WIDTH);
  assert.deepEqual(overlapping(g), []);
});

test('two actions the designer put on the same spot are stacked, the later one below', () => {
  const doc = { StartAction: 'a', Actions: [act('a', { NextAction: 'b' }), act('b')], Metadata: { ActionMetadata: { a: { position: { x: 50, y: 50 } }, b: { position: { x: 50, y: 50 } } } } };
  const g = flowGraph(doc);
  assert.equal(byId(g, 'a').y, 50);
  assert.ok(byId(g, 'b').y >= 50 + byId(g, 'a').height);
  assert.deepEqual(overlapping(g), []);
});

test('without positions for every action: a layered layout, breadth-first depth from StartAction as the column, order of visit as the row', () => {
  const doc = {
    StartAction: 'menu',
    Actions: [
      act('orphan'),
      act('sales'),
      act('menu', { NextAction: 'help', Conditions: [{ NextAction: 'sales', Condition: { Operator: 'Equals', Operands: ['1'] } }], Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] }, 'GetParticipantInput'),
      act('help', { NextAction: 'bye' }),
      act('bye'),
    ],
    // Only one action has a position: not enough to lay the flow out as designed.
    Metadata: { ActionMetadata: { menu: { position: { x: 400, y: 400 } } } },
  };
  const g = flowGraph(doc);
  assert.equal(g.layout, 'layered');
  const column = (id: string) => byId(g, id).x;
  assert.ok(column('menu') < column('sales'));
  assert.equal(column('sales'), column('help'));
  assert.equal(column('help'), column('bye'), 'bye is reached from menu directly (an error branch): depth 1');
  // Within a column, the order of the menu's rows: the condition (sales), then NextAction (help), then the error (bye).
  assert.ok(byId(g, 'sales').y < byId(g, 'help').y && byId(g, 'help').y < byId(g, 'bye').y);
  // An action nothing reaches is still drawn (from its own start, in the first column, below the flow).
  assert.equal(column('orphan'), column('menu'));
  assert.ok(byId(g, 'orphan').y > byId(g, 'menu').y);
  assert.deepEqual(overlapping(g), []);
});

test('every transition becomes one edge from its row, labelled: conditions by operator and operands, NextAction as Next (Default beside conditions), errors by ErrorType', () => {
  for (const name of ['default-queue-transfer.json', 'deepgram-sample-contact-flow.json']) {
    const doc = fixture(name);
    const g = flowGraph(doc);
    assert.deepEqual(g.edges.map((e) => `${e.from}→${e.to}`).sort(), transitionsIn(doc).map((t) => `${t.from}→${t.to}`).sort(), name);
  }
  const g = flowGraph(fixture('default-queue-transfer.json'));
  const hours = g.nodes.find((n) => n.type === 'CheckHoursOfOperation')!;
  assert.deepEqual(g.edges.filter((e) => e.from === hours.id).map((e) => [e.kind, e.label]), [
    ['condition', '= True'], ['condition', '= False'], ['next', 'Default'], ['error', 'NoMatchingError'],
  ]);
  const staffed = g.nodes.find((n) => n.type === 'CheckMetricData')!;
  assert.deepEqual(g.edges.filter((e) => e.from === staffed.id).map((e) => e.label), ['> 0', 'Default', 'NoMatchingError', 'NoMatchingCondition']);
  const prompt = g.nodes.find((n) => n.summary.includes('Now transferring'))!;
  assert.deepEqual(g.edges.filter((e) => e.from === prompt.id).map((e) => [e.kind, e.label]), [['next', 'Next']]);
  // Each edge leaves from its own row: the row's centre on the box's right side.
  for (const e of g.edges) {
    const from = byId(g, e.from);
    const [x, y] = e.d.slice(1).split(' ')[0]!.split(',').map(Number);
    assert.ok(Math.abs(x! - (from.x + from.width)) < 0.1 && Math.abs(y! - (from.y + from.ports[e.port]!.y)) < 0.1, e.d);
  }
  assert.equal(flowGraph({ StartAction: 'a', Actions: [act('a', { NextAction: 'b', Conditions: [{ NextAction: 'b', Condition: { Operator: 'TextContains', Operands: ['help'] } }] }), act('b')] }).edges[0]!.label, 'contains help');
});

test('the layered layout has no overlapping boxes, on real exports without their positions and on a wide branching flow', () => {
  for (const name of ['default-queue-transfer.json', 'deepgram-sample-contact-flow.json']) {
    const g = flowGraph(withoutMetadata(fixture(name)));
    assert.equal(g.layout, 'layered');
    assert.deepEqual(overlapping(g), [], name);
  }
  const leaves = Array.from({ length: 12 }, (_, i) => act(`leaf${i}`, { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] }));
  const root = act('root', { NextAction: 'end', Conditions: leaves.map((l, i) => ({ NextAction: l.Identifier, Condition: { Operator: 'Equals', Operands: [String(i)] } })) }, 'Compare', { ComparisonValue: '$.Attributes.x' });
  const g = flowGraph({ StartAction: 'root', Actions: [root, ...leaves, act('end', {}, 'DisconnectParticipant', {})] });
  assert.equal(g.nodes.length, 14);
  assert.deepEqual(overlapping(g), []);
  assert.ok(byId(g, 'root').height > byId(g, 'end').height, 'a box is as tall as its rows');
});

test('a flow with a cycle (a Loop back to an earlier action, an action that goes to itself) is laid out and drawn without hanging', () => {
  const g = flowGraph(withoutMetadata(fixture('deepgram-sample-contact-flow.json')));
  const loop = g.nodes.find((n) => n.type === 'Loop')!;
  const body = g.edges.find((e) => e.from === loop.id && e.label === '= ContinueLooping')!.to;
  const back = g.edges.find((e) => e.from === body && e.to === loop.id)!;
  assert.ok(byId(g, back.to).x < byId(g, back.from).x, 'the loop body goes back to the Loop, in an earlier column');
  assert.deepEqual(overlapping(g), []);
  const self = flowGraph({ StartAction: 'ask', Actions: [act('ask', { NextAction: 'ask', Errors: [{ NextAction: 'bye', ErrorType: 'InputTimeLimitExceeded' }] }, 'GetParticipantInput'), act('bye')] });
  const edge = self.edges.find((e) => e.from === 'ask' && e.to === 'ask')!;
  assert.match(edge.d, /^M[\d.]+,[\d.]+ H[\d.]+ V[-\d.]+ H[-\d.]+ V[\d.]+ H[\d.]+$/, 'a loop over the top of the box');
  assert.ok(self.bounds.y < byId(self, 'ask').y - 16, 'the drawing has room for the loop');
});

test('the start action is marked and the Start marker points to it; the marker sits left of it when the designer gave no entry point', () => {
  const g = flowGraph({ StartAction: 'b', Actions: [act('a'), act('b', { NextAction: 'a' })] });
  assert.deepEqual(g.nodes.filter((n) => n.start).map((n) => n.id), ['b']);
  const b = byId(g, 'b');
  assert.ok(g.entry.x + g.entry.width < b.x);
  assert.ok(g.entry.d?.endsWith(`${b.x},${b.y + 20}`));
  assert.ok(g.bounds.x <= g.entry.x && g.bounds.x + g.bounds.width >= b.x + b.width);
});

test('an action type the validator flags is drawn and marked unsupported; a type nobody knows is still drawn, its name split into words', () => {
  const g = flowGraph({ StartAction: 'a', Actions: [act('a', { NextAction: 'b' }, 'ShowView', { ViewResource: { Id: 'v' } }), act('b', {}, 'FrobnicateTheContact', { Level: '3' })] }, { unsupported: ['ShowView'] });
  assert.deepEqual(g.nodes.map((n) => [n.words, n.unsupported]), [['Show view', true], ['Frobnicate the contact', false]]);
  assert.equal(byId(g, 'b').summary, 'Level: 3');
});

test('what cannot be drawn says why and never throws: content that is not JSON, no actions, a transition to an action that is not there', () => {
  assert.equal(flowGraph('{not json').problem, 'the flow content is not JSON');
  assert.equal(flowGraph({ StartAction: 'x', Actions: [] }).problem, 'the flow has no actions');
  const g = flowGraph({ StartAction: 'a', Actions: [act('a', { NextAction: 'gone' })] });
  assert.equal(g.edges.length, 0);
  assert.deepEqual(g.nodes[0]!.ports.map((p) => [p.label, p.missing]), [['Next', true]]);
});

test('a UUID Identifier is shown by its first 8 characters, a long name clipped; long summaries are clipped to the box', () => {
  const long = 'Thank you for calling. Your call is very important to us and will be answered in order.';
  const g = flowGraph({ StartAction: '861b5e68-b2c5-4443-8035-7697f51144b0', Actions: [act('861b5e68-b2c5-4443-8035-7697f51144b0', {}, 'MessageParticipant', { Text: long }), act('A very long human readable action name that goes on')] });
  assert.equal(g.nodes[0]!.shortId, '861b5e68…');
  assert.ok(g.nodes[1]!.shortId.length <= 30 && g.nodes[1]!.shortId.endsWith('…'));
  assert.ok(g.nodes[0]!.summary.length <= 31 && g.nodes[0]!.summary.endsWith('…'));
  assert.equal(g.nodes[0]!.summaryFull, `“${long}”`);
});

test('in the layered layout an edge back to an earlier column, or to a box in its own column, runs in the gaps: through no box', () => {
  const menu = act('menu', { NextAction: 'again', Conditions: [{ NextAction: 'sales', Condition: { Operator: 'Equals', Operands: ['1'] } }], Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] }, 'GetParticipantInput');
  const doc = {
    StartAction: 'greet',
    Actions: [
      act('greet', { NextAction: 'menu', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] }), menu,
      act('again', { NextAction: 'menu' }), act('sales', { NextAction: 'sorry', Errors: [{ NextAction: 'greet', ErrorType: 'NoMatchingError' }] }),
      act('sorry', { NextAction: 'again' }),
    ],
  };
  for (const [name, g] of [['made-up', flowGraph(doc)], ['deepgram', flowGraph(withoutMetadata(fixture('deepgram-sample-contact-flow.json')))]] as const) {
    const around = g.edges.filter((e) => e.lines);
    assert.ok(around.length > 0, name);
    for (const e of around) {
      const pts = e.lines!;
      for (let i = 1; i < pts.length; i++) {
        const [[ax, ay], [bx, by]] = [pts[i - 1]!, pts[i]!];
        for (const n of g.nodes) {
          const crosses = Math.max(ax, bx) > n.x && Math.min(ax, bx) < n.x + n.width && Math.max(ay, by) > n.y && Math.min(ay, by) < n.y + n.height;
          assert.ok(!crosses, `${name}: ${e.from} → ${e.to} crosses ${n.id}`);
        }
      }
    }
  }
  const g = flowGraph(doc);
  const lanes = g.edges.filter((e) => e.lines && byId(g, e.to).x < byId(g, e.from).x).map((e) => e.lines![2]![1]);
  assert.equal(new Set(lanes).size, lanes.length, 'each edge back has a lane of its own');
});
