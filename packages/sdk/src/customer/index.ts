export { ChatSession, CONTENT_TYPE, MESSAGE_METADATA, type ChatDetails, type ChatSessionOptions, type TranscriptArgs } from './chatSession.ts';
export { startChatFromWidget } from './widget.ts';
export { ApiRequestError } from '../http.ts';
export type { ChatItemView, AttachmentItemView } from '@switchboard/engine';
export { ATTACHMENT_CONTENT_TYPES, MAX_ATTACHMENT_BYTES } from '@switchboard/engine';
export type { AttachmentUrl } from '../attachments.ts';
