import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  LONE_SURROGATE, MAX_ATTACHMENT_BYTES, approvedAttachment, attachmentToDownload, attachmentToUpload, isRejection, mediaType, unfinishedUploads, type Event,
} from '@switchboard/engine';
import { issueToken, peekToken, verifyToken, type TokenClaims } from '../../auth/tokens.ts';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson, readBody } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import { baseUrl, type Services } from '../../services.ts';
import { BlobTooLargeError } from '../../store/blobs.ts';
import { authorizeParticipant } from './auth.ts';
import { log } from '../../log.ts';

/**
 * Chat attachments, as the Participant Service does them and chatjs uses them: StartAttachmentUpload
 * hands out an upload URL (ours: /attachments/{id}, with a short-lived signed token standing in for an S3
 * pre-signed URL), the client PUTs the file there, CompleteAttachmentUpload puts it in the chat, and
 * GetAttachment hands out a download URL. The rules are the engine's (chat/attachments.ts); this shell
 * moves bytes: durably into the blob store before a PUT is answered, and out again on a GET.
 */

/** How long an upload URL can be used (S3 pre-signed URLs from StartAttachmentUpload last minutes too). */
export const UPLOAD_URL_TTL_MS = 5 * 60 * 1000;
/** GetAttachment: UrlExpiryInSeconds is 5 to 300; Switchboard uses 300 when it is not given. */
export const DOWNLOAD_URL_SECONDS = { min: 5, max: 300, default: 300 } as const;

/** Where an attachment's bytes are kept in the blob store. */
export function blobKey(instanceId: string, contactId: string, attachmentId: string): string {
  return `${instanceId}/${contactId}/${attachmentId}`;
}

/**
 * One operation at a time per attachment: the last check before an upload is committed and the commit
 * itself must not interleave with CompleteAttachmentUpload (or cleanup), so an approved file is never
 * replaced and a completed upload is never cleaned away.
 */
const locks = new Map<string, Promise<unknown>>();
async function exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(fn);
  const tail = run.catch(() => undefined);
  locks.set(key, tail);
  try {
    return await run;
  } finally {
    if (locks.get(key) === tail) locks.delete(key);
  }
}

const StartBody = z.object({
  ContentType: z.string().min(1).max(255),
  AttachmentSizeInBytes: z.number().int().min(1),
  AttachmentName: z.string().min(1).max(256),
  ClientToken: z.string().min(1).max(500).optional(),
});

/** StartAttachmentUpload (POST /participant/start-attachment-upload). */
export async function startAttachmentUpload(services: Services, { req, res }: RouteContext): Promise<void> {
  const body = StartBody.safeParse(parseJson(await readBody(req, 'participant'), 'participant'));
  if (!body.success) throw fromZod('participant', body.error);
  const b = body.data;
  const { instance, contact, participant } = await authorizeParticipant(services, req, 'connection');
  const key = b.ClientToken ? `StartAttachmentUpload/${participant.id}/${b.ClientToken}` : undefined;
  const base = baseUrl(services, req);
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    const attachmentId = randomUUID();
    const outcome = await services.pipeline.submit({
      type: 'StartAttachmentUpload', instanceId: instance.id, contactId: contact.id, participantId: participant.id, attachmentId,
      name: b.AttachmentName, contentType: b.ContentType, sizeBytes: b.AttachmentSizeInBytes,
      // An upload not completed within its URL's lifetime can no longer be; only the live ones count.
      pendingLimit: { max: services.config.limits.pendingUploadsPerParticipant, withinMs: UPLOAD_URL_TTL_MS },
    }, {
      key,
      answer: (_events, now) => {
        const attachment = (instance.contacts.get(contact.id) ?? contact).attachments.get(attachmentId)!;
        const expires = now + UPLOAD_URL_TTL_MS;
        const token = issueToken(instance.tokenKey, {
          kind: 'attachment-upload', instanceId: instance.id, contactId: contact.id, participantId: participant.id, attachmentId, expires,
        });
        return {
          AttachmentId: attachmentId,
          UploadMetadata: {
            Url: `${base}/attachments/${attachmentId}?token=${encodeURIComponent(token)}`,
            UrlExpiry: new Date(expires).toISOString(),
            // As with S3, the PUT must say what it uploads.
            HeadersToInclude: { 'Content-Type': attachment.contentType },
          },
        };
      },
    });
    if (!outcome.ok) throw fromRejection('participant', outcome.rejection);
    return outcome.answer;
  }));
}

