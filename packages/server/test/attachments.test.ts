/**
 * Chat attachments against a real server, with the real @aws-sdk/client-connectparticipant (and
 * @aws-sdk/client-connect for the instance switch): StartAttachmentUpload → PUT to the upload URL →
 * CompleteAttachmentUpload → GetAttachment → GET the download URL, as chatjs does it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AssociateInstanceStorageConfigCommand, ConnectClient, CreateParticipantCommand, DisassociateInstanceStorageConfigCommand, StopContactCommand,
} from '@aws-sdk/client-connect';
import {
  CompleteAttachmentUploadCommand, ConnectParticipantClient, CreateParticipantConnectionCommand, GetAttachmentCommand, GetTranscriptCommand,
  StartAttachmentUploadCommand, type StartAttachmentUploadCommandOutput,
} from '@aws-sdk/client-connectparticipant';
import { MAX_ATTACHMENT_BYTES } from '@switchboard/engine';
import { issueToken } from '../src/auth/tokens.ts';
import { RawAgent, contactOf, createConnection, openChatSocket, startTestServer, startWidgetChat, waitFor, type StartedChat, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

/** A tiny PNG (1×1, transparent). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface Customer {
  chat: StartedChat;
  token: string;
  wsUrl: string;
}

describe('chat attachments', () => {
  let srv: TestServer;
  let participant: ConnectParticipantClient;
  let connect: ConnectClient;

  const open = (s: TestServer) => {
    participant = new ConnectParticipantClient({ endpoint: s.url, region: s.demo.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    connect = demoConnectClient(s, { maxAttempts: 1 });
  };

  before(async () => {
    srv = await startTestServer();
    open(srv);
  });
  after(async () => {
    participant.destroy();
    connect.destroy();
    await srv.stop();
  });

  async function customer(name = 'Customer'): Promise<Customer> {
    const chat = await startWidgetChat(srv, name);
    const conn = await createConnection(srv, chat.ParticipantToken);
    return { chat, token: conn.ConnectionCredentials.ConnectionToken, wsUrl: conn.Websocket.Url };
  }

  function start(token: string, args: { name?: string; type?: string; size: number }): Promise<StartAttachmentUploadCommandOutput> {
    return participant.send(new StartAttachmentUploadCommand({
      ConnectionToken: token, AttachmentName: args.name ?? 'pixel.png', ContentType: args.type ?? 'image/png', AttachmentSizeInBytes: args.size,
    }));
  }

  /** The PUT chatjs makes: fetch(Url, { method: 'PUT', headers: HeadersToInclude, body }). */
  function put(upload: StartAttachmentUploadCommandOutput, body: Buffer | ReadableStream<Uint8Array>, headers: Record<string, string> = upload.UploadMetadata!.HeadersToInclude!): Promise<Response> {
    return fetch(upload.UploadMetadata!.Url!, { method: 'PUT', headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  }

  /** The whole sendAttachment: start, PUT, complete; returns the attachment id. */
  async function send(token: string, bytes: Buffer = PNG, args: { name?: string; type?: string } = {}): Promise<string> {
    const upload = await start(token, { ...args, size: bytes.length });
    const r = await put(upload, bytes);
    assert.equal(r.status, 200, await r.text());
    await participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: token, AttachmentIds: [upload.AttachmentId!] }));
    return upload.AttachmentId!;
  }

  async function download(token: string, attachmentId: string): Promise<{ response: Response; bytes: Buffer; size: number }> {
    const got = await participant.send(new GetAttachmentCommand({ ConnectionToken: token, AttachmentId: attachmentId }));
    const response = await fetch(got.Url!);
    return { response, bytes: Buffer.from(await response.arrayBuffer()), size: got.AttachmentSizeInBytes! };
  }

  /** Every file under <data dir>/attachments, including unfinished temporary ones. */
  async function storedFiles(s: TestServer = srv): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        if (entry.isDirectory()) await walk(join(dir, entry.name));
        else out.push(join(dir, entry.name));
      }
    };
    await walk(join(s.dir, 'attachments'));
    return out.sort();
  }

  const attachmentItems = (contactId: string) => contactOf(srv, contactId).transcript.filter((i) => i.type === 'ATTACHMENT');

  test('StartAttachmentUpload → PUT → CompleteAttachmentUpload → GetAttachment → GET returns the same bytes, type and name', async () => {
    const c = await customer('Pia');
    const upload = await start(c.token, { name: 'pixel.png', size: PNG.length });
    assert.match(upload.AttachmentId!, /^[0-9a-f-]{36}$/);
    assert.ok(upload.UploadMetadata!.Url!.startsWith(`${srv.url}/attachments/${upload.AttachmentId}?token=`), upload.UploadMetadata!.Url);
    assert.deepEqual(upload.UploadMetadata!.HeadersToInclude, { 'Content-Type': 'image/png' });
    assert.ok(Date.parse(upload.UploadMetadata!.UrlExpiry!) > Date.now());
    // Pending: not in the transcript yet.
    assert.equal(attachmentItems(c.chat.ContactId).length, 0);

    const r = await put(upload, PNG);
    assert.equal(r.status, 200);
    assert.equal(attachmentItems(c.chat.ContactId).length, 0, 'an upload alone does not show');
    await participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.token, AttachmentIds: [upload.AttachmentId!] }));

    const page = await participant.send(new GetTranscriptCommand({ ConnectionToken: c.token, ScanDirection: 'FORWARD', MaxResults: 100 }));
    const item = page.Transcript!.find((i) => i.Type === 'ATTACHMENT')!;
    assert.equal(item.ContentType, 'image/png');
    assert.equal(item.ParticipantId, c.chat.ParticipantId);
    assert.equal(item.ParticipantRole, 'CUSTOMER');
    assert.deepEqual(item.Attachments, [{ ContentType: 'image/png', AttachmentId: upload.AttachmentId, AttachmentName: 'pixel.png', Status: 'APPROVED' }]);

    const got = await participant.send(new GetAttachmentCommand({ ConnectionToken: c.token, AttachmentId: upload.AttachmentId!, UrlExpiryInSeconds: 60 }));
    assert.equal(got.AttachmentSizeInBytes, PNG.length);
    assert.ok(got.Url!.startsWith(`${srv.url}/attachments/${upload.AttachmentId}?token=`));
    const expiry = Date.parse(got.UrlExpiry!);
    assert.ok(expiry > Date.now() && expiry <= Date.now() + 61_000, got.UrlExpiry);
    const response = await fetch(got.Url!);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/png');
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="pixel.png"; filename*=UTF-8''pixel.png`);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), PNG);
  });

  test('the completed attachment reaches everyone in the chat as an ATTACHMENT item, and the agent can download it', async () => {
    const agent = await RawAgent.login(srv, 'agent2');
    try {
      const c = await customer('Aldo');
      await agent.request('putAgentState', { state: { name: 'Available' } });
      await waitFor(() => agent.contact(c.chat.ContactId)?.state.type === 'incoming', 3000, 'the offer');
      await agent.request('acceptContact', { contactId: c.chat.ContactId });
      await agent.request('putAgentState', { state: { name: 'Offline' } });
      const socket = await openChatSocket(c.wsUrl);
      const id = await send(c.token, Buffer.from('a,b\n1,2\n'), { name: 'order.csv', type: 'text/csv' });
      const onSocket = await waitFor(() => socket.chatItems().find((i) => i.Type === 'ATTACHMENT'), 3000, 'the item on the customer socket');
      assert.deepEqual(onSocket.Attachments, [{ ContentType: 'text/csv', AttachmentId: id, AttachmentName: 'order.csv', Status: 'APPROVED' }]);
      assert.equal(onSocket.ContactId, c.chat.ContactId);
      assert.equal(onSocket.InitialContactId, c.chat.ContactId);
      const atAgent = await agent.socket.next((f) => f.event === 'webSocket::all_message' && JSON.parse(f.data.content).Type === 'ATTACHMENT', 3000, 'the item at the agent');
      assert.equal(JSON.parse(atAgent.data.content).Attachments[0].AttachmentId, id);
      await socket.close();

      // The agent's CCP gets a chat token (Streams' createTransport) and uses the Participant Service with it.
      const transport = await agent.request('createTransport', { transportType: 'chat_token', contactId: c.chat.ContactId });
      const agentToken: string = transport.chatTokenTransport.participantToken;
      assert.ok(Date.parse(transport.chatTokenTransport.expiry) > Date.now());
      const { bytes } = await download(agentToken, id);
      assert.equal(bytes.toString(), 'a,b\n1,2\n');
      // …and attaches a file the customer downloads.
      const fromAgent = await send(agentToken, Buffer.from('%PDF-1.4 tiny'), { name: 'Invoice März.pdf', type: 'application/pdf' });
      const item = attachmentItems(c.chat.ContactId).find((i) => i.attachments?.[0]?.id === fromAgent)!;
      assert.equal(item.role, 'AGENT');
      const got = await download(c.token, fromAgent);
      assert.equal(got.bytes.toString(), '%PDF-1.4 tiny');
      assert.equal(got.response.headers.get('content-disposition'), `attachment; filename="Invoice M_rz.pdf"; filename*=UTF-8''Invoice%20M%C3%A4rz.pdf`);
      // A chat token is only for the agent's own participant, in a chat they are in.
      await assert.rejects(agent.request('createTransport', { transportType: 'chat_token', contactId: c.chat.ContactId, participantId: c.chat.ParticipantId }), { type: 'AccessDeniedException' });
      const other = await customer('Stranger');
      await assert.rejects(agent.request('createTransport', { transportType: 'chat_token', contactId: other.chat.ContactId }), { type: 'AccessDeniedException' });
    } finally {
      await agent.socket.close();
    }
  });

  test('a file type Amazon Connect does not support is refused with ValidationException, and nothing is stored', async () => {
    const c = await customer('Zed');
    const before = await storedFiles();
    for (const type of ['application/zip', 'text/html', 'image/gif', 'application/x-msdownload']) {
      await assert.rejects(start(c.token, { name: `file.${type.split('/')[1]}`, type, size: 100 }), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'ValidationException');
        assert.equal(e.$metadata?.httpStatusCode, 400);
        assert.match(e.message, /cannot be attached/);
        return true;
      });
    }
    assert.deepEqual(await storedFiles(), before);
    assert.equal(contactOf(srv, c.chat.ContactId).attachments.size, 0);
    assert.equal(attachmentItems(c.chat.ContactId).length, 0);
  });

  test('a file over 20 MB (as declared) is refused with ValidationException, and nothing is stored', async () => {
    const c = await customer('Max');
    const before = await storedFiles();
    await assert.rejects(start(c.token, { name: 'huge.pdf', type: 'application/pdf', size: MAX_ATTACHMENT_BYTES + 1 }), { name: 'ValidationException', message: /at most 20 MB/ });
    assert.deepEqual(await storedFiles(), before);
    assert.equal(contactOf(srv, c.chat.ContactId).attachments.size, 0);
    // Exactly 20 MB may be declared.
    const upload = await start(c.token, { name: 'big.pdf', type: 'application/pdf', size: MAX_ATTACHMENT_BYTES });
    assert.ok(upload.AttachmentId);
  });

  test('more bytes than declared on the PUT are refused with ValidationException: no file is left, and Complete is refused', async () => {
    const c = await customer('Moe');
    const before = await storedFiles();
    const upload = await start(c.token, { name: 'notes.txt', type: 'text/plain', size: 10 });
    // With a Content-Length, as browsers send it.
    const r = await put(upload, Buffer.from('0123456789ABCDEFGHIJ'));
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.match((await r.json()).message, /more bytes than declared/);
    // Streamed, with no Content-Length: cut off once it passes the declared size.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.from('01234567'));
        controller.enqueue(Buffer.from('89ABCDEF'));
        controller.close();
      },
    });
    const streamed = await put(upload, stream);
    assert.equal(streamed.status, 400);
    assert.equal(streamed.headers.get('x-amzn-errortype'), 'ValidationException');
    // A client still sending megabytes past the declared size gets the answer too (the connection is not cut under it).
    const chunk = Buffer.alloc(128 * 1024, 65);
    let sent = 0;
    const long = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent++ === 32) return controller.close();
        await new Promise((r) => setImmediate(r));
        controller.enqueue(chunk);
      },
    });
    const refused = await put(upload, long);
    assert.equal(refused.status, 400);
    assert.match((await refused.json()).message, /more than the 10 bytes declared/);
    // Fewer bytes than declared are refused too.
    const short = await put(upload, Buffer.from('0123'));
    assert.equal(short.status, 400);
    assert.equal(short.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.deepEqual(await storedFiles(), before, 'no file left, not even a temporary one');
    // chatjs does not look at the PUT's status: it completes anyway, and that is refused.
    await assert.rejects(participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.token, AttachmentIds: [upload.AttachmentId!] })), { name: 'ValidationException', message: /not uploaded/ });
    assert.equal(attachmentItems(c.chat.ContactId).length, 0);
    await assert.rejects(participant.send(new GetAttachmentCommand({ ConnectionToken: c.token, AttachmentId: upload.AttachmentId! })), { name: 'ValidationException' });
  });

  test('the PUT must be of the declared type, to a valid upload URL', async () => {
    const c = await customer('Tia');
    const upload = await start(c.token, { name: 'pixel.png', size: PNG.length });
    const wrongType = await put(upload, PNG, { 'Content-Type': 'image/jpeg' });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.headers.get('x-amzn-errortype'), 'ValidationException');
    const url = new URL(upload.UploadMetadata!.Url!);
    url.searchParams.set('token', `${url.searchParams.get('token')}x`);
    const forged = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'image/png' }, body: PNG });
    assert.equal(forged.status, 403);
    assert.equal(forged.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    const elsewhere = await fetch(upload.UploadMetadata!.Url!.replace(upload.AttachmentId!, '00000000-0000-4000-8000-000000000000'), { method: 'PUT', headers: { 'Content-Type': 'image/png' }, body: PNG });
    assert.equal(elsewhere.status, 403);
    assert.equal(attachmentItems(c.chat.ContactId).length, 0);
  });

  test('an approved file is never replaced: the upload URL is refused once the upload is complete', async () => {
    const c = await customer('Ruth');
    const upload = await start(c.token, { name: 'pixel.png', size: PNG.length });
    assert.equal((await put(upload, PNG)).status, 200);
    await participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.token, AttachmentIds: [upload.AttachmentId!] }));
    const again = await put(upload, Buffer.alloc(PNG.length, 7));
    assert.equal(again.status, 409);
    assert.equal(again.headers.get('x-amzn-errortype'), 'ConflictException');
    await assert.rejects(participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.token, AttachmentIds: [upload.AttachmentId!] })), { name: 'ConflictException' });
    assert.deepEqual((await download(c.token, upload.AttachmentId!)).bytes, PNG);
  });

  test('with attachments off (no ATTACHMENTS storage config) StartAttachmentUpload is refused; AssociateInstanceStorageConfig turns them on', async () => {
    const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
    const [config] = [...instance.storageConfigs.values()];
    assert.equal(config?.resourceType, 'ATTACHMENTS', 'the demo instance has attachments on');
    await connect.send(new DisassociateInstanceStorageConfigCommand({ InstanceId: srv.demo.instanceId, AssociationId: config!.associationId, ResourceType: 'ATTACHMENTS' }));
    try {
      const c = await customer('Offa');
      const before = await storedFiles();
      await assert.rejects(start(c.token, { size: PNG.length }), { name: 'ValidationException', message: /attachments are not enabled/ });
      assert.deepEqual(await storedFiles(), before);
      assert.equal(contactOf(srv, c.chat.ContactId).attachments.size, 0);
      await assert.rejects(connect.send(new AssociateInstanceStorageConfigCommand({
        InstanceId: srv.demo.instanceId, ResourceType: 'CALL_RECORDINGS', StorageConfig: { StorageType: 'S3', S3Config: { BucketName: 'b', BucketPrefix: 'p' } },
      })), { name: 'InvalidRequestException' });
    } finally {
      const associated = await connect.send(new AssociateInstanceStorageConfigCommand({
        InstanceId: srv.demo.instanceId, ResourceType: 'ATTACHMENTS', StorageConfig: { StorageType: 'S3', S3Config: { BucketName: 'connect-attachments', BucketPrefix: 'chat' } },
      }));
      assert.match(associated.AssociationId!, /^[0-9a-f-]{36}$/);
    }
    const c = await customer('Ona');
    assert.deepEqual((await download(c.token, await send(c.token))).bytes, PNG);
    await assert.rejects(connect.send(new AssociateInstanceStorageConfigCommand({
      InstanceId: srv.demo.instanceId, ResourceType: 'ATTACHMENTS', StorageConfig: { StorageType: 'S3', S3Config: { BucketName: 'x', BucketPrefix: 'y' } },
    })), { name: 'DuplicateResourceException' });
  });

  test('another participant\'s token cannot get it, nor its download URL be bent to another file', async () => {
    const a = await customer('Anna');
    const b = await customer('Bert');
    const id = await send(a.token);
    await assert.rejects(participant.send(new GetAttachmentCommand({ ConnectionToken: b.token, AttachmentId: id })), { name: 'ResourceNotFoundException' });
    await assert.rejects(participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: b.token, AttachmentIds: [id] })), { name: 'ResourceNotFoundException' });
    // B's own download URL, with A's attachment id in the path, is refused.
    const own = await send(b.token, Buffer.from('bert'), { name: 'b.txt', type: 'text/plain' });
    const { Url } = await participant.send(new GetAttachmentCommand({ ConnectionToken: b.token, AttachmentId: own }));
    const bent = await fetch(Url!.replace(own, id));
    assert.equal(bent.status, 403);
    assert.equal(bent.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    // An upload token is not a download token.
    const upload = await start(b.token, { size: 4, name: 'c.txt', type: 'text/plain' });
    const wrongKind = await fetch(upload.UploadMetadata!.Url!);
    assert.equal(wrongKind.status, 403);
  });

  test('a download URL stops working when it expires (UrlExpiryInSeconds is 5 to 300)', async () => {
    const c = await customer('Exe');
    const id = await send(c.token);
    await assert.rejects(participant.send(new GetAttachmentCommand({ ConnectionToken: c.token, AttachmentId: id, UrlExpiryInSeconds: 4 })), { name: 'ValidationException' });
    await assert.rejects(participant.send(new GetAttachmentCommand({ ConnectionToken: c.token, AttachmentId: id, UrlExpiryInSeconds: 301 })), { name: 'ValidationException' });
    const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
    const expired = issueToken(instance.tokenKey, {
      kind: 'attachment-download', instanceId: instance.id, contactId: c.chat.ContactId, participantId: c.chat.ParticipantId, attachmentId: id, expires: Date.now() - 1,
    });
    const r = await fetch(`${srv.url}/attachments/${id}?token=${encodeURIComponent(expired)}`);
    assert.equal(r.status, 403);
  });

  test('custom bots are not permitted to get attachments (AccessDeniedException)', async () => {
    const c = await customer('Bo');
    const id = await send(c.token);
    const bot = await connect.send(new CreateParticipantCommand({ InstanceId: srv.demo.instanceId, ContactId: c.chat.ContactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Bot' } }));
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
    await assert.rejects(participant.send(new GetAttachmentCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, AttachmentId: id })), { name: 'AccessDeniedException' });
  });

  test('after the chat ends nobody can attach, an upload never completed is deleted, and completed ones stay readable', async () => {
    const c = await customer('Enda');
    const kept = await send(c.token);
    const upload = await start(c.token, { size: PNG.length });
    assert.equal((await put(upload, PNG)).status, 200);
    const key = join(srv.dir, 'attachments', srv.demo.instanceId, c.chat.ContactId);
    assert.equal((await storedFiles()).filter((f) => f.startsWith(key)).length, 2);
    await connect.send(new StopContactCommand({ InstanceId: srv.demo.instanceId, ContactId: c.chat.ContactId }));
    await waitFor(async () => (await storedFiles()).filter((f) => f.startsWith(key)).length === 1, 3000, 'the unfinished upload deleted');
    await assert.rejects(start(c.token, { size: PNG.length }), { name: 'AccessDeniedException' });
    await assert.rejects(participant.send(new CompleteAttachmentUploadCommand({ ConnectionToken: c.token, AttachmentIds: [upload.AttachmentId!] })), { name: 'AccessDeniedException' });
    const late = await put(upload, PNG);
    assert.equal(late.status, 403);
    assert.deepEqual((await download(c.token, kept)).bytes, PNG);
  });

  test('the upload URL and the download URL answer CORS for chatjs on another origin', async () => {
    const c = await customer('Cora');
    const upload = await start(c.token, { size: PNG.length });
    const preflight = await fetch(upload.UploadMetadata!.Url!, {
      method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /PUT/);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/);
    const r = await put(upload, PNG);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
  });

  test('a restart keeps the attachment: the bytes are durable before the PUT is answered', async () => {
    const c = await customer('Rita');
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const id = await send(c.token, bytes, { name: 'recording.wav', type: 'audio/wav' });
    participant.destroy();
    connect.destroy();
    await srv.stop({ keepDir: true });
    srv = await startTestServer({ dir: srv.dir });
    open(srv);
    const item = attachmentItems(c.chat.ContactId)[0]!;
    assert.equal(item.attachments![0]!.id, id);
    const got = await download(c.token, id);
    assert.equal(got.response.status, 200);
    assert.equal(got.response.headers.get('content-type'), 'audio/wav');
    assert.equal(got.size, bytes.length);
    assert.deepEqual(got.bytes, bytes);
  });
});
