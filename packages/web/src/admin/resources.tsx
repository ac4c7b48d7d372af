import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Api } from './api.ts';

/**
 * What the resource pages share (security profiles, phone numbers, instance settings, and the Delete buttons of
 * queues, routing profiles and quick connects): a table in a card, a Delete button with a confirm step, and
 * paging through List* answers whose page size Connect limits.
 */

/** A resource table: its head cells and its rows (each row a `<tr>`). */
export function ResourceTable({ testId, head, children }: { testId: string; head: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="card table-wrap">
      <table data-testid={testId}>
        <thead><tr>{head}</tr></thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/**
 * "Delete" (or `label`), then "Delete <name>?" with the real button and Keep. `onDelete` runs the API call (its
 * refusal, e.g. ResourceInUseException, is shown by the page's Notice); resolves true when it succeeded.
 */
export function DeleteButton({ name, onDelete, busy, label = 'Delete', testId = 'delete' }: {
  name: string; onDelete: () => Promise<boolean>; busy: boolean; label?: string; testId?: string;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) return <button class="danger" data-testid={testId} onClick={() => setConfirming(true)}>{label}</button>;
  return (
    <span class="confirm">{label} {name}?
      <button class="danger" disabled={busy} data-testid={`confirm-${testId}`} onClick={async () => { if (await onDelete()) setConfirming(false); }}>{label}</button>
      <button data-testid={`keep-${testId}`} onClick={() => setConfirming(false)}>Keep</button>
    </span>
  );
}

/** Every item of a GET List* answer, `pageSize` at a time (Connect limits some, e.g. ListInstanceAttributes to 7). */
export async function listPaged<T>(api: Api, path: string, key: string, pageSize: number): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api.call<Record<string, unknown>>('GET', `${path}${sep}maxResults=${pageSize}${next ? `&nextToken=${encodeURIComponent(next)}` : ''}`);
    out.push(...((page[key] as T[] | undefined) ?? []));
    next = page.NextToken as string | undefined;
  } while (next);
  return out;
}

/** Every item of a POST List or Search answer that pages in its body (MaxResults, NextToken). */
export async function listPostPaged<T>(api: Api, path: string, body: Record<string, unknown>, key: string, pageSize: number): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined;
  do {
    const page = await api.call<Record<string, unknown>>('POST', path, { ...body, MaxResults: pageSize, ...(next ? { NextToken: next } : {}) });
    out.push(...((page[key] as T[] | undefined) ?? []));
    next = page.NextToken as string | undefined;
  } while (next);
  return out;
}

/** The id at the end of an ARN (…/contact-flow/<id>), or the id itself. */
export const idOfArn = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/** A switch (a checkbox drawn as a toggle) with its label and an explanation. */
export function Switch({ label, hint, checked, disabled, onChange, testId }: {
  label: string; hint?: string; checked: boolean; disabled?: boolean; onChange: (on: boolean) => void; testId: string;
}) {
  return (
    <label class="switch-row">
      <input type="checkbox" role="switch" class="switch" checked={checked} disabled={disabled} data-testid={testId} aria-checked={checked}
        onChange={(e) => onChange((e.target as HTMLInputElement).checked)} />
      <span><span class="strong">{label}</span>{hint && <span class="muted small switch-hint">{hint}</span>}</span>
    </label>
  );
}
