import type { IncomingMessage } from 'node:http';
import { instanceApprovesOrigin, type Instance } from '@switchboard/engine';
import { errors } from '../../http/errors.ts';
import { baseUrl, type Services } from '../../services.ts';

/**
 * Approved origins for the customer's side of a chat (issue 18): a web page may use an instance's chat —
 * its widget, the Participant Service calls chatjs makes, the chat socket — only from the server's own
 * origin or an origin the instance approves (AssociateApprovedOrigin) or one of its widgets lists.
 *
 * A request with no Origin header is not from a web page (a server, a native app, Node's chatjs): the
 * participant token alone decides, as before. Browsers send Origin on every cross-origin request and on
 * every WebSocket handshake, so a page cannot leave it out. `Origin: null` (a sandboxed frame, a file) is
 * a page no one can approve.
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The server's own origin, counting its loopback names as one (a page on localhost opens ws://127.0.0.1). */
export function isOwnOrigin(services: Services, req: IncomingMessage, origin: string): boolean {
  const own = new URL(baseUrl(services, req));
  if (origin === own.origin) return true;
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return false;
  }
  return LOOPBACK.has(page.hostname) && LOOPBACK.has(own.hostname) && page.protocol === own.protocol && page.port === own.port;
}

/** Whether the instance's chat may be used from this origin (its own approved origins or any widget's). */
export function instanceAcceptsOrigin(instance: Instance, origin: string): boolean {
  if (instanceApprovesOrigin(instance, origin)) return true;
  for (const widget of instance.widgets.values()) if (widget.approvedOrigins.includes(origin)) return true;
  return false;
}

/** Undefined when the request may use the instance's chat; otherwise why not. */
export function pageOriginRefusal(services: Services, req: IncomingMessage, instance: Instance): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  if (origin !== 'null' && (isOwnOrigin(services, req, origin) || instanceAcceptsOrigin(instance, origin))) return undefined;
  return `origin ${origin.slice(0, 200)} is not approved for this instance's chat`;
}

/** Refuses (AccessDeniedException) a page whose origin the instance does not approve. */
export function checkPageOrigin(services: Services, req: IncomingMessage, instance: Instance): void {
  const refusal = pageOriginRefusal(services, req, instance);
  if (refusal) throw errors.accessDenied(refusal);
}
