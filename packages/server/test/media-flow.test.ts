/**
 * A flow on a call with real audio: the caller (a werift peer) hears the welcome and the menu spoken,
 * presses a key as RFC 4733 DTMF in the audio path, and the flow branches on the digit the bridge
 * collected; a timeout with no key takes the flow's timeout branch. Media decides nothing: it plays what
 * the flow waits on and reports back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FlowDocument } from '@switchboard/engine';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import { anyContactOf, contactOf, startTestServer, waitFor, type TestServer } from './harness.ts';
import { createTestClient, type TestClient } from './audioProbe.ts';

const CALLER = '+12065550100';

function menu(): FlowDocument {
  const branch = (choice: string) => ({ Identifier: choice, Type: 'UpdateContactAttributes', Parameters: { Attributes: { choice } }, Transitions: { NextAction: 'wait', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } });
  return {
    Version: '2019-10-30', StartAction: 'welcome',
    Actions: [
      { Identifier: 'welcome', Type: 'MessageParticipant', Parameters: { Text: 'Welcome to Switchboard.' }, Transitions: { NextAction: 'menu' } },
      {
        Identifier: 'menu', Type: 'GetParticipantInput', Parameters: { Text: 'Press 1 for sales, or 2 for support.', InputTimeLimitSeconds: '8', StoreInput: 'False' },
        Transitions: {
          NextAction: 'bye', Conditions: [{ NextAction: 'sales', Condition: { Operator: 'Equals', Operands: ['1'] } }, { NextAction: 'support', Condition: { Operator: 'Equals', Operands: ['2'] } }],
          Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingCondition' }, { NextAction: 'timeout', ErrorType: 'InputTimeLimitExceeded' }, { NextAction: 'bye', ErrorType: 'NoMatchingError' }],
        },
      },
      branch('sales'), branch('support'), branch('timeout'),
      { Identifier: 'wait', Type: 'MessageParticipant', Parameters: { Text: 'Thank you. Goodbye.' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

describe('a flow on a call with audio', () => {
  let srv: TestServer;
  let phone: PhoneSimulator;
  let flowId: string;
  const peers: TestClient[] = [];

  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_MEDIA: '1', SWITCHBOARD_MEDIA_WORKERS: '1', SWITCHBOARD_ICE_ADDRESSES: '127.0.0.1' } });
    phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey } });
    flowId = randomUUID();
    const outcome = await srv.services.pipeline.submit({ type: 'CreateContactFlow', instanceId: srv.demo.instanceId, flowId, name: 'audio menu', flowType: 'CONTACT_FLOW', content: menu() });
    assert.ok(outcome.ok);
  });
  after(async () => {
    for (const peer of peers) await peer.close();
    await srv?.stop();
  });

  async function callIn(): Promise<{ contactId: string; peer: TestClient }> {
    const { ContactId, PartyId } = await phone.dialIn(CALLER, flowId);
    const peer = await createTestClient();
    peers.push(peer);
    await peer.accept(await phone.offerMedia(ContactId, PartyId, peer.offer));
    await peer.connected;
    // A phone sends audio all the time (a caller who sends nothing for SWITCHBOARD_MEDIA_LOST_AFTER_MS is gone).
    peer.startTone(300, 300);
    return { contactId: ContactId, peer };
  }

  test('the caller hears the menu spoken and presses 2: the flow takes the support branch', async () => {
    const { contactId, peer } = await callIn();
    await waitFor(() => contactOf(srv, contactId).flowRun?.waiting?.kind === 'input', 20_000, 'the menu question');
    // The menu question is spoken now. The flow waits on input from the moment the welcome ended, so the
    // welcome's last packets may still be arriving: only audio from 300 ms after that counts as the question
    // (its digit collection exists before its first sound; a key pressed before it would be lost, as on a phone).
    const asked = peer.received.length + 15;
    await waitFor(() => peer.received.length >= asked + 25 && peer.heardEnergy(Math.max(asked, peer.received.length - 25)) > 100, 10_000, 'the question spoken to the caller');
    await peer.sendDigits('2');
    await waitFor(() => contactOf(srv, contactId).attributes.choice, 10_000, 'the branch taken');
    assert.equal(contactOf(srv, contactId).attributes.choice, 'support');
  });

  test('no key within the time limit: the flow takes its timeout branch', async () => {
    const { contactId } = await callIn();
    await waitFor(() => contactOf(srv, contactId).attributes.choice, 25_000, 'the branch taken');
    assert.equal(contactOf(srv, contactId).attributes.choice, 'timeout');
  });
});

describe('recording as the flow says', () => {
  let srv: TestServer;
  let phone: PhoneSimulator;
  const peers: TestClient[] = [];
  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_MEDIA: '1', SWITCHBOARD_MEDIA_WORKERS: '1', SWITCHBOARD_ICE_ADDRESSES: '127.0.0.1', SWITCHBOARD_RECORD_CALLS: '0' } });
    phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey } });
  });
  after(async () => {
    for (const peer of peers) await peer.close();
    await srv?.stop();
  });

  async function flowWith(recorded: string[]): Promise<string> {
    const flowId = randomUUID();
    const content: FlowDocument = {
      Version: '2019-10-30', StartAction: 'record',
      Actions: [
        { Identifier: 'record', Type: 'UpdateContactRecordingBehavior', Parameters: { RecordingBehavior: { RecordedParticipants: recorded } }, Transitions: { NextAction: 'hold' } },
        // Something for the caller to hear for a while (Wait is for chats and tasks, not calls).
        { Identifier: 'hold', Type: 'MessageParticipant', Parameters: { Text: 'Please hold while we record this short message for quality purposes.' }, Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
        { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    };
    assert.ok((await srv.services.pipeline.submit({ type: 'CreateContactFlow', instanceId: srv.demo.instanceId, flowId, name: `rec-${flowId}`, flowType: 'CONTACT_FLOW', content })).ok);
    return flowId;
  }

  async function callThrough(flowId: string): Promise<string> {
    const { ContactId, PartyId } = await phone.dialIn(CALLER, flowId);
    const peer = await createTestClient();
    peers.push(peer);
    await peer.accept(await phone.offerMedia(ContactId, PartyId, peer.offer));
    await peer.connected;
    peer.startTone(440, 8000);
    await waitFor(async () => (await anyContactOf(srv, ContactId)).status === 'ended', 15_000, 'the flow hangs up');
    return ContactId;
  }

  test('a call whose flow turns recording on is recorded, even where the server does not record every call', async () => {
    const contactId = await callThrough(await flowWith(['Agent', 'Customer']));
    const recordings = await waitFor(async () => (await anyContactOf(srv, contactId)).recordings, 5000, 'the recording listed');
    assert.equal(recordings[0]!.id, contactId);
    assert.ok(recordings[0]!.durationMs > 1000, `it holds the call (${recordings[0]!.durationMs} ms)`);
  });

  test('a call whose flow does not turn recording on is not recorded', async () => {
    const contactId = await callThrough(await flowWith([]));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await anyContactOf(srv, contactId)).recordings, undefined);
  });
});
