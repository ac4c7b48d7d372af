/**
 * A call recording for the console's player. The recording route (GET /recordings/{InstanceId}/{ContactId}/
 * {RecordingId}) needs the user's token in the Authorization header, which an <audio src> cannot send; so the
 * page fetches the file with the header and plays it from an object URL. Chosen over a short-lived signed URL:
 * no new server surface, and no credential in a URL (where it would land in the server's and proxies' logs and
 * the browser's history). The cost — the whole file is fetched before it plays — is paid only when the user asks
 * for it (recordings are 8 kHz WAV, about 2 MB a minute).
 */
import { ConsoleApiError } from './api.ts';

/** The recording route's path. */
export function recordingPath(instanceId: string, contactId: string, recordingId: string): string {
  return `/recordings/${encodeURIComponent(instanceId)}/${encodeURIComponent(contactId)}/${encodeURIComponent(recordingId)}`;
}

/**
 * Fetches a recording with the token and returns an object URL of it (blob:…) for an <audio> element, typed
 * audio/wav whatever the answer's content type; the caller revokes it (URL.revokeObjectURL) when done.
 * A refusal is a ConsoleApiError with the server's exception name.
 */
export async function loadRecording(token: string, url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ConsoleApiError('NetworkError', 'the server cannot be reached', 0);
  }
  if (!response.ok) {
    const type = (response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`).split(':')[0]!;
    const text = await response.text();
    let message = response.statusText;
    try {
      message = String((JSON.parse(text) as { message?: string }).message ?? message);
    } catch { /* not JSON */ }
    throw new ConsoleApiError(type, message, response.status);
  }
  const bytes = await response.arrayBuffer();
  return URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
}
