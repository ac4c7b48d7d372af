/**
 * The admin console's Connect API client: the same REST routes @aws-sdk/client-connect calls, with the
 * signed-in user's token (Authorization: Bearer) instead of a SigV4 signature. The server allows what
 * the user's security profiles permit; a refusal comes back as its x-amzn-ErrorType and message.
 */

export interface AdminSession {
  token: string;
  expiry: string;
  instanceId: string;
  userId: string;
}

/** An error answer: the exception name (x-amzn-ErrorType) and the server's message. */
export class ConsoleApiError extends Error {
  constructor(readonly type: string, message: string, readonly status: number) {
    super(message);
    this.name = type;
  }
}

/** What the console shows for a failure: "AccessDeniedException: …". */
export function describeError(error: unknown): string {
  if (error instanceof ConsoleApiError) return `${error.type}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** The user signed in, their instance and what they may do (GET /admin/me). */
export interface Me {
  User: { Id: string; Username: string; FirstName: string; LastName: string; SecurityProfileIds: string[] };
  Instance: { Id: string; Arn: string; Alias: string; Region: string };
  Permissions: string[];
  SecurityProfiles: { Id: string; Name: string }[];
}

export async function request<T = Record<string, unknown>>(token: string | undefined, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ConsoleApiError('NetworkError', 'the server cannot be reached', 0);
  }
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { message: text.slice(0, 200) };
  }
  if (!response.ok) {
    const type = (response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`).split(':')[0]!;
    throw new ConsoleApiError(type, String(parsed.message ?? parsed.Message ?? response.statusText), response.status);
  }
  return parsed as T;
}

export async function signIn(username: string, password: string): Promise<AdminSession> {
  const r = await request<{ Token: string; Expiry: string; InstanceId: string; UserId: string }>(undefined, 'POST', '/agent/login', { Username: username, Password: password });
  return { token: r.Token, expiry: r.Expiry, instanceId: r.InstanceId, userId: r.UserId };
}

/** A Connect API client for one session. */
export class Api {
  constructor(readonly session: AdminSession) {}

  get instanceId(): string {
    return this.session.instanceId;
  }

  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    return request<T>(this.session.token, method, path, body);
  }

  /** Every item of a paged List* answer (`key` is its list, e.g. QueueSummaryList). */
  async listAll<T>(path: string, key: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await this.call<Record<string, unknown>>('GET', `${path}${sep}maxResults=100${next ? `&nextToken=${encodeURIComponent(next)}` : ''}`);
      out.push(...((page[key] as T[] | undefined) ?? []));
      next = page.NextToken as string | undefined;
    } while (next);
    return out;
  }

  me(): Promise<Me> {
    return this.call<Me>('GET', '/admin/me');
  }

  /** Ends the console's session only (the user's agent status is their CCP's business). */
  signOut(): Promise<unknown> {
    return this.call('POST', '/admin/logout', {});
  }
}

const KEY = 'switchboard.adminSession';

/** The console's session is kept in localStorage (apart from the CCP's), so a reload keeps it until it expires. */
export function loadSession(): AdminSession | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    const session = raw ? (JSON.parse(raw) as AdminSession) : undefined;
    return session && Date.parse(session.expiry) > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: AdminSession): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}
