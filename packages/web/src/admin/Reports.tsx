import { PERMISSION } from '@switchboard/engine';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api, Me } from './api.ts';
import type { Can } from './pages.ts';
import { Chart } from './Chart.tsx';
import { csvFileName, toCsv } from './csv.ts';
import {
  METRICS, REPORTS, chartSeries, csvRows, formatInterval, formatValue, metricDataRequest, metricHeader, metricsFor, shapeResults,
  type Grouping, type MetricName, type MetricResult, type ReportKind, type ReportQuery, type Unit,
} from './reportData.ts';
import { isoDate, periodFits, rangeFor, type Period, type RangeKind } from './reportRange.ts';
import { Field, Loading, Notice, PageHead, Select, useLoad } from './ui.tsx';

/** GetMetricDataV2 takes at most 100 values per filter. */
const MAX_QUEUES = 100;
const PERIOD_LABEL: Record<Period, string> = { HOUR: 'Hour', DAY: 'Day', TOTAL: 'Total' };
const CHART_UNIT: Record<Unit, string> = { COUNT: 'contacts', SECONDS: 'seconds', PERCENT: 'percent' };

/** Every page of a GetMetricDataV2 answer. */
async function metricData(api: Api, query: ReportQuery): Promise<MetricResult[]> {
  const out: MetricResult[] = [];
  let next: string | undefined;
  do {
    const page = await api.call<{ MetricResults?: MetricResult[]; NextToken?: string }>('POST', '/metrics/data', metricDataRequest(query, next));
    out.push(...(page.MetricResults ?? []));
    next = page.NextToken;
  } while (next);
  return out;
}

/**
 * Historical reports (GetMetricDataV2): queue or agent performance over today, the last 7 days or
 * chosen dates, per hour, day or in total, for one channel or all, grouped by queue or agent. A chart of
 * one metric, the table of all of them, and the table as a CSV file.
 */
