/**
 * Unit tests of the server's request authentication: SigV4 verification (signed with the SDK's own
 * signer), bearer tokens and password hashes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { MAX_CLOCK_SKEW_MS, verifySigV4 } from '../src/auth/sigv4.ts';
import { issueToken, peekToken, verifyToken, type TokenClaims } from '../src/auth/tokens.ts';
import { hashPassword, verifyPassword } from '../src/auth/passwords.ts';

const ACCESS_KEY = 'AKIATESTTESTTESTTEST';
const SECRET = 'test-secret-key-0123456789abcdefghijklmn';
const lookup = (id: string) => (id === ACCESS_KEY ? SECRET : undefined);

interface Signed {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Signs a request the way @aws-sdk/client-connect does (SigV4 with the smithy signer, payload hash header). */
async function sign(args: {
  method?: string; path?: string; query?: Record<string, string | string[]>; body?: string; service?: string;
  region?: string; date?: Date; secret?: string; contentSha?: boolean | 'UNSIGNED-PAYLOAD';
}): Promise<Signed> {
  const body = Buffer.from(args.body ?? '');
  const headers: Record<string, string> = { host: '127.0.0.1:8080', 'content-type': 'application/json' };
  if (args.contentSha === 'UNSIGNED-PAYLOAD') headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  else if (args.contentSha !== false) headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
  const request = new HttpRequest({
    method: args.method ?? 'PUT', protocol: 'http:', hostname: '127.0.0.1', port: 8080,
    path: args.path ?? '/contact/chat', query: args.query ?? {}, headers, body: body.length ? body : undefined,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: args.secret ?? SECRET },
    region: args.region ?? 'us-east-1', service: args.service ?? 'connect', sha256: Sha256, uriEscapePath: true, applyChecksum: false,
  });
  const signed = await signer.sign(request, { signingDate: args.date ?? new Date() });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) out[k.toLowerCase()] = String(v);
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(args.query ?? {})) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
  const search = qs.toString();
  return { method: signed.method, url: `${args.path ?? '/contact/chat'}${search ? `?${search}` : ''}`, headers: out, body };
}

function asRequest(s: Signed): IncomingMessage {
  return { method: s.method, url: s.url, headers: s.headers } as unknown as IncomingMessage;
}

const verify = (s: Signed, now = Date.now(), service = 'connect') => verifySigV4(asRequest(s), s.body, service, lookup, now);

