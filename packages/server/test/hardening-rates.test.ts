/**
 * What one participant may send (issue 14): SendMessage, SendEvent and CreateParticipantConnection
 * rates answered with ThrottlingException as the Participant Service throttles, pending uploads, and the
 * numeric parameters Connect documents a range for. A refused request changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectParticipantClient, CreateParticipantConnectionCommand, SendMessageCommand, StartAttachmentUploadCommand } from '@aws-sdk/client-connectparticipant';
import { StartOutboundVoiceContactCommand } from '@aws-sdk/client-connect';
import { createConnection, participant, startTestServer, startWidgetChat, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({
    env: {
      SWITCHBOARD_MESSAGES_PER_SECOND: '1', SWITCHBOARD_MESSAGE_BURST: '5',
      SWITCHBOARD_EVENTS_PER_SECOND: '1', SWITCHBOARD_EVENT_BURST: '3',
      SWITCHBOARD_CONNECTIONS_PER_MINUTE: '1', SWITCHBOARD_CONNECTION_BURST: '3',
      SWITCHBOARD_PENDING_UPLOADS_PER_PARTICIPANT: '2',
    },
  });
});
after(() => srv.stop());

const client = () => new ConnectParticipantClient({ endpoint: srv.url, region: srv.demo.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });

async function connected(name: string): Promise<{ token: string; contactId: string; participantToken: string }> {
  const chat = await startWidgetChat(srv, name);
  const connection = await createConnection(srv, chat.ParticipantToken);
  return { token: connection.ConnectionCredentials.ConnectionToken, contactId: chat.ContactId, participantToken: chat.ParticipantToken };
}

const messagesOf = (contactId: string) => [...srv.services.state.instances.get(srv.demo.instanceId)!.contacts.get(contactId)!.transcript].filter((i) => i.type === 'MESSAGE' && i.role === 'CUSTOMER').length;

describe('per-participant rates', () => {
  test('SendMessage past the participant\'s burst is refused with ThrottlingException (429) and stores nothing; another participant is not affected', async () => {
    const ann = await connected('Ann');
    const bob = await connected('Bob');
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await participant(srv, 'message', ann.token, { ContentType: 'text/plain', Content: `m${i}` }));
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200, 429, 429, 429]);
    assert.equal(answers[5]!.headers.get('x-amzn-errortype'), 'ThrottlingException');
    assert.equal(messagesOf(ann.contactId), 5);
    assert.equal((await participant(srv, 'message', bob.token, { ContentType: 'text/plain', Content: 'hi' })).status, 200);
    // The AWS SDK sees the Participant Service's own exception.
    await assert.rejects(client().send(new SendMessageCommand({ ConnectionToken: ann.token, ContentType: 'text/plain', Content: 'again' })), { name: 'ThrottlingException' });
  });

  test('a SendMessage retried with its ClientToken is answered from its record and not counted against the rate', async () => {
    const ann = await connected('Cleo');
    const first = await participant(srv, 'message', ann.token, { ContentType: 'text/plain', Content: 'once', ClientToken: 'retry-me' });
    assert.equal(first.status, 200);
    for (let i = 0; i < 10; i++) {
      const retry = await participant(srv, 'message', ann.token, { ContentType: 'text/plain', Content: 'once', ClientToken: 'retry-me' });
      assert.equal(retry.status, 200);
      assert.equal(retry.body.Id, first.body.Id);
    }
  });

  test('SendEvent (typing) past the participant\'s burst is refused with ThrottlingException', async () => {
    const ann = await connected('Dora');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await participant(srv, 'event', ann.token, { ContentType: 'application/vnd.amazonaws.connect.event.typing' })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  });

  test('CreateParticipantConnection past the participant\'s burst is refused with ThrottlingException', async () => {
    const chat = await startWidgetChat(srv, 'Eve');
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(await client().send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] })).then(() => 200, (e: Error) => e.name));
    }
    assert.deepEqual(statuses, [200, 200, 200, 'ThrottlingException', 'ThrottlingException']);
  });
});

describe('pending uploads', () => {
  test('a participant may have only so many uploads started and not completed: the next StartAttachmentUpload is ServiceQuotaExceededException', async () => {
    const ann = await connected('Fay');
    const start = (i: number) => client().send(new StartAttachmentUploadCommand({
      ConnectionToken: ann.token, ContentType: 'text/plain', AttachmentSizeInBytes: 10, AttachmentName: `f${i}.txt`, ClientToken: `upload-${i}`,
    }));
    await start(1);
    await start(2);
    await assert.rejects(start(3), { name: 'ServiceQuotaExceededException', message: /at most 2 uploads/ });
  });
});

describe('numeric parameters', () => {
  test('StartOutboundVoiceContact takes RingTimeoutInSeconds from 15 to 60, as Connect documents', async () => {
    const connect = demoConnectClient(srv, { maxAttempts: 1 });
    const call = (RingTimeoutInSeconds: number) => connect.send(new StartOutboundVoiceContactCommand({
      InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, DestinationPhoneNumber: '+12065550100', RingTimeoutInSeconds,
    }));
    for (const bad of [-5, 0, 14, 61, 1e9]) await assert.rejects(call(bad), { name: 'InvalidRequestException', message: /RingTimeoutInSeconds/ }, String(bad));
    assert.ok((await call(15)).ContactId);
    assert.ok((await call(60)).ContactId);
  });
});
