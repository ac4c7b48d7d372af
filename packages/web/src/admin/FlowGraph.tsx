import { useEffect, useRef, useState } from 'preact/hooks';
import { BOX_WIDTH, HEAD_HEIGHT, type EdgeKind, type FlowGraph, type GraphNode } from './flowGraph.ts';

const MIN_ZOOM = 0.25;
const MAX_ZOOM = 2;
const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(z * 100) / 100));
const KINDS: EdgeKind[] = ['next', 'condition', 'error'];

/**
 * A flow drawn read-only as SVG: boxes for actions, arrows from each transition's row to where it goes.
 * The drawing scrolls in its frame and zooms (−, +, fit, 100 %; ctrl + wheel); picking a box shows the
 * action as written below.
 */
export function FlowGraphView({ graph }: { graph: FlowGraph }) {
  const frame = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState(1);
  const [picked, setPicked] = useState<GraphNode>();
  // The whole drawing in the frame: as wide as it is, and as tall as it may grow (72 % of the window, admin.css).
  const fit = () => clampZoom(Math.floor(100 * Math.min((frame.current?.clientWidth ?? graph.bounds.width) / graph.bounds.width, (innerHeight * 0.72 - 4) / graph.bounds.height)) / 100);
  useEffect(() => {
    // Opens at 100 % when the flow fits, else as wide as the frame but not so small that labels cannot be read (then it scrolls).
    setZoom(Math.min(1, Math.max(0.85, fit())));
    setPicked(undefined);
  }, [graph]);
  const b = graph.bounds;
  const onWheel = (e: WheelEvent) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    setZoom((z) => clampZoom(z * (e.deltaY < 0 ? 1.1 : 1 / 1.1)));
  };
  return (
    <div class="flow-view">
      <div class="flow-toolbar">
        <div class="zoom" role="group" aria-label="Zoom">
          <button type="button" data-testid="zoom-out" aria-label="Zoom out" onClick={() => setZoom((z) => clampZoom(z / 1.25))} disabled={zoom <= MIN_ZOOM}>−</button>
          <span class="zoom-level" data-testid="zoom-level">{Math.round(zoom * 100)}%</span>
          <button type="button" data-testid="zoom-in" aria-label="Zoom in" onClick={() => setZoom((z) => clampZoom(z * 1.25))} disabled={zoom >= MAX_ZOOM}>+</button>
          <button type="button" data-testid="zoom-fit" onClick={() => setZoom(fit())}>Fit</button>
          <button type="button" data-testid="zoom-reset" onClick={() => setZoom(1)}>100%</button>
        </div>
        <span class="legend">
          <span class="key next">Next</span><span class="key condition">Condition</span><span class="key error">Error</span>
        </span>
      </div>
      <div class="flow-canvas" ref={frame} onWheel={onWheel} data-testid="flow-canvas">
        <svg class="flow-graph" data-testid="flow-graph" viewBox={`${b.x} ${b.y} ${b.width} ${b.height}`} width={b.width * zoom} height={b.height * zoom}
          role="img" aria-label={`Flow with ${graph.nodes.length} actions`} data-layout={graph.layout}>
          <defs>
            {KINDS.map((k) => (
              <marker key={k} id={`arrow-${k}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" class={`arrow ${k}`} />
              </marker>
            ))}
          </defs>
          <g class="edges">
            {graph.entry.d && <path class="edge next" d={graph.entry.d} marker-end="url(#arrow-next)" />}
            {graph.edges.map((e) => (
              <path key={`${e.from}/${e.port}`} class={`edge ${e.kind}`} d={e.d} marker-end={`url(#arrow-${e.kind})`}
                data-testid="flow-edge" data-from={e.from} data-to={e.to} data-kind={e.kind} data-label={e.label}>
                <title>{`${e.label}: ${e.from} → ${e.to}`}</title>
              </path>
            ))}
          </g>
          <g class="entry" transform={`translate(${graph.entry.x},${graph.entry.y})`} data-testid="flow-entry">
            <rect width={graph.entry.width} height={graph.entry.height} rx={graph.entry.height / 2} />
            <text x={graph.entry.width / 2} y={graph.entry.height / 2 + 4} text-anchor="middle">Start</text>
          </g>
          {graph.nodes.map((n) => <Box key={n.id} node={n} picked={picked?.id === n.id} onPick={() => setPicked(picked?.id === n.id ? undefined : n)} />)}
        </svg>
      </div>
      {picked && (
        <div class="card flow-action" data-testid="flow-action">
          <div class="form-head">
            <h2>{picked.words} <code class="muted small">{picked.id}</code></h2>
            <button type="button" class="link-button" onClick={() => setPicked(undefined)}>Close</button>
          </div>
          {picked.unsupported && <p class="notice bad">Switchboard does not run {picked.type} yet: a contact that reaches it takes its error branch.</p>}
          <pre>{JSON.stringify(picked.raw, null, 2)}</pre>
        </div>
      )}
    </div>
  );
}

function Box({ node: n, picked, onPick }: { node: GraphNode; picked: boolean; onPick: () => void }) {
  const cls = ['node', n.start ? 'start' : '', n.unsupported ? 'unsupported' : '', picked ? 'picked' : ''].filter(Boolean).join(' ');
  return (
    <g class={cls} transform={`translate(${n.x},${n.y})`} data-testid="flow-node" data-id={n.id} data-type={n.type} data-x={n.x} data-y={n.y}
      onClick={onPick} tabIndex={0} role="button" aria-label={`${n.words} ${n.id}`} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(); } }}>
      <title>{`${n.type} · ${n.id}${n.summaryFull ? `\n${n.summaryFull}` : ''}`}</title>
      <rect class="box" width={n.width} height={n.height} rx="8" />
      <text class="words" x="12" y="20">{n.words}</text>
      <text class="id" x="12" y="36">{n.shortId}</text>
      {n.summary && <text class="summary" x="12" y="53">{n.summary}</text>}
      {n.ports.length > 0 && <line class="rule" x1="0" x2={BOX_WIDTH} y1={HEAD_HEIGHT - 2} y2={HEAD_HEIGHT - 2} />}
      {n.ports.map((p, i) => (
        <g key={i} class={`port ${p.kind}${p.missing ? ' missing' : ''}`} data-testid="flow-port">
          <text x={n.width - 14} y={p.y + 4} text-anchor="end">{p.missing ? `${p.label} → ${p.to} (missing)` : p.label}<title>{p.title}</title></text>
          <circle cx={n.width} cy={p.y} r="3.5" />
        </g>
      ))}
      {n.start && <g class="tag start-tag" transform="translate(10,-9)"><rect width="46" height="16" rx="8" /><text x="23" y="12" text-anchor="middle">START</text></g>}
      {n.unsupported && (
        <g class="tag unsupported-tag" transform={`translate(${n.width - 128},-9)`} data-testid="unsupported">
          <rect width="118" height="16" rx="8" /><text x="59" y="12" text-anchor="middle">not supported here</text>
        </g>
      )}
    </g>
  );
}
