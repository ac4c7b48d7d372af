export { ChatSession, CONTENT_TYPE, type ChatDetails, type ChatSessionOptions, type TranscriptArgs } from './chatSession.ts';
export { startChatFromWidget } from './widget.ts';
export { ApiRequestError } from '../http.ts';
export type { ChatItemView } from '@switchboard/engine';