describe('verifySigV4', () => {
  test('a request signed with UNSIGNED-PAYLOAD is refused, so a captured request cannot be replayed with another body', async () => {
    const s = await sign({ body: '{"InstanceId":"i","Value":"true"}', contentSha: 'UNSIGNED-PAYLOAD' });
    const replayed = { ...s, body: Buffer.from('{"InstanceId":"i","Value":"false"}') };
    for (const request of [s, replayed]) {
      const result = await verify(request);
      assert.equal(result.ok, false);
      assert.match(result.reason ?? '', /UNSIGNED-PAYLOAD .*signature must cover the body/);
    }
  });

  test('a request signed with the right key passes', async () => {
    const s = await sign({ body: '{"InstanceId":"i"}' });
    const result = await verify(s);
    assert.deepEqual(result, { ok: true, accessKeyId: ACCESS_KEY, region: 'us-east-1' });
  });

  test('a GET with a query string, signed with the right key, passes', async () => {
    const s = await sign({ method: 'GET', path: '/quick-connects/i', query: { QuickConnectTypes: ['USER', 'QUEUE'], maxResults: '10' } });
    assert.equal((await verify(s)).ok, true);
  });

  test('a request signed without the payload hash header passes', async () => {
    const s = await sign({ body: '{"a":1}', contentSha: false });
    assert.equal((await verify(s)).ok, true);
  });

  test('a tampered body fails', async () => {
    const s = await sign({ body: '{"InstanceId":"i"}' });
    assert.equal((await verify({ ...s, body: Buffer.from('{"InstanceId":"j"}') })).ok, false);
    // Also when the client claims the new body's hash (the signature covers the claimed hash).
    const forged = { ...s, body: Buffer.from('{"InstanceId":"j"}'), headers: { ...s.headers, 'x-amz-content-sha256': createHash('sha256').update('{"InstanceId":"j"}').digest('hex') } };
    assert.equal((await verify(forged)).ok, false);
    // And when no payload hash header was sent at all.
    const bare = await sign({ body: '{"a":1}', contentSha: false });
    assert.equal((await verify({ ...bare, body: Buffer.from('{"a":2}') })).ok, false);
  });

  test('a tampered path fails', async () => {
    const s = await sign({ method: 'GET', path: '/contacts/instance-1/contact-1' });
    assert.equal((await verify({ ...s, url: '/contacts/instance-1/contact-2' })).ok, false);
  });

  test('a tampered query fails', async () => {
    const s = await sign({ method: 'GET', path: '/quick-connects/i', query: { maxResults: '10' } });
    assert.equal((await verify({ ...s, url: '/quick-connects/i?maxResults=11' })).ok, false);
    assert.equal((await verify({ ...s, url: '/quick-connects/i?maxResults=10&extra=1' })).ok, false);
    assert.equal((await verify({ ...s, url: '/quick-connects/i' })).ok, false);
  });

  test('a tampered method or signed header fails', async () => {
    const s = await sign({ body: '{}' });
    assert.equal((await verify({ ...s, method: 'POST' })).ok, false);
    assert.equal((await verify({ ...s, headers: { ...s.headers, 'content-type': 'text/plain' } })).ok, false);
  });

  test('a signature more than 15 minutes old fails; within the window it passes', async () => {
    const now = Date.now();
    const old = await sign({ body: '{}', date: new Date(now - MAX_CLOCK_SKEW_MS - 60_000) });
    const result = await verify(old, now);
    assert.equal(result.ok, false);
    assert.match(result.reason ?? '', /expired/i);
    const future = await sign({ body: '{}', date: new Date(now + MAX_CLOCK_SKEW_MS + 60_000) });
    assert.equal((await verify(future, now)).ok, false);
    const recent = await sign({ body: '{}', date: new Date(now - 5 * 60_000) });
    assert.equal((await verify(recent, now)).ok, true);
  });

  test('a signature for another service fails', async () => {
    const s = await sign({ body: '{}', service: 'execute-api' });
    const result = await verify(s);
    assert.equal(result.ok, false);
    assert.match(result.reason ?? '', /execute-api/);
  });

  test('a wrong secret fails with a signature mismatch; an unknown key id fails as an invalid token', async () => {
    const wrong = await verify(await sign({ body: '{}', secret: `${SECRET}x` }));
    assert.equal(wrong.ok, false);
    assert.match(wrong.reason ?? '', /signature/);
    const s = await sign({ body: '{}' });
    const unknown = await verifySigV4(asRequest(s), s.body, 'connect', () => undefined, Date.now());
    assert.equal(unknown.ok, false);
    assert.match(unknown.reason ?? '', /security token/);
  });

  test('a missing or malformed Authorization header fails', async () => {
    const s = await sign({ body: '{}' });
    const { authorization: _, ...withoutAuth } = s.headers;
    assert.equal((await verify({ ...s, headers: withoutAuth })).ok, false);
    assert.equal((await verify({ ...s, headers: { ...s.headers, authorization: 'Bearer abc' } })).ok, false);
    const { 'x-amz-date': __, ...withoutDate } = s.headers;
    assert.equal((await verify({ ...s, headers: withoutDate })).ok, false);
  });
});

