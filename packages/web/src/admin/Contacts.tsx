import { PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Can } from './pages.ts';
import { ContactSearch } from './ContactSearch.tsx';
import { ContactView } from './ContactView.tsx';
import { useLoad } from './ui.tsx';

/** Queue and agent names by id, for the search form's choices and for showing ids as names (empty without the permission to list them). */
export interface Directory {
  queues: { Id: string; Name: string }[];
  agents: { Id: string; Username: string }[];
  queueName: (id: string | undefined) => string;
  agentName: (id: string | undefined) => string;
}

function directoryOf(queues: Directory['queues'], agents: Directory['agents']): Directory {
  const q = new Map(queues.map((x) => [x.Id, x.Name]));
  const a = new Map(agents.map((x) => [x.Id, x.Username]));
  return {
    queues, agents,
    queueName: (id) => (id === undefined ? '—' : q.get(id) ?? id.slice(0, 8)),
    agentName: (id) => (id === undefined ? '—' : a.get(id) ?? id.slice(0, 8)),
  };
}

/**
 * Contacts (ContactSearch.View): search contacts — live and finished — by time, channel, queue, agent and an
 * attribute; open one to see its contact record, attributes, linked contacts (a call's legs), a chat's
 * transcript and a call's recordings. The search and its results stay (the search stays mounted, hidden) while a contact is open.
 */
export function Contacts({ api, can }: { api: Api; can: Can }) {
  const { data: directory, error } = useLoad(async () => {
    const [queues, agents] = await Promise.all([
      can(PERMISSION.queuesView) ? api.listAll<{ Id: string; Name: string; QueueType?: string }>(`/queues-summary/${api.instanceId}`, 'QueueSummaryList') : [],
      can(PERMISSION.usersView) ? api.listAll<{ Id: string; Username: string }>(`/users-summary/${api.instanceId}`, 'UserSummaryList') : [],
    ]);
    return directoryOf(queues.filter((q) => q.QueueType !== 'AGENT').sort((x, y) => x.Name.localeCompare(y.Name)), agents.sort((x, y) => x.Username.localeCompare(y.Username)));
  });
  const [open, setOpen] = useState<string>();
  const names = directory ?? directoryOf([], []);
  return (
    <section data-testid="page-contacts">
      <div hidden={open !== undefined}>
        <ContactSearch api={api} names={names} directoryError={error} onOpen={setOpen} />
      </div>
      {open !== undefined && <ContactView key={open} api={api} can={can} names={names} contactId={open} onOpen={setOpen} onBack={() => setOpen(undefined)} />}
    </section>
  );
}
