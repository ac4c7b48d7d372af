/**
 * The public chat widget endpoint: only from approved origins (the server's own by default), and
 * rate-limited per client address.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contactCount, postJson, startTestServer, type TestServer } from './harness.ts';

describe('widget origin checks', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(async () => {
    await srv.stop();
  });

  const startUrl = () => `${srv.url}/widget/${srv.demo.widgetId}/start-chat`;

  test("the server's own origin may start a chat, and the answer allows that origin", async () => {
    const before = contactCount(srv);
    const r = await postJson(startUrl(), { DisplayName: 'Own' }, { origin: srv.url });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body).sort(), ['ContactId', 'ParticipantId', 'ParticipantToken']);
    assert.equal(r.headers.get('access-control-allow-origin'), srv.url);
    assert.equal(contactCount(srv), before + 1);
  });

  test('an origin that is not approved gets 403 AccessDeniedException and no contact is created', async () => {
    const before = contactCount(srv);
    const r = await postJson(startUrl(), { DisplayName: 'Evil' }, { origin: 'https://evil.example' });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.equal(typeof r.body.message, 'string');
    assert.equal(r.headers.get('access-control-allow-origin'), null);
    assert.equal(contactCount(srv), before);
    // The same host on another port is another origin.
    const port = Number(new URL(srv.url).port);
    const near = await postJson(startUrl(), { DisplayName: 'Near' }, { origin: `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}` });
    assert.equal(near.status, 403);
    assert.equal(contactCount(srv), before);
  });

  test('a request with no Origin header gets 403 and no contact is created', async () => {
    const before = contactCount(srv);
    const r = await postJson(startUrl(), { DisplayName: 'Script' });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.equal(contactCount(srv), before);
  });

  test('a preflight from an unapproved origin is refused; from the own origin it is allowed', async () => {
    const refused = await fetch(startUrl(), { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.equal(refused.status, 403);
    await refused.body?.cancel();
    const allowed = await fetch(startUrl(), { method: 'OPTIONS', headers: { origin: srv.url, 'access-control-request-method': 'POST' } });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), srv.url);
  });

  test('an unknown widget is 404 ResourceNotFoundException', async () => {
    const r = await postJson(`${srv.url}/widget/no-such-widget/start-chat`, { DisplayName: 'X' }, { origin: srv.url });
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
  });

  test('a missing DisplayName is refused and no contact is created', async () => {
    const before = contactCount(srv);
    const r = await postJson(startUrl(), { DisplayName: '   ' }, { origin: srv.url });
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('x-amzn-errortype'), 'InvalidRequestException');
    assert.equal(contactCount(srv), before);
  });
});

describe('widget rate limit', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_WIDGET_BURST: '2', SWITCHBOARD_WIDGET_CHATS_PER_MINUTE: '0.01' } });
  });
  after(async () => {
    await srv.stop();
  });

  test('after the burst, starting a chat is ThrottlingException (429) and creates nothing', async () => {
    const url = `${srv.url}/widget/${srv.demo.widgetId}/start-chat`;
    const first = await postJson(url, { DisplayName: 'One' }, { origin: srv.url });
    const second = await postJson(url, { DisplayName: 'Two' }, { origin: srv.url });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const before = contactCount(srv);
    const third = await postJson(url, { DisplayName: 'Three' }, { origin: srv.url });
    assert.equal(third.status, 429);
    assert.equal(third.headers.get('x-amzn-errortype'), 'ThrottlingException');
    assert.equal(typeof third.body.message, 'string');
    assert.equal(contactCount(srv), before);
    const fourth = await postJson(url, { DisplayName: 'Four' }, { origin: srv.url });
    assert.equal(fourth.status, 429);
    assert.equal(contactCount(srv), before);
  });
});
