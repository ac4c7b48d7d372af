import type { Router } from '../http/router.ts';
import type { Services } from '../services.ts';
import { completeAttachmentUpload, getAttachment, getAttachmentBytes, putAttachmentBytes, startAttachmentUpload } from '../api/participant/attachments.ts';
import { createParticipantConnection } from '../api/participant/connection.ts';
import { disconnectParticipant } from '../api/participant/disconnect.ts';
import { sendEvent, sendMessage } from '../api/participant/messages.ts';
import { getTranscript } from '../api/participant/transcript.ts';
import { widgetPreflight, widgetStartChat } from '../api/widget.ts';

/** The Participant Service (what chatjs calls), attachments and the widget. */
export function participantRoutes(router: Router, services: Services): Router {
  return router
    .on('POST', '/participant/connection', (c) => createParticipantConnection(services, c))
    .on('POST', '/participant/message', (c) => sendMessage(services, c))
    .on('POST', '/participant/event', (c) => sendEvent(services, c))
    .on('POST', '/participant/transcript', (c) => getTranscript(services, c))
    .on('POST', '/participant/disconnect', (c) => disconnectParticipant(services, c))
    .on('POST', '/participant/start-attachment-upload', (c) => startAttachmentUpload(services, c))
    .on('POST', '/participant/complete-attachment-upload', (c) => completeAttachmentUpload(services, c))
    .on('POST', '/participant/attachment', (c) => getAttachment(services, c))
    .on('PUT', '/attachments/:attachmentId', (c) => putAttachmentBytes(services, c))
    .on('GET', '/attachments/:attachmentId', (c) => getAttachmentBytes(services, c))
    .on('OPTIONS', '/widget/:widgetId/start-chat', (c) => widgetPreflight(services, c))
    .on('POST', '/widget/:widgetId/start-chat', (c) => widgetStartChat(services, c));
}
