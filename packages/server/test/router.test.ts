/**
 * What a route handler is given: the request, the answer, the path's parameters and the URL, parsed on
 * first use. The context must be an ordinary object with fast properties: a getter written into an
 * object literal per request made each context a dictionary-mode object, and young-generation GCs then
 * kept every request's objects alive until the next full GC (~4.5 kB promoted per SendMessage; the old
 * generation grew 20 MB/s at 4,200 sends/s and each mark-compact stalled deliveries; bench/RESULTS.md,
 * session 6).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestContext, Router } from '../src/http/router.ts';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set, so V8's %-functions parse here.
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

const request = (url: string) => ({ url, method: 'GET' }) as IncomingMessage;
const answer = {} as ServerResponse;

describe('request context', () => {
  test('the URL is parsed from the request target on first use, and only once', () => {
    const ctx = new RequestContext(request('/attachments/a1?token=t%20x'), answer, { attachmentId: 'a1' });
    const url = ctx.url;
    assert.equal(url.pathname, '/attachments/a1');
    assert.equal(url.searchParams.get('token'), 't x');
    assert.equal(ctx.url, url);
    assert.deepEqual(ctx.params, { attachmentId: 'a1' });
  });

  test('a URL the server already parsed (to find the path) is handed over, not parsed again', () => {
    const parsed = new URL('/chat?x=1', 'http://placeholder');
    assert.equal(new RequestContext(request('/chat?x=1'), answer, {}, parsed).url, parsed);
  });

  test('every request context has fast properties and one shape (no per-request accessor that would keep requests alive across young-generation GCs)', () => {
    const a = new RequestContext(request('/participant/message'), answer, {});
    const b = new RequestContext(request('/participant/event'), answer, {}, new URL('http://placeholder/participant/event'));
    void a.url;
    assert.equal(Object.getOwnPropertyDescriptor(a, 'url'), undefined, 'url is an accessor of the class, not of each context');
    assert.ok(hasFastProperties(a) && hasFastProperties(b), 'contexts keep fast properties');
    assert.ok(haveSameMap(a, b), 'contexts share one hidden class');
  });
});

describe('router', () => {
  test('an exact path is found with no parameters, a pattern fills its parameters decoded', () => {
    const router = new Router()
      .on('POST', '/participant/message', () => undefined)
      .on('GET', '/contacts/:instanceId/:contactId', () => undefined);
    assert.deepEqual(router.match('POST', '/participant/message')?.params, {});
    assert.deepEqual(router.match('GET', '/contacts/i%201/c1')?.params, { instanceId: 'i 1', contactId: 'c1' });
    assert.equal(router.match('GET', '/participant/message'), undefined);
    assert.ok(router.hasPath('/participant/message'));
  });
});
