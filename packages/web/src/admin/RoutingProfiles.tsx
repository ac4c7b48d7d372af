import { PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Can } from './pages.ts';
import { Field, FormCard, Loading, Notice, PageHead, Select, useAction, useLoad } from './ui.tsx';
import { DeleteButton } from './resources.tsx';

const CHANNELS = [
  { id: 'CHAT', label: 'Chat', max: 10 },
  { id: 'VOICE', label: 'Voice', max: 1 },
  { id: 'TASK', label: 'Task', max: 10 },
] as const;
type ChannelId = (typeof CHANNELS)[number]['id'];

interface ProfileRow {
  Id: string; Name: string; Description: string; DefaultOutboundQueueId: string;
  MediaConcurrencies: { Channel: ChannelId; Concurrency: number }[]; NumberOfAssociatedUsers: number;
  queues: { QueueName: string; Channel: ChannelId }[];
}

/** Routing profiles: list (channels and concurrency, queues, users), create with channel concurrency and queues, delete (refused while a user has it). */
export function RoutingProfiles({ api, can }: { api: Api; can: Can }) {
  const { data, error, reload } = useLoad(async () => {
    const list = await api.listAll<{ Id: string }>(`/routing-profiles-summary/${api.instanceId}`, 'RoutingProfileSummaryList');
    const profiles = await Promise.all(list.map(async (p): Promise<ProfileRow> => {
      const { RoutingProfile: r } = await api.call<{ RoutingProfile: Omit<ProfileRow, 'queues' | 'Id'> & { RoutingProfileId: string } }>('GET', `/routing-profiles/${api.instanceId}/${p.Id}`);
      const queues = await api.listAll<{ QueueName: string; Channel: ChannelId }>(`/routing-profiles/${api.instanceId}/${p.Id}/queues`, 'RoutingProfileQueueConfigSummaryList');
      return { ...r, Id: r.RoutingProfileId, queues };
    }));
    const queues = can(PERMISSION.queuesView) ? await api.listAll<{ Id: string; Name: string }>(`/queues-summary/${api.instanceId}`, 'QueueSummaryList') : [];
    return { profiles, queues };
  });
  const action = useAction();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [concurrency, setConcurrency] = useState<Record<ChannelId, number>>({ CHAT: 3, VOICE: 1, TASK: 1 });
  const [picked, setPicked] = useState<string[]>([]);
  const [outbound, setOutbound] = useState('');

  const create = async () => {
    const channels = CHANNELS.filter((c) => concurrency[c.id] > 0).map((c) => c.id);
    const configs = picked.flatMap((queueId) => channels.map((channel) => ({ QueueReference: { QueueId: queueId, Channel: channel }, Priority: 1, Delay: 0 })));
    const ok = await action.run(async () => {
      // CreateRoutingProfile takes 10 queue configurations at most; the rest are associated after, 10 at a time.
      const { RoutingProfileId } = await api.call<{ RoutingProfileId: string }>('PUT', `/routing-profiles/${api.instanceId}`, {
        Name: name.trim(), Description: description.trim() || name.trim(),
        DefaultOutboundQueueId: outbound || picked[0] || data?.queues[0]?.Id || '',
        MediaConcurrencies: channels.map((c) => ({ Channel: c, Concurrency: concurrency[c] })),
        QueueConfigs: configs.slice(0, 10),
      });
      for (let i = 10; i < configs.length; i += 10) {
        await api.call('POST', `/routing-profiles/${api.instanceId}/${RoutingProfileId}/associate-queues`, { QueueConfigs: configs.slice(i, i + 10) });
      }
    }, `Routing profile ${name.trim()} created.`);
    if (ok) { setCreating(false); setName(''); setDescription(''); setPicked([]); reload(); }
  };
  const queueName = (id: string) => data?.queues.find((q) => q.Id === id)?.Name ?? '—';
  const remove = async (p: ProfileRow) => {
    const ok = await action.run(() => api.call('DELETE', `/routing-profiles/${api.instanceId}/${p.Id}`), `Routing profile ${p.Name} deleted.`);
    if (ok) reload();
    return ok;
  };

  return (
    <section data-testid="page-routing-profiles">
      <PageHead title="Routing profiles" hint="Which channels an agent handles, how many contacts at once, and from which queues.">
        {can(PERMISSION.routingProfilesCreate) && can(PERMISSION.queuesView) && !creating && <button class="primary" data-testid="new-routing-profile" onClick={() => { action.clear(); setCreating(true); }}>New routing profile</button>}
      </PageHead>
      <Notice error={action.error ?? error} done={action.done} />
      {creating && data && (
        <FormCard title="New routing profile" testId="routing-profile-form" busy={action.busy} submitLabel="Create routing profile" onClose={() => { setCreating(false); action.clear(); }} onSubmit={create}>
          <Field label="Name" value={name} onInput={setName} testId="routing-profile-name" required />
          <Field label="Description" value={description} onInput={setDescription} testId="routing-profile-description" />
          <fieldset class="checks">
            <legend>Channels and contacts at once</legend>
            {CHANNELS.map((c) => (
              <label key={c.id} class="check">
                <input type="checkbox" checked={concurrency[c.id] > 0} data-testid={`channel-${c.id}`}
                  onChange={(e) => setConcurrency({ ...concurrency, [c.id]: (e.target as HTMLInputElement).checked ? 1 : 0 })} />
                {c.label}
                {concurrency[c.id] > 0 && c.max > 1 && (
                  <input type="number" min={1} max={c.max} class="narrow" value={concurrency[c.id]} aria-label={`${c.label} concurrency`} data-testid={`concurrency-${c.id}`}
                    onInput={(e) => setConcurrency({ ...concurrency, [c.id]: Number((e.target as HTMLInputElement).value) })} />
                )}
              </label>
            ))}
          </fieldset>
          <fieldset class="checks">
            <legend>Queues (every channel above, priority 1)</legend>
            {data.queues.map((q) => (
              <label key={q.Id} class="check">
                <input type="checkbox" checked={picked.includes(q.Id)} data-testid={`rp-queue-${q.Name}`}
                  onChange={(e) => setPicked((e.target as HTMLInputElement).checked ? [...picked, q.Id] : picked.filter((id) => id !== q.Id))} />
                {q.Name}
              </label>
            ))}
          </fieldset>
          <Select label="Default outbound queue" value={outbound || picked[0] || data.queues[0]?.Id || ''} onChange={setOutbound} testId="routing-profile-outbound"
            options={data.queues.map((q) => ({ value: q.Id, label: q.Name }))} />
        </FormCard>
      )}
      {!data ? !error && <Loading what="routing profiles" /> : (
        <div class="card table-wrap">
          <table data-testid="routing-profiles-table">
            <thead><tr><th>Name</th><th>Channels</th><th class="hide-narrow">Queues</th><th class="hide-narrow">Outbound queue</th><th>Users</th><th /></tr></thead>
            <tbody>
              {data.profiles.map((p) => (
                <tr key={p.Id} data-testid="routing-profile-row">
                  <td><div class="strong">{p.Name}</div><div class="muted small">{p.Description}</div></td>
                  <td>{p.MediaConcurrencies.map((m) => <span key={m.Channel} class="badge tag">{CHANNELS.find((c) => c.id === m.Channel)?.label ?? m.Channel} × {m.Concurrency}</span>)}</td>
                  <td class="hide-narrow">{[...new Set(p.queues.map((q) => q.QueueName))].join(', ') || 'None'}</td>
                  <td class="hide-narrow">{queueName(p.DefaultOutboundQueueId)}</td>
                  <td>{p.NumberOfAssociatedUsers}</td>
                  <td class="row-actions">{can(PERMISSION.routingProfilesEdit) && <DeleteButton name={p.Name} busy={action.busy} onDelete={() => remove(p)} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
