import { PERMISSION } from '@switchboard/engine';
import { useMemo, useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Can } from './pages.ts';
import { FlowGraphView } from './FlowGraph.tsx';
import { flowGraph } from './flowGraph.ts';
import { Loading, Notice, PageHead, useLoad } from './ui.tsx';

/** What the list shows of a flow or a flow module (Type MODULE for a module). */
interface FlowRow { Id: string; Arn: string; Name: string; Type: string; State: string; Status: string; Description: string }

const MODULE = 'MODULE';
/** The flow types in words, as Connect's console names them. */
const TYPE_WORDS: Record<string, string> = {
  CONTACT_FLOW: 'Inbound flow', CUSTOMER_QUEUE: 'Customer queue', CUSTOMER_HOLD: 'Customer hold', CUSTOMER_WHISPER: 'Customer whisper',
  AGENT_HOLD: 'Agent hold', AGENT_WHISPER: 'Agent whisper', OUTBOUND_WHISPER: 'Outbound whisper', AGENT_TRANSFER: 'Transfer to agent',
  QUEUE_TRANSFER: 'Transfer to queue', CAMPAIGN: 'Campaign', [MODULE]: 'Flow module',
};
const typeWords = (t: string) => TYPE_WORDS[t] ?? t;
const cap = (s: string) => (s ? s[0]! + s.slice(1).toLowerCase() : s);

interface Described { Description?: string; Status?: string; State?: string; Content: string }
interface Answer { Switchboard?: { UnsupportedActions?: string[] } }

const describePath = (api: Api, row: { Id: string; Type: string }) =>
  row.Type === MODULE ? `/contact-flow-modules/${api.instanceId}/${row.Id}` : `/contact-flows/${api.instanceId}/${row.Id}`;

async function describe(api: Api, row: { Id: string; Type: string }): Promise<{ item: Described; unsupported: string[] }> {
  const answer = await api.call<Answer & { ContactFlow?: Described; ContactFlowModule?: Described }>('GET', describePath(api, row));
  return { item: (answer.ContactFlow ?? answer.ContactFlowModule)!, unsupported: answer.Switchboard?.UnsupportedActions ?? [] };
}

