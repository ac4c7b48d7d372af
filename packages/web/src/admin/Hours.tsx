import { PERMISSION } from '@switchboard/engine';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Can } from './pages.ts';
import { Field, FormCard, Loading, Notice, PageHead, useAction, useLoad } from './ui.tsx';

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const SHORT: Record<string, string> = { MONDAY: 'Mon', TUESDAY: 'Tue', WEDNESDAY: 'Wed', THURSDAY: 'Thu', FRIDAY: 'Fri', SATURDAY: 'Sat', SUNDAY: 'Sun' };

interface Slice { Hours: number; Minutes: number }
interface DayConfig { Day: string; StartTime: Slice; EndTime: Slice }
interface HoursRow { HoursOfOperationId: string; Name: string; Description: string; TimeZone: string; Config: DayConfig[] }

const hhmm = (s: Slice) => `${String(s.Hours).padStart(2, '0')}:${String(s.Minutes).padStart(2, '0')}`;
const slice = (v: string): Slice => ({ Hours: Number(v.slice(0, 2)) || 0, Minutes: Number(v.slice(3, 5)) || 0 });
/** 00:00 to 00:00 is open all day, as Amazon Connect's Basic Hours are. */
const span = (c: DayConfig) => (c.StartTime.Hours === c.EndTime.Hours && c.StartTime.Minutes === c.EndTime.Minutes ? 'All day' : `${hhmm(c.StartTime)}–${hhmm(c.EndTime)}`);

/** Hours of operation: list (each day's opening times), edit the time zone and the days. */
export function Hours({ api, can }: { api: Api; can: Can }) {
  const { data, error, reload } = useLoad(async () => {
    const list = await api.listAll<{ Id: string }>(`/hours-of-operations-summary/${api.instanceId}`, 'HoursOfOperationSummaryList');
    return (await Promise.all(list.map((h) => api.call<{ HoursOfOperation: HoursRow }>('GET', `/hours-of-operations/${api.instanceId}/${h.Id}`)))).map((h) => h.HoursOfOperation);
  });
  const action = useAction();
  const [editing, setEditing] = useState<HoursRow>();
  const [timeZone, setTimeZone] = useState('');
  const [days, setDays] = useState<Record<string, { open: boolean; start: string; end: string }>>({});

  const edit = (h: HoursRow) => {
    action.clear();
    setEditing(h);
    setTimeZone(h.TimeZone);
    setDays(Object.fromEntries(DAYS.map((d) => {
      const c = h.Config.find((x) => x.Day === d);
      return [d, { open: !!c, start: c ? hhmm(c.StartTime) : '09:00', end: c ? hhmm(c.EndTime) : '17:00' }];
    })));
  };
  const save = async () => {
    if (!editing) return;
    const Config = DAYS.filter((d) => days[d]?.open).map((d) => ({ Day: d, StartTime: slice(days[d]!.start), EndTime: slice(days[d]!.end) }));
    if (await action.run(() => api.call('POST', `/hours-of-operations/${api.instanceId}/${editing.HoursOfOperationId}`, { TimeZone: timeZone.trim(), Config }), `${editing.Name} saved.`)) {
      setEditing(undefined);
      reload();
    }
  };

  return (
    <section data-testid="page-hours">
      <PageHead title="Hours of operation" hint="When queues are open. A flow's Check hours of operation reads them; queues follow a change at once." />
      <Notice error={action.error ?? error} done={action.done} />
      {editing && (
        <FormCard title={`Edit ${editing.Name}`} testId="hours-form" busy={action.busy} submitLabel="Save hours" onClose={() => { setEditing(undefined); action.clear(); }} onSubmit={save}>
          <Field label="Time zone (IANA, e.g. Europe/Berlin)" value={timeZone} onInput={setTimeZone} testId="hours-timezone" required />
          <fieldset class="days">
            <legend>Open on (00:00 to 00:00 is all day)</legend>
            {DAYS.map((d) => {
              const v = days[d] ?? { open: false, start: '09:00', end: '17:00' };
              const set = (patch: Partial<typeof v>) => setDays({ ...days, [d]: { ...v, ...patch } });
              return (
                <div class="day" key={d}>
                  <label class="check"><input type="checkbox" checked={v.open} data-testid={`day-${d}`} onChange={(e) => set({ open: (e.target as HTMLInputElement).checked })} />{SHORT[d]}</label>
                  <input type="time" value={v.start} disabled={!v.open} aria-label={`${SHORT[d]} opens`} data-testid={`start-${d}`} onInput={(e) => set({ start: (e.target as HTMLInputElement).value })} />
                  <span class="muted">to</span>
                  <input type="time" value={v.end} disabled={!v.open} aria-label={`${SHORT[d]} closes`} data-testid={`end-${d}`} onInput={(e) => set({ end: (e.target as HTMLInputElement).value })} />
                </div>
              );
            })}
          </fieldset>
        </FormCard>
      )}
      {!data ? !error && <Loading what="hours" /> : (
        <div class="card table-wrap">
          <table data-testid="hours-table">
            <thead><tr><th>Name</th><th>Time zone</th><th>Open</th><th /></tr></thead>
            <tbody>
              {data.map((h) => (
                <tr key={h.HoursOfOperationId} data-testid="hours-row">
                  <td><div class="strong">{h.Name}</div>{h.Description && <div class="muted small">{h.Description}</div>}</td>
                  <td>{h.TimeZone}</td>
                  <td class="days-cell">
                    {DAYS.map((d) => {
                      const c = h.Config.find((x) => x.Day === d);
                      return <span key={d} class={`badge tag ${c ? '' : 'closed'}`}>{SHORT[d]} {c ? span(c) : 'closed'}</span>;
                    })}
                  </td>
                  <td class="row-actions">{can(PERMISSION.hoursEdit) && <button data-testid="edit-hours" onClick={() => edit(h)}>Edit</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
