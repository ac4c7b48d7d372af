/**
 * The request target of an HTTP request (or a WebSocket upgrade) as a URL, whatever a client sent.
 * `new URL(target, base)` throws on a target such as `//` (it reads as a host-relative URL with an empty
 * host) and on absolute forms it cannot parse; a path is therefore appended to a fixed origin instead,
 * so every path a client can send parses. Undefined only for a target that is neither a path nor an
 * absolute URL (the caller answers 400).
 */
const ORIGIN = 'http://placeholder';

export function parseTarget(target: string | undefined): URL | undefined {
  const raw = target ?? '/';
  try {
    return raw.startsWith('/') ? new URL(ORIGIN + raw) : new URL(raw);
  } catch {
    return undefined;
  }
}

/** A percent-decoded path segment, or undefined when its escapes are malformed (`%ZZ`, a lone `%`, bad UTF-8). */
export function decodeSegment(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
