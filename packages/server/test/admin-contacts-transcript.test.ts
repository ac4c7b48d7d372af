/**
 * The admin console's transcript route (GET /admin/contacts/{ContactId}/transcript, console/transcript.ts): a
 * user's agent token whose security profiles grant ContactSearch.View reads a chat's transcript — messages,
 * events with participant roles, attachment names, oldest first — live from memory or, once the chat ended and
 * left memory, from the archive; on the token's own instance only. Everyone else is refused in the Connect
 * API's error shape.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { StartChatContactCommand, type ConnectClient } from '@aws-sdk/client-connect';
import type { AgentClient, ChatSession } from '@switchboard/sdk';
import { DEMO_PASSWORD, postJson, startTestServer, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer, demoConnectClient } from './sdkClients.ts';
import { demoInstance } from './flowsApi.ts';
import { FIRST_ADMIN, PASSWORD as FIRST_ADMIN_PASSWORD, readyInstance } from './adminInstances.ts';

const GREETING = 'Thanks for contacting us. An agent will be with you shortly.';

async function login(srv: TestServer, username: string, password = DEMO_PASSWORD, instanceId = srv.demo.instanceId): Promise<string> {
  const r = await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: username, Password: password, InstanceId: instanceId });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.Token;
}

interface Answer { status: number; errorType: string | null; body: any }
async function get(srv: TestServer, path: string, token?: string): Promise<Answer> {
  const res = await fetch(`${srv.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: text ? JSON.parse(text) : {} };
}

describe('GET /admin/contacts/{ContactId}/transcript', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let agent: AgentClient;
  let adminToken: string;
  let endedId: string;
  const transcript = (contactId: string, token = adminToken, query = '') => get(srv, `/admin/contacts/${contactId}/transcript${query}`, token);
  const stateOf = (contactId: string) => agent.contacts().find((c) => c.contactId === contactId)?.state.type;
  const inMemory = (contactId: string) => demoInstance(srv).contacts.has(contactId);

  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' } });
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    adminToken = await login(srv, 'admin');
    agent = (await connectAgent(srv, 'agent1')).client;
    await agent.setStatus('Available');
    // A whole chat: the customer writes, agent1 accepts and answers, the customer sends a file and leaves, agent1 clears it.
    const customer: ChatSession = await connectCustomer(srv, 'Ada Customer');
    endedId = [...demoInstance(srv).contacts.values()].find((c) => c.customerDisplayName === 'Ada Customer')!.id;
    await waitFor(() => stateOf(endedId) === 'incoming', 3000, 'the offer');
    await customer.sendMessage({ message: 'Where is my order?' });
    await agent.accept(endedId);
    await waitFor(() => stateOf(endedId) === 'connected', 3000, 'connected');
    await agent.sendMessage(endedId, 'Let me look it up.');
    await customer.sendMessage({ message: 'It is order A-100.' });
    await customer.sendAttachment(new Blob(['%PDF-1.4 receipt'], { type: 'application/pdf' }), 'receipt.pdf');
    await waitFor(() => demoInstance(srv).contacts.get(endedId)?.transcript.some((i) => i.type === 'ATTACHMENT'), 3000, 'the attachment in the transcript');
    await customer.disconnectParticipant();
    customer.close();
    await waitFor(() => stateOf(endedId) === 'ended', 3000, 'after contact work');
    await agent.clear(endedId);
    await waitFor(() => !inMemory(endedId), 3000, 'archived');
  });
  after(async () => {
    agent.close();
    connect.destroy();
    await srv.stop();
  });

  test('an ended chat, archived out of memory, is still read: its messages in order, events with roles and times, the attachment by name', async () => {
    const r = await transcript(endedId);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(inMemory(endedId), false, 'reading does not bring the chat back into memory');
    assert.equal(r.body.ContactId, endedId);
    assert.equal(r.body.Channel, 'CHAT');
    const items: { Type: string; Content?: string; ParticipantRole?: string; ContentType: string; AbsoluteTime: string; Attachments?: { AttachmentName: string }[] }[] = r.body.Transcript;
    const messages = items.filter((i) => i.Type === 'MESSAGE');
    assert.deepEqual(messages.map((m) => [m.ParticipantRole, m.Content]), [
      ['SYSTEM', GREETING], // the demo flow's greeting
      ['CUSTOMER', 'Where is my order?'],
      ['AGENT', 'Let me look it up.'],
      ['CUSTOMER', 'It is order A-100.'],
    ]);
    const times = items.map((i) => Date.parse(i.AbsoluteTime));
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'oldest first');
    assert.deepEqual(items.find((i) => i.Type === 'ATTACHMENT')?.Attachments?.map((a) => a.AttachmentName), ['receipt.pdf']);
    const joined = items.filter((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.participant.joined').map((i) => i.ParticipantRole);
    assert.ok(joined.includes('AGENT'), `the agent's join is an event with its role: ${JSON.stringify(joined)}`);
    assert.ok(items.some((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.participant.left' && i.ParticipantRole === 'CUSTOMER'), 'the customer leaving');
  });

  test('a live chat is read from memory: the messages so far, in order', async () => {
    await agent.setStatus('Offline');
    const customer = await connectCustomer(srv, 'Live Customer');
    try {
      const liveId = [...demoInstance(srv).contacts.values()].find((c) => c.customerDisplayName === 'Live Customer')!.id;
      await customer.sendMessage({ message: 'first' });
      await customer.sendMessage({ message: 'second' });
      const r = await transcript(liveId);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.Transcript.filter((i: { Type: string }) => i.Type === 'MESSAGE').map((i: { Content: string }) => i.Content), [GREETING, 'first', 'second']);
      assert.equal(inMemory(liveId), true);
    } finally {
      customer.close();
    }
  });

  test('pages: maxResults items at a time, NextToken to go on; a bad page query is InvalidRequestException', async () => {
    const all = (await transcript(endedId)).body.Transcript as { Id: string }[];
    const ids: string[] = [];
    let next: string | undefined;
    do {
      const page = await transcript(endedId, adminToken, `?maxResults=2${next ? `&nextToken=${next}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.Transcript.length <= 2);
      ids.push(...page.body.Transcript.map((i: { Id: string }) => i.Id));
      next = page.body.NextToken;
    } while (next);
    assert.deepEqual(ids, all.map((i) => i.Id));
    for (const query of ['?maxResults=0', '?maxResults=501', '?maxResults=two', '?nextToken=-1', `?nextToken=${all.length + 1}`]) {
      const bad = await transcript(endedId, adminToken, query);
      assert.equal(bad.status, 400, query);
      assert.equal(bad.errorType, 'InvalidRequestException', query);
    }
  });

  test('an agent-only user (no ContactSearch.View) is refused with AccessDeniedException, and sees no message', async () => {
    const agentToken = await login(srv, 'agent2');
    for (const path of [`/admin/contacts/${endedId}/transcript`, `/admin/contacts/${endedId}/chain`]) {
      const r = await get(srv, path, agentToken);
      assert.equal(r.status, 403, path);
      assert.equal(r.errorType, 'AccessDeniedException', path);
      assert.doesNotMatch(JSON.stringify(r.body), /order/);
    }
  });

  test('no token, a bad token or a signed-out session is AccessDeniedException', async () => {
    const token = await login(srv, 'admin');
    assert.equal((await transcript(endedId, token)).status, 200);
    assert.equal((await postJson(`${srv.url}/agent/logout`, {}, { authorization: `Bearer ${token}` })).status, 200);
    for (const t of [undefined, 'not-a-token', token]) {
      const r = await get(srv, `/admin/contacts/${endedId}/transcript`, t);
      assert.equal(r.status, 403);
      assert.equal(r.errorType, 'AccessDeniedException');
      assert.equal(r.body.Transcript, undefined);
    }
  });

  test('a contact of another instance is ResourceNotFoundException, both ways; so is an id that names nothing', async () => {
    const other = await readyInstance(srv, connect, `contacts-${randomUUID().slice(0, 8)}`);
    try {
      const { ContactId: otherChat } = await connect.send(new StartChatContactCommand({ InstanceId: other.instanceId, ContactFlowId: other.flowId, ParticipantDetails: { DisplayName: 'Elsewhere' } }));
      const otherAdmin = await login(srv, FIRST_ADMIN, FIRST_ADMIN_PASSWORD, other.instanceId);
      assert.equal((await transcript(otherChat!, otherAdmin)).status, 200, 'their own administrator reads it');
      for (const [contactId, token] of [[otherChat!, adminToken], [endedId, otherAdmin], [randomUUID(), adminToken]] as const) {
        const r = await transcript(contactId, token);
        assert.equal(r.status, 404);
        assert.equal(r.errorType, 'ResourceNotFoundException');
      }
    } finally {
      other.agent.close();
    }
  });
});
