import type { ChatItemView, ContactView } from '@switchboard/sdk';

const JOINED = 'application/vnd.amazonaws.connect.event.participant.joined';
const LEFT = 'application/vnd.amazonaws.connect.event.participant.left';

/**
 * Seed 002: read and delivered receipts are not supported in multi-party chats (more than two people:
 * the customer and agents). Pages neither send nor show them there; the server would accept and drop
 * them anyway.
 */

/**
 * The customer page's view: who is in the chat, from the transcript's participant.joined / .left events
 * (the customer's own join included). Bots and the system are not people of the chat. A pending
 * invitation is not counted (the customer cannot tell when one ends unanswered).
 */
export function isMultiPartyTranscript(items: readonly ChatItemView[]): boolean {
  const inChat = new Set<string>();
  for (const item of items) {
    if (item.Type !== 'EVENT' || item.ParticipantId === undefined) continue;
    if (item.ParticipantRole !== 'CUSTOMER' && item.ParticipantRole !== 'AGENT') continue;
    if (item.ContentType === JOINED) inChat.add(item.ParticipantId);
    else if (item.ContentType === LEFT) inChat.delete(item.ParticipantId);
  }
  return inChat.size > 2;
}

/**
 * The CCP's view, from the agent's snapshot, as the server decides it: more than two people connected,
 * or someone being invited (an invitation shows as a connecting connection that is not the agent's own
 * offer).
 */
export function isMultiPartyContact(contact: ContactView): boolean {
  const connected = contact.connections.filter((c) => c.state.type === 'connected').length;
  return connected > 2 || contact.connections.some((c) => c.state.type === 'connecting' && !c.isOwn);
}
