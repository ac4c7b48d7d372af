/**
 * ClientToken idempotency over the wire: every operation that takes a ClientToken answers a retry as it
 * answered the first request — after a restart too — and does nothing twice; concurrent retries are
 * stored once; a token reused with another body gets the first answer (Amazon Connect documents no
 * IdempotencyException for any of these operations); a token is scoped to its participant or instance.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateInstanceStorageConfigCommand, CreateParticipantCommand, DisassociateInstanceStorageConfigCommand, StartChatContactCommand,
  StartOutboundVoiceContactCommand, UpdateInstanceAttributeCommand, type ConnectClient,
} from '@aws-sdk/client-connect';
import type { Event } from '@switchboard/engine';
import { createConnection, participant, startTestServer, startWidgetChat, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

/** A tiny PNG (1×1, transparent). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Events no retry may write again. */
const DOING = new Set([
  'InstanceStorageConfigDisassociated', 'InstanceStorageConfigAssociated', 'InstanceAttributeUpdated', 'ContactInitiated', 'ParticipantJoined', 'MessageSent', 'MessageReceiptRecorded',
  'AttachmentUploadStarted', 'AttachmentUploadCompleted', 'CallStarted', 'ParticipantLeft',
]);

describe('every operation with a ClientToken, retried after a restart', () => {
  test('each retry is answered as the first request was, and writes nothing', async () => {
    const first = await startTestServer();
    let second: TestServer | undefined;
    let connect: ConnectClient = demoConnectClient(first, { maxAttempts: 1 });
    const instanceId = first.demo.instanceId;
    try {
      const calls = {
        associate: () => connect.send(new AssociateInstanceStorageConfigCommand({
          InstanceId: instanceId, ResourceType: 'ATTACHMENTS', ClientToken: 'assoc-1',
          StorageConfig: { StorageType: 'S3', S3Config: { BucketName: 'bucket', BucketPrefix: 'chat' } },
        })).then((r) => ({ AssociationId: r.AssociationId })),
        startChat: () => connect.send(new StartChatContactCommand({
          InstanceId: instanceId, ContactFlowId: first.demo.contactFlowId, ParticipantDetails: { DisplayName: 'Retry Rita' }, ClientToken: 'chat-1',
        })).then((r) => ({ ContactId: r.ContactId, ParticipantId: r.ParticipantId, ParticipantToken: r.ParticipantToken })),
        bot: (contactId: string) => connect.send(new CreateParticipantCommand({
          InstanceId: instanceId, ContactId: contactId, ClientToken: 'bot-1', ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' },
        })).then((r) => ({ ParticipantId: r.ParticipantId, ParticipantCredentials: r.ParticipantCredentials })),
        call: () => connect.send(new StartOutboundVoiceContactCommand({
          InstanceId: instanceId, ContactFlowId: first.demo.contactFlowId, DestinationPhoneNumber: '+12065550100', ClientToken: 'call-1',
        })).then((r) => ({ ContactId: r.ContactId })),
        attribute: (value: string, ClientToken?: string) => connect.send(new UpdateInstanceAttributeCommand({
          InstanceId: instanceId, AttributeType: 'MULTI_PARTY_CHAT_CONFERENCE', Value: value, ...(ClientToken ? { ClientToken } : {}),
        })),
      };
      const ok = async (srv: TestServer, op: string, token: string, body: unknown) => {
        const r = await participant(srv, op, token, body);
        assert.equal(r.status, 200, `${op}: ${JSON.stringify(r.body)}`);
        return r.body;
      };
      const bodies = {
        message: { ContentType: 'text/plain', Content: 'hello once', ClientToken: 'msg-1' },
        upload: { ContentType: 'image/png', AttachmentSizeInBytes: PNG.length, AttachmentName: 'pixel.png', ClientToken: 'up-1' },
        complete: (id: string) => ({ AttachmentIds: [id], ClientToken: 'done-1' }),
        disconnect: { ClientToken: 'bye-1' },
      };

      // The demo has attachments on: off first, so that the association is new (a second one is refused).
      const demoConfig = [...first.services.state.instances.get(instanceId)!.storageConfigs.values()][0]!;
      const disassociate = () => connect.send(new DisassociateInstanceStorageConfigCommand({
        InstanceId: instanceId, AssociationId: demoConfig.associationId, ResourceType: 'ATTACHMENTS', ClientToken: 'off-1',
      })).then(() => 'ok', (error: Error) => error.name);
      assert.equal(await disassociate(), 'ok');

      // First run: each operation once, with its ClientToken.
      const answers: Record<string, unknown> = {};
      answers.associate = await calls.associate();
      const chat = (answers.startChat = await calls.startChat()) as { ContactId: string; ParticipantToken: string };
      const token = (await createConnection(first, chat.ParticipantToken)).ConnectionCredentials.ConnectionToken;
      answers.message = await ok(first, 'message', token, bodies.message);
      const greeting = (await ok(first, 'transcript', token, { ScanDirection: 'FORWARD' })).Transcript.find((i: any) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM');
      const receipt = { ContentType: 'application/vnd.amazonaws.connect.event.message.read', Content: JSON.stringify({ messageId: greeting.Id }), ClientToken: 'read-1' };
      answers.receipt = await ok(first, 'event', token, receipt);
      answers.bot = await calls.bot(chat.ContactId);
      const upload = (answers.upload = await ok(first, 'start-attachment-upload', token, bodies.upload)) as any;
      const put = await fetch(upload.UploadMetadata.Url, { method: 'PUT', headers: upload.UploadMetadata.HeadersToInclude, body: PNG });
      assert.equal(put.status, 200);
      answers.complete = await ok(first, 'complete-attachment-upload', token, bodies.complete(upload.AttachmentId));
      answers.call = await calls.call();
      await calls.attribute('true', 'attr-1');
      await calls.attribute('false');
      answers.disconnect = await ok(first, 'disconnect', token, bodies.disconnect);
      // Without its ClientToken, the same DisconnectParticipant is refused: the participant has left.
      assert.equal((await participant(first, 'disconnect', token, {})).status, 403);

      connect.destroy();
      await first.stop({ keepDir: true });
      second = await startTestServer({ dir: first.dir });
      connect = demoConnectClient(second, { maxAttempts: 1 });
      const written: Event[] = [];
      second.services.pipeline.subscribe((events) => written.push(...events.filter((e) => DOING.has(e.type))));

      // Second run: every retry, same token, same body.
      assert.equal(await disassociate(), 'ok');
      assert.deepEqual(await calls.associate(), answers.associate);
      assert.deepEqual(await calls.startChat(), answers.startChat);
      assert.deepEqual(await ok(second, 'message', token, bodies.message), answers.message);
      assert.deepEqual(await ok(second, 'event', token, receipt), answers.receipt);
      assert.deepEqual(await calls.bot(chat.ContactId), answers.bot);
      assert.deepEqual(await ok(second, 'start-attachment-upload', token, bodies.upload), answers.upload);
      assert.deepEqual(await ok(second, 'complete-attachment-upload', token, bodies.complete(upload.AttachmentId)), answers.complete);
      assert.deepEqual(await calls.call(), answers.call);
      await calls.attribute('true', 'attr-1');
      assert.equal(second.services.state.instances.get(instanceId)!.attributes.MULTI_PARTY_CHAT_CONFERENCE, 'false', 'the retried update changed nothing');
      assert.deepEqual(await ok(second, 'disconnect', token, bodies.disconnect), answers.disconnect);
      await second.services.pipeline.settled();
      assert.deepEqual(written.map((e) => e.type), [], 'no retry wrote anything');
    } finally {
      connect.destroy();
      await first.stop({ keepDir: !!second });
      await second?.stop();
    }
  });
});

describe('ClientTokens on one server', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });

  async function customer(name: string): Promise<string> {
    const chat = await startWidgetChat(srv, name);
    return (await createConnection(srv, chat.ParticipantToken)).ConnectionCredentials.ConnectionToken;
  }
  const messages = async (token: string) => (await participant(srv, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: 100 })).body.Transcript
    .filter((i: any) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER');

  test('SendMessage calls sent together with one ClientToken are stored once and all answered with its Id', async () => {
    const token = await customer('Twice Tom');
    const body = { ContentType: 'text/plain', Content: 'said once', ClientToken: 'together-1' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => participant(srv, 'message', token, body)));
    for (const a of answers) assert.deepEqual({ status: a.status, body: a.body }, { status: 200, body: answers[0]!.body });
    const stored = await messages(token);
    assert.deepEqual(stored.map((i: any) => [i.Id, i.Content]), [[answers[0]!.body.Id, 'said once']]);
  });

  test('a ClientToken reused with another body is answered as the first request was, and changes nothing (no IdempotencyException)', async () => {
    const token = await customer('Changing Chad');
    const first = await participant(srv, 'message', token, { ContentType: 'text/plain', Content: 'first words', ClientToken: 'reused-1' });
    const other = await participant(srv, 'message', token, { ContentType: 'text/plain', Content: 'other words', ClientToken: 'reused-1' });
    assert.equal(other.status, 200);
    assert.deepEqual(other.body, first.body);
    assert.deepEqual((await messages(token)).map((i: any) => i.Content), ['first words']);

    const input = (DisplayName: string) => ({ InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName }, ClientToken: 'reused-chat' });
    const a = await connect.send(new StartChatContactCommand(input('Ann')));
    const b = await connect.send(new StartChatContactCommand(input('Bob')));
    assert.equal(b.ContactId, a.ContactId);
    assert.equal(b.ParticipantToken, a.ParticipantToken);
  });

  test('a ClientToken is scoped to its participant: the same token from another customer is another message', async () => {
    const one = await customer('Scoped Sue');
    const two = await customer('Scoped Sam');
    const body = { ContentType: 'text/plain', Content: 'mine', ClientToken: 'shared-token' };
    const a = await participant(srv, 'message', one, body);
    const b = await participant(srv, 'message', two, body);
    assert.notEqual(a.body.Id, b.body.Id);
    assert.equal((await messages(one)).length, 1);
    assert.equal((await messages(two)).length, 1);
  });

  test('a refused request leaves no record: after the refusal is lifted, its retry with the same ClientToken runs', async () => {
    const token = await customer('Late Lou');
    const body = { ContentType: 'image/png', AttachmentSizeInBytes: PNG.length, AttachmentName: 'pixel.png', ClientToken: 'refused-1' };
    const refused = await participant(srv, 'start-attachment-upload', token, { ...body, AttachmentSizeInBytes: 100 * 1024 * 1024 });
    assert.equal(refused.status, 400);
    const retried = await participant(srv, 'start-attachment-upload', token, body);
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
  });
});
