/**
 * The real amazon-connect-chatjs (customer sessions) in a real browser against a real Switchboard
 * server, cross-origin as from a customer's site (chatjsCustomer.ts): messages both ways, typing,
 * getTranscript (chatjs's defaults and paging) and receipts. The agent side is driven with the sdk's
 * AgentClient.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Request } from 'playwright-core';
import type { AgentClient } from '@switchboard/sdk';
import { browserSkipReason } from '../../web/test/browser.ts';
import { CHATJS_VERSION } from './chatjsPage.ts';
import { contactOf, waitFor, type TestServer } from './harness.ts';
import { EVENT, WAIT, customerSuite } from './chatjsCustomer.ts';

describe(`amazon-connect-chatjs ${CHATJS_VERSION} (customer) in Chromium against Switchboard`, { skip: browserSkipReason() }, () => {
  let srv: TestServer;
  let agent: AgentClient;
  const { customer, agentTakes, agentItems } = customerSuite((rig) => ({ srv, agent } = rig));

  test('sendMessage with text/plain and text/markdown returns an Id and AbsoluteTime, and both are in the transcript', async () => {
    const c = await customer('Mark');
    const plain = await c.call('sendMessage', { contentType: 'text/plain', message: 'plain hello' });
    assert.equal(plain.ok, true, JSON.stringify(plain.error));
    assert.equal(typeof plain.data.Id, 'string');
    assert.ok(!Number.isNaN(Date.parse(plain.data.AbsoluteTime)));
    const markdown = await c.call('sendMessage', { contentType: 'text/markdown', message: '**bold** hello' });
    assert.equal(markdown.ok, true, JSON.stringify(markdown.error));
    assert.notEqual(markdown.data.Id, plain.data.Id);

    const transcript = contactOf(srv, c.contactId).transcript;
    const p = transcript.find((i) => i.id === plain.data.Id);
    const m = transcript.find((i) => i.id === markdown.data.Id);
    assert.equal(p?.contentType, 'text/plain');
    assert.equal(p?.content, 'plain hello');
    assert.equal(m?.contentType, 'text/markdown');
    assert.equal(m?.content, '**bold** hello');
    assert.equal(p?.role, 'CUSTOMER');
  });

  test('a refused sendMessage rejects in chatjs with the exception name and HTTP status (ValidationException, 400)', async () => {
    const c = await customer('Olga');
    const tooLong = await c.call('sendMessage', { contentType: 'text/plain', message: 'x'.repeat(16 * 1024 + 1) });
    assert.equal(tooLong.ok, false);
    assert.equal(tooLong.error.type, 'ValidationException');
    assert.equal(tooLong.error.statusCode, 400);
  });

  test('messages from the agent arrive in onMessage with the agent role, name and both contact ids', async () => {
    const c = await customer('Mia');
    await agentTakes(c);
    const joined = await c.waitForEvent('message', (d) => d?.ContentType === EVENT.joined && d.ParticipantRole === 'AGENT', 'the agent joining');
    assert.equal(joined.data.ContactId, c.contactId);
    const reply = await agent.sendMessage(c.contactId, 'Hello Mia, agent here');
    const got = await c.waitForEvent('message', (d) => d?.Id === reply.Id, 'the agent message');
    assert.equal(got.data.Content, 'Hello Mia, agent here');
    assert.equal(got.data.ContentType, 'text/plain');
    assert.equal(got.data.Type, 'MESSAGE');
    assert.equal(got.data.ParticipantRole, 'AGENT');
    assert.equal(typeof got.data.DisplayName, 'string');
    assert.equal(got.data.ContactId, c.contactId);
    assert.equal(got.data.InitialContactId, c.contactId);
    assert.ok(!Number.isNaN(Date.parse(got.data.AbsoluteTime)));
    const markdown = await agent.sendMessage(c.contactId, '*emphasis*', 'text/markdown');
    const gotMarkdown = await c.waitForEvent('message', (d) => d?.Id === markdown.Id, 'the agent markdown message');
    assert.equal(gotMarkdown.data.ContentType, 'text/markdown');
    // And the customer's own message reaches the agent.
    const seen = agentItems(c.contactId);
    try {
      const sent = await c.call('sendMessage', { contentType: 'text/plain', message: 'thanks' });
      assert.equal(sent.ok, true);
      const atAgent = await waitFor(() => seen.items.find((i) => i.Id === sent.data.Id), WAIT, 'the customer message at the agent');
      assert.equal(atAgent.ParticipantRole, 'CUSTOMER');
      assert.equal(atAgent.Content, 'thanks');
    } finally {
      seen.stop();
    }
  });

  test('typing: chatjs sendEvent(typing) reaches the agent, and the agent typing fires chatjs onTyping', async () => {
    const c = await customer('Tina');
    await agentTakes(c);
    const seen = agentItems(c.contactId);
    try {
      const sent = await c.call('sendEvent', { contentType: EVENT.typing });
      assert.equal(sent.ok, true, JSON.stringify(sent.error));
      assert.equal(typeof sent.data.Id, 'string');
      const typing = await waitFor(() => seen.items.find((i) => i.ContentType === EVENT.typing), WAIT, 'typing at the agent');
      assert.equal(typing.ParticipantRole, 'CUSTOMER');
      assert.equal(typing.ParticipantId, c.chat.ParticipantId);
      assert.equal(typing.Type, 'EVENT');
    } finally {
      seen.stop();
    }
    await agent.sendTyping(c.contactId);
    const typing = await c.waitForEvent('typing', (d) => d?.ParticipantRole === 'AGENT', 'onTyping for the agent');
    assert.equal(typing.data.ContentType, EVENT.typing);
    assert.equal(typing.data.ContactId, c.contactId);
    // Typing is live only: neither shows up in onMessage nor in the transcript.
    assert.equal((await c.eventsNamed('message')).filter((e) => e.data?.ContentType === EVENT.typing).length, 0);
    assert.equal(contactOf(srv, c.contactId).transcript.filter((i) => i.contentType === EVENT.typing).length, 0);
  });

  test('getTranscript with chatjs defaults returns the newest items oldest first, in the Item shape chatjs reads', async () => {
    const c = await customer('Greta');
    for (let i = 1; i <= 3; i++) assert.equal((await c.call('sendMessage', { contentType: 'text/plain', message: `m${i}` })).ok, true);
    const requests: Request[] = [];
    c.page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/participant/transcript')) requests.push(r);
    });
    const page = await c.call('getTranscript', {});
    assert.equal(page.ok, true, JSON.stringify(page.error));
    assert.deepEqual(requests[0]!.postDataJSON(), { MaxResults: 15, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: {} });
    assert.equal(page.data.InitialContactId, c.contactId);
    assert.equal(page.data.NextToken, undefined);
    const items: any[] = page.data.Transcript;
    const all = contactOf(srv, c.contactId).transcript;
    assert.equal(items.length, Math.min(15, all.length));
    assert.deepEqual(items.map((i) => i.Id), all.slice(-15).map((i) => i.id));
    const times = items.map((i) => Date.parse(i.AbsoluteTime));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const m3 = items.find((i) => i.Content === 'm3');
    assert.deepEqual(Object.keys(m3).sort(), ['AbsoluteTime', 'ContactId', 'Content', 'ContentType', 'DisplayName', 'Id', 'InitialContactId', 'ParticipantId', 'ParticipantRole', 'Type']);
    assert.equal(m3.ParticipantId, c.chat.ParticipantId);
    assert.match(m3.AbsoluteTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(items.some((i) => i.ParticipantRole === 'SYSTEM' && i.Type === 'MESSAGE'), 'the flow greeting');
  });

  test('getTranscript paging with NextToken, FORWARD and BACKWARD, covers the transcript once each way', async () => {
    const c = await customer('Paige');
    for (let i = 1; i <= 5; i++) assert.equal((await c.call('sendMessage', { contentType: 'text/plain', message: `p${i}` })).ok, true);
    const all = contactOf(srv, c.contactId).transcript.map((i) => i.id);
    assert.ok(all.length >= 6);

    const collect = async (scanDirection: 'FORWARD' | 'BACKWARD') => {
      const ids: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await c.call('getTranscript', { scanDirection, sortOrder: 'ASCENDING', maxResults: 2, ...(nextToken ? { nextToken } : {}) });
        assert.equal(page.ok, true, JSON.stringify(page.error));
        assert.ok(page.data.Transcript.length <= 2);
        ids.push(...page.data.Transcript.map((i: any) => i.Id));
        nextToken = page.data.NextToken;
        assert.ok(++pages <= all.length, 'paging ends');
      } while (nextToken);
      return ids;
    };
    assert.deepEqual(await collect('FORWARD'), all);
    // BACKWARD pages run newest to oldest; each page itself is ascending.
    const backward = await collect('BACKWARD');
    assert.deepEqual([...backward].sort(), [...all].sort());
    assert.deepEqual(backward.slice(0, 2), all.slice(-2));
    // DESCENDING sorts within the page.
    const newest = await c.call('getTranscript', { sortOrder: 'DESCENDING', maxResults: 3 });
    assert.deepEqual(newest.data.Transcript.map((i: any) => i.Id), all.slice(-3).reverse());
  });

  test('receipts: chatjs delivered/read events reach the agent as MESSAGEMETADATA and are kept on the message (chatjs getTranscript), and the agent receipts fire onDeliveredReceipt/onReadReceipt', async () => {
    const c = await customer('Rita');
    await agentTakes(c);
    const seen = agentItems(c.contactId);
    try {
      // The customer acknowledges an agent message: delivered, then read.
      const reply = await agent.sendMessage(c.contactId, 'did you get this?');
      await c.waitForEvent('message', (d) => d?.Id === reply.Id, 'the agent message');
      const delivered = await c.call('sendEvent', { contentType: EVENT.delivered, content: JSON.stringify({ messageId: reply.Id }) });
      assert.equal(delivered.ok, true, JSON.stringify(delivered.error));
      const deliveredAtAgent = await waitFor(() => seen.items.find((i) => i.Type === 'MESSAGEMETADATA' && (i as any).MessageMetadata?.Receipts?.[0]?.DeliveredTimestamp), WAIT, 'the delivered receipt at the agent');
      const dm = (deliveredAtAgent as any).MessageMetadata;
      assert.equal(dm.MessageId, reply.Id);
      assert.equal(dm.Receipts.length, 1);
      assert.equal(dm.Receipts[0].RecipientParticipantId, c.chat.ParticipantId);
      assert.ok(!Number.isNaN(Date.parse(dm.Receipts[0].DeliveredTimestamp)));
      assert.equal(deliveredAtAgent.ContactId, c.contactId);
      assert.equal(deliveredAtAgent.InitialContactId, c.contactId);

      const read = await c.call('sendEvent', { contentType: EVENT.read, content: JSON.stringify({ messageId: reply.Id }) });
      assert.equal(read.ok, true, JSON.stringify(read.error));
      const readAtAgent = await waitFor(() => seen.items.find((i) => i.Type === 'MESSAGEMETADATA' && (i as any).MessageMetadata?.Receipts?.[0]?.ReadTimestamp), WAIT, 'the read receipt at the agent');
      assert.equal((readAtAgent as any).MessageMetadata.MessageId, reply.Id);
      assert.equal((readAtAgent as any).MessageMetadata.Receipts[0].RecipientParticipantId, c.chat.ParticipantId);
      // Kept: chatjs's getTranscript (what a reloaded page calls) shows both on the message.
      const page = await c.call('getTranscript', { scanDirection: 'BACKWARD', maxResults: 100 });
      const kept = page.data.Transcript.find((i: any) => i.Id === reply.Id);
      assert.equal(kept.MessageMetadata.MessageId, reply.Id);
      assert.equal(kept.MessageMetadata.Receipts[0].RecipientParticipantId, c.chat.ParticipantId);
      assert.equal(kept.MessageMetadata.Receipts[0].DeliveredTimestamp, dm.Receipts[0].DeliveredTimestamp);
      assert.equal(kept.MessageMetadata.Receipts[0].ReadTimestamp, (readAtAgent as any).MessageMetadata.Receipts[0].ReadTimestamp);
    } finally {
      seen.stop();
    }
    // The customer's own receipts are not shown back to the customer.
    assert.deepEqual(await c.eventsNamed('read'), []);
    assert.deepEqual(await c.eventsNamed('delivered'), []);

    // The agent acknowledges a customer message: chatjs fires onDeliveredReceipt, then onReadReceipt.
    const sent = await c.call('sendMessage', { contentType: 'text/plain', message: 'please confirm' });
    assert.equal(sent.ok, true);
    await agent.request('sendEvent', { contactId: c.contactId, contentType: EVENT.delivered, content: JSON.stringify({ messageId: sent.data.Id }) });
    const delivered = await c.waitForEvent('delivered', (d) => d?.MessageMetadata?.MessageId === sent.data.Id, 'onDeliveredReceipt');
    assert.equal(delivered.data.Type, 'MESSAGEMETADATA');
    assert.ok(delivered.data.MessageMetadata.Receipts[0].DeliveredTimestamp);
    assert.notEqual(delivered.data.MessageMetadata.Receipts[0].RecipientParticipantId, c.chat.ParticipantId);
    await agent.request('sendEvent', { contactId: c.contactId, contentType: EVENT.read, content: JSON.stringify({ messageId: sent.data.Id }) });
    const read = await c.waitForEvent('read', (d) => d?.MessageMetadata?.MessageId === sent.data.Id, 'onReadReceipt');
    assert.ok(read.data.MessageMetadata.Receipts[0].ReadTimestamp);
    // Receipts are not messages.
    assert.equal((await c.eventsNamed('message')).filter((e) => e.data?.Type === 'MESSAGEMETADATA').length, 0);
  });

  test('a receipt without a messageId is refused with ValidationException', async () => {
    const c = await customer('Vera');
    // chatjs itself drops receipts without a messageId, so this goes to the server directly, as chatjs would send it.
    const token = await c.page.evaluate(() => (window as any).session.controller.connectionHelper.getConnectionToken() as string);
    for (const content of [undefined, 'not json', '{}', '{"messageId":""}', '{"messageId":42}']) {
      const r = await fetch(`${srv.url}/participant/event`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
        body: JSON.stringify({ ContentType: EVENT.read, ...(content !== undefined ? { Content: content } : {}) }),
      });
      assert.equal(r.status, 400, `Content ${content}`);
      assert.equal(r.headers.get('x-amzn-errortype'), 'ValidationException');
    }
  });
});
