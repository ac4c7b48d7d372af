/** The note the CCP puts under a whisper's message (an item with VisibleTo). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentChatItemView } from '@switchboard/sdk';
import { whisperLabel } from '../src/shared/whisper.ts';

const ME = 'agent-1';
const item = (extra: Partial<AgentChatItemView> = {}): AgentChatItemView => ({
  AbsoluteTime: '2024-01-01T00:00:00.000Z', ContentType: 'text/plain', Content: 'A gold member', Id: 'm1', Type: 'MESSAGE',
  ParticipantRole: 'SYSTEM', DisplayName: 'SYSTEM_MESSAGE', ContactId: 'c', InitialContactId: 'c', ...extra,
});

test('a message without VisibleTo is no whisper: no label', () => {
  assert.equal(whisperLabel(item(), ME), undefined);
});

test('a whisper for the agent alone reads "only you see this"', () => {
  assert.equal(whisperLabel(item({ VisibleTo: [{ ParticipantId: ME, ParticipantRole: 'AGENT', DisplayName: 'Ann' }] }), ME), 'Whisper — only you see this');
});

test('a whisper seen by others too never says "only you": it names them', () => {
  assert.equal(whisperLabel(item({ VisibleTo: [{ ParticipantId: ME }, { ParticipantId: 'agent-2', DisplayName: 'Bob' }] }), ME), 'Whisper — only you and Bob see this');
  assert.equal(whisperLabel(item({ VisibleTo: [{ ParticipantId: 'customer-1', ParticipantRole: 'CUSTOMER' }] }), ME), 'Whisper — only the customer sees this');
});
