import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSeries } from './reportData.ts';

/** The series' colours, in order (the first is the console's accent). */
export const CHART_COLORS = ['#1f6feb', '#d29922', '#2da44e', '#cf222e', '#8250df', '#0a7ea4', '#bf3989', '#57606a'];
const HEIGHT = 280;

/** Tick steps for counts: whole numbers only (no "1.5 contacts"). */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

function options(data: ChartSeries, unit: string, whole: boolean, width: number): uPlot.Options {
  const axis: uPlot.Axis = { stroke: '#5b6b7b', grid: { stroke: '#edf0f4' }, ticks: { stroke: '#d5dce3' } };
  const yAxis: uPlot.Axis = { ...axis, label: unit, size: 56, ...(whole ? { incrs: WHOLE_STEPS } : {}) };
  if (data.categories) {
    // One bar per group: x is the group's position, labelled with its name.
    const names = data.categories;
    return {
      width, height: HEIGHT, legend: { show: false },
      scales: { x: { time: false, range: [-0.5, Math.max(names.length - 0.5, 0.5)] }, y: { range: (_u, _min, max) => [0, Math.max(max, 1) * 1.1] } },
      axes: [{ ...axis, splits: () => data.xs, values: (_u, splits) => splits.map((i) => names[i] ?? '') }, yAxis],
      series: [{}, ...data.series.map((s) => ({ label: s.label, fill: CHART_COLORS[0], stroke: CHART_COLORS[0], width: 0, paths: uPlot.paths.bars!({ size: [0.6, 96] }), points: { show: false } }))],
    };
  }
  return {
    width, height: HEIGHT,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, 1) * 1.1] } },
    axes: [axis, yAxis],
    series: [{}, ...data.series.map((s, i) => ({ label: s.label, stroke: CHART_COLORS[i % CHART_COLORS.length]!, width: 2, spanGaps: false, points: { show: true, size: 6 } }))],
  };
}

/** A uPlot chart of the series (`whole`: counts, ticked in whole numbers), as wide as its box (redrawn when the box is resized). */
export function Chart({ data, unit, whole }: { data: ChartSeries; unit: string; whole: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(el.clientWidth, 240);
    const plot = new uPlot(options(data, unit, whole, width()), [data.xs, ...data.series.map((s) => s.values)], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data, unit, whole]);
  return <div class="report-chart" ref={box} data-testid="report-chart" data-points={data.series.reduce((n, s) => n + s.values.length, 0)} />;
}
