/**
 * The demo's inbound flow is a menu on chat and voice (SWITCHBOARD_DEMO_MENU=1, the default outside tests):
 * greet, hours, "Press 1 or type 1 for sales, 2 for support", the chosen queue, and the customer queue
 * flow telling the customer where they stand while they wait.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatSession } from '@switchboard/sdk';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import { contactOf, startTestServer, waitFor, type TestServer } from './harness.ts';
import { connectCustomer } from './sdkClients.ts';

const QUESTION = 'Press 1 or type 1 for sales, 2 for support.';
let srv: TestServer;
let phone: PhoneSimulator;
const sessions: ChatSession[] = [];
before(async () => {
  srv = await startTestServer({ env: { SWITCHBOARD_DEMO_MENU: '1' } });
  phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey } });
});
after(async () => {
  for (const s of sessions) s.close();
  await srv.stop();
});

async function customer(name: string): Promise<ChatSession> {
  const session = await connectCustomer(srv, name);
  sessions.push(session);
  return session;
}

/** The SYSTEM messages of the chat so far (what the flows said), through the customer's own transcript. */
async function said(session: ChatSession): Promise<string[]> {
  return (await session.getWholeTranscript()).filter((i) => i.ParticipantRole === 'SYSTEM' && i.Type === 'MESSAGE').map((i) => i.Content ?? '');
}

async function saidUntil(session: ChatSession, text: string | RegExp): Promise<string[]> {
  return waitFor(async () => {
    const lines = await said(session);
    return lines.some((l) => (typeof text === 'string' ? l === text : text.test(l))) ? lines : undefined;
  }, 3000, `the flow to say ${text}`);
}

const contactIdOf = (session: ChatSession) => (session as unknown as { options: { details: { contactId: string } } }).options.details.contactId;

describe('the demo menu on a chat', () => {
  test('the demo has Sales and Support queues beside BasicQueue, all in the agents\' routing profile', () => {
    const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
    const names = [...instance.queues.values()].map((q) => q.name).sort();
    assert.deepEqual(names, ['BasicQueue', 'Sales', 'Support']);
    const profile = instance.routingProfiles.get(srv.demo.routingProfileId)!;
    for (const queueId of [srv.demo.queueId, srv.demo.salesQueueId!, srv.demo.supportQueueId!]) {
      assert.deepEqual(profile.queues.filter((q) => q.queueId === queueId).map((q) => q.channel).sort(), ['CHAT', 'TASK', 'VOICE']);
    }
  });

  test('the chat is greeted and asked; typing 2 queues it in Support, and the customer queue flow says how many wait and for how long', async () => {
    const session = await customer('Menu Ann');
    assert.deepEqual(await saidUntil(session, QUESTION), ['Thanks for contacting us.', QUESTION]);
    assert.equal(contactOf(srv, contactIdOf(session)).status, 'in_flow', 'the chat waits for the answer, not in a queue');
    await session.sendMessage({ message: '2' });
    const lines = await saidUntil(session, /^You are in the Support queue/);
    assert.deepEqual(lines.slice(2), [
      'Connecting you to Support. An agent will be with you shortly.',
      'You are in the Support queue: 1 waiting, including you; the longest wait now is 0 seconds.',
    ]);
    const contact = contactOf(srv, contactIdOf(session));
    assert.equal(contact.status, 'queued');
    assert.equal(contact.queueId, srv.demo.supportQueueId);
    assert.equal(contact.flowRun?.rootFlowId, srv.demo.customerQueueFlowId, 'the customer queue flow runs while it waits');
    assert.equal(contact.flowRun?.waiting?.kind, 'timer', 'and tells again after a while (Wait)');
  });

  test('an answer that is not an option asks again; then typing 1 queues the chat in Sales', async () => {
    const session = await customer('Menu Ben');
    await saidUntil(session, QUESTION);
    await session.sendMessage({ message: 'sales please' });
    const again = await waitFor(async () => ((await said(session)).filter((l) => l === QUESTION).length === 2 ? said(session) : undefined), 3000, 'the question again');
    assert.deepEqual(again, ['Thanks for contacting us.', QUESTION, 'Sorry, that is not an option.', QUESTION]);
    await session.sendMessage({ message: ' 1 ' });
    await waitFor(() => contactOf(srv, contactIdOf(session)).status === 'queued', 3000, 'the chat to be queued');
    assert.equal(contactOf(srv, contactIdOf(session)).queueId, srv.demo.salesQueueId);
  });

  test('three answers that are not options go to BasicQueue', async () => {
    const session = await customer('Menu Cy');
    for (let i = 1; i <= 3; i++) {
      await waitFor(async () => ((await said(session)).filter((l) => l === QUESTION).length === i), 3000, `question ${i}`);
      await session.sendMessage({ message: 'what?' });
    }
    await waitFor(() => contactOf(srv, contactIdOf(session)).status === 'queued', 3000, 'the chat to be queued');
    assert.equal(contactOf(srv, contactIdOf(session)).queueId, srv.demo.queueId);
    assert.ok((await said(session)).includes('Connecting you to BasicQueue. An agent will be with you shortly.'));
  });
});

describe('the demo menu on a call', () => {
  test('the caller hears the greeting and the question; pressing 1 queues the call in Sales', async () => {
    const { ContactId } = await phone.dialIn('+12065550123');
    const call = await phone.describe(ContactId);
    assert.equal(call.Flow?.Waiting, 'input');
    assert.deepEqual(call.Flow?.Playing.map((p) => p.Audio.text), [QUESTION]);
    assert.equal(call.Flow?.Collecting[0]?.MaxDigits, 1);
    await phone.pressDigits(ContactId, '1');
    await waitFor(() => contactOf(srv, ContactId).status === 'queued', 3000, 'the call to be queued');
    const contact = contactOf(srv, ContactId);
    assert.equal(contact.queueId, srv.demo.salesQueueId);
    assert.equal(contact.flowRun?.rootFlowId, srv.demo.customerQueueFlowId);
    assert.equal(contact.flowRun?.waiting?.kind, 'iterate', 'queue music, interrupted to tell the position again');
  });

  test('with Media, the greeting plays before the question; pressing 2 queues the call in Support', async () => {
    const { ContactId } = await phone.dialInWith('+12065550124', { media: true });
    let call = await phone.describe(ContactId);
    assert.deepEqual(call.Flow?.Playing.map((p) => p.Audio.text), ['Thanks for contacting us.']);
    await phone.promptPlayed(ContactId);
    call = await phone.describe(ContactId);
    assert.equal(call.Flow?.Waiting, 'input');
    await phone.pressDigits(ContactId, '2');
    await waitFor(() => contactOf(srv, ContactId).targetQueueId === srv.demo.supportQueueId, 3000, 'Support as the working queue');
    call = await phone.describe(ContactId);
    assert.deepEqual(call.Flow?.Playing.map((p) => p.Audio.text), ['Connecting you to Support. An agent will be with you shortly.']);
  });
});