const CompleteBody = z.object({
  // The Participant Service takes exactly one id per call.
  AttachmentIds: z.array(z.string().min(1).max(256)).min(1).max(1),
  ClientToken: z.string().min(1).max(500).optional(),
});

/** CompleteAttachmentUpload (POST /participant/complete-attachment-upload): the file joins the chat if its bytes are all stored. */
export async function completeAttachmentUpload(services: Services, { req, res }: RouteContext): Promise<void> {
  const body = CompleteBody.safeParse(parseJson(await readBody(req, 'participant'), 'participant'));
  if (!body.success) throw fromZod('participant', body.error);
  const { instance, contact, participant } = await authorizeParticipant(services, req, 'connection');
  const key = body.data.ClientToken ? `CompleteAttachmentUpload/${participant.id}/${body.data.ClientToken}` : undefined;
  const [attachmentId] = body.data.AttachmentIds as [string];
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    const outcome = await exclusive(attachmentId, async () => {
      // Look only for this chat's own attachments; the engine refuses any other id.
      const stored = contact.attachments.has(attachmentId) ? await services.blobs.stat(blobKey(instance.id, contact.id, attachmentId)) : undefined;
      return services.pipeline.submit({
        type: 'CompleteAttachmentUpload', instanceId: instance.id, contactId: contact.id, participantId: participant.id,
        attachmentIds: [attachmentId], storedBytes: stored ? { [attachmentId]: stored.sizeBytes } : {},
      }, { key, answer: () => ({}) });
    });
    if (!outcome.ok) throw fromRejection('participant', outcome.rejection);
    return outcome.answer;
  }));
}

const GetBody = z.object({
  AttachmentId: z.string().min(1).max(256),
  UrlExpiryInSeconds: z.number().int().min(DOWNLOAD_URL_SECONDS.min).max(DOWNLOAD_URL_SECONDS.max).optional(),
});

/** GetAttachment (POST /participant/attachment): a short-lived download URL for an attachment of the caller's chat. */
export async function getAttachment(services: Services, { req, res }: RouteContext): Promise<void> {
  const body = GetBody.safeParse(parseJson(await readBody(req, 'participant'), 'participant'));
  if (!body.success) throw fromZod('participant', body.error);
  const { instance, contact, participant } = await authorizeParticipant(services, req, 'connection');
  await services.pipeline.settled();
  const attachment = attachmentToDownload(contact, participant, body.data.AttachmentId);
  if (isRejection(attachment)) throw fromRejection('participant', attachment);
  if (!(await services.blobs.stat(blobKey(instance.id, contact.id, attachment.id)))) {
    log().error({ attachmentId: attachment.id, contactId: contact.id }, 'the bytes of an attachment are missing from the blob store');
    throw errors.notFound(`the file of attachment ${attachment.id} is missing`, 'Attachment', attachment.id);
  }
  const expires = services.pipeline.now() + (body.data.UrlExpiryInSeconds ?? DOWNLOAD_URL_SECONDS.default) * 1000;
  const token = issueToken(instance.tokenKey, {
    kind: 'attachment-download', instanceId: instance.id, contactId: contact.id, participantId: participant.id, attachmentId: attachment.id, expires,
  });
  sendJson(res, 200, {
    Url: `${baseUrl(services, req)}/attachments/${attachment.id}?token=${encodeURIComponent(token)}`,
    UrlExpiry: new Date(expires).toISOString(),
    AttachmentSizeInBytes: attachment.sizeBytes,
  });
}

