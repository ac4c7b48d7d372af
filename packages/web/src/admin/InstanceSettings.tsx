import { PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Can } from './pages.ts';
import { DeleteButton, listPaged, ResourceTable, Switch } from './resources.tsx';
import { Loading, Notice, PageHead, useAction, useLoad } from './ui.tsx';

/**
 * What the instance's switches do in Switchboard. `acts`: Switchboard changes what it does by it; the others are
 * kept (UpdateInstanceAttribute, ListInstanceAttributes answer them as Connect does) but nothing acts on them yet.
 */
const ATTRIBUTES: Record<string, { label: string; hint: string; acts: boolean }> = {
  INBOUND_CALLS: { label: 'Inbound calls', hint: 'The instance takes phone calls; off, they are refused (web calls still come in).', acts: true },
  OUTBOUND_CALLS: { label: 'Outbound calls', hint: 'Agents and StartOutboundVoiceContact place calls; off, they are refused.', acts: true },
  MULTI_PARTY_CONFERENCE: { label: 'Multi-party calls', hint: 'Up to six parties on a call; off, three at most.', acts: true },
  MULTI_PARTY_CHAT_CONFERENCE: { label: 'Multi-party chats', hint: 'Agents add up to four more participants to a chat; off, a chat has two and is transferred instead.', acts: true },
  CONTACTFLOW_LOGS: { label: 'Flow logs', hint: 'Connect sends flow logs to CloudWatch.', acts: false },
  CONTACT_LENS: { label: 'Contact Lens', hint: 'Connect\'s conversation analytics.', acts: false },
  EARLY_MEDIA: { label: 'Early media', hint: 'Callers hear the far end before it answers.', acts: false },
  AUTO_RESOLVE_BEST_VOICES: { label: 'Best available voices', hint: 'Connect picks the best text-to-speech voice.', acts: false },
  USE_CUSTOM_TTS_VOICES: { label: 'Custom TTS voices', hint: 'Connect uses custom text-to-speech voices.', acts: false },
  HIGH_VOLUME_OUTBOUND: { label: 'High-volume outbound', hint: 'Connect\'s outbound campaigns.', acts: false },
  ENHANCED_CONTACT_MONITORING: { label: 'Enhanced call monitoring', hint: 'Supervisors barge in on calls.', acts: false },
  ENHANCED_CHAT_MONITORING: { label: 'Enhanced chat monitoring', hint: 'Supervisors barge in on chats.', acts: false },
  MESSAGE_STREAMING: { label: 'Message streaming', hint: 'Connect streams chat messages to other services.', acts: false },
};

/**
 * Instance settings: approved origins (the web origins whose pages may use the instance's chat and web calls:
 * ListApprovedOrigins, AssociateApprovedOrigin, DisassociateApprovedOrigin) and the instance's switches
 * (ListInstanceAttributes, UpdateInstanceAttribute). Needs SecurityProfiles.Edit: Connect keeps these settings
 * in the AWS console, outside security profiles, so the console gives them to administrators only.
 */
export function InstanceSettings({ api, can }: { api: Api; can: Can }) {
  const { data, error, reload } = useLoad(async () => {
    const [origins, attributes] = await Promise.all([
      listPaged<string>(api, `/instance/${api.instanceId}/approved-origins`, 'Origins', 25),
      listPaged<{ AttributeType: string; Value: string }>(api, `/instance/${api.instanceId}/attributes`, 'Attributes', 7),
    ]);
    return { origins, attributes: new Map(attributes.map((a) => [a.AttributeType, a.Value])) };
  });
  const action = useAction();
  const [origin, setOrigin] = useState('');
  const mayChange = can(PERMISSION.securityProfilesEdit);

  const add = async () => {
    const typed = origin.trim();
    if (await action.run(() => api.call('PUT', `/instance/${api.instanceId}/approved-origin`, { Origin: typed }), `${typed} approved.`)) { setOrigin(''); reload(); }
  };
  const remove = async (o: string) => {
    const ok = await action.run(() => api.call('DELETE', `/instance/${api.instanceId}/approved-origin?origin=${encodeURIComponent(o)}`), `${o} removed.`);
    if (ok) reload();
    return ok;
  };
  const flip = async (type: string, on: boolean) => {
    await action.run(() => api.call('POST', `/instance/${api.instanceId}/attribute/${type}`, { Value: String(on) }), `${ATTRIBUTES[type]?.label ?? type} ${on ? 'on' : 'off'}.`);
    reload(); // on a refusal too: the switch shows what the server holds
  };
  const known = Object.keys(ATTRIBUTES).filter((t) => data?.attributes.has(t));
  const others = [...(data?.attributes.keys() ?? [])].filter((t) => !ATTRIBUTES[t]);
  const switches = (types: string[]) => types.map((t) => (
    <Switch key={t} label={ATTRIBUTES[t]?.label ?? t} hint={ATTRIBUTES[t]?.hint ?? t} checked={data?.attributes.get(t) === 'true'} disabled={!mayChange || action.busy}
      testId={`attribute-${t}`} onChange={(on) => void flip(t, on)} />
  ));

  return (
    <section data-testid="page-instance-settings">
      <PageHead title="Instance settings" hint="Which web pages may use this instance, and what it offers. Only administrators (SecurityProfiles.Edit) see this page." />
      <Notice error={action.error ?? error} done={action.done} />
      {!data ? !error && <Loading what="instance settings" /> : <>
        <h2 class="section-title">Approved origins</h2>
        <p class="muted small settings-hint">Pages on these origins (scheme, host and port, e.g. https://www.example.com) may start chats and web calls with any of the instance's widgets.</p>
        {mayChange && (
          <form class="inline origin-form" onSubmit={(e) => { e.preventDefault(); void add(); }}>
            <input value={origin} placeholder="https://www.example.com" aria-label="Origin" data-testid="origin-input" required
              onInput={(e) => setOrigin((e.target as HTMLInputElement).value)} />
            <button class="primary" disabled={action.busy} data-testid="add-origin">Add origin</button>
          </form>
        )}
        <ResourceTable testId="origins-table" head={<><th>Origin</th><th /></>}>
          {data.origins.length === 0 && <tr><td colSpan={2} class="muted">No approved origins: only each widget's own origins may use it.</td></tr>}
          {data.origins.map((o) => (
            <tr key={o} data-testid="origin-row">
              <td class="strong">{o}</td>
              <td class="row-actions">{mayChange && <DeleteButton name={o} label="Remove" testId="remove-origin" busy={action.busy} onDelete={() => remove(o)} />}</td>
            </tr>
          ))}
        </ResourceTable>
        <h2 class="section-title">Telephony and conferencing</h2>
        <div class="card switches" data-testid="switches">{switches(known.filter((t) => ATTRIBUTES[t]!.acts))}</div>
        <h2 class="section-title">Kept for Amazon Connect compatibility</h2>
        <p class="muted small settings-hint">Switchboard stores these and answers them through the API, but nothing in it acts on them yet.</p>
        <div class="card switches" data-testid="compat-switches">{switches([...known.filter((t) => !ATTRIBUTES[t]!.acts), ...others])}</div>
      </>}
    </section>
  );
}
