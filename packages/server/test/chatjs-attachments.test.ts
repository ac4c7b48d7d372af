/**
 * Attachments with the real amazon-connect-chatjs in Chromium: chatjs's own sendAttachment
 * (StartAttachmentUpload → fetch PUT with HeadersToInclude → CompleteAttachmentUpload) and
 * downloadAttachment / getAttachmentURL (GetAttachment → fetch), cross-origin as from a customer's
 * site. The agent side is the sdk's AgentClient, which gets its chat token with createTransport.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, Request } from 'playwright-core';
import type { AgentClient } from '@switchboard/sdk';
import { browserSkipReason } from '../../web/test/browser.ts';
import { CHATJS_VERSION, startChatInPage, startChatjsRig, type ChatjsRig } from './chatjsPage.ts';
import { contactOf, startWidgetChat, waitFor, type TestServer } from './harness.ts';

const WAIT = 10_000;

/** chatjs's bundle, a CUSTOMER session recording onMessage, and helpers that make Files from bytes and read Blobs back. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>chatjs attachments</title>
<script src="/amazon-connect-chat.js"></script>
<script>
window.messages = [];
window.startChat = async function (endpoint, region, chatDetails) {
  connect.ChatSession.setGlobalConfig({ endpoint, region });
  const session = connect.ChatSession.create({ chatDetails, type: 'CUSTOMER', options: { region }, disableCSM: true });
  window.session = session;
  session.onMessage((event) => window.messages.push(JSON.parse(JSON.stringify(event.data))));
  const result = await session.connect();
  return { connectSuccess: result.connectSuccess };
};
window.sendFile = async function (name, type, base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  try {
    await window.session.sendAttachment({ attachment: new File([bytes], name, { type }) });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: JSON.parse(JSON.stringify(error)) };
  }
};
window.download = async function (attachmentId) {
  try {
    const blob = await window.session.downloadAttachment({ attachmentId });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    return { ok: true, type: blob.type, base64: btoa(String.fromCharCode(...bytes)) };
  } catch (error) {
    return { ok: false, error: JSON.parse(JSON.stringify(error)) };
  }
};
</script></head><body>chatjs attachments</body></html>`;


const PDF = Buffer.from('%PDF-1.4\n% a tiny document\n%%EOF\n');

describe(`amazon-connect-chatjs ${CHATJS_VERSION} attachments in Chromium against Switchboard`, { skip: browserSkipReason() }, () => {
  let rig: ChatjsRig | undefined;
  let srv: TestServer;
  let agent: AgentClient;
  let page: Page;
  let contactId: string;
  const requests: Request[] = [];

  before(async () => {
    rig = await startChatjsRig(PAGE);
    ({ srv, agent } = rig);

    const chat = await startWidgetChat(srv, 'Chloe');
    contactId = chat.ContactId;
    page = await rig.browser.newPage();
    page.on('request', (r) => requests.push(r));
    await page.goto(rig.pageUrl);
    const result = await startChatInPage(page, srv, chat);
    assert.deepEqual(result, { connectSuccess: true });
    await waitFor(() => srv.services.hub.chatSocketCount(contactId) > 0, WAIT, 'the chatjs socket subscribed');
    await agent.setStatus('Available');
    await waitFor(() => agent.contacts().find((c) => c.contactId === contactId)?.state.type === 'incoming', WAIT, 'the offer');
    await agent.accept(contactId);
    await waitFor(() => agent.contacts().find((c) => c.contactId === contactId)?.state.type === 'connected', WAIT, 'the agent connected');
    await agent.setStatus('Offline');
  });

  after(async () => {
    await rig?.close();
  });

  const messages = (): Promise<any[]> => page.evaluate(() => (window as any).messages as any[]);
  const sendFile = (name: string, type: string, bytes: Buffer): Promise<{ ok: boolean; error?: any }> =>
    page.evaluate(([n, t, b]) => (window as any).sendFile(n, t, b), [name, type, bytes.toString('base64')] as const);
  const download = (attachmentId: string): Promise<{ ok: boolean; type?: string; base64?: string; error?: any }> =>
    page.evaluate((id) => (window as any).download(id), attachmentId);

  test('sendAttachment: StartAttachmentUpload, a PUT of the file to the upload URL with HeadersToInclude, CompleteAttachmentUpload; onMessage gets the ATTACHMENT item', async () => {
    const seen = requests.length;
    const sent = await sendFile('order.csv', 'text/csv', Buffer.from('sku,qty\nA1,2\n'));
    assert.equal(sent.ok, true, JSON.stringify(sent.error));
    const made = requests.slice(seen).filter((r) => r.method() !== 'OPTIONS' && !r.url().endsWith('/participant/transcript'));
    assert.deepEqual(made.map((r) => `${r.method()} ${new URL(r.url()).pathname.replace(/[0-9a-f-]{36}/, '{id}')}`), [
      'POST /participant/start-attachment-upload', 'PUT /attachments/{id}', 'POST /participant/complete-attachment-upload',
    ]);
    const start = made[0]!.postDataJSON();
    assert.equal(start.ContentType, 'text/csv');
    assert.equal(start.AttachmentName, 'order.csv');
    assert.equal(start.AttachmentSizeInBytes, 13);
    assert.equal(made[1]!.headers()['content-type'], 'text/csv');
    const item = await waitFor(async () => (await messages()).find((m) => m.Type === 'ATTACHMENT' && m.Attachments?.[0]?.AttachmentName === 'order.csv'), WAIT, 'the ATTACHMENT item in onMessage');
    assert.equal(item.ContentType, 'text/csv');
    assert.equal(item.ParticipantRole, 'CUSTOMER');
    assert.equal(item.ContactId, contactId);
    assert.equal(item.Attachments[0].Status, 'APPROVED');
    assert.equal(item.Attachments[0].AttachmentId, made[2]!.postDataJSON().AttachmentIds[0]);
    // The agent has it too.
    const transcript = await agent.getTranscript(contactId);
    assert.ok(transcript.some((i) => i.Type === 'ATTACHMENT' && i.Attachments?.[0]?.AttachmentId === item.Attachments[0].AttachmentId));
  });

  test('downloadAttachment returns the file as a Blob with its type; getAttachmentURL a URL of ours', async () => {
    const item = (await messages()).find((m) => m.Type === 'ATTACHMENT' && m.Attachments?.[0]?.AttachmentName === 'order.csv');
    const id: string = item.Attachments[0].AttachmentId;
    const got = await download(id);
    assert.equal(got.ok, true, JSON.stringify(got.error));
    assert.equal(got.type, 'text/csv');
    assert.equal(Buffer.from(got.base64!, 'base64').toString(), 'sku,qty\nA1,2\n');
    const url = await page.evaluate((attachmentId) => (window as any).session.getAttachmentURL({ attachmentId }), id);
    assert.ok(String(url).startsWith(`${srv.url}/attachments/${id}?token=`), String(url));
  });

  test('an agent attachment (sdk AgentClient over createTransport) reaches chatjs onMessage, and chatjs downloads it', async () => {
    const { AttachmentId } = await agent.sendAttachment(contactId, new Blob([PDF], { type: 'application/pdf' }), 'terms.pdf');
    const item = await waitFor(async () => (await messages()).find((m) => m.Attachments?.[0]?.AttachmentId === AttachmentId), WAIT, 'the agent attachment in onMessage');
    assert.equal(item.ParticipantRole, 'AGENT');
    assert.equal(item.Attachments[0].AttachmentName, 'terms.pdf');
    const got = await download(AttachmentId);
    assert.equal(got.ok, true, JSON.stringify(got.error));
    assert.deepEqual(Buffer.from(got.base64!, 'base64'), PDF);
    // And the agent reads back what the customer sent.
    const fromCustomer = (await messages()).find((m) => m.Attachments?.[0]?.AttachmentName === 'order.csv').Attachments[0].AttachmentId;
    assert.equal(await (await agent.downloadAttachment(contactId, fromCustomer)).text(), 'sku,qty\nA1,2\n');
  });

  test('sendAttachment of a type Amazon Connect does not take rejects with ValidationException (400), and nothing is stored', async () => {
    const before = contactOf(srv, contactId).attachments.size;
    const sent = await sendFile('page.html', 'text/html', Buffer.from('<b>hi</b>'));
    assert.equal(sent.ok, false);
    assert.equal(sent.error.type, 'ValidationException');
    assert.equal(sent.error.statusCode, 400);
    assert.match(sent.error.message, /cannot be attached/);
    assert.equal(contactOf(srv, contactId).attachments.size, before);
  });
});