/** The claims of an upload or download URL's token, for the attachment in the path. */
function urlClaims(services: Services, { params, url }: RouteContext, kind: 'attachment-upload' | 'attachment-download'): Required<Pick<TokenClaims, 'instanceId' | 'contactId' | 'participantId' | 'attachmentId'>> {
  const token = url.searchParams.get('token') ?? '';
  const instance = services.state.instances.get(peekToken(token)?.instanceId ?? '');
  const claims = instance ? verifyToken(token, instance.tokenKey, kind, services.pipeline.now()) : undefined;
  if (!claims?.contactId || !claims.participantId || !claims.attachmentId || claims.attachmentId !== params.attachmentId) {
    throw errors.accessDenied('this URL is not valid (or has expired) for this attachment');
  }
  return { instanceId: claims.instanceId, contactId: claims.contactId, participantId: claims.participantId, attachmentId: claims.attachmentId };
}

/**
 * PUT /attachments/{id}?token=… — the upload URL. It takes exactly the declared bytes, of the declared
 * type, for a pending upload of a participant still in the chat; anything else is refused with
 * ValidationException and nothing is kept. The bytes are durable (fsynced and renamed into place)
 * before the answer.
 */
export async function putAttachmentBytes(services: Services, ctx: RouteContext): Promise<void> {
  const { req, res } = ctx;
  const who = urlClaims(services, ctx, 'attachment-upload');
  const body = bodyOf(req);
  /** A refusal before the whole body was read: the rest is read and dropped, so a client still sending gets the answer. */
  const early = (error: ApiError): ApiError => {
    void body.discardRest(DISCARD_LIMIT_BYTES);
    return error;
  };
  const pending = await services.pipeline.archive.withContact(who.instanceId, who.contactId, () => attachmentToUpload(services.state, who));
  if (isRejection(pending)) throw early(fromRejection('participant', pending));
  const declaredType = req.headers['content-type'];
  if (declaredType !== undefined && mediaType(declaredType) !== pending.contentType) {
    throw early(errors.validation('participant', `the upload is ${declaredType}, but ${pending.contentType} was declared`));
  }
  const length = req.headers['content-length'];
  if (length !== undefined && Number(length) !== pending.sizeBytes) {
    const more = Number(length) > pending.sizeBytes;
    throw early(errors.validation('participant', `the upload is ${length} bytes, but ${pending.sizeBytes} were declared (${more ? 'more' : 'fewer'} bytes than declared)`));
  }
  let staged;
  try {
    staged = await services.blobs.stage(body.chunks, { maxBytes: pending.sizeBytes });
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw early(errors.validation('participant', `the upload is more than the ${pending.sizeBytes} bytes declared`));
    // The client went away mid-upload (or the disk failed: then say so in the log).
    if (!req.readableAborted && !req.destroyed) throw error;
    throw early(errors.validation('participant', 'the upload was interrupted'));
  }
  if (staged.sizeBytes !== pending.sizeBytes) {
    await staged.discard();
    throw errors.validation('participant', `the upload is ${staged.sizeBytes} bytes, but ${pending.sizeBytes} were declared (fewer bytes than declared)`);
  }
  await exclusive(pending.id, async () => {
    // The chat may have ended, or the upload been completed, while the bytes arrived.
    const still = attachmentToUpload(services.state, who);
    if (isRejection(still)) {
      await staged.discard();
      throw fromRejection('participant', still);
    }
    await staged.commit(blobKey(who.instanceId, who.contactId, pending.id));
  });
  res.writeHead(200, { 'content-length': '0' }).end();
}

/** After a refused upload, at most this much more is read (and dropped) before the connection is cut. */
const DISCARD_LIMIT_BYTES = MAX_ATTACHMENT_BYTES;

