import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MAX_TEXT_PROMPT_CHARS, resourceArn, type Instance, type Prompt, type PromptSource } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { issueToken, peekToken, verifyToken } from '../../auth/tokens.ts';
import { baseUrl, type Services } from '../../services.ts';
import { idOf } from './ids.ts';
import { page } from './flows.ts';

/**
 * Prompts through the Connect API: CreatePrompt, DescribePrompt, ListPrompts, DeletePrompt, GetPromptFile.
 *
 * Switchboard cannot read S3, so the audio comes in through its own upload (an addition, signed like the
 * Connect API): `PUT /prompt-files/{InstanceId}` with the .wav file as the body answers
 * `{ S3Uri: "s3://switchboard-prompts/{InstanceId}/{UploadId}.wav", SizeInBytes }`, and CreatePrompt takes
 * that S3Uri as Amazon Connect takes an S3 object's. The prompt gets its own copy of the bytes in the blob
 * store (durable before the prompt is recorded), so one upload can serve several prompts and deleting a
 * prompt deletes only its copy. Also Switchboard's own: a text prompt, `Switchboard: { Text }` (or
 * `{ SSML }`) instead of S3Uri, spoken with text to speech. DescribePrompt's answer carries
 * `Switchboard: { Kind, S3Uri | Text | SSML, SizeInBytes }`.
 */

/** Amazon Connect takes prompt files under 50 MB. */
export const MAX_PROMPT_FILE_BYTES = 50 * 1024 * 1024;
export const PROMPT_BUCKET = 'switchboard-prompts';

const S3_URI = /^s3:\/\/switchboard-prompts\/([A-Za-z0-9-]{1,100})\/([0-9a-f-]{36})(?:\.wav)?$/;
const uploadKey = (instanceId: string, uploadId: string) => `${instanceId}/prompt-uploads/${uploadId}`;
const promptKey = (instanceId: string, promptId: string) => `${instanceId}/prompts/${promptId}`;

