import { ADMIN_SECURITY_PROFILE_ID, DEFAULT_SECURITY_PROFILES, PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api, Me } from './api.ts';
import type { Can } from './pages.ts';
import { areasOf, permissionAreas } from './permissionAreas.ts';
import { DeleteButton, listPaged, ResourceTable } from './resources.tsx';
import { Field, FormCard, Loading, Notice, PageHead, useAction, useLoad } from './ui.tsx';

interface ProfileRow { Id: string; Name: string; Description: string; Permissions: string[]; builtIn: boolean }
const BUILT_IN: ReadonlySet<string> = new Set(DEFAULT_SECURITY_PROFILES.map((p) => p.id));
const AREAS = permissionAreas();
const summary = (permissions: string[]) => {
  const areas = areasOf(permissions);
  return areas.length === AREAS.length ? 'Every area' : areas.join(', ') || 'None';
};

/** The form's state: a new profile (no id) or the one being edited. */
interface Draft { id?: string; name: string; description: string; permissions: string[] }

/**
 * Security profiles: list (built-in and the instance's own), create with permissions chosen by area, change a
 * profile's description and permissions, delete one of the instance's own. A user cannot give what they do not
 * hold: permissions outside their own profiles are greyed out, and the server refuses them anyway.
 */
export function SecurityProfiles({ api, can, me }: { api: Api; can: Can; me: Me }) {
  const { data, error, reload } = useLoad(async () => {
    const list = await listPaged<{ Id: string; Name: string }>(api, `/security-profiles-summary/${api.instanceId}`, 'SecurityProfileSummaryList', 100);
    return Promise.all(list.map(async (p): Promise<ProfileRow> => {
      const [{ SecurityProfile: d }, Permissions] = await Promise.all([
        api.call<{ SecurityProfile: { Description?: string } }>('GET', `/security-profiles/${api.instanceId}/${p.Id}`),
        listPaged<string>(api, `/security-profiles-permissions/${api.instanceId}/${p.Id}`, 'Permissions', 1000),
      ]);
      return { Id: p.Id, Name: p.Name, Description: d.Description ?? '', Permissions, builtIn: BUILT_IN.has(p.Id) };
    }));
  });
  const action = useAction();
  const [draft, setDraft] = useState<Draft>();
  const held = new Set(me.Permissions);

  const save = async (d: Draft) => {
    const ok = d.id
      ? await action.run(() => api.call('POST', `/security-profiles/${api.instanceId}/${d.id}`, { Description: d.description.trim(), Permissions: d.permissions }), `Security profile ${d.name} saved.`)
      : await action.run(() => api.call('PUT', `/security-profiles/${api.instanceId}`, {
        SecurityProfileName: d.name.trim(), Permissions: d.permissions, ...(d.description.trim() ? { Description: d.description.trim() } : {}),
      }), `Security profile ${d.name.trim()} created.`);
    if (ok) { setDraft(undefined); reload(); }
  };
  const remove = async (p: ProfileRow) => {
    const ok = await action.run(() => api.call('DELETE', `/security-profiles/${api.instanceId}/${p.Id}`), `Security profile ${p.Name} deleted.`);
    if (ok) reload();
    return ok;
  };
  const open = (d: Draft) => { action.clear(); setDraft(d); };

  return (
    <section data-testid="page-security-profiles">
      <PageHead title="Security profiles" hint="What users may do, here and in the CCP: a user may do what any of their profiles permits. Changes apply at once.">
        {can(PERMISSION.securityProfilesCreate) && !draft && <button class="primary" data-testid="new-security-profile" onClick={() => open({ name: '', description: '', permissions: [PERMISSION.basicAgentAccess] })}>New security profile</button>}
      </PageHead>
      <Notice error={action.error ?? error} done={action.done} />
      {draft && <ProfileForm draft={draft} held={held} busy={action.busy} onChange={setDraft} onSave={() => void save(draft)} onClose={() => { setDraft(undefined); action.clear(); }} />}
      {!data ? !error && <Loading what="security profiles" /> : (
        <ResourceTable testId="security-profiles-table" head={<><th>Profile</th><th class="hide-narrow">Areas</th><th>Permissions</th><th /></>}>
          {data.map((p) => (
            <tr key={p.Id} data-testid="security-profile-row">
              <td>
                <div class="strong"><span data-testid="profile-name">{p.Name}</span>{p.builtIn && <span class="badge tag builtin" data-testid="built-in">Built-in</span>}</div>
                {p.Description && <div class="muted small">{p.Description}</div>}
              </td>
              <td class="hide-narrow small">{summary(p.Permissions)}</td>
              <td class="num" data-testid="permission-count">{p.Permissions.length}</td>
              <td class="row-actions">
                {can(PERMISSION.securityProfilesEdit) && p.Id !== ADMIN_SECURITY_PROFILE_ID && !draft && (
                  <button data-testid="edit-security-profile" onClick={() => open({ id: p.Id, name: p.Name, description: p.Description, permissions: [...p.Permissions] })}>Edit</button>
                )}
                {can(PERMISSION.securityProfilesDelete) && !p.builtIn && <DeleteButton name={p.Name} busy={action.busy} onDelete={() => remove(p)} />}
              </td>
            </tr>
          ))}
        </ResourceTable>
      )}
    </section>
  );
}

/** The create / edit form: name (new profiles only), description, and the permissions by area. */
function ProfileForm({ draft, held, busy, onChange, onSave, onClose }: {
  draft: Draft; held: ReadonlySet<string>; busy: boolean; onChange: (d: Draft) => void; onSave: () => void; onClose: () => void;
}) {
  const toggle = (id: string, on: boolean) => onChange({ ...draft, permissions: on ? [...draft.permissions, id] : draft.permissions.filter((p) => p !== id) });
  const lacking = draft.permissions.filter((p) => !held.has(p));
  return (
    <FormCard title={draft.id ? `Edit ${draft.name}` : 'New security profile'} testId="security-profile-form" busy={busy}
      submitLabel={draft.id ? 'Save profile' : 'Create profile'} onClose={onClose} onSubmit={onSave}>
      {!draft.id && <Field label="Name" value={draft.name} onInput={(v) => onChange({ ...draft, name: v })} testId="security-profile-name" required />}
      <Field label="Description" value={draft.description} onInput={(v) => onChange({ ...draft, description: v })} testId="security-profile-description" />
      <p class="muted small form-note">
        Greyed-out permissions are ones your own security profiles do not grant: you cannot give them{lacking.length > 0 ? ', nor change a profile that holds them' : ''}.
      </p>
      <div class="permission-areas">
        {AREAS.map((a) => (
          <fieldset key={a.area} class="checks" data-testid={`area-${a.area}`}>
            <legend>{a.area}</legend>
            {a.permissions.map((p) => (
              <label key={p.id} class={`check${held.has(p.id) ? '' : ' lacking'}`} title={held.has(p.id) ? p.id : `${p.id}: your profiles do not grant it`}>
                <input type="checkbox" checked={draft.permissions.includes(p.id)} disabled={!held.has(p.id)} data-testid={`permission-${p.id}`}
                  onChange={(e) => toggle(p.id, (e.target as HTMLInputElement).checked)} />
                {p.label}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </FormCard>
  );
}
