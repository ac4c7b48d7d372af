import { PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Can } from './pages.ts';
import { Field, FormCard, Loading, Notice, PageHead, Select, StatusBadge, useAction, useLoad } from './ui.tsx';
import { DeleteButton } from './resources.tsx';

interface QueueRow { Id: string; Name: string; Description: string; Status: string; HoursOfOperationId?: string; MaxContacts?: number }

/** Queues: list (with status and hours), create, rename, enable/disable, delete (refused while in use). */
export function Queues({ api, can }: { api: Api; can: Can }) {
  const { data, error, reload } = useLoad(async () => {
    const list = await api.listAll<{ Id: string }>(`/queues-summary/${api.instanceId}`, 'QueueSummaryList');
    const queues = await Promise.all(list.map((q) => api.call<{ Queue: { QueueId: string; Name: string; Description?: string; Status: string; HoursOfOperationId?: string; MaxContacts?: number } }>('GET', `/queues/${api.instanceId}/${q.Id}`)));
    const hours = can(PERMISSION.hoursView) ? await api.listAll<{ Id: string; Name: string }>(`/hours-of-operations-summary/${api.instanceId}`, 'HoursOfOperationSummaryList') : [];
    return {
      queues: queues.map(({ Queue: q }): QueueRow => ({ Id: q.QueueId, Name: q.Name, Description: q.Description ?? '', Status: q.Status, ...(q.HoursOfOperationId ? { HoursOfOperationId: q.HoursOfOperationId } : {}), ...(q.MaxContacts !== undefined ? { MaxContacts: q.MaxContacts } : {}) })),
      hours,
    };
  });
  const action = useAction();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [hoursId, setHoursId] = useState('');
  const [renaming, setRenaming] = useState<string>();
  const [newName, setNewName] = useState('');
  const hoursName = (id?: string) => data?.hours.find((h) => h.Id === id)?.Name ?? (id ? '—' : 'None');

  const create = async () => {
    const ok = await action.run(() => api.call('PUT', `/queues/${api.instanceId}`, { Name: name.trim(), ...(description.trim() ? { Description: description.trim() } : {}), HoursOfOperationId: hoursId || data?.hours[0]?.Id || '' }), `Queue ${name.trim()} created.`);
    if (ok) { setCreating(false); setName(''); setDescription(''); reload(); }
  };
  const rename = async (q: QueueRow) => {
    const ok = await action.run(() => api.call('POST', `/queues/${api.instanceId}/${q.Id}/name`, { Name: newName.trim() }), `Queue renamed to ${newName.trim()}.`);
    if (ok) { setRenaming(undefined); reload(); }
  };
  const toggle = async (q: QueueRow) => {
    const status = q.Status === 'ENABLED' ? 'DISABLED' : 'ENABLED';
    if (await action.run(() => api.call('POST', `/queues/${api.instanceId}/${q.Id}/status`, { Status: status }), `${q.Name} ${status === 'ENABLED' ? 'enabled' : 'disabled'}.`)) reload();
  };
  const remove = async (q: QueueRow) => {
    const ok = await action.run(() => api.call('DELETE', `/queues/${api.instanceId}/${q.Id}`), `Queue ${q.Name} deleted.`);
    if (ok) reload();
    return ok;
  };

  return (
    <section data-testid="page-queues">
      <PageHead title="Queues" hint="Where contacts wait for an agent. A disabled queue takes no new contacts; those waiting stay.">
        {can(PERMISSION.queuesCreate) && !creating && <button class="primary" data-testid="new-queue" onClick={() => { action.clear(); setCreating(true); }}>New queue</button>}
      </PageHead>
      <Notice error={action.error ?? error} done={action.done} />
      {creating && (
        <FormCard title="New queue" testId="queue-form" busy={action.busy} submitLabel="Create queue" onClose={() => { setCreating(false); action.clear(); }} onSubmit={create}>
          <Field label="Name" value={name} onInput={setName} testId="queue-name" required />
          <Field label="Description" value={description} onInput={setDescription} testId="queue-description" />
          <Select label="Hours of operation" value={hoursId || data?.hours[0]?.Id || ''} onChange={setHoursId} testId="queue-hours"
            options={(data?.hours ?? []).map((h) => ({ value: h.Id, label: h.Name }))} />
        </FormCard>
      )}
      {!data ? !error && <Loading what="queues" /> : (
        <div class="card table-wrap">
          <table data-testid="queues-table">
            <thead><tr><th>Name</th><th>Status</th><th class="hide-narrow">Hours</th><th class="hide-narrow">Max contacts</th><th /></tr></thead>
            <tbody>
              {data.queues.map((q) => (
                <tr key={q.Id} data-testid="queue-row">
                  <td>
                    {renaming === q.Id ? (
                      <form class="inline" onSubmit={(e) => { e.preventDefault(); void rename(q); }}>
                        <input value={newName} aria-label="New name" data-testid="rename-input" onInput={(e) => setNewName((e.target as HTMLInputElement).value)} />
                        <button class="primary" disabled={action.busy} data-testid="rename-save">Save</button>
                        <button type="button" onClick={() => setRenaming(undefined)}>Cancel</button>
                      </form>
                    ) : (
                      <><div class="strong">{q.Name}</div>{q.Description && <div class="muted small">{q.Description}</div>}</>
                    )}
                  </td>
                  <td><StatusBadge state={q.Status} /></td>
                  <td class="hide-narrow">{hoursName(q.HoursOfOperationId)}</td>
                  <td class="hide-narrow">{q.MaxContacts ?? 'No limit'}</td>
                  <td class="row-actions">
                    {can(PERMISSION.queuesEdit) && renaming !== q.Id && <>
                      <button data-testid="rename" onClick={() => { action.clear(); setRenaming(q.Id); setNewName(q.Name); }}>Rename</button>
                      <button data-testid="toggle-status" onClick={() => void toggle(q)}>{q.Status === 'ENABLED' ? 'Disable' : 'Enable'}</button>
                      <DeleteButton name={q.Name} busy={action.busy} onDelete={() => remove(q)} />
                    </>}
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
