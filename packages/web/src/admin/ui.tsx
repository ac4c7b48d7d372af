import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError } from './api.ts';

/** Loads something through the API; `reload` loads it again (after a change). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): { data: T | undefined; error: string | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => { if (live) { setData(d); setError(undefined); } },
      (e) => { if (live) setError(describeError(e)); },
    );
    return () => { live = false; };
  }, [round, ...deps]);
  return { data, error, reload: useCallback(() => setRound((r) => r + 1), []) };
}

/** Runs a change through the API: busy while it runs, its error (exception name and message) or a success line after. */
export function useAction(): { busy: boolean; error: string | undefined; done: string | undefined; run: (what: () => Promise<unknown>, done?: string) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const run = async (what: () => Promise<unknown>, doneText?: string) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await what();
      setDone(doneText);
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run, clear: () => { setError(undefined); setDone(undefined); } };
}

export function Notice({ error, done }: { error?: string | undefined; done?: string | undefined }) {
  if (error) return <div class="notice bad" role="alert" data-testid="error">{error}</div>;
  if (done) return <div class="notice good" role="status" data-testid="done">{done}</div>;
  return null;
}

export function PageHead({ title, hint, children }: { title: string; hint?: string; children?: ComponentChildren }) {
  return (
    <header class="page-head">
      <div>
        <h1>{title}</h1>
        {hint && <p class="muted">{hint}</p>}
      </div>
      <div class="head-actions">{children}</div>
    </header>
  );
}

/** A form in a card, opened from the page head ("New queue") and closed after it is saved. */
export function FormCard({ title, onClose, children, onSubmit, busy, submitLabel, testId }: {
  title: string; onClose: () => void; children: ComponentChildren; onSubmit: () => void; busy: boolean; submitLabel: string; testId: string;
}) {
  return (
    <form class="card form-card" data-testid={testId} onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      <div class="form-head">
        <h2>{title}</h2>
        <button type="button" class="link-button" onClick={onClose}>Cancel</button>
      </div>
      <div class="form-grid">{children}</div>
      <div class="form-actions"><button class="primary" disabled={busy} data-testid={`${testId}-submit`}>{submitLabel}</button></div>
    </form>
  );
}

export function Loading({ what }: { what: string }) {
  return <p class="muted loading">Loading {what}…</p>;
}

/** An input bound to a string state. */
export function Field({ label, value, onInput, type = 'text', testId, required, placeholder, autocomplete }: {
  label: string; value: string; onInput: (v: string) => void; type?: string; testId?: string; required?: boolean; placeholder?: string; autocomplete?: string;
}) {
  return (
    <label>
      {label}
      <input type={type} value={value} required={required} placeholder={placeholder} data-testid={testId} autocomplete={autocomplete ?? 'off'}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)} />
    </label>
  );
}

export function Select({ label, value, onChange, options, testId }: {
  label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; testId?: string;
}) {
  return (
    <label>
      {label}
      <select value={value} data-testid={testId} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </label>
  );
}

export function StatusBadge({ state }: { state: string }) {
  return <span class={`badge ${state === 'ENABLED' ? 'connected' : 'ended'}`}>{state === 'ENABLED' ? 'Enabled' : 'Disabled'}</span>;
}
