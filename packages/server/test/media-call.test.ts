/**
 * Call audio through the server: a caller (a werift peer on the phone simulator) and an agent (a werift
 * peer offering over the agent socket, as the CCP's softphone does) each send their own tone; what each
 * hears is read from the audio they received. The engine's rules decide who hears whom; these tests
 * check that the bridge carries exactly that.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import type { AgentClient } from '@switchboard/sdk';
import { startTestServer, waitFor, type TestServer } from './harness.ts';
import { connectAgent } from './sdkClients.ts';
import { createTestClient, heardTones, sleep, type TestClient } from './audioProbe.ts';
import { signedFetch, signedRequest } from './flowsApi.ts';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const CALLER = '+12065550100';

describe('call audio', () => {
  let srv: TestServer;
  let phone: PhoneSimulator;
  let agent: AgentClient;
  let caller: TestClient;
  let agentPeer: TestClient;
  let call: { ContactId: string; PartyId: string };

  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_MEDIA: '1', SWITCHBOARD_MEDIA_WORKERS: '1', SWITCHBOARD_ICE_ADDRESSES: '127.0.0.1', SWITCHBOARD_RECORD_CALLS: '1' } });
    const credentials = { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey };
    phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials });
    agent = (await connectAgent(srv, 'agent1')).client;
  });
  after(async () => {
    await caller?.close();
    await agentPeer?.close();
    agent?.close();
    await srv?.stop();
  });

  test('a queued caller hears queue music', async () => {
    call = await phone.dialIn(CALLER);
    caller = await createTestClient();
    await caller.accept(await phone.offerMedia(call.ContactId, call.PartyId, caller.offer));
    await caller.connected;
    caller.startTone(CALLER_HZ, 8000);
    await waitFor(() => caller.heardEnergy(Math.max(0, caller.received.length - 25)) > 200, 8000, 'queue music at the caller');
  });

  test('the caller and the agent hear each other, and nobody hears themselves', async () => {
    await agent.setStatus('Available');
    const offered = await waitFor(() => agent.contacts().find((c) => c.type === 'voice' && c.state.type === 'incoming'), 5000, 'the call offered');
    await agent.accept(offered.contactId);
    agentPeer = await createTestClient();
    await agentPeer.accept(await agent.offerMedia(offered.contactId, agentPeer.offer));
    await agentPeer.connected;
    agentPeer.startTone(AGENT_HZ, 8000);
    await waitFor(() => heardTones(caller, [AGENT_HZ])[AGENT_HZ], 8000, 'the caller hears the agent');
    await waitFor(() => heardTones(agentPeer, [CALLER_HZ])[CALLER_HZ], 8000, 'the agent hears the caller');
    await sleep(600);
    assert.deepEqual(heardTones(caller, [CALLER_HZ, AGENT_HZ]), { [CALLER_HZ]: false, [AGENT_HZ]: true });
    assert.deepEqual(heardTones(agentPeer, [CALLER_HZ, AGENT_HZ]), { [CALLER_HZ]: true, [AGENT_HZ]: false });
    const meter = await phone.meter(call.ContactId);
    assert.ok(meter[call.PartyId]!.sent > 1000 && meter[call.PartyId]!.heard > 1000, `the bridge meters both ways: ${JSON.stringify(meter)}`);
  });

  test('a held caller hears hold music and not the agent; the agent hears nobody', async () => {
    const leg = agent.contacts().find((c) => c.type === 'voice')!.contactId;
    await agent.hold(leg, call.PartyId);
    // (waited for, not slept: on a loaded machine the new matrix may take longer than any fixed pause to be heard)
    await waitFor(() => !heardTones(caller, [AGENT_HZ])[AGENT_HZ], 8000, 'the held caller stops hearing the agent');
    await waitFor(() => !heardTones(agentPeer, [CALLER_HZ])[CALLER_HZ], 8000, 'the agent stops hearing the held caller');
    assert.ok(caller.heardEnergy(caller.received.length - 25) > 200, 'the held caller hears music');
    await agent.resume(leg, call.PartyId);
    await waitFor(() => heardTones(caller, [AGENT_HZ], 300)[AGENT_HZ], 5000, 'the caller hears the agent again');
  });

  test('a muted agent is not heard, and still hears the caller', async () => {
    const leg = agent.contacts().find((c) => c.type === 'voice')!.contactId;
    const own = agent.contacts().find((c) => c.type === 'voice')!.connections.find((c) => c.isOwn)!;
    // Both hear each other over the whole window first (the hold before this test has just ended).
    await waitFor(() => heardTones(caller, [AGENT_HZ])[AGENT_HZ]! && heardTones(agentPeer, [CALLER_HZ])[CALLER_HZ]!, 8000, 'both hear each other before the mute');
    await agent.mute(leg, own.connectionId);
    await waitFor(() => !heardTones(caller, [AGENT_HZ])[AGENT_HZ], 8000, 'the caller stops hearing the muted agent');
    assert.deepEqual(heardTones(agentPeer, [CALLER_HZ]), { [CALLER_HZ]: true }, 'the muted agent still hears the caller');
    await agent.unmute(leg, own.connectionId);
    await waitFor(() => heardTones(caller, [AGENT_HZ], 300)[AGENT_HZ], 5000, 'the caller hears the agent after unmute');
  });

  test('digits keyed on the agent\'s number pad reach the caller as RFC 4733 events', async () => {
    const leg = agent.contacts().find((c) => c.type === 'voice')!.contactId;
    const before = caller.received.length;
    await agent.sendDigits(leg, call.PartyId, '42');
    const events = await waitFor(() => {
      const got = caller.received.slice(before).filter((r) => r.payloadType !== 0 && r.payload.length === 4 && (r.payload[1]! & 0x80) !== 0);
      const digits = [...new Set(got.map((r) => `${r.timestamp}:${'0123456789*#'[r.payload[0]!]}`))].map((k) => k.split(':')[1]).join('');
      return digits.length >= 2 ? digits : undefined;
    }, 5000, 'the digits at the caller');
    assert.equal(events, '42');
  });

  test('the call is recorded: a stereo WAV with the caller on the left and the agent on the right', async () => {
    await phone.hangUp(call.ContactId, call.PartyId);
    const file = join(srv.dir, 'recordings', `${call.ContactId}.wav`);
    await waitFor(() => existsSync(file) && readFileSync(file).length > 44 + 8000, 5000, 'the recording');
    await sleep(500);
    const wav = readFileSync(file);
    assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
    assert.equal(wav.readUInt16LE(22), 2, 'two channels');
    assert.equal(wav.readUInt32LE(24), 8000);
    let left = 0;
    let right = 0;
    const samples = (wav.length - 44) / 4;
    for (let i = 0; i < samples; i++) {
      left += Math.abs(wav.readInt16LE(44 + i * 4));
      right += Math.abs(wav.readInt16LE(46 + i * 4));
    }
    assert.ok(left / samples > 100 && right / samples > 100, `both channels carry sound (left ${left / samples}, right ${right / samples})`);
  });

  test('DescribeContact lists the recording in Switchboard.Recordings, and the admin key downloads it; a wrong id is not found', async () => {
    const described = await waitFor(async () => {
      const r = await signedRequest(srv, 'GET', `/contacts/${srv.demo.instanceId}/${call.ContactId}`);
      return r.body.Contact?.Switchboard?.Recordings?.length ? r.body.Contact : undefined;
    }, 5000, 'the recording listed');
    const [recording] = described.Switchboard.Recordings;
    assert.equal(recording.Id, call.ContactId);
    assert.ok(recording.DurationMillis > 1000 && recording.Bytes > 8000, JSON.stringify(recording));
    const download = await signedFetch(srv, 'GET', `/recordings/${srv.demo.instanceId}/${call.ContactId}/${recording.Id}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'audio/wav');
    const bytes = Buffer.from(await download.arrayBuffer());
    assert.equal(bytes.length, recording.Bytes);
    assert.equal(bytes.toString('ascii', 0, 4), 'RIFF');
    const missing = await signedRequest(srv, 'GET', `/recordings/${srv.demo.instanceId}/${call.ContactId}/..%2Fswitchboard.db`);
    assert.equal(missing.status, 404);
    assert.equal(missing.errorType?.split(':')[0], 'ResourceNotFoundException');
    const unsigned = await fetch(`${srv.url}/recordings/${srv.demo.instanceId}/${call.ContactId}/${recording.Id}`);
    assert.equal(unsigned.status, 403);
  });
});
