import type { AgentChatItemView } from '@switchboard/sdk';

/**
 * The note under a whisper's message (an item with `VisibleTo`, which only the agent's CCP gets): a
 * whisper is one-sided, so the agent must not take it for something the customer read too. Undefined
 * for every other item.
 */
export function whisperLabel(item: AgentChatItemView, ownParticipantId: string | undefined): string | undefined {
  if (item.VisibleTo === undefined) return undefined;
  const others = item.VisibleTo.filter((p) => p.ParticipantId !== ownParticipantId);
  if (others.length === 0) return 'Whisper — only you see this';
  const names = others.map((p) => p.DisplayName ?? (p.ParticipantRole ? `the ${p.ParticipantRole.toLowerCase()}` : 'another participant')).join(', ');
  return item.VisibleTo.length > others.length ? `Whisper — only you and ${names} see this` : `Whisper — only ${names} see${others.length === 1 ? 's' : ''} this`;
}
