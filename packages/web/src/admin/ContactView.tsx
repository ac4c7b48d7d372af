import { PERMISSION } from '@switchboard/engine';
import { Fragment, type ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describeError, type Api } from './api.ts';
import type { Directory } from './Contacts.tsx';
import { bytes, shortId, span, when, words } from './contactFormat.ts';
import { contactAttributes, contactChain, contactTranscript, describeContact, type ContactRecord, type ContactSummary, type RecordingInfo } from './contactsApi.ts';
import type { Can } from './pages.ts';
import { loadRecording, recordingPath } from './recording.ts';
import { Transcript } from './Transcript.tsx';
import { Loading, Notice, PageHead, useLoad } from './ui.tsx';

/** How a linked contact stands to the one open. */
function relation(open: ContactRecord, c: ContactSummary): string {
  if (c.Id === open.Id) return 'This contact';
  if (c.Id === open.InitialContactId) return 'First contact of the call';
  if (c.Id === open.PreviousContactId) return 'Previous contact';
  if (c.Id === open.RelatedContactId) return 'Related contact';
  if (c.PreviousContactId === open.Id) return 'Next contact';
  if (c.RelatedContactId === open.Id) return 'Names this as related';
  if ((c.InitialContactId ?? c.Id) === (open.InitialContactId ?? open.Id)) return 'Leg of the same call';
  return 'Linked';
}

/**
 * One contact: its record (DescribeContact), attributes (GetContactAttributes), the contacts linked to it
 * (each opens in turn), a chat's transcript, a call's recordings (kept on the call's first contact).
 */
