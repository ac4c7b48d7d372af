import { useEffect, useState } from 'preact/hooks';
import { describeError, type Api } from './api.ts';
import type { Directory } from './Contacts.tsx';
import { shortId, span, when, words } from './contactFormat.ts';
import { describeContact, EMPTY_SEARCH, searchBody, searchContacts, type ContactSummary, type SearchForm } from './contactsApi.ts';
import { Field, Notice, PageHead, Select } from './ui.tsx';

/** Results per page ("Load more" asks for the next). */
export const CONTACTS_PAGE = 25;

const RANGES = [
  { value: 'hour', label: 'Last hour' },
  { value: 'today', label: 'Today' },
  { value: 'week', label: 'Last 7 days' },
  { value: 'custom', label: 'Custom…' },
];
const CHANNELS = [{ value: '', label: 'Any channel' }, { value: 'VOICE', label: 'Voice' }, { value: 'CHAT', label: 'Chat' }, { value: 'TASK', label: 'Task' }];

interface Results {
  /** The request that found them (its time range fixed when the search ran), for the next pages. */
  body: Record<string, unknown>;
  contacts: ContactSummary[];
  total: number;
  nextToken?: string;
}

/** The search form and its results, newest first, a page at a time; a result opens the contact. */
export function ContactSearch({ api, names, directoryError, onOpen }: { api: Api; names: Directory; directoryError: string | undefined; onOpen: (contactId: string) => void }) {
  const [form, setForm] = useState<SearchForm>(EMPTY_SEARCH);
  const [results, setResults] = useState<Results>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // DisconnectReason is not in SearchContacts' summaries: each finished row's is read with DescribeContact.
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const set = (k: keyof SearchForm) => (v: string) => setForm({ ...form, [k]: v });

  const loadReasons = (contacts: ContactSummary[]) => {
    for (const c of contacts) {
      if (c.DisconnectTimestamp === undefined) continue;
      describeContact(api, c.Id).then((r) => setReasons((m) => ({ ...m, [c.Id]: r.DisconnectReason ?? '' })), () => undefined);
    }
  };
  const run = async (body: Record<string, unknown>, more: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await searchContacts(api, more && results?.nextToken ? { ...body, NextToken: results.nextToken } : body);
      setResults({ body, contacts: [...(more ? results?.contacts ?? [] : []), ...page.Contacts], total: page.TotalCount ?? page.Contacts.length, ...(page.NextToken ? { nextToken: page.NextToken } : {}) });
      loadReasons(page.Contacts);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const search = () => {
    const body = searchBody(api.instanceId, form, Date.now(), CONTACTS_PAGE);
    if (typeof body === 'string') setError(body);
    else void run(body, false);
  };
  useEffect(search, []); // today's contacts when the page opens

  return (
    <>
      <PageHead title="Contacts" hint="Find calls, chats and tasks — live or finished — and open one to see its record, transcript, legs and recording." />
      <form class="card form-card contact-search" data-testid="contact-search" onSubmit={(e) => { e.preventDefault(); search(); }}>
        <div class="form-grid">
          <Select label="Started" value={form.range} onChange={set('range')} testId="search-range" options={RANGES} />
          {form.range === 'custom' && <>
            <Field label="From" type="datetime-local" value={form.from} onInput={set('from')} testId="search-from" required />
            <Field label="To (empty: now)" type="datetime-local" value={form.to} onInput={set('to')} testId="search-to" />
          </>}
          <Select label="Channel" value={form.channel} onChange={set('channel')} testId="search-channel" options={CHANNELS} />
          <Select label="Queue" value={form.queueId} onChange={set('queueId')} testId="search-queue"
            options={[{ value: '', label: 'Any queue' }, ...names.queues.map((q) => ({ value: q.Id, label: q.Name }))]} />
          <Select label="Agent" value={form.agentId} onChange={set('agentId')} testId="search-agent"
            options={[{ value: '', label: 'Any agent' }, ...names.agents.map((a) => ({ value: a.Id, label: a.Username }))]} />
          <Field label="Attribute" value={form.attribute} onInput={set('attribute')} testId="search-attribute" placeholder="key=value" />
        </div>
        <div class="form-actions">
          {directoryError && <span class="muted small directory-note">Queue and agent names cannot be listed ({directoryError}).</span>}
          <button class="primary" disabled={busy} data-testid="search-submit">Search</button>
        </div>
      </form>
      <Notice error={error} />
      {results && (
        <div class="card table-wrap">
          <table data-testid="contacts-table">
            <thead><tr><th>Contact</th><th>Channel</th><th class="hide-narrow">Initiation</th><th>Queue</th><th>Agent</th><th>Started</th><th>Duration</th><th class="hide-narrow">Disconnect reason</th></tr></thead>
            <tbody>
              {results.contacts.map((c) => (
                <tr key={c.Id} data-testid="contact-row" data-contact-id={c.Id}>
                  <td><button class="link-button mono" title={c.Id} data-testid="open-contact" onClick={() => onOpen(c.Id)}>{shortId(c.Id)}</button></td>
                  <td>{words(c.Channel)}</td>
                  <td class="hide-narrow">{words(c.InitiationMethod)}</td>
                  <td>{c.QueueInfo ? names.queueName(c.QueueInfo.Id) : '—'}</td>
                  <td>{c.AgentInfo ? names.agentName(c.AgentInfo.Id) : '—'}</td>
                  <td class="nowrap">{when(c.InitiationTimestamp)}</td>
                  <td class="num">{c.DisconnectTimestamp !== undefined && c.InitiationTimestamp !== undefined ? span(c.InitiationTimestamp, c.DisconnectTimestamp) : <span class="badge connected">Live</span>}</td>
                  <td class="hide-narrow" data-testid="disconnect-reason">{c.DisconnectTimestamp === undefined ? '—' : c.Id in reasons ? words(reasons[c.Id]) : '…'}</td>
                </tr>
              ))}
              {results.contacts.length === 0 && <tr><td colSpan={8} class="muted" data-testid="no-contacts">No contacts match.</td></tr>}
            </tbody>
          </table>
          <div class="table-foot">
            <span class="muted small" data-testid="contacts-count">{results.contacts.length} of {results.total}</span>
            {results.nextToken && <button disabled={busy} data-testid="load-more" onClick={() => void run(results.body, true)}>Load more</button>}
          </div>
        </div>
      )}
    </>
  );
}
