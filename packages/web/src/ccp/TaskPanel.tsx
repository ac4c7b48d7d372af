import { OFFER_TIMEOUT_MS, type AgentClient, type ContactView } from '@switchboard/sdk';
import { duration, secondsLeft } from '../shared/format.ts';

interface Props {
  client: AgentClient;
  contact: ContactView;
  now: number;
  onError: (message: string) => void;
}

/** A reference's link target: only an absolute http(s) URL is ever a link (anything else shows as text). */
export function safeLink(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A task (StartTaskContact): its offer with the countdown; then its name, description, references (URL
 * ones as links that open apart from the CCP) and attributes, with "End task"; then after contact work
 * and "Clear contact". Everything shown is text: nothing of a task is rendered as HTML.
 */
export function TaskPanel({ client, contact, now, onError }: Props) {
  const act = (action: () => Promise<unknown>) => () => void action().catch((e: Error) => onError(e.message));
  const state = contact.state.type;
  const id = contact.contactId;

  if (state === 'incoming') {
    return (
      <section class="panel offer" data-testid="offer">
        <h2>Incoming task</h2>
        <p class="big" data-testid="task-name">{contact.name}</p>
        {contact.description && <p class="task-description">{contact.description}</p>}
        <p class="muted">Queue: {contact.queue?.name ?? '—'}</p>
        <p class="countdown" data-testid="countdown">{secondsLeft(contact.offerDeadline ?? now, now, OFFER_TIMEOUT_MS)} s to accept</p>
        <div class="actions">
          <button class="primary" data-testid="accept" onClick={act(() => client.accept(id))}>Accept task</button>
          <button data-testid="reject" onClick={act(() => client.reject(id))}>Reject</button>
        </div>
      </section>
    );
  }
  if (state === 'missed') {
    return (
      <section class="panel" data-testid="missed">
        <h2>Missed task</h2>
        <p>The task <b>{contact.name}</b> was not accepted within 20 seconds and went back to the queue, {duration(now - contact.state.timestamp)} ago.</p>
        <p class="muted">A missed contact holds one of your slots; no contacts are routed to you until you clear it.</p>
        <button class="primary" data-testid="clear" onClick={act(() => client.clear(id))}>Clear contact</button>
      </section>
    );
  }
  const references = Object.values(contact.references ?? {});
  const attributes = Object.values(contact.attributes);
  return (
    <section class="panel task" data-testid="task">
      <header class="chat-head">
        <div>
          <h2 data-testid="task-name">{contact.name}</h2>
          <div class="muted small timers">
            <span title="Time since the task was created">Task {duration(now - contact.initiationTimestamp)}</span>
            {state === 'ended' && <span data-testid="acw-timer"> · After contact work {duration(now - contact.state.timestamp)}</span>}
          </div>
        </div>
        {state === 'connected'
          ? <button class="danger" data-testid="end-task" onClick={act(() => client.completeTask(id))}>End task</button>
          : <button class="primary" data-testid="clear" onClick={act(() => client.clear(id))}>Clear contact</button>}
      </header>
      <div class="task-body">
        {contact.description && <p class="task-description" data-testid="task-description">{contact.description}</p>}
        {references.length > 0 && (
          <>
            <h3>References</h3>
            <dl class="task-fields" data-testid="task-references">
              {references.map((r) => {
                const href = r.type === 'URL' ? safeLink(r.value) : undefined;
                return [
                  <dt key={`${r.name}-k`}>{r.name}</dt>,
                  <dd key={`${r.name}-v`}>{href ? <a href={href} target="_blank" rel="noopener noreferrer" data-testid="task-reference-link">{r.value}</a> : r.value}</dd>,
                ];
              })}
            </dl>
          </>
        )}
        {attributes.length > 0 && (
          <>
            <h3>Attributes</h3>
            <dl class="task-fields" data-testid="task-attributes">
              {attributes.map((a) => [<dt key={`${a.name}-k`}>{a.name}</dt>, <dd key={`${a.name}-v`}>{a.value}</dd>])}
            </dl>
          </>
        )}
      </div>
    </section>
  );
}
