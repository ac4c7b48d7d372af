import type { IncomingMessage } from 'node:http';
import { ApiError, errors, type ApiFlavor } from './errors.ts';

/** JSON API bodies are small; anything larger is refused before it is read whole. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage, flavor: ApiFlavor, limit = MAX_JSON_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw errors.tooLarge(flavor, `request body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw errors.tooLarge(flavor, `request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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
