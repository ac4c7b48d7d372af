import type { IncomingMessage } from 'node:http';
import { ApiError, errors, type ApiFlavor } from './errors.ts';

/** JSON API bodies are small; anything larger is refused before it is read whole. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** A body over the limit (declared or sent): answered 400 in the API's shape, then the connection closes. */
export class BodyTooLarge extends ApiError {
  constructor(flavor: ApiFlavor, limit: number) {
    const e = errors.tooLarge(flavor, `request body is larger than ${limit} bytes`);
    super(e.status, e.errorType, e.message);
  }
}

/** The client went away before its body ended: nobody is left to answer, and nothing is logged. */
export class RequestAborted extends ApiError {
  constructor(flavor: ApiFlavor) {
    super(400, errors.validation(flavor, '').errorType, 'the request closed before its body ended');
  }
}

/**
 * Reads a request body whole (with listeners: an async iterator per request cost more than the reading).
 * Past the limit it stops keeping what arrives (the caller answers, and handle.ts drains and closes the
 * connection, so the client gets an answer instead of a reset).
 */
export function readBody(req: IncomingMessage, flavor: ApiFlavor, limit = MAX_JSON_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLarge(flavor, limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        ended = true;
        chunks.length = 0;
        req.off('data', onData);
        reject(new BodyTooLarge(flavor, limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (ended) return;
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.once('error', () => {
      if (!ended) reject(new RequestAborted(flavor));
      ended = true;
    });
    req.once('close', () => {
      if (!ended) reject(new RequestAborted(flavor));
      ended = true;
    });
  });
}

/** Parses a JSON body; an empty body is `{}` (AWS clients send none for operations without input). */
export function parseJson(raw: Buffer, flavor: ApiFlavor): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw errors.validation(flavor, 'request body is not valid JSON');
  }
}

export { ApiError };
