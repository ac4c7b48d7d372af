/**
 * Approved origins on the customer's side of a chat, beyond the widget: the Participant Service calls
 * chatjs makes and the chat socket are refused to a web page whose origin the instance does not approve
 * (AssociateApprovedOrigin, or a widget's own list), and served to the server's own pages (under any of its
 * loopback names) and to callers that are not web pages (no Origin header: a server, a native app).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { AssociateApprovedOriginCommand, DisassociateApprovedOriginCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { serialize } from '../../engine/test/serialize.ts';
import { createConnection, postJson, startWidgetChat, type TestServer } from './harness.ts';
import { withConnectApi } from './sdkClients.ts';

const SHOP = 'https://shop.example.com';

/** The status a chat socket handshake from `origin` gets (101 when it opens), and the refusal's error type. */
function socketFrom(url: string, origin?: string): Promise<{ status: number; type?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, type: String(res.headers['x-amzn-errortype'] ?? '') });
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101 });
    });
    ws.on('error', reject);
  });
}

describe('approved origins for the Participant Service and the chat socket', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  withConnectApi((api) => ({ srv, connect } = api));

  const connectionFrom = (token: string, origin?: string) =>
    postJson(`${srv.url}/participant/connection`, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }, { 'x-amz-bearer': token, ...(origin ? { origin } : {}) });

  test('a page on an origin the instance does not approve is refused by the Participant Service (AccessDeniedException), and nothing changes', async () => {
    const chat = await startWidgetChat(srv);
    const before = serialize(srv.services.state);
    const refused = await connectionFrom(chat.ParticipantToken, SHOP);
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.match(refused.body.message, /origin https:\/\/shop\.example\.com is not approved/);
    assert.deepEqual(serialize(srv.services.state), before);
    // A sandboxed frame or a file (Origin: null) is no origin anyone can approve.
    assert.equal((await connectionFrom(chat.ParticipantToken, 'null')).status, 403);
  });

  test('the same page is served once the instance approves its origin, and refused again after DisassociateApprovedOrigin', async () => {
    const chat = await startWidgetChat(srv);
    const InstanceId = srv.demo.instanceId;
    await connect.send(new AssociateApprovedOriginCommand({ InstanceId, Origin: SHOP }));
    try {
      const served = await connectionFrom(chat.ParticipantToken, SHOP);
      assert.equal(served.status, 200);
      const { Websocket, ConnectionCredentials } = served.body;
      assert.equal((await socketFrom(Websocket.Url, SHOP)).status, 101);
      const sent = await postJson(`${srv.url}/participant/message`, { ContentType: 'text/plain', Content: 'hello from the shop' }, { 'x-amz-bearer': ConnectionCredentials.ConnectionToken, origin: SHOP });
      assert.equal(sent.status, 200);
    } finally {
      await connect.send(new DisassociateApprovedOriginCommand({ InstanceId, Origin: SHOP }));
    }
    const again = await startWidgetChat(srv);
    assert.equal((await connectionFrom(again.ParticipantToken, SHOP)).status, 403);
  });

  test('a chat socket handshake from an unapproved origin is refused with 403 AccessDeniedException', async () => {
    const chat = await startWidgetChat(srv);
    const { Websocket } = await createConnection(srv, chat.ParticipantToken);
    assert.deepEqual(await socketFrom(Websocket.Url, 'https://evil.example.net'), { status: 403, type: 'AccessDeniedException' });
    assert.equal((await socketFrom(Websocket.Url, 'null')).status, 403);
  });

  test("the server's own pages are served under any of its loopback names (a page on localhost opens ws://127.0.0.1)", async () => {
    const chat = await startWidgetChat(srv);
    const port = new URL(srv.url).port;
    const { Websocket } = (await connectionFrom(chat.ParticipantToken, `http://localhost:${port}`)).body;
    assert.ok(Websocket?.Url, 'the connection was created for the own page');
    assert.equal((await socketFrom(Websocket.Url, `http://localhost:${port}`)).status, 101);
    assert.equal((await socketFrom(Websocket.Url, `http://127.0.0.1:${port}`)).status, 101);
    // Another port on the same host is another origin.
    assert.equal((await socketFrom(Websocket.Url, `http://localhost:${Number(port) + 1}`)).status, 403);
  });

  test('a caller that is not a web page (no Origin header) is served on its token alone', async () => {
    const chat = await startWidgetChat(srv);
    const { Websocket } = await createConnection(srv, chat.ParticipantToken);
    assert.equal((await socketFrom(Websocket.Url)).status, 101);
  });
});
