/**
 * Prompts through the Connect API with the real @aws-sdk/client-connect: a .wav uploaded with Switchboard's
 * signed PUT /prompt-files, CreatePrompt with the S3Uri it answers, DescribePrompt, ListPrompts (paging),
 * DeletePrompt; text prompts (Switchboard.Text); and what each refuses, with nothing stored.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectClient, CreatePromptCommand, DeletePromptCommand, DescribePromptCommand, GetPromptFileCommand, ListPromptsCommand, paginateListPrompts } from '@aws-sdk/client-connect';
import { type TestServer } from './harness.ts';
import { withConnectApi } from './sdkClients.ts';
import { demoInstance, failure, signedRequest } from './flowsApi.ts';

/** A short, valid 8 kHz mono µ-law WAV (a tenth of a second of silence). */
function wav(samples = 800): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(7, 20); // µ-law
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 0xff)]);
}

describe('prompts through the Connect API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;

  withConnectApi((api) => ({ srv, connect, instanceId } = api));

  const upload = async (bytes = wav()) => {
    const r = await signedRequest(srv, 'PUT', `/prompt-files/${instanceId}`, bytes, 'audio/wav');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { S3Uri: string; SizeInBytes: number };
  };
  const promptIds = () => JSON.stringify([...demoInstance(srv).prompts.keys()]);

  test('an uploaded .wav becomes a prompt through CreatePrompt with its S3Uri; DescribePrompt answers it', async () => {
    const file = await upload();
    assert.match(file.S3Uri, new RegExp(`^s3://switchboard-prompts/${instanceId}/[0-9a-f-]{36}\\.wav$`));
    assert.equal(file.SizeInBytes, wav().length);
    const out = await connect.send(new CreatePromptCommand({ InstanceId: instanceId, Name: 'Welcome audio', Description: 'hello', S3Uri: file.S3Uri, Tags: { lang: 'en' } }));
    assert.equal(out.PromptARN, `${demoInstance(srv).arn}/prompt/${out.PromptId}`);
    const { Prompt: p } = await connect.send(new DescribePromptCommand({ InstanceId: instanceId, PromptId: out.PromptId! }));
    assert.deepEqual(
      { PromptARN: p!.PromptARN, PromptId: p!.PromptId, Name: p!.Name, Description: p!.Description, Tags: p!.Tags, LastModifiedRegion: p!.LastModifiedRegion },
      { PromptARN: out.PromptARN, PromptId: out.PromptId, Name: 'Welcome audio', Description: 'hello', Tags: { lang: 'en' }, LastModifiedRegion: srv.demo.region },
    );
    assert.ok(p!.LastModifiedTime instanceof Date);
    // The prompt has its own durable copy of the bytes.
    const prompt = demoInstance(srv).prompts.get(out.PromptId!)!;
    assert.equal(prompt.source.kind, 'audio');
    const stored = await srv.services.blobs.stat(prompt.source.kind === 'audio' ? prompt.source.blobKey : '');
    assert.equal(stored?.sizeBytes, wav().length);
    const raw = await signedRequest(srv, 'GET', `/prompts/${instanceId}/${out.PromptId}`);
    assert.deepEqual(raw.body.Switchboard, { Kind: 'audio', S3Uri: file.S3Uri, ContentType: 'audio/wav', SizeInBytes: wav().length });
  });

  test('a text prompt is Switchboard.Text (or SSML) instead of S3Uri', async () => {
    const r = await signedRequest(srv, 'PUT', `/prompts/${instanceId}`, JSON.stringify({ Name: 'Text welcome', Switchboard: { Text: 'Welcome to Switchboard.' } }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const described = await signedRequest(srv, 'GET', `/prompts/${instanceId}/${r.body.PromptId}`);
    assert.deepEqual(described.body.Switchboard, { Kind: 'text', Text: 'Welcome to Switchboard.' });
    const ssml = await signedRequest(srv, 'PUT', `/prompts/${instanceId}`, JSON.stringify({ Name: 'SSML welcome', Switchboard: { SSML: '<speak>Hi</speak>' } }));
    assert.deepEqual((await signedRequest(srv, 'GET', `/prompts/${instanceId}/${ssml.body.PromptId}`)).body.Switchboard, { Kind: 'text', SSML: '<speak>Hi</speak>' });
  });

  test('ListPrompts pages by name with MaxResults and NextToken', async () => {
    for (const n of ['P1', 'P2', 'P3']) await signedRequest(srv, 'PUT', `/prompts/${instanceId}`, JSON.stringify({ Name: n, Switchboard: { Text: n } }));
    const names: string[] = [];
    for await (const page of paginateListPrompts({ client: connect, pageSize: 2 }, { InstanceId: instanceId })) {
      assert.ok(page.PromptSummaryList!.length <= 2);
      for (const s of page.PromptSummaryList!) {
        names.push(s.Name!);
        assert.deepEqual(Object.keys(s).sort(), ['Arn', 'Id', 'LastModifiedRegion', 'LastModifiedTime', 'Name']);
      }
    }
    assert.equal(names.length, demoInstance(srv).prompts.size);
    assert.deepEqual(names, [...names].sort());
    assert.equal((await failure(connect.send(new ListPromptsCommand({ InstanceId: instanceId, NextToken: '999999' })))).name, 'InvalidParameterException');
  });

  test('DeletePrompt removes the prompt and its copy of the audio; the upload stays for other prompts', async () => {
    const file = await upload();
    const a = await connect.send(new CreatePromptCommand({ InstanceId: instanceId, Name: 'Copy A', S3Uri: file.S3Uri }));
    const b = await connect.send(new CreatePromptCommand({ InstanceId: instanceId, Name: 'Copy B', S3Uri: file.S3Uri }));
    const keyOf = (id: string) => { const s = demoInstance(srv).prompts.get(id)!.source; return s.kind === 'audio' ? s.blobKey : ''; };
    const aKey = keyOf(a.PromptId!), bKey = keyOf(b.PromptId!);
    assert.notEqual(aKey, bKey);
    const deleted = await connect.send(new DeletePromptCommand({ InstanceId: instanceId, PromptId: a.PromptId! }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    assert.equal(await srv.services.blobs.stat(aKey), undefined);
    assert.equal((await srv.services.blobs.stat(bKey))?.sizeBytes, wav().length);
    assert.equal((await failure(connect.send(new DescribePromptCommand({ InstanceId: instanceId, PromptId: a.PromptId! })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DeletePromptCommand({ InstanceId: instanceId, PromptId: a.PromptId! })))).name, 'ResourceNotFoundException');
  });

  test('CreatePrompt refuses an S3Uri that is not an upload of this instance, a missing upload, both sources, and a name in use — storing nothing', async () => {
    const file = await upload();
    await connect.send(new CreatePromptCommand({ InstanceId: instanceId, Name: 'Taken', S3Uri: file.S3Uri }));
    const before = promptIds();
    const copies = () => readdir(join(srv.dir, 'attachments', instanceId, 'prompts')).then((f) => f.length);
    const copiesBefore = await copies();
    const foreign = await failure(connect.send(new CreatePromptCommand({ InstanceId: instanceId, Name: 'Foreign', S3Uri: 's3://my-bucket/prompts/hello.wav' })));
    assert.deepEqual([foreign.name, foreign.$metadata.httpStatusCode], ['InvalidParameterException', 400]);
    assert.match(foreign.message, /prompt-files/);
    const missing = await failure(connect.send(new CreatePromptCommand({ InstanceId: instanceId, Name: 'Missing', S3Uri: `s3://switchboard-prompts/${instanceId}/00000000-0000-4000-8000-000000000000.wav` })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    const both = await signedRequest(srv, 'PUT', `/prompts/${instanceId}`, JSON.stringify({ Name: 'Both', S3Uri: file.S3Uri, Switchboard: { Text: 'x' } }));
    assert.deepEqual([both.status, both.errorType], [400, 'InvalidParameterException']);
    const none = await failure(connect.send(new CreatePromptCommand({ InstanceId: instanceId, Name: 'None', S3Uri: undefined as unknown as string })));
    assert.equal(none.name, 'InvalidParameterException');
    const dup = await failure(connect.send(new CreatePromptCommand({ InstanceId: instanceId, Name: 'Taken', S3Uri: file.S3Uri })));
    assert.deepEqual([dup.name, dup.$metadata.httpStatusCode], ['DuplicateResourceException', 409]);
    assert.equal(promptIds(), before);
    assert.equal(await copies(), copiesBefore, 'a refused prompt leaves no copy of the audio');
  });

  test('GetPromptFile gives a URL that downloads the audio; it is refused for a text prompt and gone with the prompt', async () => {
    const file = await upload(wav(1600));
    const out = await connect.send(new CreatePromptCommand({ InstanceId: instanceId, Name: 'Downloadable', S3Uri: file.S3Uri }));
    const got = await connect.send(new GetPromptFileCommand({ InstanceId: instanceId, PromptId: out.PromptId! }));
    assert.ok(got.LastModifiedTime instanceof Date);
    const download = await fetch(got.PromptPresignedUrl!);
    assert.deepEqual([download.status, download.headers.get('content-type')], [200, 'audio/wav']);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), wav(1600));
    const tampered = await fetch(got.PromptPresignedUrl!.replace(/token=sb1\.[^.]+/, 'token=sb1.e30'));
    assert.equal(tampered.status, 403);
    await tampered.body?.cancel();
    const other = await fetch(got.PromptPresignedUrl!.replace(out.PromptId!, '00000000-0000-4000-8000-000000000000'));
    assert.equal(other.status, 403);
    await other.body?.cancel();
    const text = await signedRequest(srv, 'PUT', `/prompts/${instanceId}`, JSON.stringify({ Name: 'No file', Switchboard: { Text: 'hi' } }));
    assert.equal((await failure(connect.send(new GetPromptFileCommand({ InstanceId: instanceId, PromptId: text.body.PromptId })))).name, 'InvalidRequestException');
    await connect.send(new DeletePromptCommand({ InstanceId: instanceId, PromptId: out.PromptId! }));
    const gone = await fetch(got.PromptPresignedUrl!);
    assert.equal(gone.status, 404);
    await gone.body?.cancel();
  });

  test('an upload that is not a .wav, or signed with an unknown key, is refused', async () => {
    const mp4 = await signedRequest(srv, 'PUT', `/prompt-files/${instanceId}`, Buffer.from('not audio at all'), 'audio/wav');
    assert.deepEqual([mp4.status, mp4.errorType], [400, 'InvalidParameterException']);
    const empty = await signedRequest(srv, 'PUT', `/prompt-files/${instanceId}`, Buffer.alloc(0), 'audio/wav');
    assert.deepEqual([empty.status, empty.errorType], [400, 'InvalidParameterException']);
    const unsigned = await fetch(`${srv.url}/prompt-files/${instanceId}`, { method: 'PUT', body: new Uint8Array(wav()), headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIANOBODY/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=00' } });
    assert.deepEqual([unsigned.status, unsigned.headers.get('x-amzn-errortype')], [403, 'UnrecognizedClientException']);
    await unsigned.body?.cancel();
  });
});
