/**
 * Approved origins through the Connect admin API with the real @aws-sdk/client-connect:
 * AssociateApprovedOrigin, ListApprovedOrigins (paging), DisassociateApprovedOrigin — and what they are for: a
 * page from an origin the instance approves may start chats through its widget; one approved by neither the
 * instance nor the widget is refused, before and after.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AssociateApprovedOriginCommand, DisassociateApprovedOriginCommand, ListApprovedOriginsCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { serialize } from '../../engine/test/serialize.ts';
import { postJson, startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { failure } from './flowsApi.ts';

const SHOP = 'https://shop.example.com';

describe('approved origins through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let InstanceId: string;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    InstanceId = srv.demo.instanceId;
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });
  const state = () => serialize(srv.services.state);
  /** What a browser page on `origin` gets when it starts a chat through the demo widget. */
  const startChatFrom = (origin: string) => postJson(`${srv.url}/widget/${srv.demo.widgetId}/start-chat`, { DisplayName: 'Page' }, { origin });
  const preflightFrom = (origin: string) => fetch(`${srv.url}/widget/${srv.demo.widgetId}/start-chat`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });

  test('a page from an origin is refused before AssociateApprovedOrigin, accepted after, and refused again after DisassociateApprovedOrigin', async () => {
    const refused = await startChatFrom(SHOP);
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.equal((await preflightFrom(SHOP)).status, 403);

    await connect.send(new AssociateApprovedOriginCommand({ InstanceId, Origin: SHOP }));
    const accepted = await startChatFrom(SHOP);
    assert.equal(accepted.status, 200);
    assert.equal(typeof accepted.body.ContactId, 'string');
    assert.equal(accepted.headers.get('access-control-allow-origin'), SHOP);
    const preflight = await preflightFrom(SHOP);
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), SHOP);
    // Another origin is still refused: the instance approves only what it lists.
    assert.equal((await startChatFrom('https://other.example.com')).status, 403);

    await connect.send(new DisassociateApprovedOriginCommand({ InstanceId, Origin: SHOP }));
    assert.equal((await startChatFrom(SHOP)).status, 403);
    assert.equal((await preflightFrom(SHOP)).status, 403);
  });

  test('ListApprovedOrigins pages through the origins in the order associated (MaxResults 1–25)', async () => {
    const origins = Array.from({ length: 5 }, (_, i) => `https://site${i}.example.com`).concat('http://127.0.0.1:8080');
    for (const Origin of origins) await connect.send(new AssociateApprovedOriginCommand({ InstanceId, Origin }));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const out = await connect.send(new ListApprovedOriginsCommand({ InstanceId, MaxResults: 4, ...(token ? { NextToken: token } : {}) }));
      assert.ok(out.Origins!.length <= 4);
      seen.push(...out.Origins!);
      token = out.NextToken;
    } while (token);
    assert.deepEqual(seen, origins);
    assert.equal((await failure(connect.send(new ListApprovedOriginsCommand({ InstanceId, MaxResults: 26 })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListApprovedOriginsCommand({ InstanceId, NextToken: 'x' })))).name, 'InvalidParameterException');
  });

  test('bad input: the right exception and nothing stored', async () => {
    await connect.send(new AssociateApprovedOriginCommand({ InstanceId, Origin: 'https://kept.example.com' }));
    const before = state();
    const associate = (Origin: string, id = InstanceId) => failure(connect.send(new AssociateApprovedOriginCommand({ InstanceId: id, Origin })));
    assert.equal((await associate('https://kept.example.com')).name, 'ResourceConflictException');
    for (const bad of ['shop.example.com', 'https://shop.example.com/path', 'ftp://shop.example.com', 'https://Shop.example.com', 'https://shop.example.com:99999']) {
      assert.equal((await associate(bad)).name, 'InvalidParameterException', bad);
    }
    assert.equal((await associate('https://x.example.com', randomUUID())).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DisassociateApprovedOriginCommand({ InstanceId, Origin: 'https://never.example.com' })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DisassociateApprovedOriginCommand({ InstanceId: randomUUID(), Origin: SHOP })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListApprovedOriginsCommand({ InstanceId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal(state(), before);
  });

  test('a retried AssociateApprovedOrigin with the same ClientToken succeeds once and is not a conflict', async () => {
    const input = { InstanceId, Origin: 'https://retry.example.com', ClientToken: randomUUID() };
    await connect.send(new AssociateApprovedOriginCommand(input));
    await connect.send(new AssociateApprovedOriginCommand(input));
    const listed = await connect.send(new ListApprovedOriginsCommand({ InstanceId }));
    assert.equal(listed.Origins!.filter((o) => o === input.Origin).length, 1);
  });
});
