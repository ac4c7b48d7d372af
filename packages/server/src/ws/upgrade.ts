import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import type { Services } from '../services.ts';
import { parseTarget } from '../http/target.ts';
import { reportUnexpected } from '../http/report.ts';
import { authorizeAgentSocket, serveAgentSocket } from './agentSocket.ts';
import { authorizeChatSocket, serveChatSocket } from './chatSocket.ts';
import { coalesceWrites } from './coalesce.ts';
import { authorizeConsoleSocket, serveConsoleSocket } from '../console/socket.ts';

/** An upgrade refused before it became a WebSocket: an HTTP answer in the APIs' error shape, then the connection closes. */
function refuse(socket: Duplex, status: number, errorType: string, message: string): void {
  const body = JSON.stringify({ message });
  const reason = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nx-amzn-ErrorType: ${errorType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/**
 * A WebSocket upgrade: /participant/ws (a customer's or agent's chat socket, by its WebSocket token) or
 * /agent/ws (an agent's CCP, by its session token). The socket counts against its limits (per
 * participant and per contact, or per agent session) from the upgrade until its connection closes; past
 * them the upgrade is refused 429. Nothing here can throw past it.
 */
export function upgradeSocket(services: Services, wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => undefined); // a reset mid-handshake is the client's business
  try {
    const url = parseTarget(req.url);
    if (!url) return refuse(socket, 400, 'ValidationException', 'the request target is not a valid path');
    const limits = services.config.limits;
    if (url.pathname === '/participant/ws') {
      const who = authorizeChatSocket(services, url, req);
      if (!who) return refuse(socket, 403, 'AccessDeniedException', 'the WebSocket URL is not valid (or has expired)');
      if ('refused' in who) return refuse(socket, 403, 'AccessDeniedException', who.refused);
      const keys = [
        { key: `participant/${who.participantId}`, max: limits.chatSocketsPerParticipant },
        { key: `contact/${who.contactId}`, max: limits.chatSocketsPerContact },
      ];
      if (!held(services, socket, keys)) return refuse(socket, 429, 'ThrottlingException', 'too many chat sockets open for this participant or chat');
      wss.handleUpgrade(req, socket, head, (ws) => {
        coalesceWrites(ws, socket, services.sockets);
        services.sockets.watch(ws, socket, true);
        serveChatSocket(services, ws, socket, who);
      });
    } else if (url.pathname === '/agent/ws') {
      const who = authorizeAgentSocket(services, url);
      if (!who) return refuse(socket, 403, 'AccessDeniedException', 'the agent session is not valid (or has ended)');
      if (!held(services, socket, [{ key: `session/${who.sessionId}`, max: limits.agentSocketsPerSession }])) {
        return refuse(socket, 429, 'ThrottlingException', 'too many CCP sockets open for this agent session');
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        coalesceWrites(ws, socket, services.sockets);
        services.sockets.watch(ws, socket, false);
        serveAgentSocket(services, ws, socket, who);
      });
    } else if (url.pathname === '/admin/socket') {
      // The admin console's real-time dashboard (console/socket.ts): needs AccessMetrics.
      const who = authorizeConsoleSocket(services, url);
      if ('refused' in who) return refuse(socket, 403, 'AccessDeniedException', who.refused);
      if (!held(services, socket, [{ key: `console/${who.sessionId}`, max: limits.agentSocketsPerSession }])) {
        return refuse(socket, 429, 'ThrottlingException', 'too many console sockets open for this session');
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        coalesceWrites(ws, socket, services.sockets);
        services.sockets.watch(ws, socket, false);
        serveConsoleSocket(services, ws, who);
      });
    } else {
      refuse(socket, 404, 'ResourceNotFoundException', 'no WebSocket here');
    }
  } catch (error) {
    reportUnexpected('WebSocket upgrade failed', error);
    refuse(socket, 500, 'InternalServerException', 'Internal error');
  }
}

/** Counts the socket under each key while its connection is open; false (nothing counted) past a limit. */
function held(services: Services, socket: Duplex, keys: { key: string; max: number }[]): boolean {
  if (!services.open.take(keys)) return false;
  socket.once('close', () => services.open.release(keys));
  return true;
}
