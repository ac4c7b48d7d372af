import { PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Can } from './pages.ts';
import { Field, FormCard, Loading, Notice, PageHead, Select, useAction, useLoad } from './ui.tsx';
import { DeleteButton } from './resources.tsx';

interface QuickConnectRow { Id: string; Name: string; QuickConnectType: 'USER' | 'QUEUE' | 'PHONE_NUMBER' }
const TYPE_LABEL = { USER: 'Agent', QUEUE: 'Queue', PHONE_NUMBER: 'Phone number' } as const;

/** Quick connects: list, create (to an agent or a queue through a transfer flow, or to a phone number), delete. */
export function QuickConnects({ api, can }: { api: Api; can: Can }) {
  const { data, error, reload } = useLoad(async () => ({
    quickConnects: await api.listAll<QuickConnectRow>(`/quick-connects/${api.instanceId}`, 'QuickConnectSummaryList'),
    users: can(PERMISSION.usersView) ? (await api.call<{ Users: { Id: string; Username: string }[] }>('POST', '/search-users', { InstanceId: api.instanceId, MaxResults: 100 })).Users : [],
    queues: can(PERMISSION.queuesView) ? await api.listAll<{ Id: string; Name: string }>(`/queues-summary/${api.instanceId}`, 'QueueSummaryList') : [],
    flows: can(PERMISSION.flowsView) ? await api.listAll<{ Id: string; Name: string; ContactFlowType: string }>(`/contact-flows-summary/${api.instanceId}`, 'ContactFlowSummaryList') : [],
  }));
  const action = useAction();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [type, setType] = useState<QuickConnectRow['QuickConnectType']>('PHONE_NUMBER');
  const [target, setTarget] = useState('');
  const [flow, setFlow] = useState('');
  const flows = (data?.flows ?? []).filter((f) => f.ContactFlowType === (type === 'USER' ? 'AGENT_TRANSFER' : 'QUEUE_TRANSFER'));
  const targets = type === 'USER' ? (data?.users ?? []).map((u) => ({ value: u.Id, label: u.Username })) : (data?.queues ?? []).map((q) => ({ value: q.Id, label: q.Name }));
  const types = (['PHONE_NUMBER', 'USER', 'QUEUE'] as const).filter((t) => t === 'PHONE_NUMBER' || (t === 'USER' ? (data?.users.length ?? 0) > 0 : (data?.queues.length ?? 0) > 0) && (data?.flows.length ?? 0) > 0);

  const create = async () => {
    const chosen = target || targets[0]?.value || '';
    const flowId = flow || flows[0]?.Id || '';
    const config = type === 'PHONE_NUMBER' ? { QuickConnectType: type, PhoneConfig: { PhoneNumber: target.trim() } }
      : type === 'USER' ? { QuickConnectType: type, UserConfig: { UserId: chosen, ContactFlowId: flowId } }
      : { QuickConnectType: type, QueueConfig: { QueueId: chosen, ContactFlowId: flowId } };
    if (await action.run(() => api.call('PUT', `/quick-connects/${api.instanceId}`, { Name: name.trim(), QuickConnectConfig: config }), `Quick connect ${name.trim()} created.`)) {
      setCreating(false); setName(''); setTarget(''); reload();
    }
  };

  const remove = async (q: QuickConnectRow) => {
    const ok = await action.run(() => api.call('DELETE', `/quick-connects/${api.instanceId}/${q.Id}`), `Quick connect ${q.Name} deleted.`);
    if (ok) reload();
    return ok;
  };

  return (
    <section data-testid="page-quick-connects">
      <PageHead title="Quick connects" hint="Destinations agents transfer to and add to contacts from the CCP. Add one to a queue for its agents to see it.">
        {can(PERMISSION.quickConnectsCreate) && !creating && <button class="primary" data-testid="new-quick-connect" onClick={() => { action.clear(); setCreating(true); }}>New quick connect</button>}
      </PageHead>
      <Notice error={action.error ?? error} done={action.done} />
      {creating && data && (
        <FormCard title="New quick connect" testId="quick-connect-form" busy={action.busy} submitLabel="Create quick connect" onClose={() => { setCreating(false); action.clear(); }} onSubmit={create}>
          <Field label="Name" value={name} onInput={setName} testId="quick-connect-name" required />
          <Select label="Type" value={type} onChange={(v) => { setType(v as typeof type); setTarget(''); setFlow(''); }} testId="quick-connect-type" options={types.map((t) => ({ value: t, label: TYPE_LABEL[t] }))} />
          {type === 'PHONE_NUMBER'
            ? <Field label="Phone number (E.164)" value={target} onInput={setTarget} testId="quick-connect-phone" placeholder="+12065550100" required />
            : <>
              <Select label={type === 'USER' ? 'Agent' : 'Queue'} value={target || targets[0]?.value || ''} onChange={setTarget} testId="quick-connect-target" options={targets} />
              <Select label="Transfer flow" value={flow || flows[0]?.Id || ''} onChange={setFlow} testId="quick-connect-flow" options={flows.map((f) => ({ value: f.Id, label: f.Name }))} />
            </>}
        </FormCard>
      )}
      {!data ? !error && <Loading what="quick connects" /> : (
        <div class="card table-wrap">
          <table data-testid="quick-connects-table">
            <thead><tr><th>Name</th><th>Type</th><th /></tr></thead>
            <tbody>
              {data.quickConnects.map((q) => (
                <tr key={q.Id} data-testid="quick-connect-row">
                  <td class="strong">{q.Name}</td><td>{TYPE_LABEL[q.QuickConnectType] ?? q.QuickConnectType}</td>
                  <td class="row-actions">{can(PERMISSION.quickConnectsDelete) && <DeleteButton name={q.Name} busy={action.busy} onDelete={() => remove(q)} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
