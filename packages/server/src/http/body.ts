import type { IncomingMessage } from 'node:http';
import { ApiError, errors, type ApiFlavor } from './errors.ts';

/** JSON API bodies are small; anything larger is refused before it is read whole. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Reads a request body whole (with listeners: an async iterator per request cost more than the reading). */
export function readBody(req: IncomingMessage, flavor: ApiFlavor, limit = MAX_JSON_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(errors.tooLarge(flavor, `request body is larger than ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      if (ended) return;
      size += chunk.length;
      if (size > limit) {
        ended = true;
        reject(errors.tooLarge(flavor, `request body is larger than ${limit} bytes`));
        req.destroy(); // as leaving a for-await loop over it did
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (ended) return;
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.once('error', (error) => {
      if (!ended) reject(error);
      ended = true;
    });
    req.once('close', () => {
      if (!ended) reject(new Error('the request closed before its body ended'));
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
