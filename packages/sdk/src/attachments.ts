import { ATTACHMENT_CONTENT_TYPES } from '@switchboard/engine';
import { ApiRequestError, requestJson } from './http.ts';

/** What GetAttachment answers: a short-lived download URL. */
export interface AttachmentUrl {
  Url: string;
  UrlExpiry: string;
  AttachmentSizeInBytes: number;
}

interface StartAttachmentUploadAnswer {
  AttachmentId: string;
  UploadMetadata: { Url: string; UrlExpiry: string; HeadersToInclude?: Record<string, string> };
}

/**
 * chatjs's sendAttachment, step for step: StartAttachmentUpload, then PUT the file to the upload URL
 * with the headers it names, then CompleteAttachmentUpload. Unlike chatjs it checks the PUT's answer.
 * `bearer` is the connection token.
 */
export async function sendAttachment(endpoint: string, bearer: string, file: Blob, name?: string): Promise<{ AttachmentId: string }> {
  const headers = { 'x-amz-bearer': bearer };
  const attachmentName = name ?? (file as Blob & { name?: string }).name ?? 'attachment';
  const started = await requestJson<StartAttachmentUploadAnswer>(`${endpoint}/participant/start-attachment-upload`, {
    ContentType: contentTypeOf(file, attachmentName), AttachmentSizeInBytes: file.size, AttachmentName: attachmentName, ClientToken: clientToken(),
  }, headers);
  const put = await fetch(started.UploadMetadata.Url, { method: 'PUT', headers: started.UploadMetadata.HeadersToInclude ?? {}, body: file });
  if (!put.ok) {
    const text = await put.text();
    let message = put.statusText;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiRequestError((put.headers.get('x-amzn-errortype') ?? 'UploadFailed').split(':')[0]!, message, put.status);
  }
  await requestJson(`${endpoint}/participant/complete-attachment-upload`, { AttachmentIds: [started.AttachmentId], ClientToken: clientToken() }, headers);
  return { AttachmentId: started.AttachmentId };
}

/**
 * The file's MIME type; when the browser does not know it (File.type is "", as for .heic on many
 * systems), the supported type its extension names, else application/octet-stream (which the server
 * refuses, saying which types it takes).
 */
export function contentTypeOf(file: Blob, name: string): string {
  if (file.type) return file.type;
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
  for (const [type, extensions] of ATTACHMENT_CONTENT_TYPES) if (extensions.includes(extension)) return type;
  return 'application/octet-stream';
}

/** GetAttachment: a download URL for an attachment of the caller's chat (5 to 300 seconds; the server's default when left out). */
export function getAttachment(endpoint: string, bearer: string, attachmentId: string, urlExpiryInSeconds?: number): Promise<AttachmentUrl> {
  return requestJson<AttachmentUrl>(`${endpoint}/participant/attachment`, {
    AttachmentId: attachmentId, ...(urlExpiryInSeconds !== undefined ? { UrlExpiryInSeconds: urlExpiryInSeconds } : {}),
  }, { 'x-amz-bearer': bearer });
}

/** chatjs's downloadAttachment: GetAttachment, then fetch the URL as a Blob. */
export async function downloadAttachment(endpoint: string, bearer: string, attachmentId: string): Promise<Blob> {
  const { Url } = await getAttachment(endpoint, bearer, attachmentId);
  const response = await fetch(Url);
  if (!response.ok) throw new ApiRequestError((response.headers.get('x-amzn-errortype') ?? 'DownloadFailed').split(':')[0]!, response.statusText, response.status);
  return response.blob();
}

/**
 * An idempotency token (a random UUID), as the AWS SDK fills in for ClientToken. Made from
 * getRandomValues: crypto.randomUUID exists only on secure origins, and a CCP may be served over plain http.
 */
function clientToken(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