/**
 * The request body as chunks for a reader that may stop early (too many bytes). Stopping must not
 * destroy the request: its socket still has to carry the 400 back to a client that is still sending,
 * so the rest is read and dropped — up to a limit, past which the connection is cut.
 */
function bodyOf(req: IncomingMessage): { chunks: AsyncIterable<Uint8Array>; discardRest(limit: number): Promise<void> } {
  const iterator = req[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return {
    chunks: { [Symbol.asyncIterator]: () => ({ next: () => iterator.next() }) },
    async discardRest(limit) {
      let seen = 0;
      try {
        for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
          seen += r.value.byteLength;
          if (seen > limit) {
            req.destroy();
            return;
          }
        }
      } catch {
        // the client went away
      }
    },
  };
}

/** GET /attachments/{id}?token=… — the download URL: the file, with its type and name. */
export async function getAttachmentBytes(services: Services, ctx: RouteContext): Promise<void> {
  const { res } = ctx;
  const who = urlClaims(services, ctx, 'attachment-download');
  await services.pipeline.settled();
  const attachment = await services.pipeline.archive.withContact(who.instanceId, who.contactId, () => approvedAttachment(services.state, who.instanceId, who.contactId, who.attachmentId));
  if (isRejection(attachment)) throw fromRejection('participant', attachment);
  const blob = await services.blobs.get(blobKey(who.instanceId, who.contactId, attachment.id));
  if (!blob) throw errors.notFound(`the file of attachment ${attachment.id} is missing`, 'Attachment', attachment.id);
  res.writeHead(200, {
    'content-type': attachment.contentType,
    'content-length': String(blob.sizeBytes),
    'content-disposition': contentDisposition(attachment.name),
    'x-content-type-options': 'nosniff',
    // Shown inline (an image in the transcript), the file can run nothing.
    'content-security-policy': "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'",
    'cache-control': 'private, max-age=300',
  });
  blob.stream.on('error', (error) => {
    log().error({ err: error, attachmentId: attachment.id }, 'reading an attachment failed');
    res.destroy();
  });
  blob.stream.pipe(res);
}

/** `attachment; filename="…"` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(name: string): string {
  name = name.replace(LONE_SURROGATE, '\uFFFD'); // a lone surrogate (refused at upload since session 8) cannot be percent-encoded
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** CORS for the upload and download URLs: chatjs PUTs and fetches them from the customer's page. */
export function attachmentCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', 'x-amzn-errortype, content-disposition, content-length');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, { 'access-control-allow-methods': 'GET, PUT', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' }).end();
  return true;
}

/** When a chat ends, the bytes of uploads never completed are deleted: they can never join it now. */
export function discardUnfinishedUploads(services: Services, events: readonly Event[]): void {
  for (const event of events) {
    if (event.type !== 'ContactEnded') continue;
    const contact = services.state.instances.get(event.instanceId)?.contacts.get(event.contactId);
    if (!contact) continue;
    for (const attachment of unfinishedUploads(contact)) {
      void exclusive(attachment.id, () => services.blobs.delete(blobKey(event.instanceId, contact.id, attachment.id)))
        .catch((error) => log().warn({ err: error, attachmentId: attachment.id }, 'could not delete an unfinished upload'));
    }
  }
}

/**
 * On start: delete any bytes left of uploads in chats that ended (e.g. a crash before the cleanup ran).
 * The uploads are listed before the first await: the chats replay rebuilt are all in memory then, before
 * the finished ones leave it for the archive.
 */
export async function sweepUnfinishedUploads(services: Services): Promise<void> {
  const keys: string[] = [];
  for (const instance of services.state.instances.values()) {
    for (const contact of instance.contacts.values()) {
      if (contact.status !== 'ended') continue;
      for (const attachment of unfinishedUploads(contact)) keys.push(blobKey(instance.id, contact.id, attachment.id));
    }
  }
  for (const key of keys) await services.blobs.delete(key);
}