/** Flows: every flow and flow module with its type, status, state and description; filter by type, search by name; open one to see it drawn. */
export function Flows({ api, can }: { api: Api; can: Can }) {
  const { data, error } = useLoad(async () => {
    const flows = await api.listAll<{ Id: string; Arn: string; Name: string; ContactFlowType: string; ContactFlowState: string; ContactFlowStatus: string }>(`/contact-flows-summary/${api.instanceId}`, 'ContactFlowSummaryList');
    const modules = await api.listAll<{ Id: string; Arn: string; Name: string; State: string }>(`/contact-flow-modules-summary/${api.instanceId}`, 'ContactFlowModulesSummaryList');
    const rows: FlowRow[] = [
      ...flows.map((f) => ({ Id: f.Id, Arn: f.Arn, Name: f.Name, Type: f.ContactFlowType, State: f.ContactFlowState, Status: f.ContactFlowStatus, Description: '' })),
      ...modules.map((m) => ({ Id: m.Id, Arn: m.Arn, Name: m.Name, Type: MODULE, State: m.State, Status: '', Description: '' })),
    ];
    // The summaries have no description (nor a module's status): DescribeContactFlow(Module) has.
    const described = await Promise.all(rows.map((r) => describe(api, r)));
    return rows.map((r, i) => ({ ...r, Description: described[i]!.item.Description ?? '', Status: r.Status || (described[i]!.item.Status ?? '') }));
  });
  const [type, setType] = useState('ALL');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<FlowRow>();
  const types = useMemo(() => [...new Set((data ?? []).map((r) => r.Type))].sort(), [data]);
  const shown = (data ?? []).filter((r) => (type === 'ALL' || r.Type === type) && r.Name.toLowerCase().includes(search.trim().toLowerCase()));

  if (open && data) return <FlowDetail api={api} can={can} row={open} all={data} onBack={() => setOpen(undefined)} />;
  return (
    <section data-testid="page-flows">
      <PageHead title="Flows" hint="What a contact hears and where it goes: the instance's flows and flow modules. Open one to see its actions and transitions." />
      <Notice error={error} />
      {!data ? !error && <Loading what="flows" /> : (
        <>
          <div class="flow-filters">
            <label>Type
              <select value={type} data-testid="flow-type-filter" onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
                <option value="ALL">All types</option>
                {types.map((t) => <option key={t} value={t}>{`${typeWords(t)} (${t})`}</option>)}
              </select>
            </label>
            <label>Search
              <input type="search" value={search} placeholder="Flow name" data-testid="flow-search" onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
            </label>
            <span class="muted small" data-testid="flow-count">{shown.length} of {data.length}</span>
          </div>
          <div class="card table-wrap">
            <table data-testid="flows-table">
              <thead><tr><th>Name</th><th>Type</th><th>Status</th><th class="hide-narrow">State</th></tr></thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.Id} data-testid="flow-row" data-id={r.Id} data-type={r.Type}>
                    <td>
                      <button type="button" class="link-button strong" data-testid="open-flow" onClick={() => setOpen(r)}>{r.Name}</button>
                      {r.Description && <div class="muted small">{r.Description}</div>}
                    </td>
                    <td><code class="flow-type" data-testid="flow-type">{r.Type}</code><div class="muted small">{typeWords(r.Type)}</div></td>
                    <td><span class={`badge ${r.Status === 'SAVED' ? 'ended' : 'connected'}`}>{cap(r.Status) || '—'}</span></td>
                    <td class="hide-narrow">{cap(r.State)}</td>
                  </tr>
                ))}
                {shown.length === 0 && <tr><td colSpan={4} class="muted">No flow matches.</td></tr>}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** One flow drawn: its document from DescribeContactFlow(Module), with the queues, flows and hours it names by their names where the user may read them. */
function FlowDetail({ api, can, row, all, onBack }: { api: Api; can: Can; row: FlowRow; all: FlowRow[]; onBack: () => void }) {
  const { data, error } = useLoad(async () => {
    const { item, unsupported } = await describe(api, row);
    const names = new Map<string, string>();
    const add = (list: { Id: string; Arn?: string; Name: string }[]) => list.forEach((x) => { names.set(x.Id, x.Name); if (x.Arn) names.set(x.Arn, x.Name); });
    add(all);
    if (can(PERMISSION.queuesView)) add(await api.listAll(`/queues-summary/${api.instanceId}`, 'QueueSummaryList'));
    if (can(PERMISSION.hoursView)) add(await api.listAll(`/hours-of-operations-summary/${api.instanceId}`, 'HoursOfOperationSummaryList'));
    return { item, unsupported, graph: flowGraph(item.Content, { unsupported, names }) };
  }, [row.Id]);
  return (
    <section class="flow-page" data-testid="page-flow">
      <PageHead title={row.Name} hint={row.Description || undefined}>
        <button type="button" data-testid="back-to-flows" onClick={onBack}>← All flows</button>
      </PageHead>
      <Notice error={error} />
      {!data ? !error && <Loading what="the flow" /> : (
        <>
          <p class="flow-meta muted small" data-testid="flow-meta">
            <code class="flow-type">{row.Type}</code> {typeWords(row.Type)} · {cap(data.item.Status ?? row.Status)} · {cap(data.item.State ?? row.State)} · {data.graph.nodes.length} actions ·{' '}
            {data.graph.layout === 'metadata' ? 'laid out as in the flow designer' : 'laid out from the start action'}
          </p>
          {data.unsupported.length > 0 && (
            <div class="notice bad" data-testid="unsupported-notice">Not supported here: {data.unsupported.join(', ')}. A contact that reaches one of these takes its error branch.</div>
          )}
          {data.graph.problem ? <Notice error={`This flow cannot be drawn: ${data.graph.problem}.`} /> : <FlowGraphView graph={data.graph} />}
        </>
      )}
    </section>
  );
}
