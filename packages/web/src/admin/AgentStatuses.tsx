import { PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Can } from './pages.ts';
import { Field, FormCard, Loading, Notice, PageHead, StatusBadge, useAction, useLoad } from './ui.tsx';

interface StatusRow { AgentStatusId: string; Name: string; Description: string; Type: string; State: string; DisplayOrder?: number }

const TYPE_LABEL: Record<string, string> = { ROUTABLE: 'Routable', CUSTOM: 'Not routable', OFFLINE: 'Offline' };

/** Agent statuses: list, create (custom, not routable), enable/disable. */
export function AgentStatuses({ api, can }: { api: Api; can: Can }) {
  const { data, error, reload } = useLoad(async () => {
    const list = await api.listAll<{ Id: string }>(`/agent-status/${api.instanceId}`, 'AgentStatusSummaryList');
    const all = await Promise.all(list.map((s) => api.call<{ AgentStatus: StatusRow }>('GET', `/agent-status/${api.instanceId}/${s.Id}`)));
    return all.map((a) => a.AgentStatus).sort((a, b) => (a.DisplayOrder ?? 99) - (b.DisplayOrder ?? 99) || a.Name.localeCompare(b.Name));
  });
  const action = useAction();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');

  const create = async () => {
    const ok = await action.run(() => api.call('PUT', `/agent-status/${api.instanceId}`, { Name: name.trim(), ...(description.trim() ? { Description: description.trim() } : {}), State: 'ENABLED' }), `Status ${name.trim()} created.`);
    if (ok) { setCreating(false); setName(''); setDescription(''); reload(); }
  };
  const toggle = async (s: StatusRow) => {
    const state = s.State === 'ENABLED' ? 'DISABLED' : 'ENABLED';
    if (await action.run(() => api.call('POST', `/agent-status/${api.instanceId}/${s.AgentStatusId}`, { State: state }), `${s.Name} ${state === 'ENABLED' ? 'enabled' : 'disabled'}.`)) reload();
  };

  return (
    <section data-testid="page-agent-statuses">
      <PageHead title="Agent statuses" hint="What agents can set in the CCP. Custom statuses are not routable: agents in them get no contacts.">
        {can(PERMISSION.agentStatesCreate) && !creating && <button class="primary" data-testid="new-status" onClick={() => { action.clear(); setCreating(true); }}>New status</button>}
      </PageHead>
      <Notice error={action.error ?? error} done={action.done} />
      {creating && (
        <FormCard title="New agent status" testId="status-form" busy={action.busy} submitLabel="Create status" onClose={() => { setCreating(false); action.clear(); }} onSubmit={create}>
          <Field label="Name" value={name} onInput={setName} testId="status-name" required />
          <Field label="Description" value={description} onInput={setDescription} testId="status-description" />
        </FormCard>
      )}
      {!data ? !error && <Loading what="agent statuses" /> : (
        <div class="card table-wrap">
          <table data-testid="statuses-table">
            <thead><tr><th>Name</th><th>Type</th><th>State</th><th /></tr></thead>
            <tbody>
              {data.map((s) => (
                <tr key={s.AgentStatusId} data-testid="status-row">
                  <td><div class="strong">{s.Name}</div>{s.Description && <div class="muted small">{s.Description}</div>}</td>
                  <td>{TYPE_LABEL[s.Type] ?? s.Type}</td>
                  <td><StatusBadge state={s.State} /></td>
                  <td class="row-actions">
                    {can(PERMISSION.agentStatesEdit) && s.Type === 'CUSTOM' && <button data-testid="toggle-status" onClick={() => void toggle(s)}>{s.State === 'ENABLED' ? 'Disable' : 'Enable'}</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
