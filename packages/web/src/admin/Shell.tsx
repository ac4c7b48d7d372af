import { useEffect, useState } from 'preact/hooks';
import type { Api, Me } from './api.ts';
import { pagesFor, type Can, type PageId } from './pages.ts';
import { Dashboard } from './Dashboard.tsx';
import { Users } from './Users.tsx';
import { Queues } from './Queues.tsx';
import { RoutingProfiles } from './RoutingProfiles.tsx';
import { AgentStatuses } from './AgentStatuses.tsx';
import { Hours } from './Hours.tsx';
import { QuickConnects } from './QuickConnects.tsx';
import { SecurityProfiles } from './SecurityProfiles.tsx';
import { PhoneNumbers } from './PhoneNumbers.tsx';
import { InstanceSettings } from './InstanceSettings.tsx';
import { Reports } from './Reports.tsx';
import { Flows } from './Flows.tsx';
import { Contacts } from './Contacts.tsx';

const pageOfHash = () => location.hash.replace(/^#\/?/, '');

/** The signed-in console: the top bar, the pages the user may see (by #/page), the page. */
export function Shell({ api, me, onSignOut }: { api: Api; me: Me; onSignOut: () => void }) {
  const pages = pagesFor(me.Permissions);
  const [hash, setHash] = useState(pageOfHash());
  useEffect(() => {
    const on = () => setHash(pageOfHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const current = pages.find((p) => p.id === hash) ?? pages[0];
  const can: Can = (p) => me.Permissions.includes(p);
  const name = `${me.User.FirstName} ${me.User.LastName}`.trim() || me.User.Username;
  return (
    <div class="admin">
      <header class="topbar">
        <strong>Switchboard</strong>
        <span class="muted">Admin · {me.Instance.Alias || me.Instance.Id}</span>
        <span class="spacer" />
        <span class="who" data-testid="signed-in-as">{name}</span>
        <button data-testid="sign-out" onClick={onSignOut}>Sign out</button>
      </header>
      {pages.length === 0 ? (
        <main class="content">
          <div class="card empty-state" data-testid="no-access">
            <h1>No admin access</h1>
            <p>Your security profiles do not include the admin console. Agents work in the <a href="/ccp/">Contact Control Panel</a>; an administrator can give you a profile such as CallCenterManager or Admin.</p>
          </div>
        </main>
      ) : (
        <div class="frame">
          <nav class="nav" aria-label="Admin pages">
            {pages.map((p) => (
              <a key={p.id} href={`#/${p.id}`} class={p.id === current?.id ? 'active' : ''} data-testid={`nav-${p.id}`} aria-current={p.id === current?.id ? 'page' : undefined}>{p.title}</a>
            ))}
          </nav>
          <main class="content">{current && <Page id={current.id} api={api} can={can} me={me} />}</main>
        </div>
      )}
    </div>
  );
}

function Page({ id, api, can, me }: { id: PageId; api: Api; can: Can; me: Me }) {
  switch (id) {
    case 'dashboard': return <Dashboard api={api} />;
    case 'users': return <Users api={api} can={can} me={me} />;
    case 'queues': return <Queues api={api} can={can} />;
    case 'routing-profiles': return <RoutingProfiles api={api} can={can} />;
    case 'agent-statuses': return <AgentStatuses api={api} can={can} />;
    case 'hours': return <Hours api={api} can={can} />;
    case 'quick-connects': return <QuickConnects api={api} can={can} />;
    case 'security-profiles': return <SecurityProfiles api={api} can={can} me={me} />;
    case 'phone-numbers': return <PhoneNumbers api={api} can={can} />;
    case 'instance-settings': return <InstanceSettings api={api} can={can} />;
    case 'reports': return <Reports api={api} can={can} me={me} />;
    case 'flows': return <Flows api={api} can={can} />;
    case 'contacts': return <Contacts api={api} can={can} />;
  }
}
