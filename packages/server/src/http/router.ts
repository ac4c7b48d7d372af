import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeSegment, parseTarget } from './target.ts';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  url: URL;
}

/**
 * What a handler is given. The URL is parsed on first use, by a getter on this class's prototype. (Not
 * by a getter in an object literal: V8 makes a literal whose accessor holds a new closure per request a
 * dictionary-mode object, and with that the young-generation GCs kept each request's whole graph — req,
 * res, body, command — alive until the next full GC: ~4.5 kB promoted per SendMessage, the old
 * generation growing 20 MB/s at 4,200 sends/s. bench/RESULTS.md, session 6.)
 */
export class RequestContext implements RouteContext {
  private parsed: URL | undefined;

  constructor(readonly req: IncomingMessage, readonly res: ServerResponse, readonly params: Record<string, string>, parsed?: URL) {
    this.parsed = parsed;
  }

  get url(): URL {
    // app.ts answers 400 before any handler runs when the target does not parse.
    return (this.parsed ??= parseTarget(this.req.url) ?? new URL('http://placeholder/'));
  }
}

type Handler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: string;
  /** The pattern as registered (`/contacts/:instanceId/:contactId`): what logs and metrics name a request by. */
  path: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** A small method + path router: `/contacts/:instanceId/:contactId` style patterns, nothing more. */
export class Router {
  private readonly routes: Route[] = [];
  /** Routes without parameters, by method and path, found without a scan unless an earlier pattern also matches. */
  private readonly exact = new Map<string, Route>();

  on(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((part) => {
        if (part.startsWith(':')) {
          names.push(part.slice(1));
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    const route = { method, path, pattern: new RegExp(`^${source}$`), names, handler };
    if (names.length === 0 && !this.routes.some((r) => r.method === method && r.pattern.test(path))) this.exact.set(`${method} ${path}`, route);
    this.routes.push(route);
    return this;
  }

  /**
   * Finds the handler for a request, or undefined. A parameter whose percent-escapes are malformed
   * (`/attachments/%ZZ`) makes the match `malformed`: the caller answers 400, the handler never runs.
   */
  match(method: string, pathname: string): { handler: Handler; params: Record<string, string>; route: string; malformed?: string } | undefined {
    const exact = this.exact.get(`${method} ${pathname}`);
    if (exact) return { handler: exact.handler, params: {}, route: exact.path };
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < route.names.length; i++) {
        const value = decodeSegment(m[i + 1]!);
        if (value === undefined) return { handler: route.handler, params, route: route.path, malformed: route.names[i]! };
        params[route.names[i]!] = value;
      }
      return { handler: route.handler, params, route: route.path };
    }
    return undefined;
  }

  /** True when some route has this path with another method. */
  hasPath(pathname: string): boolean {
    return this.routes.some((r) => r.pattern.test(pathname));
  }
}
