import type { Api } from './api.ts';
import { PageHead } from './ui.tsx';
import { duration, useLive, useTick, type LiveSnapshot } from './live.ts';

const STATE_LABEL: Record<string, string> = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', ended: 'Stopped' };
const CONTACT_LABEL: Record<string, string> = { incoming: 'offered', connecting: 'connecting', connected: 'on contact', ended: 'after contact work', missed: 'missed', rejected: 'rejected', error: 'error' };

/** The real-time dashboard: queues (waiting, oldest, agents) and agents (status, contacts), pushed over /admin/socket. */
export function Dashboard({ api }: { api: Api }) {
  const { snapshot, receivedAt, state, closeReason } = useLive(api.session);
  const now = useTick();
  // Ages tick locally between pushes: the server's age at `at`, plus the time since the push arrived.
  const since = (s: LiveSnapshot, t: number) => (s.at - t) / 1000 + (now - receivedAt) / 1000;
  const totals = snapshot && {
    waiting: snapshot.queues.reduce((n, q) => n + q.inQueue, 0),
    online: snapshot.agents.filter((a) => a.statusType !== 'OFFLINE').length,
    available: snapshot.agents.filter((a) => a.statusType === 'ROUTABLE').length,
    onContact: snapshot.agents.filter((a) => a.contacts.some((c) => c.state === 'connected' || c.state === 'ended')).length,
  };
  return (
    <section data-testid="page-dashboard">
      <PageHead title="Dashboard" hint="Real-time queues and agents, as GetCurrentMetricData reports them; updates as contacts and agents change.">
        <span class={`live-state ${state}`} data-testid="live-state"><span class="pulse" />{STATE_LABEL[state]}</span>
      </PageHead>
      {state === 'ended' && <div class="notice bad" role="alert">The live feed stopped: {closeReason}.</div>}
      {!snapshot || !totals ? <p class="muted loading">Waiting for the first snapshot…</p> : <>
        <div class="tiles">
          <div class="card tile"><div class="tile-value" data-testid="total-waiting">{totals.waiting}</div><div class="muted">Contacts in queue</div></div>
          <div class="card tile"><div class="tile-value">{totals.online}</div><div class="muted">Agents online</div></div>
          <div class="card tile"><div class="tile-value ok">{totals.available}</div><div class="muted">Available</div></div>
          <div class="card tile"><div class="tile-value">{totals.onContact}</div><div class="muted">On contact</div></div>
        </div>
        <h2 class="section-title">Queues</h2>
        <div class="card table-wrap">
          <table data-testid="live-queues">
            <thead><tr><th>Queue</th><th class="num">In queue</th><th class="num">Oldest</th><th class="num">Online</th><th class="num">Available</th><th class="num hide-narrow">On contact</th></tr></thead>
            <tbody>
              {snapshot.queues.map((q) => (
                <tr key={q.id} data-testid="live-queue" data-queue={q.name}>
                  <td><span class="strong">{q.name}</span>{q.status !== 'ENABLED' && <span class="badge ended">Disabled</span>}</td>
                  <td class={`num ${q.inQueue > 0 ? 'hot' : ''}`} data-testid="in-queue">{q.inQueue}</td>
                  <td class="num">{q.oldestSince === null ? '—' : duration(since(snapshot, q.oldestSince))}</td>
                  <td class="num">{q.agentsOnline}</td>
                  <td class="num">{q.agentsAvailable}</td>
                  <td class="num hide-narrow">{q.agentsOnContact}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2 class="section-title">Agents</h2>
        <div class="card table-wrap">
          <table data-testid="live-agents">
            <thead><tr><th>Agent</th><th>Status</th><th class="num">For</th><th>Contacts</th></tr></thead>
            <tbody>
              {snapshot.agents.map((a) => (
                <tr key={a.id} data-testid="live-agent" data-agent={a.username}>
                  <td><div class="strong">{a.name || a.username}</div><div class="muted small">{a.username}</div></td>
                  <td>
                    <span class={`status ${a.statusType.toLowerCase()}`}>{a.status}</span>
                    {!a.present && a.statusType !== 'OFFLINE' && <span class="muted small"> · CCP closed</span>}
                  </td>
                  <td class="num">{duration(since(snapshot, a.statusSince))}</td>
                  <td>{a.contacts.length === 0 ? <span class="muted">—</span> : a.contacts.map((c, i) => <span key={i} class="badge tag">{c.channel.toLowerCase()} · {CONTACT_LABEL[c.state] ?? c.state}</span>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>}
    </section>
  );
}
