import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { sendFrame } from './coalesce.ts';
import type { IncomingMessage } from 'node:http';
import { authorizeToken } from '../api/participant/auth.ts';
import { pageOriginRefusal } from '../api/participant/origin.ts';
import type { Services } from '../services.ts';

/**
 * The Participant Service chat socket (/participant/ws?token=…), as amazon-connect-chatjs speaks it:
 * `aws/subscribe` → success ack, `aws/heartbeat` → heartbeat, `aws/ping` → 200 OK; chat items arrive as
 * `aws/chat` frames whose content is the item as a JSON string. A participant may hold two sockets
 * at once (chatjs opens a second before closing the first when it refreshes).
 */
export function authorizeChatSocket(services: Services, url: URL, req: IncomingMessage): { contactId: string; participantId: string } | { refused: string } | undefined {
  let caller: ReturnType<typeof authorizeToken>;
  try {
    caller = authorizeToken(services, url.searchParams.get('token') ?? '', 'websocket');
  } catch {
    return undefined;
  }
  // A page's socket must come from an origin the instance approves (api/participant/origin.ts).
  const refusal = pageOriginRefusal(services, req, caller.instance);
  if (refusal) return { refused: refusal };
  if (caller.participant.state !== 'connected') return undefined;
  return { contactId: caller.contact.id, participantId: caller.participant.id };
}

export function serveChatSocket(services: Services, ws: WebSocket, transport: Duplex, who: { contactId: string; participantId: string }): void {
  const guard = services.sockets;
  let subscribed = false;
  const reply = (text: string) => {
    sendFrame(ws, text);
    // Answers leave no faster than the client reads them: past a bound the socket is not read until it has.
    guard.pace(ws, transport);
  };
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const frame = parseFrame(data);
    if (!frame) return; // not a JSON object: the protocol has no answer for it
    switch (frame.topic) {
      case 'aws/subscribe': {
        const content = isObject(frame.content) ? frame.content : {};
        const topics: unknown[] = Array.isArray(content.topics) ? content.topics : [];
        const ok = topics.length > 0 && topics.every((t) => t === 'aws/chat');
        if (ok && !subscribed) {
          subscribed = true;
          guard.subscribed(ws);
          services.hub.addChatSocket(who.contactId, who.participantId, ws);
        }
        reply(JSON.stringify({ topic: 'aws/subscribe', content: { status: ok ? 'success' : 'failure', topics } }));
        break;
      }
      case 'aws/heartbeat':
        reply('{"topic":"aws/heartbeat"}');
        break;
      case 'aws/ping':
        reply('{"topic":"aws/ping","statusCode":200,"statusContent":"OK"}');
        break;
      default:
        break;
    }
  });
}

/** A frame's JSON object, or undefined for anything else (invalid JSON, null, a number, an array). */
function parseFrame(data: RawData): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data.toString());
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
