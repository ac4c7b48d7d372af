import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { Channel, portOfMessagePort, RequestTimeoutError, serveChannel } from '../src/channel.ts';
import { InvalidStateError } from '../src/facade.ts';
import type { Notification, Request } from '../src/protocol.ts';

function pair(handle: (request: Request) => unknown, timeoutMs = 1000) {
  const { port1, port2 } = new MessageChannel();
  const client = new Channel(portOfMessagePort(port1), { timeoutMs });
  const server = serveChannel(portOfMessagePort(port2), handle);
  return { client, server, close: () => { client.close(); server.close(); } };
}

test('a request resolves with the body its handler returned, routed by method and target', async () => {
  const seen: Request[] = [];
  const { client, close } = pair((request) => {
    seen.push(request);
    return request.method === 'bridge.addEndpoint' ? { answer: `answer for ${request.target}` } : {};
  });
  try {
    const result = await client.request('bridge.addEndpoint', 'b1', { endpointId: 'e1', connectionId: 'e1#1', offer: 'v=0' });
    assert.deepEqual(result, { answer: 'answer for b1' });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.method, 'bridge.addEndpoint');
    assert.deepEqual(seen[0]?.body, { endpointId: 'e1', connectionId: 'e1#1', offer: 'v=0' });
  } finally { close(); }
});

test('a handler error crosses as the same error class (TypeError, InvalidStateError) with its message', async () => {
  const { client, close } = pair((request) => {
    if (request.target === 'bad') throw new TypeError('unknown source x');
    return Promise.reject(new InvalidStateError('bridge b2 is closed'));
  });
  try {
    await assert.rejects(client.request('bridge.setHearing', 'bad', { version: 1, hears: {} }),
      (e: unknown) => e instanceof TypeError && e.message === 'unknown source x');
    await assert.rejects(client.request('bridge.meter', 'b2', {}),
      (e: unknown) => e instanceof InvalidStateError && e.message === 'bridge b2 is closed');
  } finally { close(); }
});

test('a request the other side never answers rejects after its own timeout, and a late answer is ignored', async () => {
  let answer: ((v: unknown) => void) | undefined;
  const { client, close } = pair(() => new Promise((resolve) => { answer = resolve; }), 1000);
  try {
    const started = Date.now();
    await assert.rejects(client.request('bridge.meter', 'b1', {}, 50), RequestTimeoutError);
    assert.ok(Date.now() - started < 900, 'the per-request timeout, not the channel default, applied');
    assert.equal(client.pendingCount, 0);
    answer?.({});
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(client.pendingCount, 0);
  } finally { close(); }
});

test('closing the channel rejects every pending request with InvalidStateError, and later requests too', async () => {
  const { client, close } = pair(() => new Promise(() => {}));
  try {
    const a = client.request('bridge.meter', 'b1', {});
    const b = client.request('bridge.create', 'b2', {});
    assert.equal(client.pendingCount, 2);
    client.close('worker died');
    await assert.rejects(a, (e: unknown) => e instanceof InvalidStateError && /worker died/.test((e as Error).message));
    await assert.rejects(b, InvalidStateError);
    await assert.rejects(client.request('bridge.meter', 'b1', {}), InvalidStateError);
    assert.equal(client.pendingCount, 0);
  } finally { close(); }
});

test('a notification delivered in the same turn as its response is dispatched after the caller resumed', async () => {
  // A hand-driven port: the test delivers the response and then the notification back to back, in one
  // synchronous block, as a port may when both are queued together.
  let deliver: ((message: unknown) => void) | undefined;
  const sent: Request[] = [];
  const client = new Channel({
    postMessage: (m) => { sent.push(m as Request); },
    onMessage: (l) => { deliver = l; },
    close: () => {},
  }, { timeoutMs: 1000 });
  const order: string[] = [];
  const gotNotification = new Promise<Notification>((resolve) => {
    client.onNotification((n) => { order.push(`notification ${n.event}`); resolve(n); });
  });
  const created = client.request('bridge.addEndpoint', 'b1', { endpointId: 'e1', connectionId: 'e1#1', offer: 'v=0' })
    .then(() => { order.push('response'); });
  const id = sent[0]?.id;
  assert.equal(typeof id, 'number');
  deliver?.({ kind: 'response', id, ok: true, body: { answer: 'sdp' } });
  deliver?.({ kind: 'notification', target: 'b1', event: 'endpointConnected', body: { endpointId: 'e1' } });
  const n = await gotNotification;
  await created;
  assert.deepEqual(order, ['response', 'notification endpointConnected']);
  assert.equal(n.target, 'b1');
  assert.deepEqual(n.body, { endpointId: 'e1' });
  client.close();
});

test('notifications from a real MessagePort reach listeners with their target and body', async () => {
  const { client, server, close } = pair(() => ({}));
  try {
    const got = new Promise<Notification>((resolve) => client.onNotification(resolve));
    server.notify('b9', 'endpointLost', { endpointId: 'e2', reason: 'ice failed' });
    const n = await got;
    assert.equal(n.target, 'b9');
    assert.equal(n.event, 'endpointLost');
    assert.deepEqual(n.body, { endpointId: 'e2', reason: 'ice failed' });
  } finally { close(); }
});

test('a notification listener that throws does not stop the other listeners', async () => {
  const { client, server, close } = pair(() => ({}));
  try {
    const warned = new Promise<void>((resolve) => process.once('warning', () => resolve()));
    client.onNotification(() => { throw new Error('listener bug'); });
    const got = new Promise<string>((resolve) => client.onNotification((n) => resolve(n.event)));
    server.notify('b1', 'dtmf', { endpointId: 'e1', digit: '5', at: 1 });
    assert.equal(await got, 'dtmf');
    await warned;
  } finally { close(); }
});
