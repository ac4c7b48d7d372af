import type { ChatDetails } from '@switchboard/sdk';

/** The customer's chat is remembered per widget, so a reload resumes it. */
export interface StoredChat {
  details: ChatDetails;
  displayName: string;
}

const key = (widgetId: string) => `switchboard.chat.${widgetId}`;

export function loadChat(widgetId: string): StoredChat | undefined {
  try {
    const raw = localStorage.getItem(key(widgetId));
    return raw ? (JSON.parse(raw) as StoredChat) : undefined;
  } catch {
    return undefined;
  }
}

export function saveChat(widgetId: string, chat: StoredChat): void {
  localStorage.setItem(key(widgetId), JSON.stringify(chat));
}

export function forgetChat(widgetId: string): void {
  localStorage.removeItem(key(widgetId));
}