export function ContactView({ api, can, names, contactId, onOpen, onBack }: {
  api: Api; can: Can; names: Directory; contactId: string; onOpen: (contactId: string) => void; onBack: () => void;
}) {
  const { data, error, reload } = useLoad(async () => {
    const record = await describeContact(api, contactId);
    const [attributes, chain, transcript] = await Promise.all([
      contactAttributes(api, contactId),
      contactChain(api, contactId),
      record.Channel === 'CHAT' ? contactTranscript(api, contactId) : Promise.resolve(undefined),
    ]);
    const first = record.Channel === 'VOICE' && record.InitialContactId && record.InitialContactId !== record.Id ? await describeContact(api, record.InitialContactId) : record;
    return { record, attributes, chain, transcript, first };
  }, [contactId]);
  const r = data?.record;
  const link = (id: string | undefined) => (id ? <button class="link-button mono" title={id} data-testid="contact-link" onClick={() => onOpen(id)}>{shortId(id)}</button> : '—');
  const fields: [string, ComponentChild][] = r ? [
    ['Contact ID', <span class="mono" data-testid="contact-id">{r.Id}</span>],
    ['Channel', words(r.Channel)],
    ['Initiation method', words(r.InitiationMethod)],
    ...(r.Name ? [['Task', r.Name] as [string, string]] : []),
    ['Queue', r.QueueInfo ? names.queueName(r.QueueInfo.Id) : '—'],
    ['Agent', r.AgentInfo ? names.agentName(r.AgentInfo.Id) : '—'],
    ...(r.CustomerEndpoint ? [['Customer number', r.CustomerEndpoint.Address] as [string, string]] : []),
    ['Initiated', when(r.InitiationTimestamp)],
    ['Enqueued', when(r.QueueInfo?.EnqueueTimestamp)],
    ['Connected to agent', when(r.AgentInfo?.ConnectedToAgentTimestamp)],
    ['Disconnected', r.DisconnectTimestamp !== undefined ? when(r.DisconnectTimestamp) : 'Not yet (live)'],
    ['Duration', r.DisconnectTimestamp !== undefined && r.InitiationTimestamp !== undefined ? span(r.InitiationTimestamp, r.DisconnectTimestamp) : '—'],
    ['Disconnect reason', words(r.DisconnectReason)],
    ['Initial contact', link(r.InitialContactId)],
    ['Previous contact', link(r.PreviousContactId)],
    ['Related contact', link(r.RelatedContactId)],
  ] : [];
  const recordings = data?.first.Switchboard?.Recordings ?? [];

  return (
    <div data-testid="contact-view">
      <PageHead title={r ? `${words(r.Channel)} contact ${shortId(r.Id)}` : 'Contact'}>
        <button data-testid="back-to-results" onClick={onBack}>← Results</button>
        <button data-testid="refresh-contact" onClick={reload}>Refresh</button>
      </PageHead>
      <Notice error={error} />
      {!data ? !error && <Loading what="the contact" /> : r && (
        <>
          <div class="contact-grid">
            <div class="card contact-record">
              <h2 class="card-title">Contact record</h2>
              <dl class="facts" data-testid="contact-record">
                {fields.map(([k, v]) => <Fragment key={k}><dt>{k}</dt><dd>{v}</dd></Fragment>)}
              </dl>
            </div>
            <div class="card">
              <h2 class="card-title">Attributes</h2>
              {Object.keys(data.attributes).length === 0 ? <p class="muted pad" data-testid="no-attributes">No attributes.</p> : (
                <table data-testid="contact-attributes">
                  <tbody>{Object.entries(data.attributes).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => <tr key={k} data-testid="attribute-row"><td class="strong">{k}</td><td class="wrap">{v}</td></tr>)}</tbody>
                </table>
              )}
            </div>
          </div>
          <h3 class="section-title">Linked contacts</h3>
          <div class="card table-wrap">
            <table data-testid="contact-legs">
              <thead><tr><th>Contact</th><th>Link</th><th>Channel</th><th class="hide-narrow">Initiation</th><th>Agent</th><th>Started</th><th>Duration</th></tr></thead>
              <tbody>
                {data.chain.map((c) => (
                  <tr key={c.Id} data-testid="leg-row" data-contact-id={c.Id} class={c.Id === r.Id ? 'current' : ''}>
                    <td>{c.Id === r.Id ? <span class="mono strong" title={c.Id}>{shortId(c.Id)}</span> : link(c.Id)}</td>
                    <td data-testid="leg-relation">{relation(r, c)}</td>
                    <td>{words(c.Channel)}</td>
                    <td class="hide-narrow">{words(c.InitiationMethod)}</td>
                    <td>{c.AgentInfo ? names.agentName(c.AgentInfo.Id) : '—'}</td>
                    <td class="nowrap">{when(c.InitiationTimestamp)}</td>
                    <td class="num">{c.DisconnectTimestamp !== undefined && c.InitiationTimestamp !== undefined ? span(c.InitiationTimestamp, c.DisconnectTimestamp) : 'Live'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.transcript && <>
            <h3 class="section-title">Transcript</h3>
            <Transcript items={data.transcript} />
          </>}
          {r.Channel === 'VOICE' && <>
            <h3 class="section-title">Recording</h3>
            <div class="card pad" data-testid="recordings">
              {recordings.length === 0 ? <p class="muted" data-testid="no-recording">This call was not recorded{r.DisconnectTimestamp === undefined ? ' (yet: a recording is listed once the call ends)' : ''}.</p>
                : !can(PERMISSION.recordingsListen) ? <p class="muted" data-testid="recording-refused">Listening to recordings needs the ListenCallRecordings permission.</p>
                : recordings.map((rec) => <RecordingPlayer key={rec.Id} api={api} contactId={data.first.Id} recording={rec} />)}
            </div>
          </>}
        </>
      )}
    </div>
  );
}

/** A call recording: fetched (with the user's token) when asked for, then played from an object URL (recording.ts). */
export function RecordingPlayer({ api, contactId, recording }: { api: Api; contactId: string; recording: RecordingInfo }) {
  const [url, setUrl] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => () => { if (url) URL.revokeObjectURL(url); }, [url]);
  const load = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setUrl(await loadRecording(api.session.token, recordingPath(api.instanceId, contactId, recording.Id)));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="recording" data-testid="recording">
      <span class="muted small">{span(0, recording.DurationMillis / 1000)} · {bytes(recording.Bytes)}{recording.FinishedTimestamp !== undefined ? ` · ended ${when(recording.FinishedTimestamp)}` : ''}</span>
      {url ? <audio controls src={url} data-testid="recording-audio" />
        : <button disabled={busy} data-testid="load-recording" onClick={() => void load()}>{busy ? 'Loading…' : 'Load recording'}</button>}
      <Notice error={error} />
    </div>
  );
}
