import type { ChatItemView } from '@switchboard/engine';

/** The chat WebSocket frame for an item: `content` must be a string (chatjs JSON.parses it). */
export function chatFrame(item: ChatItemView): string {
  return JSON.stringify({ topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(item) });
}
