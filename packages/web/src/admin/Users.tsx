import { PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api, Me } from './api.ts';
import type { Can } from './pages.ts';
import { Field, FormCard, Loading, Notice, PageHead, Select, useAction, useLoad } from './ui.tsx';

interface UserRow { Id: string; Username: string; IdentityInfo: { FirstName?: string; LastName?: string }; RoutingProfileId: string; SecurityProfileIds: string[] }

async function allUsers(api: Api): Promise<UserRow[]> {
  const out: UserRow[] = [];
  let next: string | undefined;
  do {
    const page = await api.call<{ Users: UserRow[]; NextToken?: string }>('POST', '/search-users', { InstanceId: api.instanceId, MaxResults: 100, ...(next ? { NextToken: next } : {}) });
    out.push(...page.Users);
    next = page.NextToken;
  } while (next);
  return out;
}

/** Users: list (routing and security profiles), create with a password, change the routing profile or the security profiles, delete. */
export function Users({ api, can, me }: { api: Api; can: Can; me: Me }) {
  const { data, error, reload } = useLoad(async () => ({
    users: await allUsers(api),
    profiles: can(PERMISSION.routingProfilesView) ? await api.listAll<{ Id: string; Name: string }>(`/routing-profiles-summary/${api.instanceId}`, 'RoutingProfileSummaryList') : [],
    // The instance's security profiles now (one made on the Security profiles page shows at once); without the
    // permission to list them, the ones the console was told of at sign-in.
    security: can(PERMISSION.securityProfilesView)
      ? await api.listAll<{ Id: string; Name: string }>(`/security-profiles-summary/${api.instanceId}`, 'SecurityProfileSummaryList')
      : me.SecurityProfiles,
  }));
  const action = useAction();
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState({ username: '', password: '', first: '', last: '', routingProfileId: '', security: ['security-profile-agent'] });
  const [editing, setEditing] = useState<string>();
  const [editProfile, setEditProfile] = useState('');
  const [deleting, setDeleting] = useState<string>();
  const [editingSecurity, setEditingSecurity] = useState<string>();
  const [editSecurity, setEditSecurity] = useState<string[]>([]);
  const securityProfiles = data?.security ?? me.SecurityProfiles;
  const profileName = (id: string) => data?.profiles.find((p) => p.Id === id)?.Name ?? id.slice(0, 8);
  const securityName = (id: string) => securityProfiles.find((p) => p.Id === id)?.Name ?? id.slice(0, 8);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });

  const create = async () => {
    const ok = await action.run(() => api.call('PUT', `/users/${api.instanceId}`, {
      Username: form.username.trim(), Password: form.password,
      IdentityInfo: { FirstName: form.first.trim(), LastName: form.last.trim() },
      PhoneConfig: { PhoneType: 'SOFT_PHONE' }, RoutingProfileId: form.routingProfileId || data?.profiles[0]?.Id || '',
      SecurityProfileIds: form.security,
    }), `User ${form.username.trim()} created.`);
    if (ok) { setCreating(false); setForm({ ...form, username: '', password: '', first: '', last: '' }); reload(); }
  };
  const saveProfile = async (u: UserRow) => {
    if (await action.run(() => api.call('POST', `/users/${api.instanceId}/${u.Id}/routing-profile`, { RoutingProfileId: editProfile }), `${u.Username} now uses ${profileName(editProfile)}.`)) { setEditing(undefined); reload(); }
  };
  const saveSecurity = async (u: UserRow) => {
    const done = `${u.Username} now has ${editSecurity.map(securityName).join(', ') || 'no security profile'}.`;
    if (await action.run(() => api.call('POST', `/users/${api.instanceId}/${u.Id}/security-profiles`, { SecurityProfileIds: editSecurity }), done)) { setEditingSecurity(undefined); reload(); }
  };
  const remove = async (u: UserRow) => {
    if (await action.run(() => api.call('DELETE', `/users/${api.instanceId}/${u.Id}`), `User ${u.Username} deleted.`)) { setDeleting(undefined); reload(); }
  };

  return (
    <section data-testid="page-users">
      <PageHead title="Users" hint="People who sign in to the CCP or this console. Security profiles decide what they may do here.">
        {can(PERMISSION.usersCreate) && !creating && <button class="primary" data-testid="new-user" onClick={() => { action.clear(); setCreating(true); }}>New user</button>}
      </PageHead>
      <Notice error={action.error ?? error} done={action.done} />
      {creating && (
        <FormCard title="New user" testId="user-form" busy={action.busy} submitLabel="Create user" onClose={() => { setCreating(false); action.clear(); }} onSubmit={create}>
          <Field label="Username" value={form.username} onInput={set('username')} testId="user-username" required />
          <Field label="Password" type="password" value={form.password} onInput={set('password')} testId="user-password" required autocomplete="new-password" />
          <Field label="First name" value={form.first} onInput={set('first')} testId="user-first" />
          <Field label="Last name" value={form.last} onInput={set('last')} testId="user-last" />
          <Select label="Routing profile" value={form.routingProfileId || data?.profiles[0]?.Id || ''} onChange={set('routingProfileId')} testId="user-routing-profile"
            options={(data?.profiles ?? []).map((p) => ({ value: p.Id, label: p.Name }))} />
          <fieldset class="checks">
            <legend>Security profiles</legend>
            {securityProfiles.map((p) => (
              <label key={p.Id} class="check">
                <input type="checkbox" checked={form.security.includes(p.Id)} data-testid={`security-${p.Name}`}
                  onChange={(e) => setForm({ ...form, security: (e.target as HTMLInputElement).checked ? [...form.security, p.Id] : form.security.filter((id) => id !== p.Id) })} />
                {p.Name}
              </label>
            ))}
          </fieldset>
        </FormCard>
      )}
      {!data ? !error && <Loading what="users" /> : (
        <div class="card table-wrap">
          <table data-testid="users-table">
            <thead><tr><th>User</th><th>Routing profile</th><th class="hide-narrow">Security profiles</th><th /></tr></thead>
            <tbody>
              {data.users.map((u) => (
                <tr key={u.Id} data-testid="user-row">
                  <td><div class="strong">{u.Username}</div><div class="muted small">{`${u.IdentityInfo.FirstName ?? ''} ${u.IdentityInfo.LastName ?? ''}`.trim()}</div></td>
                  <td>
                    {editing === u.Id ? (
                      <form class="inline" onSubmit={(e) => { e.preventDefault(); void saveProfile(u); }}>
                        <select value={editProfile} aria-label="Routing profile" data-testid="edit-routing-profile" onChange={(e) => setEditProfile((e.target as HTMLSelectElement).value)}>
                          {data.profiles.map((p) => <option key={p.Id} value={p.Id}>{p.Name}</option>)}
                        </select>
                        <button class="primary" disabled={action.busy} data-testid="save-routing-profile">Save</button>
                        <button type="button" onClick={() => setEditing(undefined)}>Cancel</button>
                      </form>
                    ) : profileName(u.RoutingProfileId)}
                  </td>
                  <td class="hide-narrow">
                    {editingSecurity === u.Id ? (
                      <form class="inline checks-inline" data-testid="edit-security-form" onSubmit={(e) => { e.preventDefault(); void saveSecurity(u); }}>
                        {securityProfiles.map((p) => (
                          <label key={p.Id} class="check">
                            <input type="checkbox" checked={editSecurity.includes(p.Id)} data-testid={`edit-security-${p.Name}`}
                              onChange={(e) => setEditSecurity((e.target as HTMLInputElement).checked ? [...editSecurity, p.Id] : editSecurity.filter((id) => id !== p.Id))} />
                            {p.Name}
                          </label>
                        ))}
                        <button class="primary" disabled={action.busy || editSecurity.length === 0} data-testid="save-security">Save</button>
                        <button type="button" onClick={() => setEditingSecurity(undefined)}>Cancel</button>
                      </form>
                    ) : (u.SecurityProfileIds.length > 0 ? u.SecurityProfileIds.map(securityName) : ['Agent (default)']).map((n) => <span key={n} class="badge tag">{n}</span>)}
                  </td>
                  <td class="row-actions">
                    {deleting === u.Id ? (
                      <span class="confirm">Delete {u.Username}?
                        <button class="danger" disabled={action.busy} data-testid="confirm-delete" onClick={() => void remove(u)}>Delete</button>
                        <button onClick={() => setDeleting(undefined)}>Keep</button>
                      </span>
                    ) : <>
                      {can(PERMISSION.usersEdit) && can(PERMISSION.routingProfilesView) && editing !== u.Id && <button data-testid="edit-user" onClick={() => { action.clear(); setEditing(u.Id); setEditProfile(u.RoutingProfileId); }}>Change profile</button>}
                      {can(PERMISSION.usersEdit) && editingSecurity !== u.Id && <button data-testid="edit-security" onClick={() => { action.clear(); setEditingSecurity(u.Id); setEditSecurity(u.SecurityProfileIds); }}>Security profiles</button>}
                      {can(PERMISSION.usersDelete) && u.Id !== me.User.Id && <button class="danger" data-testid="delete-user" onClick={() => { action.clear(); setDeleting(u.Id); }}>Delete</button>}
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
