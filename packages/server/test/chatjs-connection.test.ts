/**
 * The real amazon-connect-chatjs (customer sessions) in a real browser against a real Switchboard
 * server, cross-origin as from a customer's site (chatjsCustomer.ts): connect(), the chat ending, and
 * chatjs keeping its connection (reconnecting, refreshing its socket and its connection token).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Route } from 'playwright-core';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import type { AgentClient } from '@switchboard/sdk';
import { browserSkipReason } from '../../web/test/browser.ts';
import { CHATJS_VERSION } from './chatjsPage.ts';
import { anyContactOf, startWidgetChat, waitFor, type StartedChat, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { EVENT, WAIT, customerSuite } from './chatjsCustomer.ts';

describe(`amazon-connect-chatjs ${CHATJS_VERSION} (customer) in Chromium against Switchboard`, { skip: browserSkipReason() }, () => {
  let srv: TestServer;
  let agent: AgentClient;
  const { connectPage, customer, agentTakes } = customerSuite((rig) => ({ srv, agent } = rig));

  test('connect() calls CreateParticipantConnection once, opens and subscribes one socket, and fires onConnectionEstablished', async () => {
    const c = await customer('Connie');
    await c.waitForEvent('established');
    assert.equal(c.connectionRequests.length, 1);
    const body = c.connectionRequests[0]!.postDataJSON();
    assert.deepEqual(body, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] });
    assert.equal(c.connectionRequests[0]!.headers()['x-amz-bearer'], c.chat.ParticipantToken);
    await waitFor(() => c.subscribedSockets().length === 1, WAIT, 'the subscribe ack');
    const socket = c.sockets[0]!;
    assert.match(socket.url, /^ws:\/\/127\.0\.0\.1:\d+\/participant\/ws\?token=/);
    assert.deepEqual(socket.sent[0], { topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
    // chatjs's heartbeats are answered (it would reconnect otherwise).
    await waitFor(() => socket.received.some((f) => f?.topic === 'aws/heartbeat') && socket.received.some((f) => f?.topic === 'aws/ping' && f.statusCode === 200), WAIT, 'the heartbeat answers');
    assert.deepEqual(c.pageErrors, []);
  });

  test('connect() to a chat that has ended fails with AccessDeniedException (403) and opens no socket', async () => {
    const chat = await startWidgetChat(srv, 'Late');
    await srv.services.pipeline.submit({ type: 'StopContact', instanceId: srv.demo.instanceId, contactId: chat.ContactId });
    const { c, result } = await connectPage(chat);
    assert.equal(result.connectSuccess, false);
    assert.equal(result._debug._debug.type, 'AccessDeniedException');
    assert.equal(result._debug._debug.statusCode, 403);
    assert.equal(c.sockets.length, 0);
  });

  test('disconnectParticipant ends the chat and chatjs fires onEnded', async () => {
    const c = await customer('Dora');
    const left = await c.page.evaluate(() => (window as any).settle((window as any).session.disconnectParticipant()));
    assert.equal(left.ok, true, JSON.stringify(left.error));
    const ended = await c.waitForEvent('message', (d) => d?.ContentType === EVENT.chatEnded, 'the chat.ended item');
    assert.equal(ended.data.ContactId, c.contactId);
    await c.waitForEvent('ended');
    assert.equal((await anyContactOf(srv, c.contactId)).status, 'ended');
    // chatjs closes its socket itself once the chat has ended.
    await waitFor(() => c.sockets.every((s) => s.closed), WAIT, 'the socket closed by chatjs');
  });

  test('the agent leaving ends the chat and chatjs fires onEnded', async () => {
    const c = await customer('Edna');
    await agentTakes(c);
    await agent.leave(c.contactId);
    await c.waitForEvent('ended');
    const ended = await anyContactOf(srv, c.contactId);
    assert.equal(ended.status, 'ended');
    assert.equal(ended.disconnectReason, 'AGENT_DISCONNECT');
    // After the end chatjs refuses to send, locally.
    const after = await c.call('sendMessage', { contentType: 'text/plain', message: 'hello?' });
    assert.equal(after.ok, false);
  });

  test('when the server drops the socket, chatjs fetches new connection details, opens a new socket and keeps receiving', async () => {
    const c = await customer('Rhea');
    await agentTakes(c);
    await waitFor(() => c.subscribedSockets().length === 1, WAIT, 'the first socket');
    assert.equal(c.connectionRequests.length, 1);

    assert.equal(srv.services.hub.closeChatSockets(c.contactId), 1);
    await waitFor(() => c.sockets[0]!.closed, WAIT, 'the first socket closed');
    await waitFor(() => c.connectionRequests.length === 2, WAIT, 'a fresh CreateParticipantConnection');
    assert.deepEqual(c.connectionRequests[1]!.postDataJSON(), { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] });
    await waitFor(() => c.subscribedSockets().length === 2 && !c.sockets[1]!.closed, WAIT, 'a second socket subscribed');
    assert.notEqual(c.sockets[1]!.url, c.sockets[0]!.url, 'a new socket URL');
    await waitFor(() => srv.services.hub.chatSocketCount(c.contactId) === 1, WAIT, 'the new socket at the server');

    const reply = await agent.sendMessage(c.contactId, 'still there?');
    const got = await c.waitForEvent('message', (d) => d?.Id === reply.Id, 'the message on the new socket');
    assert.equal(got.data.Content, 'still there?');
    // chatjs uses the new connection token for its calls.
    const sent = await c.call('sendMessage', { contentType: 'text/plain', message: 'yes' });
    assert.equal(sent.ok, true, JSON.stringify(sent.error));
    assert.equal((await c.eventsNamed('ended')).length, 0);
  });

  test('after 59 minutes chatjs refreshes its socket: a second socket for the same participant is subscribed before the first closes, and messages keep arriving', async () => {
    const c = await customer('Flo', { clock: true });
    await agentTakes(c);
    await waitFor(() => c.subscribedSockets().length === 1, WAIT, 'the first socket');
    // chatjs gives every socket a 3540 s lifetime, whatever ConnectionExpiry says; jump past it.
    await c.page.clock.fastForward(3540 * 1000);
    await waitFor(() => c.sockets.length === 2 && c.sockets[1]!.subscribedAt !== undefined && c.sockets[0]!.closed, WAIT, 'the refresh');
    assert.equal(c.connectionRequests.length, 2, 'fresh connection details for the new socket');
    assert.notEqual(c.sockets[1]!.url, c.sockets[0]!.url);
    assert.ok(c.sockets[1]!.subscribedAt! < c.sockets[0]!.closedAt!, 'the new socket was subscribed while the old one was still open');
    assert.equal(c.sockets[1]!.closed, false);
    await waitFor(() => srv.services.hub.chatSocketCount(c.contactId) === 1, WAIT, 'one socket left at the server');

    const reply = await agent.sendMessage(c.contactId, 'an hour later');
    await c.waitForEvent('message', (d) => d?.Id === reply.Id, 'the message after the refresh');
    assert.equal((await c.eventsNamed('message')).filter((e) => e.data?.Id === reply.Id).length, 1);
    // A refresh is not a lost connection.
    assert.deepEqual(await c.eventsNamed('lost'), []);
  });

  test('in a one-hour chat the connection token Expiry is a day away, so chatjs has no token refresh due in its last minute (a capped Expiry made it loop)', async () => {
    const connect = demoConnectClient(srv);
    let chat: StartedChat;
    try {
      const started = await connect.send(new StartChatContactCommand({
        InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: 'Hour' }, ChatDurationInMinutes: 60,
      }));
      chat = { ContactId: started.ContactId!, ParticipantId: started.ParticipantId!, ParticipantToken: started.ParticipantToken! };
    } finally {
      connect.destroy();
    }
    const { c, result } = await connectPage(chat, { clock: true });
    assert.deepEqual(result, { connectSuccess: true, connectCalled: true });
    await waitFor(() => c.subscribedSockets().length === 1, WAIT, 'the first socket');
    // chatjs fetches a new token at Expiry − 60 s, then schedules the next fetch from the new Expiry.
    const msToRefresh = () => c.page.evaluate(() => (window as any).session.controller.connectionHelper.getTimeToConnectionTokenExpiry() as number);
    assert.ok((await msToRefresh()) > 60 * 60 * 1000, 'no token refresh due during the chat');
    // Into the chat's last minute; chatjs's socket refresh (3540 s) comes due, and nothing else.
    await c.page.clock.fastForward(3540 * 1000);
    await waitFor(() => c.sockets.length === 2 && c.sockets[1]!.subscribedAt !== undefined, WAIT, 'the socket refresh');
    assert.equal(c.connectionRequests.length, 2, 'CreateParticipantConnection for connect() and for the socket refresh only');
    assert.ok((await msToRefresh()) > 0, 'the next token refresh is still ahead');
  });

  test('a 403 from CreateParticipantConnection while reconnecting (the chat ended meanwhile) makes chatjs fire onEnded', async () => {
    const c = await customer('Nora');
    await agentTakes(c);
    // Hold chatjs's next CreateParticipantConnection until the chat has ended, so the end is not seen on any socket.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await c.page.route(`${srv.url}/participant/connection`, async (route: Route) => {
      if (route.request().method() !== 'POST') return route.continue();
      held++;
      await gate;
      await route.continue();
    });
    assert.equal(srv.services.hub.closeChatSockets(c.contactId), 1);
    await waitFor(() => held === 1, WAIT, 'the reconnect held');
    await agent.leave(c.contactId);
    await waitFor(async () => (await anyContactOf(srv, c.contactId)).status === 'ended', WAIT, 'the chat ended');
    assert.equal((await c.eventsNamed('ended')).length, 0, 'the end was not seen yet');
    release();
    const response = await waitFor(async () => {
      const last = c.connectionRequests.at(-1);
      return last ? await last.response() : undefined;
    }, WAIT, 'the CreateParticipantConnection answer');
    assert.equal(response.status(), 403);
    await c.waitForEvent('ended', () => true, 'onEnded after the 403');
    // chatjs synthesises the ended event (DUMMY_ENDED_EVENT) and passes it to onMessage as well.
    const ended = await c.waitForEvent('message', (d) => d?.ContentType === EVENT.chatEnded, 'the synthesised chat.ended');
    assert.equal(ended.data.Id, '');
  });
});