/** A WAV file: RIFF … WAVE (Amazon Connect's prompt format; 8 kHz mono µ-law plays best on calls). */
function isWav(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE';
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/**
 * PUT /prompt-files/{InstanceId} (Switchboard's own): the body is a .wav file (≤ 50 MB). The request is
 * SigV4-signed like the Connect API; an unknown access key is refused before the body is read.
 */
export async function uploadPromptFile(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const credential = /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1];
  if (!credential || ![...services.state.instances.values()].some((i) => i.accessKeys.has(credential))) {
    throw new ApiError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  const { body, keyInstance } = await authorizeConnect(services, req, MAX_PROMPT_FILE_BYTES);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  if (body.length === 0) throw new ApiError(400, 'InvalidParameterException', 'the prompt file is empty');
  if (!isWav(body)) throw new ApiError(400, 'InvalidParameterException', 'a prompt file must be a .wav file (RIFF/WAVE)');
  const uploadId = randomUUID();
  await services.blobs.put(uploadKey(instance.id, uploadId), once(body), { maxBytes: MAX_PROMPT_FILE_BYTES });
  sendJson(res, 200, { S3Uri: `s3://${PROMPT_BUCKET}/${instance.id}/${uploadId}.wav`, SizeInBytes: body.length });
}

const CreateBody = z.object({
  Name: z.string().min(1).max(127),
  Description: z.string().min(1).max(250).optional(),
  S3Uri: z.string().min(1).max(2000).optional(),
  Tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  Switchboard: z.object({ Text: z.string().max(MAX_TEXT_PROMPT_CHARS).optional(), SSML: z.string().max(MAX_TEXT_PROMPT_CHARS).optional() }).optional(),
});

/** CreatePrompt (PUT /prompts/{InstanceId}): an S3Uri from PUT /prompt-files, or Switchboard.Text / Switchboard.SSML. */
export async function createPrompt(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = CreateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const given = [b.S3Uri, b.Switchboard?.Text, b.Switchboard?.SSML].filter((x) => x !== undefined).length;
  if (given !== 1) throw new ApiError(400, 'InvalidParameterException', 'give exactly one of S3Uri, Switchboard.Text and Switchboard.SSML');
  const promptId = randomUUID();
  let source: PromptSource;
  let copied: string | undefined;
  if (b.S3Uri !== undefined) {
    const m = S3_URI.exec(b.S3Uri);
    if (!m || m[1] !== instance.id) {
      throw new ApiError(400, 'InvalidParameterException', `Switchboard does not read S3: upload the .wav file with PUT /prompt-files/${instance.id} and give the S3Uri it answers (s3://${PROMPT_BUCKET}/${instance.id}/…)`);
    }
    const upload = await services.blobs.get(uploadKey(instance.id, m[2]!));
    if (!upload) throw errors.notFound(`no prompt file was uploaded at ${b.S3Uri}`, 'PromptFile', b.S3Uri);
    copied = promptKey(instance.id, promptId);
    const { sizeBytes } = await services.blobs.put(copied, upload.stream as AsyncIterable<Uint8Array>, { maxBytes: MAX_PROMPT_FILE_BYTES });
    source = { kind: 'audio', blobKey: copied, s3Uri: b.S3Uri, contentType: 'audio/wav', sizeBytes };
  } else {
    source = { kind: 'text', text: (b.Switchboard!.Text ?? b.Switchboard!.SSML)!, ssml: b.Switchboard!.Text === undefined };
  }
  const outcome = await services.pipeline.submit({
    type: 'CreatePrompt', instanceId: instance.id, promptId, name: b.Name, description: b.Description ?? '', tags: b.Tags ?? {}, source,
  });
  if (!outcome.ok) {
    if (copied) await services.blobs.delete(copied).catch(() => undefined);
    throw fromRejection('connect', outcome.rejection);
  }
  sendJson(res, 200, { PromptARN: resourceArn(instance, 'prompt', promptId), PromptId: promptId });
}

function findPrompt(instance: Instance, ref: string): Prompt {
  const prompt = instance.prompts.get(idOf(ref));
  if (!prompt) throw errors.notFound(`Prompt ${ref} not found`, 'Prompt', ref);
  return prompt;
}

/** DescribePrompt (GET /prompts/{InstanceId}/{PromptId}). */
export async function describePrompt(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const p = findPrompt(instance, params.promptId!);
  const s = p.source;
  sendJson(res, 200, {
    Prompt: {
      PromptARN: p.arn, PromptId: p.id, Name: p.name, ...(p.description ? { Description: p.description } : {}), Tags: p.tags,
      LastModifiedTime: p.lastModifiedAt / 1000, LastModifiedRegion: instance.region,
    },
    Switchboard: s.kind === 'audio'
      ? { Kind: 'audio', S3Uri: s.s3Uri, ContentType: s.contentType, SizeInBytes: s.sizeBytes }
      : { Kind: 'text', ...(s.ssml ? { SSML: s.text } : { Text: s.text }) },
  });
}

/** ListPrompts (GET /prompts-summary/{InstanceId}?maxResults=…&nextToken=…), by name. */
export async function listPrompts(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const all = [...instance.prompts.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  const { items, nextToken } = page(url, all);
  sendJson(res, 200, {
    PromptSummaryList: items.map((p) => ({ Id: p.id, Arn: p.arn, Name: p.name, LastModifiedTime: p.lastModifiedAt / 1000, LastModifiedRegion: instance.region })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

/** DeletePrompt (DELETE /prompts/{InstanceId}/{PromptId}): the prompt, then its copy of the audio. */
export async function deletePrompt(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const prompt = instance.prompts.get(idOf(params.promptId!));
  const outcome = await services.pipeline.submit({ type: 'DeletePrompt', instanceId: instance.id, promptId: idOf(params.promptId!) });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  if (prompt?.source.kind === 'audio') await services.blobs.delete(prompt.source.blobKey).catch(() => undefined);
  res.writeHead(200).end();
}

/** How long GetPromptFile's URL works. */
export const PROMPT_URL_TTL_MS = 10 * 60_000;

/**
 * GetPromptFile (GET /prompts/{InstanceId}/{PromptId}/file): a URL that downloads the prompt's audio for
 * ten minutes (`GET /prompt-files/{InstanceId}/{PromptId}?token=…`). A text prompt has no file.
 */
export async function getPromptFile(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const prompt = findPrompt(instance, params.promptId!);
  if (prompt.source.kind !== 'audio') throw errors.validation('connect', `prompt ${prompt.name} is a text prompt: it has no file`);
  const token = issueToken(instance.tokenKey, { kind: 'prompt-download', instanceId: instance.id, promptId: prompt.id, expires: services.pipeline.now() + PROMPT_URL_TTL_MS });
  sendJson(res, 200, {
    PromptPresignedUrl: `${baseUrl(services, req)}/prompt-files/${instance.id}/${prompt.id}?token=${token}`,
    LastModifiedTime: prompt.lastModifiedAt / 1000, LastModifiedRegion: instance.region,
  });
}

/** GET /prompt-files/{InstanceId}/{PromptId}?token=… — GetPromptFile's URL: the prompt's .wav. */
export async function downloadPromptFile(services: Services, { res, params, url }: RouteContext): Promise<void> {
  const token = url.searchParams.get('token') ?? '';
  const instance = services.state.instances.get(peekToken(token)?.instanceId ?? '');
  const claims = instance ? verifyToken(token, instance.tokenKey, 'prompt-download', services.pipeline.now()) : undefined;
  if (!instance || !claims || claims.instanceId !== params.instanceId || claims.promptId !== params.promptId) {
    throw errors.accessDenied('this URL is not valid (or has expired) for this prompt');
  }
  await services.pipeline.settled();
  const prompt = instance.prompts.get(params.promptId!);
  const blob = prompt ? await promptAudio(services, prompt) : undefined;
  if (!prompt || !blob) throw errors.notFound(`the file of prompt ${params.promptId} is gone`, 'Prompt', params.promptId);
  res.writeHead(200, {
    'content-type': prompt.source.kind === 'audio' ? prompt.source.contentType : 'application/octet-stream',
    'content-length': String(blob.sizeBytes),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'private, max-age=300',
  });
  blob.stream.on('error', () => res.destroy());
  blob.stream.pipe(res);
}

/** The audio of a prompt (for the media layer): its bytes from the blob store, or undefined for a text prompt. */
export async function promptAudio(services: Services, prompt: Prompt) {
  return prompt.source.kind === 'audio' ? services.blobs.get(prompt.source.blobKey) : undefined;
}
