/**
 * A party whose page dies mid-call: a caller's audio stops arriving, the bridge reports them lost and the
 * rules hang them up (the call ends for the agent: after contact work). An agent's softphone that drops
 * does not end the call: their CCP offers again (a reload) and the call goes on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import type { AgentClient } from '@switchboard/sdk';
import { contactOf, startTestServer, waitFor, type TestServer } from './harness.ts';
import { connectAgent } from './sdkClients.ts';
import { createTestClient, heardTones, sleep, type TestClient } from './audioProbe.ts';

describe('a party whose page dies', () => {
  let srv: TestServer;
  let phone: PhoneSimulator;
  let agent: AgentClient;
  const peers: TestClient[] = [];

  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_MEDIA: '1', SWITCHBOARD_MEDIA_WORKERS: '1', SWITCHBOARD_ICE_ADDRESSES: '127.0.0.1', SWITCHBOARD_MEDIA_LOST_AFTER_MS: '2000' } });
    phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey } });
    agent = (await connectAgent(srv, 'agent1')).client;
    await agent.setStatus('Available');
  });
  after(async () => {
    for (const peer of peers) await peer.close();
    agent?.close();
    await srv?.stop();
  });

  async function peerFor(offer: (sdp: string) => Promise<string>, hz: number): Promise<TestClient> {
    const peer = await createTestClient();
    peers.push(peer);
    await peer.accept(await offer(peer.offer));
    await peer.connected;
    peer.startTone(hz, 8000);
    return peer;
  }

  async function answeredCall() {
    const call = await phone.dialIn('+12065550100');
    const caller = await peerFor((sdp) => phone.offerMedia(call.ContactId, call.PartyId, sdp), 440);
    const offered = await waitFor(() => agent.contacts().find((c) => c.type === 'voice' && c.state.type === 'incoming'), 5000, 'the offer');
    await agent.accept(offered.contactId);
    const agentPeer = await peerFor((sdp) => agent.offerMedia(offered.contactId, sdp), 1000);
    await waitFor(() => heardTones(caller, [1000])[1000], 8000, 'the caller hears the agent');
    return { call, caller, agentPeer, leg: offered.contactId };
  }

  test('an agent whose softphone drops stays on the call, and gets audio back by offering again', async () => {
    const { call, caller, agentPeer, leg } = await answeredCall();
    agentPeer.stopSending();
    await agentPeer.close();
    await sleep(3500);
    assert.equal(contactOf(srv, call.ContactId).call!.endedAt, undefined, 'the call goes on');
    const again = await peerFor((sdp) => agent.offerMedia(leg, sdp), 1000);
    await waitFor(() => heardTones(again, [440])[440], 8000, 'the agent hears the caller again');
    caller.stopSending();
    await caller.close();
    await waitFor(() => contactOf(srv, call.ContactId).call!.endedAt !== undefined, 8000, 'the call ends when the caller is lost');
    await waitFor(() => agent.contacts().find((c) => c.contactId === leg)?.state.type === 'ended', 5000, 'after contact work');
    await agent.clear(leg);
  });

  test('a caller whose page dies is hung up by the rules: the call ends, the agent goes to after contact work', async () => {
    const { call, caller, leg } = await answeredCall();
    caller.stopSending();
    await caller.close();
    await waitFor(() => contactOf(srv, call.ContactId).call!.endedAt !== undefined, 8000, 'the call ended');
    const party = contactOf(srv, call.ContactId).call!.parties.find((p) => p.kind === 'customer')!;
    assert.equal(party.state, 'disconnected');
    await waitFor(() => agent.contacts().find((c) => c.contactId === leg)?.state.type === 'ended', 5000, 'after contact work');
  });
});
