/** Seed 002 on the pages: when a chat is multi-party (no receipts sent or shown), as each page can tell. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatItemView, ContactView } from '@switchboard/sdk';
import { isMultiPartyContact, isMultiPartyTranscript } from '../src/shared/multiParty.ts';

const JOINED = 'application/vnd.amazonaws.connect.event.participant.joined';
const LEFT = 'application/vnd.amazonaws.connect.event.participant.left';
let n = 0;
const event = (contentType: string, participantId: string, role: string): ChatItemView =>
  ({ AbsoluteTime: new Date(1_700_000_000_000 + ++n).toISOString(), ContentType: contentType, Id: `e${n}`, Type: 'EVENT', ParticipantId: participantId, ParticipantRole: role, ContactId: 'c', InitialContactId: 'c' });

test('customer page: a chat with the customer and one agent is not multi-party; a second agent joining makes it so, and leaving ends it', () => {
  const two = [event(JOINED, 'cust', 'CUSTOMER'), event(JOINED, 'a1', 'AGENT')];
  assert.equal(isMultiPartyTranscript(two), false);
  const three = [...two, event(JOINED, 'a2', 'AGENT')];
  assert.equal(isMultiPartyTranscript(three), true);
  assert.equal(isMultiPartyTranscript([...three, event(LEFT, 'a2', 'AGENT')]), false);
});

test('customer page: a transfer (one agent leaves, another joins) stays a two-party chat; bots and the system are not counted', () => {
  const items = [
    event(JOINED, 'cust', 'CUSTOMER'), event(JOINED, 'bot', 'CUSTOM_BOT'), event(JOINED, 'sys', 'SYSTEM'),
    event(JOINED, 'a1', 'AGENT'), event(LEFT, 'a1', 'AGENT'), event(JOINED, 'a2', 'AGENT'),
  ];
  assert.equal(isMultiPartyTranscript(items), false);
});

function contact(connections: { state: 'connecting' | 'connected' | 'disconnected'; isOwn?: boolean; type?: 'agent' | 'inbound' }[]): ContactView {
  return {
    contactId: 'c', initialContactId: 'c', type: 'chat', state: { type: 'connected', timestamp: 0 }, attributes: {}, initiationMethod: 'API', name: '',
    initiationTimestamp: 0, customerName: 'Ann', contactFeatures: { multiPartyConferenceEnabled: true },
    connections: connections.map((c, i) => ({
      connectionId: `p${i}`, endpoint: { type: 'agent', name: `p${i}`, displayName: `p${i}` }, state: { type: c.state, timestamp: 0 },
      type: c.type ?? 'agent', initial: false, ...(c.isOwn ? { isOwn: true } : {}),
    })),
  };
}

test('CCP: more than two people connected, or someone being invited, is multi-party; people who left do not count', () => {
  assert.equal(isMultiPartyContact(contact([{ state: 'connected', type: 'inbound' }, { state: 'connected', isOwn: true }])), false);
  assert.equal(isMultiPartyContact(contact([{ state: 'connected', type: 'inbound' }, { state: 'connected', isOwn: true }, { state: 'connected' }])), true);
  assert.equal(isMultiPartyContact(contact([{ state: 'connected', type: 'inbound' }, { state: 'connected', isOwn: true }, { state: 'connecting' }])), true);
  assert.equal(isMultiPartyContact(contact([{ state: 'connected', type: 'inbound' }, { state: 'connected', isOwn: true }, { state: 'disconnected' }])), false);
});

test('CCP: the agent\'s own offer (a connecting connection of their own) does not make a chat multi-party', () => {
  assert.equal(isMultiPartyContact(contact([{ state: 'connected', type: 'inbound' }, { state: 'connected' }, { state: 'connecting', isOwn: true }])), false);
});
