/**
 * A contact as text, for the archive, and back again exactly: `deserializeContact(serializeContact(c))`
 * is deep-equal to `c`. A contact holds Maps (participants, attachments), which JSON would flatten to
 * `{}`, and may hold own properties set to `undefined`, which JSON would drop; both are tagged.
 *
 * Tags are objects with a `$t` key: `{ $t: 'map', v: entries }`, `{ $t: 'u' }` for undefined, and
 * `{ $t: 'o', v: object }` for a plain object that itself has a `$t` key (attributes are the caller's
 * own keys), so no value can be mistaken for a tag.
 */
import type { Contact } from '../model/contact.ts';

/** Bumped when the encoding changes; stored with the text so an old archive stays readable. */
export const CONTACT_CODEC_VERSION = 1;

export function serializeContact(contact: Contact): string {
  return JSON.stringify({ version: CONTACT_CODEC_VERSION, contact: encode(contact) });
}

export function deserializeContact(text: string): Contact {
  const parsed = JSON.parse(text) as { version: number; contact: unknown };
  if (parsed.version !== CONTACT_CODEC_VERSION) throw new Error(`archived contact has codec version ${parsed.version}; this build reads ${CONTACT_CODEC_VERSION}`);
  return decode(parsed.contact) as Contact;
}

function encode(value: unknown): unknown {
  if (value === undefined) return { $t: 'u' };
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Map) return { $t: 'map', v: [...value.entries()].map(([k, v]) => [encode(k), encode(v)]) };
  if (Array.isArray(value)) return value.map(encode);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, encode(v));
  return '$t' in out ? { $t: 'o', v: out } : out;
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const object = value as Record<string, unknown>;
  if ('$t' in object) {
    switch (object.$t) {
      case 'u': return undefined;
      case 'map': return new Map((object.v as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]));
      case 'o': return decodeObject(object.v as Record<string, unknown>);
      default: throw new Error(`unknown tag ${String(object.$t)} in an archived contact`);
    }
  }
  return decodeObject(object);
}

function decodeObject(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) setOwn(out, k, decode(v));
  return out;
}

/** `out[k] = v`, except that a key named "__proto__" (a caller's attribute may be) becomes an own property, not the prototype. */
function setOwn(out: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}
