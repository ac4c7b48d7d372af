import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens, each scoped to one participant, one connection or one agent of one instance, signed
 * with the instance's token key (HMAC-SHA256). Checking one needs no lookup but the key; what the
 * token names (is the participant still in the chat?) is checked against state by the caller.
 */
export type TokenKind = 'participant' | 'connection' | 'websocket' | 'agent' | 'attachment-upload' | 'attachment-download';

export interface TokenClaims {
  kind: TokenKind;
  instanceId: string;
  contactId?: string;
  participantId?: string;
  userId?: string;
  /** For attachment upload and download URLs: the one file the URL is for. */
  attachmentId?: string;
  /** Expiry, epoch ms. */
  expires: number;
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

/** Reads a token's claims without trusting them (to find which instance's key checks it). */
export function peekToken(token: string): TokenClaims | undefined {
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
  const claims = peekToken(token);
  if (!claims || claims.kind !== kind || !(claims.expires > now)) return undefined;
  const [prefix, payload, signature] = token.split('.') as [string, string, string];
  const expected = Buffer.from(sign(key, `${prefix}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return claims;
}
