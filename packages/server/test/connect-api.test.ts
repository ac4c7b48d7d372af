/**
 * The real AWS SDK v3 clients (@aws-sdk/client-connect, @aws-sdk/client-connectparticipant) pointed at
 * the server: signing, restJson1 bodies, epoch-second timestamps and typed errors (connect-wire-apis.md §1.4, §4).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConnectClient, DescribeContactCommand, StartChatContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import {
  AccessDeniedException, ChatItemType, ConnectParticipantClient, CreateParticipantConnectionCommand, DisconnectParticipantCommand,
  GetTranscriptCommand, ParticipantRole, SendEventCommand, SendMessageCommand, ValidationException, paginateGetTranscript,
} from '@aws-sdk/client-connectparticipant';
import { anyContactOf, contactCount, contactOf, postJson, startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

interface ServiceError {
  name: string;
  $metadata: { httpStatusCode?: number };
}

/** Runs an SDK call that must fail, and returns its error. */
async function failure(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (error) {
    return error as ServiceError;
  }
  assert.fail('the call was expected to fail');
}

describe('Connect API with @aws-sdk/client-connect', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const others: ConnectClient[] = [];

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv);
  });
  after(async () => {
    connect.destroy();
    for (const c of others) c.destroy();
    await srv.stop();
  });

  function clientWith(accessKeyId: string, secretAccessKey: string): ConnectClient {
    const client = new ConnectClient({ endpoint: srv.url, region: srv.demo.region, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
    others.push(client);
    return client;
  }

  const startInput = (name = 'Sam', extra: Record<string, unknown> = {}) => ({
    InstanceId: srv.demo.instanceId,
    ContactFlowId: srv.demo.contactFlowId,
    ParticipantDetails: { DisplayName: name },
    ...extra,
  });

  test('StartChatContact returns ContactId, ParticipantId and ParticipantToken', async () => {
    const before = contactCount(srv);
    const out = await connect.send(new StartChatContactCommand(startInput('Sam', { Attributes: { orderId: '42' } })));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal(typeof out.ContactId, 'string');
    assert.equal(typeof out.ParticipantId, 'string');
    assert.equal(typeof out.ParticipantToken, 'string');
    assert.equal(contactCount(srv), before + 1);
    const contact = contactOf(srv, out.ContactId!);
    assert.equal(contact.customerDisplayName, 'Sam');
    assert.equal(contact.attributes.orderId, '42');
  });

  test('a request signed for another region than the instance is refused and creates nothing', async () => {
    const before = contactCount(srv);
    const elsewhere = new ConnectClient({ endpoint: srv.url, region: 'eu-west-1', credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey }, maxAttempts: 1 });
    others.push(elsewhere);
    await assert.rejects(elsewhere.send(new StartChatContactCommand(startInput('Wrong region'))), (e: { name: string; $metadata: { httpStatusCode: number } }) => {
      assert.equal(e.name, 'InvalidSignatureException');
      assert.equal(e.$metadata.httpStatusCode, 403);
      return true;
    });
    assert.equal(contactCount(srv), before);
  });

  test('StartChatContact accepts the flow ARN as ContactFlowId', async () => {
    const arn = `${srv.demo.instanceArn}/contact-flow/${srv.demo.contactFlowId}`;
    const out = await connect.send(new StartChatContactCommand({ ...startInput(), ContactFlowId: arn }));
    assert.equal(contactOf(srv, out.ContactId!).flowId, srv.demo.contactFlowId);
  });

  test('DescribeContact returns the chat contact, with InitiationTimestamp parsed as a Date', async () => {
    const started = await connect.send(new StartChatContactCommand(startInput('Tess')));
    const out = await connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: started.ContactId! }));
    const contact = out.Contact!;
    assert.equal(contact.Id, started.ContactId);
    assert.equal(contact.Channel, 'CHAT');
    assert.equal(contact.InitiationMethod, 'API');
    assert.ok(contact.InitiationTimestamp instanceof Date);
    assert.ok(!Number.isNaN(contact.InitiationTimestamp.getTime()));
    assert.equal(contact.InitiationTimestamp.getTime(), contactOf(srv, started.ContactId!).initiatedAt);
    assert.equal(contact.DisconnectTimestamp, undefined);
    assert.ok(contact.Arn?.startsWith(`${srv.demo.instanceArn}/contact/`), contact.Arn);
    assert.equal(contact.QueueInfo?.Id, srv.demo.queueId);
  });

  test('StopContact ends the contact and DescribeContact then shows DisconnectTimestamp', async () => {
    const started = await connect.send(new StartChatContactCommand(startInput()));
    const stopped = await connect.send(new StopContactCommand({ InstanceId: srv.demo.instanceId, ContactId: started.ContactId! }));
    assert.equal(stopped.$metadata.httpStatusCode, 200);
    const out = await connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: started.ContactId! }));
    assert.ok(out.Contact!.DisconnectTimestamp instanceof Date);
    assert.ok(out.Contact!.DisconnectTimestamp.getTime() >= out.Contact!.InitiationTimestamp!.getTime());
    assert.equal(out.Contact!.DisconnectReason, 'API');
    assert.equal((await anyContactOf(srv, started.ContactId!)).status, 'ended');
  });

  test('a wrong secret is refused with 403 and nothing is created', async () => {
    const before = contactCount(srv);
    const error = await failure(clientWith(srv.demo.accessKeyId, `${srv.demo.secretAccessKey}x`).send(new StartChatContactCommand(startInput())));
    assert.ok(['InvalidSignatureException', 'AccessDeniedException'].includes(error.name), error.name);
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(contactCount(srv), before);
  });

  test('an unknown access key is refused with 403 and nothing is created', async () => {
    const before = contactCount(srv);
    const error = await failure(clientWith('AKIAUNKNOWNUNKNOWN00', srv.demo.secretAccessKey).send(new StartChatContactCommand(startInput())));
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(error.name, 'UnrecognizedClientException');
    assert.equal(contactCount(srv), before);
  });

  test('an unsigned request is refused with 403', async () => {
    const response = await fetch(`${srv.url}/contact/chat`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(startInput()) });
    assert.equal(response.status, 403);
    await response.body?.cancel();
  });

  test('an unknown ContactFlowId is ResourceNotFoundException', async () => {
    const before = contactCount(srv);
    const error = await failure(connect.send(new StartChatContactCommand({ ...startInput(), ContactFlowId: randomUUID() })));
    assert.equal(error.name, 'ResourceNotFoundException');
    assert.equal(error.$metadata.httpStatusCode, 404);
    assert.equal(contactCount(srv), before);
  });

  test('DescribeContact of an unknown contact is ResourceNotFoundException', async () => {
    const error = await failure(connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: randomUUID() })));
    assert.equal(error.name, 'ResourceNotFoundException');
    assert.equal(error.$metadata.httpStatusCode, 404);
  });

  test('an unknown instance is ResourceNotFoundException', async () => {
    const error = await failure(connect.send(new DescribeContactCommand({ InstanceId: randomUUID(), ContactId: randomUUID() })));
    assert.equal(error.name, 'ResourceNotFoundException');
  });

  test('the same ClientToken twice gives the same ContactId and creates one contact', async () => {
    const ClientToken = randomUUID();
    const before = contactCount(srv);
    const first = await connect.send(new StartChatContactCommand(startInput('Uma', { ClientToken })));
    const second = await connect.send(new StartChatContactCommand(startInput('Uma', { ClientToken })));
    assert.equal(second.ContactId, first.ContactId);
    assert.equal(second.ParticipantId, first.ParticipantId);
    assert.equal(second.ParticipantToken, first.ParticipantToken);
    assert.equal(contactCount(srv), before + 1);
    // Without a ClientToken the SDK makes a fresh one each call: two contacts.
    const a = await connect.send(new StartChatContactCommand(startInput('Uma')));
    const b = await connect.send(new StartChatContactCommand(startInput('Uma')));
    assert.notEqual(a.ContactId, b.ContactId);
  });

  test('an invalid StartChatContact is InvalidRequestException (400)', async () => {
    const error = await failure(connect.send(new StartChatContactCommand(startInput('Vic', { ChatDurationInMinutes: 5 }))));
    assert.equal(error.name, 'InvalidRequestException');
    assert.equal(error.$metadata.httpStatusCode, 400);
  });
});

