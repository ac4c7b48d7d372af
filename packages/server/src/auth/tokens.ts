import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens, each scoped to one participant, one connection or one agent of one instance, signed
 * with the instance's token key (HMAC-SHA256). Checking one needs no lookup but the key; what the
 * token names (is the participant still in the chat?) is checked against state by the caller.
 */
export type TokenKind = 'participant' | 'connection' | 'websocket' | 'agent' | 'attachment-upload' | 'attachment-download' | 'caller' | 'prompt-download';

export interface TokenClaims {
  kind: TokenKind;
  instanceId: string;
  contactId?: string;
  participantId?: string;
  userId?: string;
  /**
   * For agent tokens: the session the token belongs to (one login). Logging out ends the session, and
   * the server refuses the token from then on: a set lookup against state (agent/session.ts).
   */
  sessionId?: string;
  /** For attachment upload and download URLs: the one file the URL is for. */
  attachmentId?: string;
  /** For a prompt's download URL (GetPromptFile): the prompt. */
  promptId?: string;
  /** Expiry, epoch ms. */
  expires: number;
  /** For agent tokens: when it was issued (epoch ms); a password changed after it makes it stale. */
  issuedAt?: number;
}

const PREFIX = 'sb1';

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function sign(key: string, payload: string): string {
  return createHmac('sha256', Buffer.from(key, 'hex')).update(payload).digest('base64url');
}

export function issueToken(key: string, claims: TokenClaims): string {
  const payload = b64(JSON.stringify(claims));
  return `${PREFIX}.${payload}.${sign(key, `${PREFIX}.${payload}`)}`;
}

/**
 * Tokens whose signature was checked, with the key that checked them: a chat client sends the same token
 * with every request, and the HMAC, two splits, a base64 decode and a JSON.parse were a good part of a
 * SendMessage's cost. Only the signature check is remembered: the kind and the expiry are checked on
 * every use, as before, and callers still check what the token names against state. Only tokens we
 * signed get in; past the bound the map starts over.
 */
const verified = new Map<string, { claims: TokenClaims; key: string }>();
const MAX_VERIFIED = 50_000;

/** Reads a token's claims without trusting them (to find which instance's key checks it). */
export function peekToken(token: string): TokenClaims | undefined {
  const known = verified.get(token);
  if (known) return known.claims;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
    return typeof claims === 'object' && claims !== null && typeof claims.instanceId === 'string' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** The claims if the token is well-formed, signed with `key`, of the expected kind and not expired. */
export function verifyToken(token: string, key: string, kind: TokenKind, now: number): TokenClaims | undefined {
  const known = verified.get(token);
  if (known && known.key === key) return known.claims.kind === kind && known.claims.expires > now ? known.claims : undefined;
  const claims = peekToken(token);
  if (!claims || claims.kind !== kind || !(claims.expires > now)) return undefined;
  const [prefix, payload, signature] = token.split('.') as [string, string, string];
  const expected = Buffer.from(sign(key, `${prefix}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.set(token, { claims: Object.freeze(claims), key });
  return claims;
}
