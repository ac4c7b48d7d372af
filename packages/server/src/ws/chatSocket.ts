import type { WebSocket } from 'ws';
import { authorizeToken } from '../api/participant/auth.ts';
import type { Services } from '../services.ts';

/**
 * The Participant Service chat socket (/participant/ws?token=…), as amazon-connect-chatjs speaks it:
 * `aws/subscribe` → success ack, `aws/heartbeat` → heartbeat, `aws/ping` → 200 OK; chat items arrive as
 * `aws/chat` frames whose content is the item as a JSON string. A participant may hold two sockets
 * at once (chatjs opens a second before closing the first when it refreshes).
 */
export function authorizeChatSocket(services: Services, url: URL): { contactId: string; participantId: string } | undefined {
  try {
    const { contact, participant } = authorizeToken(services, url.searchParams.get('token') ?? '', 'websocket');
    if (participant.state !== 'connected') return undefined;
    return { contactId: contact.id, participantId: participant.id };
  } catch {
    return undefined;
  }
}

export function serveChatSocket(services: Services, ws: WebSocket, who: { contactId: string; participantId: string }): void {
  let subscribed = false;
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let frame: { topic?: unknown; content?: { topics?: unknown } };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    switch (frame.topic) {
      case 'aws/subscribe': {
        const topics = Array.isArray(frame.content?.topics) ? frame.content.topics : [];
        const ok = topics.length > 0 && topics.every((t) => t === 'aws/chat');
        if (ok && !subscribed) {
          subscribed = true;
          services.hub.addChatSocket(who.contactId, who.participantId, ws);
        }
        ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { status: ok ? 'success' : 'failure', topics } }));
        break;
      }
      case 'aws/heartbeat':
        ws.send(JSON.stringify({ topic: 'aws/heartbeat' }));
        break;
      case 'aws/ping':
        ws.send(JSON.stringify({ topic: 'aws/ping', statusCode: 200, statusContent: 'OK' }));
        break;
      default:
        break;
    }
  });
}