describe('Participant Service with @aws-sdk/client-connectparticipant', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let participant: ConnectParticipantClient;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv);
    participant = new ConnectParticipantClient({ endpoint: srv.url, region: srv.demo.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  });
  after(async () => {
    connect.destroy();
    participant.destroy();
    await srv.stop();
  });

  async function chatWithToken(name = 'Wendy'): Promise<{ contactId: string; participantId: string; token: string }> {
    const started = await connect.send(new StartChatContactCommand({
      InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: name },
    }));
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    return { contactId: started.ContactId!, participantId: started.ParticipantId!, token: conn.ConnectionCredentials!.ConnectionToken! };
  }

  async function transcript(token: string) {
    const out = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, ScanDirection: 'FORWARD', MaxResults: 100 }));
    return out.Transcript ?? [];
  }

  test('CreateParticipantConnection, SendMessage, GetTranscript and DisconnectParticipant work', async () => {
    const started = await connect.send(new StartChatContactCommand({
      InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: 'Xena' },
    }));
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    assert.ok(conn.Websocket?.Url?.startsWith('ws://127.0.0.1:'));
    assert.equal(typeof conn.Websocket?.ConnectionExpiry, 'string');
    assert.equal(typeof conn.ConnectionCredentials?.Expiry, 'string');
    const token = conn.ConnectionCredentials!.ConnectionToken!;

    const sent = await participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'hello from the SDK' }));
    assert.equal(typeof sent.Id, 'string');
    assert.equal(typeof sent.AbsoluteTime, 'string');

    const out = await participant.send(new GetTranscriptCommand({ ConnectionToken: token }));
    assert.equal(out.InitialContactId, started.ContactId);
    const message = out.Transcript!.find((i) => i.Id === sent.Id);
    assert.ok(message);
    assert.equal(message.Content, 'hello from the SDK');
    assert.equal(message.ParticipantRole, 'CUSTOMER');
    assert.equal(message.ParticipantId, started.ParticipantId);
    assert.equal(message.Type, 'MESSAGE');
    assert.ok(out.Transcript!.some((i) => i.ParticipantRole === 'SYSTEM' && i.DisplayName === 'SYSTEM_MESSAGE'));

    const left = await participant.send(new DisconnectParticipantCommand({ ConnectionToken: token }));
    assert.equal(left.$metadata.httpStatusCode, 200);
    assert.equal((await anyContactOf(srv, started.ContactId!)).status, 'ended');
  });

  test('a wrong ConnectionToken is AccessDeniedException', async () => {
    const error = await failure(participant.send(new SendMessageCommand({ ConnectionToken: 'sb1.not.valid', ContentType: 'text/plain', Content: 'x' })));
    assert.ok(error instanceof AccessDeniedException);
    assert.equal(error.name, 'AccessDeniedException');
    assert.equal(error.$metadata.httpStatusCode, 403);
    const other = await failure(participant.send(new GetTranscriptCommand({ ConnectionToken: 'garbage' })));
    assert.equal(other.name, 'AccessDeniedException');
  });

  test('SendMessage over 16 KiB is ValidationException and the transcript is unchanged', async () => {
    const { token } = await chatWithToken();
    const before = await transcript(token);
    const error = await failure(participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'a'.repeat(16385) })));
    assert.ok(error instanceof ValidationException);
    assert.equal(error.$metadata.httpStatusCode, 400);
    const afterwards = await transcript(token);
    assert.deepEqual(afterwards.map((i) => i.Id), before.map((i) => i.Id));
    // Exactly 16 KiB is allowed.
    const ok = await participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'a'.repeat(16384) }));
    assert.ok((await transcript(token)).some((i) => i.Id === ok.Id));
  });

  test('SendMessage with empty Content is ValidationException', async () => {
    const { token } = await chatWithToken();
    const before = await transcript(token);
    const error = await failure(participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: '' })));
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal((await transcript(token)).length, before.length);
  });

  test('SendMessage with an unsupported ContentType is ValidationException', async () => {
    const { token } = await chatWithToken();
    const error = await failure(participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'image/png', Content: 'x' })));
    assert.equal(error.name, 'ValidationException');
  });

  test('a malformed JSON body is 400 with x-amzn-ErrorType ValidationException', async () => {
    const { token } = await chatWithToken();
    const r = await postJson(`${srv.url}/participant/message`, undefined, { 'x-amz-bearer': token }, '{bad');
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.equal(typeof r.body.message, 'string');
  });

  test('GetTranscript items parse with the SDK: AbsoluteTime stays an ISO-8601 string, Type and ParticipantRole are model enum values', async () => {
    const { contactId, participantId, token } = await chatWithToken('Iris');
    const sent = await participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/markdown', Content: '*hi*' }));
    const out = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, ScanDirection: 'FORWARD', SortOrder: 'ASCENDING', MaxResults: 100 }));
    assert.equal(out.InitialContactId, contactId);
    assert.equal(out.NextToken, undefined);
    const items = out.Transcript!;
    assert.ok(items.length >= 3);
    const types: string[] = Object.values(ChatItemType);
    const roles: string[] = Object.values(ParticipantRole);
    for (const item of items) {
      assert.equal(typeof item.AbsoluteTime, 'string', 'AbsoluteTime is a string in the model, not a Date');
      assert.match(item.AbsoluteTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(typeof item.Id, 'string');
      assert.equal(typeof item.ContentType, 'string');
      assert.ok(types.includes(item.Type!), `Type ${item.Type}`);
      if (item.ParticipantRole !== undefined) assert.ok(roles.includes(item.ParticipantRole), `ParticipantRole ${item.ParticipantRole}`);
      assert.equal(item.ContactId, contactId);
    }
    const times = items.map((i) => Date.parse(i.AbsoluteTime!));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const mine = items.find((i) => i.Id === sent.Id)!;
    assert.equal(mine.AbsoluteTime, sent.AbsoluteTime);
    assert.equal(mine.ParticipantId, participantId);
    assert.equal(mine.ContentType, 'text/markdown');

    // The SDK's own paginator follows NextToken to the end, one item per page.
    const paged: string[] = [];
    for await (const page of paginateGetTranscript({ client: participant, pageSize: 1 }, { ConnectionToken: token, ScanDirection: 'FORWARD' })) {
      assert.ok(page.Transcript!.length <= 1);
      paged.push(...page.Transcript!.map((i) => i.Id!));
    }
    assert.deepEqual(paged, items.map((i) => i.Id));
  });

  test('SendEvent with a read or delivered receipt naming a messageId is accepted; without one it is ValidationException', async () => {
    const { token } = await chatWithToken('Rosa');
    // The flow's greeting: a message of the chat that is not the customer's own.
    const greeting = (await transcript(token)).find((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM')!;
    for (const type of ['delivered', 'read']) {
      const ContentType = `application/vnd.amazonaws.connect.event.message.${type}`;
      const ok = await participant.send(new SendEventCommand({ ConnectionToken: token, ContentType, Content: JSON.stringify({ messageId: greeting.Id }) }));
      assert.equal(typeof ok.Id, 'string');
      assert.equal(typeof ok.AbsoluteTime, 'string');
      const error = await failure(participant.send(new SendEventCommand({ ConnectionToken: token, ContentType, Content: '{"id":"x"}' })));
      assert.ok(error instanceof ValidationException);
    }
    // Receipts are kept on the message they name, not as items of their own.
    const after = await transcript(token);
    assert.equal(after.filter((i) => i.ContentType?.includes('.message.')).length, 0);
    assert.equal(after.find((i) => i.Id === greeting.Id)?.MessageMetadata?.Receipts?.length, 1);
  });

  test("a connection token of contact A cannot read contact B's transcript", async () => {
    const a = await chatWithToken('Ann');
    const b = await chatWithToken('Ben');
    const error = await failure(participant.send(new GetTranscriptCommand({ ConnectionToken: a.token, ContactId: b.contactId })));
    assert.ok(error instanceof AccessDeniedException);
    assert.equal(error.$metadata.httpStatusCode, 403);
    // Its own contact, named explicitly, is fine.
    const own = await participant.send(new GetTranscriptCommand({ ConnectionToken: a.token, ContactId: a.contactId }));
    assert.ok(own.Transcript!.every((i) => i.ContactId === a.contactId));
  });
});
