/** Flow validation, ids, deadlines, replay and the agent snapshot view. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateFlow, idsFrom, isUuid, deadlinesOf, pendingDeadlines, agentSnapshot, emptyState, replay, OFFER_TIMEOUT_MS,
  contactRecord, agentsAffectedBy, agentsOn, agentsInChat, type FlowDocument, type Event,
} from '../src/index.ts';
import { World, uuid } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { inboundFlow } from './flows.ts';
import { serialize } from './serialize.ts';

describe('flow validation', () => {
  const good = inboundFlow('arn:aws:connect:us-east-1:123456789012:instance/i/queue/q');

  test('the sample inbound flow is valid', () => {
    assert.equal(validateFlow(good), undefined);
  });

  test('action types outside the flow language are refused; documented ones the interpreter does not run yet are not', () => {
    const unknown: FlowDocument = { ...good, Actions: [...good.Actions, { Identifier: 'tq', Type: 'TransferToQueue' }] };
    assert.match(validateFlow(unknown) ?? '', /TransferToQueue/);
    const documented: FlowDocument = { ...good, Actions: [...good.Actions, { Identifier: 'view', Type: 'ShowView' }] };
    assert.equal(validateFlow(documented), undefined);
  });

  test('dangling transitions are refused', () => {
    const viaNext: FlowDocument = { ...good, Actions: good.Actions.map((a) => (a.Identifier === 'greet' ? { ...a, Transitions: { NextAction: 'nowhere' } } : a)) };
    assert.match(validateFlow(viaNext) ?? '', /nowhere/);
    const viaError: FlowDocument = {
      ...good,
      Actions: good.Actions.map((a) => (a.Identifier === 'transfer' ? { ...a, Transitions: { Errors: [{ NextAction: 'gone', ErrorType: 'NoMatchingError' }] } } : a)),
    };
    assert.match(validateFlow(viaError) ?? '', /gone/);
    const viaCondition: FlowDocument = {
      ...good,
      Actions: good.Actions.map((a) => (a.Identifier === 'greet'
        ? { ...a, Transitions: { NextAction: 'set-queue', Conditions: [{ NextAction: 'lost', Condition: { Operator: 'Equals', Operands: ['x'] } }] } }
        : a)),
    };
    assert.match(validateFlow(viaCondition) ?? '', /lost/);
    assert.match(validateFlow({ ...good, StartAction: 'missing' }) ?? '', /StartAction/);
  });

  test('duplicate identifiers are refused', () => {
    const doc: FlowDocument = { ...good, Actions: [...good.Actions, { Identifier: 'greet', Type: 'DisconnectParticipant' }] };
    assert.match(validateFlow(doc) ?? '', /duplicate/);
  });

  test('a wrong Version is refused', () => {
    assert.match(validateFlow({ ...good, Version: '2020-01-01' }) ?? '', /Version/);
  });

  test('an empty flow is refused', () => {
    assert.notEqual(validateFlow({ ...good, Actions: [] }), undefined);
  });

  test('CreateContactFlow refuses an invalid flow and changes nothing', () => {
    const world = new World();
    const before = serialize(world.state);
    const rejection = rejectionOf(world.run({
      type: 'CreateContactFlow', flowId: uuid(9, '4444'), name: 'bad', flowType: 'CONTACT_FLOW', content: { ...good, Version: '1' },
    }));
    assert.equal(rejection.code, 'InvalidContactFlow');
    assert.match(rejection.problems?.[0] ?? '', /Version/);
    assert.equal(serialize(world.state), before);
  });
});

describe('ids', () => {
  const seed = '0f1e2d3c-4b5a-4968-8776-655443322110';

  test('idsFrom yields distinct, UUID-shaped ids', () => {
    const source = idsFrom(seed);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = source.next();
      assert.ok(isUuid(id), `${id} is not a lower-case UUID`);
      seen.add(id);
    }
    assert.equal(seen.size, 1000);
    assert.equal(seen.has(seed), false, 'derived ids differ from the seed');
  });

  test('idsFrom is deterministic', () => {
    const a = idsFrom(seed), b = idsFrom(seed);
    for (let i = 0; i < 50; i++) assert.equal(a.next(), b.next());
    const c = idsFrom('0f1e2d3c-4b5a-4968-8776-655443322111');
    assert.notEqual(idsFrom(seed).next(), c.next());
  });

  test('idsFrom keeps the seed\'s head and wraps the 48-bit tail', () => {
    const source = idsFrom('12345678-9abc-4def-8123-fffffffffffe');
    assert.equal(source.next(), '12345678-9abc-4def-8123-ffffffffffff');
    assert.equal(source.next(), '12345678-9abc-4def-8123-000000000000');
  });

  test('idsFrom refuses a seed that is not a lower-case UUID', () => {
    for (const bad of ['', 'not-a-uuid', '0F1E2D3C-4B5A-4968-8776-655443322110', '0f1e2d3c4b5a49688776655443322110']) {
      assert.throws(() => idsFrom(bad));
    }
  });

  test('the same command with the same seed produces the same events', () => {
    const a = new World(), b = new World();
    const chatA = a.startChat('Ann'), chatB = b.startChat('Ann');
    assert.deepEqual(eventsOf(chatA.decision), eventsOf(chatB.decision));
    assert.equal(serialize(a.state), serialize(b.state));
  });
});

describe('deadlines', () => {
  test('an offer sets a deadline and accepting cancels it', () => {
    const world = new World({ agents: ['alice'] });
    eventsOf(world.setStatus('alice', 'Available'));
    const chat = world.startChat('Ann');
    const offer = eventsOfType(eventsOf(chat.decision), 'ContactOffered')[0]!;
    const [set] = deadlinesOf(offer);
    assert.ok(set);
    assert.equal(set.at, offer.deadline);
    assert.equal(set.at, world.now + OFFER_TIMEOUT_MS);
    assert.deepEqual(set.command, { type: 'ExpireOffer', instanceId: world.instanceId, contactId: chat.contactId, userId: world.userId('alice') });

    const accepted = eventsOfType(eventsOf(world.accept('alice', chat.contactId)), 'ContactAccepted')[0]!;
    const [cancel] = deadlinesOf(accepted);
    assert.equal(cancel?.key, set.key);
    assert.equal(cancel?.at, undefined);
  });

  test('rejecting and missing cancel the offer deadline; starting a chat sets its expiry and ending cancels it', () => {
    const world = new World({ agents: ['alice', 'bob'] });
    eventsOf(world.setStatus('alice', 'Available'));
    const chat = world.startChat('Ann', { chatDurationMinutes: 60 });
    const started = eventsOf(chat.decision);
    const initiated = eventsOfType(started, 'ContactInitiated')[0]!;
    const [expiry] = deadlinesOf(initiated);
    assert.equal(expiry?.at, world.now + 60 * 60_000);
    assert.deepEqual(expiry?.command, { type: 'ExpireChat', instanceId: world.instanceId, contactId: chat.contactId });
    const offerKey = deadlinesOf(eventsOfType(started, 'ContactOffered')[0]!)[0]!.key;

    const rejected = eventsOf(world.reject('alice', chat.contactId));
    // Rejected by alice, re-offered to alice (the only Available agent): cancel, then a new deadline under the same key.
    assert.deepEqual(rejected.flatMap(deadlinesOf).map((d) => [d.key, d.at]), [[offerKey, undefined], [offerKey, world.now + OFFER_TIMEOUT_MS]]);
    world.advance(OFFER_TIMEOUT_MS);
    const missed = eventsOf(world.expire('alice', chat.contactId));
    assert.deepEqual(missed.flatMap(deadlinesOf), [{ key: offerKey, at: undefined }]);

    const ended = eventsOf(world.stop(chat.contactId));
    assert.deepEqual(ended.flatMap(deadlinesOf), [{ key: expiry!.key, at: undefined }]);
    assert.deepEqual(eventsOf(world.setStatus('bob', 'Break')).flatMap(deadlinesOf), []);
  });

  test('pendingDeadlines after replay lists the open offers and the chat expiries', () => {
    const world = new World({ agents: ['alice'] });
    eventsOf(world.setStatus('alice', 'Available'));
    world.run({ type: 'ClearContact', userId: world.userId('alice'), contactId: 'x' }); // refused, logs nothing
    const offered = world.startChat('Ann', { chatDurationMinutes: 60 });
    world.advance(1000);
    const connected = world.startChat('Ben', { chatDurationMinutes: 120 });
    eventsOf(world.accept('alice', connected.contactId));
    world.advance(1000);
    const ended = world.startChat('Cid');
    eventsOf(world.stop(ended.contactId));

    const rebuilt = replay(world.events, emptyState());
    assert.equal(serialize(rebuilt), serialize(world.state));
    const pending = pendingDeadlines(rebuilt).map((d) => [d.key, d.at, d.command?.type]).sort();
    const i = world.instanceId;
    const expected = [
      [`chat:${i}:${offered.contactId}`, world.contact(offered.contactId).expiresAt, 'ExpireChat'],
      [`chat:${i}:${connected.contactId}`, world.contact(connected.contactId).expiresAt, 'ExpireChat'],
      [`offer:${i}:${offered.contactId}:${world.userId('alice')}`, world.contact(offered.contactId).offer!.deadline, 'ExpireOffer'],
    ].sort();
    assert.deepEqual(pending, expected);
  });

  test('the deadlines the events of a history leave open are the pending deadlines of its state', () => {
    const world = new World({ agents: ['alice', 'bob'] });
    eventsOf(world.setStatus('alice', 'Available'));
    const chats = ['Ann', 'Ben', 'Cid', 'Dee'].map((n) => { world.advance(1000); return world.startChat(n); });
    eventsOf(world.accept('alice', chats[0]!.contactId));
    eventsOf(world.reject('alice', chats[1]!.contactId));
    eventsOf(world.setStatus('bob', 'Available'));
    world.advance(OFFER_TIMEOUT_MS);
    eventsOf(world.expire('alice', chats[2]!.contactId));
    eventsOf(world.disconnect(chats[3]!.contactId, chats[3]!.customerId));
    eventsOf(world.disconnect(chats[0]!.contactId, chats[0]!.customerId));

    // Fold every event's deadlines the way the shell does.
    const open = new Map<string, number>();
    for (const event of world.events) {
      for (const d of deadlinesOf(event)) {
        if (d.at === undefined) open.delete(d.key);
        else open.set(d.key, d.at);
      }
    }
    const pending = new Map(pendingDeadlines(world.state).map((d) => [d.key, d.at]));
    // Offers withdrawn because their contact ended are not cancelled by the ContactEnded event (it does not
    // name the agent); their timers are harmless (ExpireOffer is then refused), so compare the rest.
    for (const [key, at] of open) {
      if (pending.has(key)) assert.equal(pending.get(key), at, key);
      else {
        assert.match(key, /^offer:/, `deadline ${key} is left open`);
        const [, , contactId, userId] = key.split(':');
        assert.equal(world.instance.contacts.get(contactId!)?.status, 'ended');
        assert.equal(world.instance.users.get(userId!)?.contacts.get(contactId!)?.state !== 'incoming', true);
      }
    }
    for (const key of pending.keys()) assert.ok(open.has(key), `pending ${key} was never set`);
  });
});

describe('views', () => {
  test('agentSnapshot: an incoming contact has its offer deadline and state incoming; an Available agent is routable', () => {
    const world = new World({ agents: ['alice'] });
    assert.equal(agentSnapshot(world.instance, world.user('alice'), world.now).snapshot.state.type, 'offline');
    eventsOf(world.setStatus('alice', 'Break'));
    assert.equal(agentSnapshot(world.instance, world.user('alice'), world.now).snapshot.state.type, 'not_routable');
    world.advance(1000);
    eventsOf(world.setStatus('alice', 'Available'));
    world.advance(1000);
    const chat = world.startChat('Ann');

    const view = agentSnapshot(world.instance, world.user('alice'), world.now);
    assert.equal(view.snapshot.state.type, 'routable');
    assert.equal(view.snapshot.state.name, 'Available');
    assert.equal(view.snapshot.state.startTimestamp, world.now - 1000);
    assert.equal(view.snapshot.snapshotTimestamp, world.now);
    assert.equal(view.snapshot.contacts.length, 1);
    const contact = view.snapshot.contacts[0]!;
    assert.equal(contact.contactId, chat.contactId);
    assert.equal(contact.type, 'chat');
    assert.equal(contact.state.type, 'incoming');
    assert.equal(contact.offerDeadline, world.now + OFFER_TIMEOUT_MS);
    assert.equal(contact.customerName, 'Ann');
    assert.equal(contact.queue?.queueId, world.queueId);
    const own = contact.connections.find((c) => c.isOwn);
    assert.equal(own?.state.type, 'connecting');
    assert.equal(view.configuration.routingProfile.channelConcurrencyMap.CHAT, 3);
    assert.deepEqual(view.configuration.agentStates.map((s) => [s.name, s.type]), [['Available', 'routable'], ['Offline', 'offline'], ['Break', 'not_routable']]);

    // Once accepted: connected, no deadline, and the agent's own connection is connected.
    eventsOf(world.accept('alice', chat.contactId));
    const after = agentSnapshot(world.instance, world.user('alice'), world.now).snapshot.contacts[0]!;
    assert.equal(after.state.type, 'connected');
    assert.equal(after.offerDeadline, undefined);
    assert.deepEqual(after.connections.filter((c) => c.isOwn).map((c) => c.state.type), ['connected']);
  });

  test('agentSnapshot shows a missed contact as missed and ACW as ended', () => {
    const world = new World({ agents: ['alice'] });
    eventsOf(world.setStatus('alice', 'Available'));
    const missed = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS);
    eventsOf(world.expire('alice', missed.contactId));
    let view = agentSnapshot(world.instance, world.user('alice'), world.now).snapshot.contacts;
    assert.deepEqual(view.map((c) => [c.contactId, c.state.type, c.offerDeadline]), [[missed.contactId, 'missed', undefined]]);
    eventsOf(world.clear('alice', missed.contactId)); // the missed chat is offered again
    eventsOf(world.accept('alice', missed.contactId));
    eventsOf(world.disconnect(missed.contactId, missed.customerId));
    view = agentSnapshot(world.instance, world.user('alice'), world.now).snapshot.contacts;
    assert.deepEqual(view.map((c) => c.state.type), ['ended']);
    const record = contactRecord(world.instance, world.contact(missed.contactId));
    assert.equal((record.AgentInfo as { Id: string }).Id, world.userId('alice'));
    assert.equal(record.DisconnectReason, 'CUSTOMER_DISCONNECT');
  });

  test('the agents an event affects are the ones who hold the contact', () => {
    const world = new World({ agents: ['alice', 'bob'] });
    eventsOf(world.setStatus('alice', 'Available'));
    const chat = world.startChat('Ann');
    const offer: Event = eventsOfType(eventsOf(chat.decision), 'ContactOffered')[0]!;
    assert.deepEqual(agentsAffectedBy(world.instance, offer), [world.userId('alice')]);
    assert.deepEqual(agentsOn(world.instance, chat.contactId), [world.userId('alice')]);
    assert.deepEqual(agentsInChat(world.instance, chat.contactId), []);
    eventsOf(world.accept('alice', chat.contactId));
    assert.deepEqual(agentsInChat(world.instance, chat.contactId), [world.userId('alice')]);
  });
});
