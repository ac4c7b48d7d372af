/**
 * Agent sessions: logging out (EndAgentSession) ends one session, sets the agent Offline as Amazon
 * Connect's CCPv2 does (as the next status while they have contacts), and the ended sessions are
 * forgotten once their tokens have expired.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, isAgentSessionEnded, replay } from '../src/index.ts';
import { World, uuid } from './fixtures.ts';
import { eventsOf, rejectionOf, typesOf } from './decisions.ts';
import { availableWorld, offersIn } from './routingWorlds.ts';
import { serialize } from './serialize.ts';

const HOUR = 60 * 60 * 1000;
const session = (n: number) => uuid(n, 'eeee');

describe('agent sessions', () => {
  test('logging out ends the session: it is refused until its token expires', () => {
    const world = availableWorld(['alice']);
    assert.equal(isAgentSessionEnded(world.instance, session(1)), false);
    const events = eventsOf(world.logout('alice', session(1), world.now + 5 * HOUR));
    assert.deepEqual(events[0], {
      type: 'AgentSessionEnded', instanceId: world.instanceId, at: world.now, userId: world.userId('alice'), sessionId: session(1), expires: world.now + 5 * HOUR,
    });
    assert.equal(isAgentSessionEnded(world.instance, session(1)), true);
  });

  test('logging out sets an agent with no contacts Offline, and they are offered nothing', () => {
    const world = availableWorld(['alice']);
    assert.deepEqual(typesOf(eventsOf(world.logout('alice', session(1)))), ['AgentSessionEnded', 'AgentStatusChanged']);
    assert.equal(world.user('alice').statusId, world.statusIds.Offline);
    world.advance(1000);
    const chat = world.startChat('Ann');
    assert.equal(offersIn(eventsOf(chat.decision)).length, 0);
  });

  test('signing out of the admin console ends that session only: the agent stays Available and is still offered contacts', () => {
    const world = availableWorld(['alice']);
    const decision = world.run({ type: 'EndAgentSession', userId: world.userId('alice'), sessionId: session(7), expires: world.now + HOUR, keepStatus: true });
    assert.deepEqual(typesOf(eventsOf(decision)), ['AgentSessionEnded']);
    assert.equal(isAgentSessionEnded(world.instance, session(7)), true);
    assert.equal(world.user('alice').statusId, world.statusIds.Available);
    world.advance(1000);
    assert.equal(offersIn(eventsOf(world.startChat('Ann').decision)).length, 1);
  });

  test('logging out while on contacts replaces a next status the agent had chosen with Offline', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    assert.equal(world.user('alice').nextStatusId, world.statusIds.Break);
    eventsOf(world.logout('alice', session(1)));
    assert.equal(world.user('alice').nextStatusId, world.statusIds.Offline);
  });

  test('logging out while on contacts keeps them and makes Offline the next status, taken when the last is cleared', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    assert.deepEqual(typesOf(eventsOf(world.logout('alice', session(1)))), ['AgentSessionEnded', 'NextAgentStatusSet']);
    assert.equal(world.user('alice').statusId, world.statusIds.Available);
    assert.equal(world.user('alice').nextStatusId, world.statusIds.Offline);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'connected');
    assert.equal(world.contact(chat.contactId).status, 'connected');
    eventsOf(world.stop(chat.contactId));
    eventsOf(world.clear('alice', chat.contactId));
    assert.equal(world.user('alice').statusId, world.statusIds.Offline);
    assert.equal(world.user('alice').nextStatusId, undefined);
  });

  test('logging out of one session leaves the agent\'s other sessions alone', () => {
    const world = availableWorld(['alice', 'bob']);
    eventsOf(world.logout('alice', session(1)));
    assert.equal(isAgentSessionEnded(world.instance, session(1)), true);
    assert.equal(isAgentSessionEnded(world.instance, session(2)), false, 'another session of the same agent');
    assert.equal(isAgentSessionEnded(world.instance, session(3)), false, 'a session of another agent');
    assert.equal(world.user('bob').statusId, world.statusIds.Available);
  });

  test('ending a session that has already ended changes nothing', () => {
    const world = availableWorld(['alice']);
    eventsOf(world.logout('alice', session(1)));
    eventsOf(world.setStatus('alice', 'Available'));
    const before = serialize(world.state);
    assert.deepEqual(eventsOf(world.logout('alice', session(1))), []);
    assert.equal(serialize(world.state), before);
    assert.equal(world.user('alice').statusId, world.statusIds.Available);
  });

  test('a session whose token has expired cannot be ended: refused, and nothing changes', () => {
    const world = availableWorld(['alice']);
    const before = serialize(world.state);
    const rejection = rejectionOf(world.logout('alice', session(1), world.now));
    assert.equal(rejection.code, 'AccessDenied');
    assert.equal(rejection.rule, 'session-expired');
    assert.equal(serialize(world.state), before);
  });

  test('logging out an unknown agent or in an unknown instance is refused, and nothing changes', () => {
    const world = availableWorld(['alice']);
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.run({ type: 'EndAgentSession', userId: uuid(99, '6666'), sessionId: session(1), expires: world.now + HOUR })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'EndAgentSession', instanceId: uuid(99, '1111'), userId: world.userId('alice'), sessionId: session(1), expires: world.now + HOUR })).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before);
  });

  test('ended sessions are forgotten once their tokens have expired, so the set does not grow without bound', () => {
    const world = new World({ agents: ['alice'] });
    const ended = new Map<string, { at: number; expires: number }>();
    // A day of logouts, one every ten minutes, each of a token that had 1 to 12 hours left.
    for (let n = 1; n <= 24 * 6; n++) {
      world.now += 10 * 60 * 1000;
      const expires = world.now + ((n * 7) % 12 + 1) * HOUR;
      eventsOf(world.logout('alice', session(n), expires));
      ended.set(session(n), { at: world.now, expires });
      const kept = world.instance.endedSessions;
      // Every session whose token is still good is refused…
      for (const [id, e] of ended) if (e.expires > world.now) assert.ok(kept.has(id), `session ended at ${e.at} forgotten too early`);
      // …and none ended more than a token lifetime (12 hours) ago is kept: at most 72 + 1 entries.
      for (const id of kept.keys()) assert.ok(ended.get(id)!.at > world.now - 12 * HOUR, 'a session older than a token lifetime is kept');
      assert.ok(kept.size <= 12 * 6 + 1, `${kept.size} ended sessions kept`);
    }
    world.now += 12 * HOUR;
    eventsOf(world.logout('alice', session(1000), world.now + HOUR));
    assert.deepEqual([...world.instance.endedSessions.keys()], [session(1000)]);
  });

  test('replaying the events rebuilds the ended sessions exactly (a restart keeps a session ended)', () => {
    const world = availableWorld(['alice', 'bob']);
    eventsOf(world.logout('alice', session(1), world.now + HOUR));
    world.advance(2 * HOUR);
    eventsOf(world.logout('bob', session(2)));
    const rebuilt = replay(JSON.parse(JSON.stringify(world.events)), emptyState());
    assert.equal(serialize(rebuilt), serialize(world.state));
    const instance = rebuilt.instances.get(world.instanceId)!;
    assert.equal(isAgentSessionEnded(instance, session(2)), true);
    assert.equal(isAgentSessionEnded(instance, session(1)), false, 'its token expired: forgotten');
  });
});
