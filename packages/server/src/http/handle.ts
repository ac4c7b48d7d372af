import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errors, sendError, type ApiFlavor } from './errors.ts';
import { RequestAborted } from './body.ts';
import { reportUnexpected } from './report.ts';
import { RequestContext, type Router } from './router.ts';
import { parseTarget } from './target.ts';

/** A request target that is only a path of plain segments: its own pathname, no URL parse needed. */
const PLAIN_PATH = /^(\/[\w-]+)*\/?$/;

/** How long a connection whose request body was refused may still send before it is cut (so the client reads the answer). */
export const REFUSED_BODY_LINGER_MS = 5_000;

export interface RequestHandling {
  router: Router;
  /** Before routing: answers CORS preflights and the like; true when it answered. */
  before(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  /** No route: redirects, the web pages, or 404. */
  fallback(req: IncomingMessage, res: ServerResponse, pathname: string, url: () => URL): void;
}

/** What the request was served as, for logs and metrics (ops.ts): a route's pattern, or a kind of answer. */
export interface RequestSeen {
  route: string;
}

/** Which API's error names a path's answers use. */
export function flavorOf(pathname: string): ApiFlavor {
  return pathname.startsWith('/participant/') || pathname.startsWith('/attachments/') ? 'participant' : 'connect';
}

/**
 * Serves one HTTP request. Nothing a client sends can throw past it: a target that does not parse or a
 * path parameter with malformed escapes is a 400 in the API's own shape, a handler's ApiError is
 * answered as it is, and anything else is logged (once per kind) and answered as the API's internal
 * error. A failed durable write is the pipeline's to handle: it stops the process by design.
 */
export async function handleRequest(h: RequestHandling, req: IncomingMessage, res: ServerResponse, seen?: RequestSeen): Promise<void> {
  const target = req.url ?? '/';
  let pathname = target;
  try {
    let parsed: URL | undefined;
    if (!PLAIN_PATH.test(target)) {
      parsed = parseTarget(target);
      if (!parsed) return refuse(req, res, errors.validation(flavorOf(target), 'the request target is not a valid path'));
      pathname = parsed.pathname;
    }
    const url = () => (parsed ??= parseTarget(target)!);
    if (h.before(req, res, pathname)) {
      if (seen) seen.route = 'preflight';
      return;
    }
    const match = h.router.match(req.method ?? 'GET', pathname);
    if (seen) seen.route = match ? match.route : 'pages';
    if (!match) {
      if (h.router.hasPath(pathname)) return refuse(req, res, new ApiError(405, 'MethodNotAllowedException', `${req.method} is not allowed here`));
      return h.fallback(req, res, pathname, url);
    }
    if (match.malformed) return refuse(req, res, errors.validation(flavorOf(pathname), `${match.malformed}: the path parameter has a malformed percent-escape`));
    await match.handler(new RequestContext(req, res, match.params, parsed));
  } catch (error) {
    if (error instanceof ApiError) return refuse(req, res, error);
    reportUnexpected(`${req.method} ${seen?.route ?? pathname.slice(0, 200)} failed`, error, seen && { reqId: res.getHeader('x-amzn-RequestId') });
    refuse(req, res, errors.internal(flavorOf(pathname)));
  }
}

/**
 * Sends an error answer. When the request's body was not read to its end (refused as too large, or
 * before it was needed), what the client still sends is read and dropped (Node does so once the answer
 * is sent), so a client still sending reads the answer instead of a reset; if the body has not ended a
 * few seconds later, the connection is cut, so an endless body cannot hold it.
 */
function refuse(req: IncomingMessage, res: ServerResponse, error: ApiError): void {
  if (error instanceof RequestAborted || res.destroyed) {
    if (!res.headersSent && !res.destroyed) sendError(res, error);
    return;
  }
  if (!req.complete) {
    const cut = setTimeout(() => {
      if (!req.complete) req.socket.destroy();
    }, REFUSED_BODY_LINGER_MS);
    cut.unref();
    req.once('close', () => clearTimeout(cut));
  }
  sendError(res, error);
}
