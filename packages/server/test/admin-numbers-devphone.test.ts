/**
 * The development phone dialling a claimed number (call audio on): the call runs the flow associated with the
 * number (AssociatePhoneNumberContactFlow); a dial naming no number runs the instance's inbound flow as before.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssociatePhoneNumberContactFlowCommand, ClaimPhoneNumberCommand, CreateContactFlowCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { anyContactOf, postJson, startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { createTestClient, type TestClient } from './audioProbe.ts';
import { sayFlow } from './flowsApi.ts';

describe('the development phone dials a claimed number', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const peers: TestClient[] = [];

  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_MEDIA: '1', SWITCHBOARD_MEDIA_WORKERS: '1', SWITCHBOARD_ICE_ADDRESSES: '127.0.0.1', SWITCHBOARD_DEV_PHONE: '1' } });
    connect = demoConnectClient(srv, { maxAttempts: 1 });
  });
  after(async () => {
    for (const p of peers) await p.close();
    connect.destroy();
    await srv.stop();
  });

  async function dialFlow(to?: string): Promise<string> {
    const peer = await createTestClient();
    peers.push(peer);
    const r = await postJson(`${srv.url}/dev-phone/${srv.demo.instanceId}/dial`, { From: '+12065550199', Sdp: peer.offer, ...(to ? { To: to } : {}) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (await anyContactOf(srv, r.body.ContactId)).flowId;
  }

  test('a dial to the claimed number runs its flow; a dial naming none runs the inbound flow', async () => {
    const InstanceId = srv.demo.instanceId;
    const number = '+12065550180';
    const claimed = await connect.send(new ClaimPhoneNumberCommand({ InstanceId, PhoneNumber: number }));
    const flow = await connect.send(new CreateContactFlowCommand({ InstanceId, Name: 'Dev phone number flow', Type: 'CONTACT_FLOW', Content: JSON.stringify(sayFlow('You dialled the number.')) }));
    await connect.send(new AssociatePhoneNumberContactFlowCommand({ PhoneNumberId: claimed.PhoneNumberId!, InstanceId, ContactFlowId: flow.ContactFlowId! }));
    assert.equal(await dialFlow(number), flow.ContactFlowId);
    assert.equal(await dialFlow(), srv.demo.contactFlowId);
  });
});
