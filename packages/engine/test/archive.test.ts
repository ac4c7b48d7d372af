/** Finished chats (archive/finished.ts) and the contact codec (archive/contactCodec.ts). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  archiveRecord, contactFacts, contactsNamedBy, deserializeContact, finishedContacts, forgetContact, isFinishedContact, reviveContact, serializeContact,
  type Contact,
} from '../src/index.ts';
import { World } from './fixtures.ts';

/** alice accepts a chat, the customer leaves (alice in ACW). */
function endedChat() {
  const world = new World({ agents: ['alice'] });
  world.setStatus('alice', 'Available');
  const chat = world.startChat('Pat', { initialMessage: 'hello', attributes: { order: '42', $t: 'tagged-looking key' } });
  world.accept('alice', chat.contactId);
  world.send(chat.contactId, chat.customerId, 'bye');
  const ended = world.disconnect(chat.contactId, chat.customerId);
  assert.ok(ended.ok);
  return { world, ...chat, endedEvents: ended.events };
}

describe('finished chats', () => {
  test('a chat is not finished while it waits in a queue or is offered', () => {
    const world = new World({ agents: ['alice'] });
    const queued = world.startChat('Pat');
    assert.equal(world.contact(queued.contactId).status, 'queued');
    assert.equal(isFinishedContact(world.instance, world.contact(queued.contactId)), false);
    const offered = world.setStatus('alice', 'Available');
    assert.ok(offered.ok && offered.events.some((e) => e.type === 'ContactOffered'));
    assert.equal(isFinishedContact(world.instance, world.contact(queued.contactId)), false);
    assert.deepEqual(finishedContacts(world.instance, offered.events), []);
  });

  test('an ended chat is not finished while its agent is in after contact work', () => {
    const { world, contactId, endedEvents } = endedChat();
    assert.equal(world.contact(contactId).status, 'ended');
    assert.equal(world.agentContact('alice', contactId)?.state, 'ended');
    assert.equal(isFinishedContact(world.instance, world.contact(contactId)), false);
    assert.deepEqual(finishedContacts(world.instance, endedEvents), []);
  });

  test('an ended chat every agent has cleared is finished, once, named by the batch that cleared it', () => {
    const { world, contactId } = endedChat();
    const cleared = world.clear('alice', contactId);
    assert.ok(cleared.ok);
    assert.equal(isFinishedContact(world.instance, world.contact(contactId)), true);
    assert.deepEqual(finishedContacts(world.instance, [...cleared.events, ...cleared.events]).map((c) => c.id), [contactId]);
  });

  test('an ended chat abandoned in the queue (never offered) is finished', () => {
    const world = new World({ agents: ['alice'] });
    const chat = world.startChat('Pat');
    const left = world.disconnect(chat.contactId, chat.customerId);
    assert.ok(left.ok);
    assert.deepEqual(finishedContacts(world.instance, left.events).map((c) => c.id), [chat.contactId]);
  });

  test('a settled task is finished as a chat is (a chain of one); a voice contact without its call never is', () => {
    const { world, contactId } = endedChat();
    world.clear('alice', contactId);
    const chat = world.contact(contactId);
    assert.equal(isFinishedContact(world.instance, chat), true);
    assert.equal(isFinishedContact(world.instance, { ...chat, channel: 'TASK' }), true);
    assert.equal(isFinishedContact(world.instance, { ...chat, channel: 'VOICE' }), false);
  });

  test('forgetContact takes it out of memory and reviveContact puts it back', () => {
    const { world, contactId } = endedChat();
    world.clear('alice', contactId);
    const contact = world.contact(contactId);
    forgetContact(world.instance, contactId);
    assert.equal(world.instance.contacts.has(contactId), false);
    reviveContact(world.instance, contact);
    assert.equal(world.contact(contactId), contact);
  });

  test('a command names the contact it acts on and a new chat\'s related contact', () => {
    assert.deepEqual(contactsNamedBy({ type: 'StopContact', instanceId: 'i', contactId: 'c', now: 0, seed: 's' }), ['c']);
    assert.deepEqual(contactsNamedBy({
      type: 'StartChatContact', instanceId: 'i', contactId: 'n', participantId: 'p', contactFlowId: 'f', displayName: 'x', attributes: {},
      chatDurationMinutes: 60, relatedContactId: 'r', now: 0, seed: 's',
    }), ['n', 'r']);
    assert.deepEqual(contactsNamedBy({ type: 'RouteContacts', instanceId: 'i', now: 0, seed: 's' }), []);
  });
});

describe('contact codec', () => {
  test('serialise then deserialise gives back the same contact, Maps, undefined properties and $t-like keys included', () => {
    const { world, contactId } = endedChat();
    world.clear('alice', contactId);
    const contact: Contact = world.contact(contactId);
    contact.attachments.set('att-1', { id: 'att-1', name: 'a.txt', contentType: 'text/plain', sizeBytes: 3, participantId: 'p', startedAt: 1, status: 'pending' });
    (contact as { targetQueueId?: string }).targetQueueId = undefined;
    contact.attributes.nested = '{"$t":"map","v":[]}';
    assert.ok(contact.participants.size >= 2);
    const revived = deserializeContact(serializeContact(contact));
    assert.deepStrictEqual(revived, contact);
    assert.ok(revived.participants instanceof Map && revived.attachments instanceof Map);
    assert.ok(Object.hasOwn(revived, 'targetQueueId'));
  });

  test('an attribute named "__proto__" (a caller may use any name without "$" or ".") survives the archive as an attribute', () => {
    const { world, contactId } = endedChat();
    world.clear('alice', contactId);
    const contact: Contact = world.contact(contactId);
    // As UpdateContactAttributes leaves it: JSON.parse gives an own "__proto__" key, and spreading keeps it one.
    contact.attributes = { ...contact.attributes, ...(JSON.parse('{"__proto__":"kept","plain":"x"}') as Record<string, string>) };
    assert.ok(Object.hasOwn(contact.attributes, '__proto__'));
    const revived = deserializeContact(serializeContact(contact));
    assert.ok(Object.hasOwn(revived.attributes, '__proto__'), 'still an own attribute');
    assert.equal(Object.getOwnPropertyDescriptor(revived.attributes, '__proto__')?.value, 'kept');
    assert.equal(Object.getPrototypeOf(revived.attributes), Object.prototype);
    assert.deepStrictEqual(revived, contact);
  });

  test('an archive record carries the contact\'s metric facts and their time span', () => {
    const { world, contactId } = endedChat();
    world.advance(5000).clear('alice', contactId);
    const contact = world.contact(contactId);
    const record = archiveRecord(world.instance, contact);
    assert.deepEqual(record.facts, contactFacts(world.instance, contact));
    assert.ok(record.facts.some((f) => f.metric === 'CONTACTS_HANDLED') && record.facts.some((f) => f.metric === 'AVG_HANDLE_TIME'));
    assert.equal(record.factsFrom, Math.min(...record.facts.map((f) => f.at)));
    assert.equal(record.factsTo, Math.max(...record.facts.map((f) => f.at)));
    assert.deepStrictEqual(deserializeContact(record.data), contact);
  });
});