describe('bearer tokens', () => {
  const key = randomBytes(32).toString('hex');
  const otherKey = randomBytes(32).toString('hex');
  const now = Date.UTC(2026, 0, 1);
  const claims: TokenClaims = { kind: 'connection', instanceId: 'i-1', contactId: 'c-1', participantId: 'p-1', expires: now + 60_000 };

  test('a token verifies with its key, for its kind, before it expires', () => {
    const token = issueToken(key, claims);
    assert.deepEqual(verifyToken(token, key, 'connection', now), claims);
    assert.deepEqual(peekToken(token), claims);
  });

  test('a token does not verify with another key', () => {
    assert.equal(verifyToken(issueToken(key, claims), otherKey, 'connection', now), undefined);
  });

  test('a token does not verify as another kind', () => {
    const token = issueToken(key, claims);
    for (const kind of ['participant', 'websocket', 'agent'] as const) assert.equal(verifyToken(token, key, kind, now), undefined);
  });

  test('a token does not verify at or after its expiry', () => {
    const token = issueToken(key, claims);
    assert.ok(verifyToken(token, key, 'connection', claims.expires - 1));
    assert.equal(verifyToken(token, key, 'connection', claims.expires), undefined);
    assert.equal(verifyToken(token, key, 'connection', claims.expires + 1), undefined);
  });

  test('a token whose claims were changed does not verify', () => {
    const token = issueToken(key, claims);
    const [prefix, , signature] = token.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ ...claims, contactId: 'c-2' })).toString('base64url');
    assert.equal(verifyToken(`${prefix}.${forgedClaims}.${signature}`, key, 'connection', now), undefined);
    const longer = Buffer.from(JSON.stringify({ ...claims, expires: claims.expires + 86_400_000 })).toString('base64url');
    assert.equal(verifyToken(`${prefix}.${longer}.${signature}`, key, 'connection', claims.expires + 1), undefined);
  });

  test('once verified (and remembered), a token is still refused with another key, as another kind, and once expired', () => {
    const token = issueToken(key, { ...claims, participantId: 'p-remembered' });
    assert.ok(verifyToken(token, key, 'connection', now));
    assert.ok(verifyToken(token, key, 'connection', now)); // from the cache
    assert.equal(verifyToken(token, otherKey, 'connection', now), undefined);
    assert.equal(verifyToken(token, key, 'websocket', now), undefined);
    assert.equal(verifyToken(token, key, 'connection', claims.expires), undefined);
    assert.equal(verifyToken(token, key, 'connection', claims.expires + 1), undefined);
    assert.ok(verifyToken(token, key, 'connection', now));
    assert.throws(() => { (verifyToken(token, key, 'connection', now) as { expires: number }).expires = Infinity; }, TypeError);
  });

  test('garbage is not a token', () => {
    for (const junk of ['', 'abc', 'sb1..', 'sb1.e30.x', 'sb2.e30.x', 'a.b.c.d']) {
      assert.equal(verifyToken(junk, key, 'connection', now), undefined);
    }
    assert.equal(peekToken('sb1.!!!.x'), undefined);
  });
});

describe('password hashes', () => {
  test('hashPassword and verifyPassword round-trip; the hash is an scrypt string', async () => {
    const hash = await hashPassword('correct horse battery staple');
    assert.ok(hash.startsWith('scrypt$'), hash);
    assert.equal(hash.split('$').length, 6);
    assert.ok(!hash.includes('correct horse'));
    assert.equal(await verifyPassword('correct horse battery staple', hash), true);
  });

  test('a wrong password does not verify', async () => {
    const hash = await hashPassword('s3cret');
    assert.equal(await verifyPassword('s3cret!', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  test('the same password hashes differently each time (salted)', async () => {
    const a = await hashPassword('same');
    const b = await hashPassword('same');
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('same', a), true);
    assert.equal(await verifyPassword('same', b), true);
  });

  test('a stored value that is not an scrypt hash never verifies', async () => {
    assert.equal(await verifyPassword('x', 'plain-text-password'), false);
    assert.equal(await verifyPassword('x', 'bcrypt$1$2$3$4$5'), false);
  });
});
