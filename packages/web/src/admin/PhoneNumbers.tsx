import { PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Can } from './pages.ts';
import { DeleteButton, idOfArn, listPaged, listPostPaged, ResourceTable } from './resources.tsx';
import { Field, FormCard, Loading, Notice, PageHead, Select, useAction, useLoad } from './ui.tsx';

interface NumberRow { PhoneNumberId: string; PhoneNumberArn: string; PhoneNumber: string; PhoneNumberCountryCode: string; PhoneNumberType: string; PhoneNumberDescription?: string }
interface FlowRow { Id: string; Name: string; ContactFlowType: string }

/**
 * Phone numbers: the instance's claimed numbers and the flow each runs (ListPhoneNumbersV2, ListFlowAssociations),
 * claim a number (ClaimPhoneNumber: one the operator owns on their SIP trunk, typed in E.164 — there is no
 * telephone company to search), choose or remove its flow (Associate/DisassociatePhoneNumberContactFlow, an
 * inbound flow), release it.
 */
export function PhoneNumbers({ api, can }: { api: Api; can: Can }) {
  const { data, error, reload } = useLoad(async () => {
    const [numbers, associations, flows] = await Promise.all([
      listPostPaged<NumberRow>(api, '/phone-number/list', { InstanceId: api.instanceId }, 'ListPhoneNumbersSummaryList', 1000),
      listPaged<{ ResourceId: string; FlowId: string }>(api, `/flow-associations-summary/${api.instanceId}?ResourceType=VOICE_PHONE_NUMBER`, 'FlowAssociationSummaryList', 100),
      can(PERMISSION.flowsView) ? listPaged<FlowRow>(api, `/contact-flows-summary/${api.instanceId}`, 'ContactFlowSummaryList', 100) : Promise.resolve([]),
    ]);
    const flowOf = new Map(associations.map((a) => [idOfArn(a.ResourceId), idOfArn(a.FlowId)]));
    return { numbers: numbers.map((n) => ({ ...n, flowId: flowOf.get(n.PhoneNumberId) })), inbound: flows.filter((f) => f.ContactFlowType === 'CONTACT_FLOW'), flows };
  });
  const action = useAction();
  const [claiming, setClaiming] = useState(false);
  const [number, setNumber] = useState('');
  const [description, setDescription] = useState('');
  const [claimFlow, setClaimFlow] = useState('');
  const [choosing, setChoosing] = useState<string>();
  const [chosenFlow, setChosenFlow] = useState('');
  const mayChooseFlow = can(PERMISSION.phoneNumbersEdit) && can(PERMISSION.flowsView);
  const flowName = (id?: string) => (id ? data?.flows.find((f) => f.Id === id)?.Name ?? id.slice(0, 8) : undefined);
  const associate = (n: { PhoneNumberId: string }, flowId: string) =>
    api.call('PUT', `/phone-number/${n.PhoneNumberId}/contact-flow`, { InstanceId: api.instanceId, ContactFlowId: flowId });

  const claim = async () => {
    const typed = number.trim();
    const ok = await action.run(async () => {
      const { PhoneNumberId } = await api.call<{ PhoneNumberId: string }>('POST', '/phone-number/claim', {
        InstanceId: api.instanceId, PhoneNumber: typed, ...(description.trim() ? { PhoneNumberDescription: description.trim() } : {}),
      });
      if (claimFlow) await associate({ PhoneNumberId }, claimFlow);
    }, `${typed} claimed${claimFlow ? ` and runs ${flowName(claimFlow)}` : ''}.`);
    if (ok) { setClaiming(false); setNumber(''); setDescription(''); setClaimFlow(''); }
    reload(); // a number claimed whose flow was refused is listed too
  };
  const saveFlow = async (n: NumberRow) => {
    const flowId = chosenFlow || data?.inbound[0]?.Id || '';
    if (await action.run(() => associate(n, flowId), `${n.PhoneNumber} runs ${flowName(flowId)}.`)) { setChoosing(undefined); reload(); }
  };
  const removeFlow = async (n: NumberRow) => {
    if (await action.run(() => api.call('DELETE', `/phone-number/${n.PhoneNumberId}/contact-flow?instanceId=${encodeURIComponent(api.instanceId)}`), `${n.PhoneNumber} runs no flow now.`)) reload();
  };
  const release = async (n: NumberRow) => {
    const ok = await action.run(() => api.call('DELETE', `/phone-number/${n.PhoneNumberId}`), `${n.PhoneNumber} released.`);
    if (ok) reload();
    return ok;
  };

  return (
    <section data-testid="page-phone-numbers">
      <PageHead title="Phone numbers" hint="Numbers callers dial, on your SIP trunk. A call to a number runs its flow; a number without one runs the instance's default inbound flow.">
        {can(PERMISSION.phoneNumbersClaim) && !claiming && <button class="primary" data-testid="claim-number" onClick={() => { action.clear(); setClaiming(true); }}>Claim number</button>}
      </PageHead>
      <Notice error={action.error ?? error} done={action.done} />
      {claiming && (
        <FormCard title="Claim a phone number" testId="claim-form" busy={action.busy} submitLabel="Claim number" onClose={() => { setClaiming(false); action.clear(); }} onSubmit={() => void claim()}>
          <Field label="Phone number (E.164)" value={number} onInput={setNumber} testId="claim-phone" placeholder="+12065550100" required />
          <Field label="Description" value={description} onInput={setDescription} testId="claim-description" />
          {mayChooseFlow && (
            <Select label="Flow" value={claimFlow} onChange={setClaimFlow} testId="claim-flow"
              options={[{ value: '', label: 'None (the default inbound flow)' }, ...(data?.inbound ?? []).map((f) => ({ value: f.Id, label: f.Name }))]} />
          )}
        </FormCard>
      )}
      {!data ? !error && <Loading what="phone numbers" /> : (
        <ResourceTable testId="phone-numbers-table" head={<><th>Number</th><th class="hide-narrow">Country</th><th class="hide-narrow">Type</th><th>Flow</th><th /></>}>
          {data.numbers.length === 0 && <tr><td colSpan={5} class="muted">No numbers claimed yet.</td></tr>}
          {data.numbers.map((n) => (
            <tr key={n.PhoneNumberId} data-testid="phone-number-row">
              <td><div class="strong">{n.PhoneNumber}</div>{n.PhoneNumberDescription && <div class="muted small">{n.PhoneNumberDescription}</div>}</td>
              <td class="hide-narrow">{n.PhoneNumberCountryCode}</td>
              <td class="hide-narrow">{n.PhoneNumberType}</td>
              <td data-testid="number-flow">
                {choosing === n.PhoneNumberId ? (
                  <form class="inline" onSubmit={(e) => { e.preventDefault(); void saveFlow(n); }}>
                    <select value={chosenFlow || data.inbound[0]?.Id} aria-label="Flow" data-testid="choose-flow" onChange={(e) => setChosenFlow((e.target as HTMLSelectElement).value)}>
                      {data.inbound.map((f) => <option key={f.Id} value={f.Id}>{f.Name}</option>)}
                    </select>
                    <button class="primary" disabled={action.busy} data-testid="save-flow">Save</button>
                    <button type="button" onClick={() => setChoosing(undefined)}>Cancel</button>
                  </form>
                ) : <span data-testid="flow-name" class={n.flowId ? '' : 'muted'}>{flowName(n.flowId) ?? 'Default inbound flow'}</span>}
              </td>
              <td class="row-actions">
                {mayChooseFlow && choosing !== n.PhoneNumberId && (
                  <button data-testid="change-flow" onClick={() => { action.clear(); setChoosing(n.PhoneNumberId); setChosenFlow(n.flowId ?? ''); }}>{n.flowId ? 'Change flow' : 'Set flow'}</button>
                )}
                {can(PERMISSION.phoneNumbersEdit) && n.flowId && choosing !== n.PhoneNumberId && <button data-testid="remove-flow" onClick={() => void removeFlow(n)}>Remove flow</button>}
                {can(PERMISSION.phoneNumbersRelease) && <DeleteButton name={n.PhoneNumber} label="Release" testId="release" busy={action.busy} onDelete={() => release(n)} />}
              </td>
            </tr>
          ))}
        </ResourceTable>
      )}
    </section>
  );
}