export function Reports({ api, can, me }: { api: Api; can: Can; me: Me }) {
  const [report, setReport] = useState<ReportKind>('queue');
  const [grouping, setGrouping] = useState<Grouping>('QUEUE');
  const [rangeKind, setRangeKind] = useState<RangeKind>('today');
  const [from, setFrom] = useState(isoDate(Date.now()));
  const [to, setTo] = useState(isoDate(Date.now()));
  const [wantedPeriod, setPeriod] = useState<Period>('HOUR');
  const [channel, setChannel] = useState('');
  const [chartMetric, setChartMetric] = useState<MetricName>('CONTACTS_HANDLED');
  const [serviceLevelText, setServiceLevelText] = useState('20');
  const [round, setRound] = useState(0);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const names = useLoad(async () => {
    const queues = can(PERMISSION.queuesView) ? await api.listAll<{ Id: string; Name: string }>(`/queues-summary/${api.instanceId}`, 'QueueSummaryList') : undefined;
    const users = can(PERMISSION.usersView) ? await api.listAll<{ Id: string; Username: string }>(`/users-summary/${api.instanceId}`, 'UserSummaryList') : [];
    return { queues, map: new Map<string, string>([...(queues ?? []).map((q) => [q.Id, q.Name] as const), ...users.map((u) => [u.Id, u.Username] as const)]) };
  });

  // The window is taken when the report runs (round), so "today" ends at the time of the last refresh.
  const range = useMemo(() => rangeFor(rangeKind, Date.now(), { from, to }), [rangeKind, from, to, round]);
  const period: Period = typeof range === 'string' || periodFits(wantedPeriod, range) ? wantedPeriod : 'DAY';
  const metrics = metricsFor(report, grouping);
  const shownMetric = metrics.includes(chartMetric) ? chartMetric : metrics[0]!;
  const queueIds = names.data?.queues?.slice(0, MAX_QUEUES).map((q) => q.Id);
  const serviceLevelSeconds = Number(serviceLevelText);
  const serviceLevelProblem = metrics.includes('SERVICE_LEVEL') && !(Number.isInteger(serviceLevelSeconds) && serviceLevelSeconds >= 1 && serviceLevelSeconds <= 604_800)
    ? 'The service level threshold is a whole number of seconds from 1 to 604800.' : undefined;

  const result = useLoad(async () => {
    if (typeof range === 'string' || !queueIds || queueIds.length === 0 || serviceLevelProblem) return undefined;
    const query: ReportQuery = { instanceArn: me.Instance.Arn, range, period, timeZone, queueIds, channel: (channel || undefined) as ReportQuery['channel'], grouping, metrics, serviceLevelSeconds };
    return shapeResults(await metricData(api, query), query, names.data!.map);
  }, [names.data, range, period, channel, grouping, report, serviceLevelSeconds, serviceLevelProblem]);
  const table = result.data;
  const series = useMemo(() => table && chartSeries(table, shownMetric), [table, shownMetric]);

  const title = REPORTS[report].title;
  const csv = useMemo(() => table && toCsv(csvRows(table, timeZone)), [table, timeZone]);
  const [csvUrl, setCsvUrl] = useState<string>();
  useEffect(() => {
    if (!csv) return setCsvUrl(undefined);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    setCsvUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [csv]);

  const pickReport = (kind: ReportKind) => {
    setReport(kind);
    setGrouping(REPORTS[kind].grouping);
  };
  const groupWord = grouping === 'QUEUE' ? 'Queue' : 'Agent';
  const hourFits = typeof range !== 'string' && periodFits('HOUR', range);

  return (
    <section data-testid="page-reports">
      <PageHead title="Reports" hint={`Historical metrics (GetMetricDataV2) from every contact's record, by the clock of ${timeZone}.`}>
        <button data-testid="report-refresh" onClick={() => setRound((r) => r + 1)}>Refresh</button>
        {csvUrl && typeof range !== 'string' && <a class="button" href={csvUrl} download={csvFileName(title, range.label)} data-testid="report-csv">Download CSV</a>}
      </PageHead>
      <div class="card report-controls">
        <Select label="Report" value={report} onChange={(v) => pickReport(v as ReportKind)} testId="report-kind"
          options={Object.entries(REPORTS).map(([value, r]) => ({ value, label: r.title }))} />
        <Select label="Time range" value={rangeKind} onChange={(v) => setRangeKind(v as RangeKind)} testId="report-range"
          options={[{ value: 'today', label: 'Today' }, { value: 'last7', label: 'Last 7 days' }, { value: 'custom', label: 'Custom dates' }]} />
        {rangeKind === 'custom' && <>
          <Field label="From" type="date" value={from} onInput={setFrom} testId="report-from" />
          <Field label="To" type="date" value={to} onInput={setTo} testId="report-to" />
        </>}
        <label>
          Interval
          <select value={period} data-testid="report-period" onChange={(e) => setPeriod((e.target as HTMLSelectElement).value as Period)}>
            {(['HOUR', 'DAY', 'TOTAL'] as const).map((p) => <option key={p} value={p} disabled={p === 'HOUR' && !hourFits}>{PERIOD_LABEL[p]}</option>)}
          </select>
        </label>
        <Select label="Channel" value={channel} onChange={setChannel} testId="report-channel"
          options={[{ value: '', label: 'All channels' }, { value: 'VOICE', label: 'Voice' }, { value: 'CHAT', label: 'Chat' }, { value: 'TASK', label: 'Task' }]} />
        <Select label="Group by" value={grouping} onChange={(v) => setGrouping(v as Grouping)} testId="report-grouping"
          options={[{ value: 'QUEUE', label: 'Queue' }, { value: 'AGENT', label: 'Agent' }]} />
        {metrics.includes('SERVICE_LEVEL') && <Field label="Service level within (s)" type="number" value={serviceLevelText} onInput={setServiceLevelText} testId="report-service-level" />}
      </div>
      <Notice error={typeof range === 'string' ? range : serviceLevelProblem ?? names.error ?? result.error} />
      {names.data && !names.data.queues && <div class="notice bad" role="alert">Reports are filtered by queue: listing the queues needs the Queues.View permission.</div>}
      {names.data?.queues && names.data.queues.length > MAX_QUEUES && <p class="muted small">The report covers the first {MAX_QUEUES} queues (GetMetricDataV2 takes at most {MAX_QUEUES} per filter).</p>}
      {names.data?.queues?.length === 0 && <p class="muted" data-testid="report-no-queues">The instance has no queues, so nothing to report.</p>}
      {!table || !series ? !result.error && !serviceLevelProblem && typeof range !== 'string' && names.data?.queues?.length ? <Loading what="the report" /> : null : <>
        <div class="card report-chart-card">
          <div class="report-chart-head">
            <Select label="Chart" value={shownMetric} onChange={(v) => setChartMetric(v as MetricName)} testId="report-chart-metric"
              options={metrics.map((m) => ({ value: m, label: metricHeader(m, table.serviceLevelSeconds) }))} />
            <span class="muted small">{PERIOD_LABEL[period] === 'Total' ? `Per ${groupWord.toLowerCase()}, whole range` : `Per ${PERIOD_LABEL[period].toLowerCase()}, one line per ${groupWord.toLowerCase()}`}</span>
          </div>
          {table.rows.length === 0 ? <p class="muted empty-report" data-testid="report-empty">No contacts in this range.</p>
            : <Chart data={series} unit={CHART_UNIT[METRICS[shownMetric].unit]} whole={METRICS[shownMetric].unit === 'COUNT'} />}
        </div>
        <div class="card table-wrap">
          <table data-testid="report-table">
            <thead><tr>{period !== 'TOTAL' && <th>{PERIOD_LABEL[period]}</th>}<th>{groupWord}</th>{metrics.map((m) => <th key={m} class="num">{metricHeader(m, table.serviceLevelSeconds)}</th>)}</tr></thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={`${r.start}|${r.groupId}`} data-testid="report-row" data-group={r.group}>
                  {period !== 'TOTAL' && <td class="nowrap">{formatInterval(r, period)}</td>}
                  <td class="strong">{r.group}</td>
                  {metrics.map((m) => <td key={m} class="num" data-metric={m}>{formatValue(m, r.values[m]) || '—'}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>}
    </section>
  );
}
