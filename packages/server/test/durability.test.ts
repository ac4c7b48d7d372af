/**
 * Durability: state (transcripts, contacts, agent status, pending offers) survives a restart on the
 * same data directory, and the pipeline answers a command only once its events are durable.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { emptyState, pendingDeadlines, replay, type Event } from '@switchboard/engine';
import { Pipeline, SqliteEventStore, type EventStore } from '../src/index.ts';
import { Timers } from '../src/timers.ts';
import {
  RawAgent, contactOf, createConnection, participant, startTestServer, startWidgetChat, ticks, userIdOf, waitFor,
} from './harness.ts';

describe('restart on the same data directory', () => {
  test('transcript, contact state, agent status and a pending offer all survive a restart; the offer still expires', async () => {
    // First run: a chat accepted by agent1 with messages both ways, and a second chat offered to agent1 but not answered.
    const first = await startTestServer();
    const dir = first.dir;
    let second: Awaited<ReturnType<typeof startTestServer>> | undefined;
    try {
      const agent = await RawAgent.login(first, 'agent1');
      await agent.request('putAgentState', { state: { name: 'Available' } });
      const chat = await startWidgetChat(first, 'Persistent Pat');
      const conn = await createConnection(first, chat.ParticipantToken);
      const token = conn.ConnectionCredentials.ConnectionToken;
      await waitFor(() => agent.contact(chat.ContactId)?.state.type === 'incoming', 3000, 'the first offer');
      await agent.request('acceptContact', { contactId: chat.ContactId });
      for (const text of ['one', 'two', 'three']) {
        const r = await participant(first, 'message', token, { ContentType: 'text/plain', Content: text });
        assert.equal(r.status, 200);
      }
      await agent.request('sendMessage', { contactId: chat.ContactId, contentType: 'text/plain', content: 'agent reply' });

      const pending = await startWidgetChat(first, 'Waiting Wes');
      const offered = await waitFor(() => {
        const c = agent.contact(pending.ContactId);
        return c?.state.type === 'incoming' ? c : undefined;
      }, 3000, 'the second offer');
      const deadline = offered.offerDeadline as number;
      const agent1 = userIdOf(first, 'agent1');
      assert.deepEqual(contactOf(first, pending.ContactId).offer, { userId: agent1, deadline });

      const transcriptBefore = (await participant(first, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: 100 })).body;
      assert.equal(transcriptBefore.Transcript.filter((i: any) => i.Type === 'MESSAGE').length, 5); // greeting + 3 + reply
      await agent.socket.close();
      await first.stop({ keepDir: true });

      // Second run on the same directory.
      second = await startTestServer({ dir });
      assert.equal(second.demo.instanceId, first.demo.instanceId);
      assert.equal(second.demo.accessKeyId, first.demo.accessKeyId);

      // The transcript, through the connection token issued before the restart.
      const transcriptAfter = (await participant(second, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: 100 })).body;
      assert.deepEqual(transcriptAfter, transcriptBefore);

      // Contact state.
      const accepted = contactOf(second, chat.ContactId);
      assert.equal(accepted.status, 'connected');
      assert.equal(accepted.primaryUserId, agent1);
      const waiting = contactOf(second, pending.ContactId);
      assert.equal(waiting.status, 'queued');
      assert.deepEqual(waiting.offer, { userId: agent1, deadline });

      // The agent's status and contacts, as the agent sees them after logging in again.
      const again = await RawAgent.login(second, 'agent1');
      try {
        const snapshot = again.latestSnapshot();
        assert.equal(snapshot.snapshot.state.name, 'Available');
        assert.equal(again.contact(chat.ContactId)?.state.type, 'connected');
        assert.equal(again.contact(pending.ContactId)?.state.type, 'incoming');
        assert.equal(again.contact(pending.ContactId)?.offerDeadline, deadline);
        // The chat still works: the customer can send and the agent still gets it.
        const r = await participant(second, 'message', token, { ContentType: 'text/plain', Content: 'after the restart' });
        assert.equal(r.status, 200);
        await again.socket.next((f) => f.event === 'webSocket::all_message' && JSON.parse(f.data.content).Id === r.body.Id, 3000, 'the message at the agent');
      } finally {
        await again.socket.close();
      }

      // The pending offer is among the deadlines the restarted server schedules, at its original time.
      const deadlines = pendingDeadlines(second.services.state);
      const offerDeadline = deadlines.find((d) => d.command?.type === 'ExpireOffer' && d.command.contactId === pending.ContactId);
      assert.ok(offerDeadline, 'the offer deadline is pending after the restart');
      assert.equal(offerDeadline.at, deadline);
      assert.deepEqual(offerDeadline.command, { type: 'ExpireOffer', instanceId: second.demo.instanceId, contactId: pending.ContactId, userId: agent1 });
      await second.stop({ keepDir: true });

      // A third start of the same data, with the clock past the deadline: the server's own Timers and
      // Pipeline turn the restored offer into a missed contact (no 20-second wait).
      const store = new SqliteEventStore(join(dir, 'switchboard.db'));
      const state = replay(await store.load(), emptyState());
      const pipeline = new Pipeline(state, store, () => deadline + 1000, (error) => assert.fail(String(error)));
      const timers = new Timers(pipeline);
      try {
        timers.start(state);
        const instance = state.instances.get(first.demo.instanceId)!;
        await waitFor(() => instance.users.get(agent1)!.contacts.get(pending.ContactId)?.state === 'missed', 3000, 'the offer missed');
        assert.equal(instance.contacts.get(pending.ContactId)!.offer, undefined);
        await pipeline.settled();
      } finally {
        timers.stop();
        await store.close();
      }
      // And the miss itself was made durable.
      const reread = new SqliteEventStore(join(dir, 'switchboard.db'));
      try {
        const events = await reread.load();
        assert.ok(events.some((e) => e.type === 'OfferMissed' && e.contactId === pending.ContactId));
      } finally {
        await reread.close();
      }
    } finally {
      await first.stop();
      if (second) await second.stop();
    }
  });
});

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void, reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An event store whose appends finish only when the test says so. */
class ControlledStore implements EventStore {
  readonly appends: { events: readonly Event[]; done: Deferred }[] = [];
  async load(): Promise<Event[]> {
    return [];
  }
  append(events: readonly Event[]): Promise<void> {
    const done = deferred();
    this.appends.push({ events: [...events], done });
    return done.promise;
  }
  async close(): Promise<void> {}
}

const createInstance = (instanceId: string) => ({
  type: 'CreateInstance' as const, instanceId, alias: instanceId, region: 'us-east-1', accountId: '123456789012', tokenKey: '00'.repeat(32),
});

/** Whether a promise has settled yet (after letting pending callbacks run). */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(() => (settled = true), () => (settled = true));
  await ticks(10);
  return settled;
}

/** Each value once, in order (a CreateInstance writes InstanceCreated and the instance's default flows: one command, many events). */
const once = (values: string[]) => [...new Set(values)];

describe('pipeline durability', () => {
  test('submit resolves only after the store append resolved, and subscribers hear of events only after that', async () => {
    const store = new ControlledStore();
    const log: string[] = [];
    const pipeline = new Pipeline(emptyState(), store, () => 1_000, () => log.push('fatal'));
    pipeline.subscribe((events) => log.push(`published ${once(events.map((e) => e.type)).join(',')}`));

    const submitted = pipeline.submit(createInstance('i-1'));
    submitted.then(() => log.push('answered'), () => log.push('failed'));
    await waitFor(() => store.appends.length === 1, 3000, 'the append');
    assert.equal(store.appends[0]!.events[0]!.type, 'InstanceCreated');
    const settled = pipeline.settled();
    assert.equal(await isSettled(submitted), false, 'answered before the append resolved');
    assert.equal(await isSettled(settled), false, 'settled before the append resolved');
    assert.deepEqual(log, [], 'nothing published or answered before the append resolved');

    store.appends[0]!.done.resolve();
    const outcome = await submitted;
    await settled;
    assert.equal(outcome.ok, true);
    assert.deepEqual(log, ['published InstanceCreated,ContactFlowCreated', 'answered']);
  });

  test('commands submitted together are written in one append and all answered after it', async () => {
    const store = new ControlledStore();
    const pipeline = new Pipeline(emptyState(), store, () => 1_000, () => assert.fail('fatal'));
    const a = pipeline.submit(createInstance('i-a'));
    const b = pipeline.submit(createInstance('i-b'));
    await waitFor(() => store.appends.length === 1, 3000, 'the append');
    assert.deepEqual(once(store.appends[0]!.events.map((e) => e.instanceId)), ['i-a', 'i-b']);
    assert.equal(await isSettled(a), false);
    assert.equal(await isSettled(b), false);
    store.appends[0]!.done.resolve();
    assert.equal((await a).ok, true);
    assert.equal((await b).ok, true);
    assert.equal(store.appends.length, 1);
  });

  test('one write at a time: commands submitted while a write is on its way to disk go together into the next', async () => {
    const store = new ControlledStore();
    const published: string[][] = [];
    const pipeline = new Pipeline(emptyState(), store, () => 1_000, () => assert.fail('fatal'));
    pipeline.subscribe((events) => published.push(once(events.map((e) => e.instanceId))));
    const a = pipeline.submit(createInstance('i-a'));
    await waitFor(() => store.appends.length === 1, 3000, 'the first append');
    const b = pipeline.submit(createInstance('i-b'));
    await ticks(5);
    const c = pipeline.submit(createInstance('i-c'));
    await ticks(5);
    assert.equal(store.appends.length, 1, 'no second write while the first is not durable');
    assert.equal(await isSettled(b), false);
    store.appends[0]!.done.resolve();
    assert.equal((await a).ok, true);
    await waitFor(() => store.appends.length === 2, 3000, 'the second append');
    assert.deepEqual(once(store.appends[1]!.events.map((e) => e.instanceId)), ['i-b', 'i-c']);
    assert.equal(await isSettled(c), false, 'answered before its own write was durable');
    store.appends[1]!.done.resolve();
    assert.equal((await b).ok, true);
    assert.equal((await c).ok, true);
    assert.deepEqual(published, [['i-a'], ['i-b', 'i-c']]);
  });

  test('a rejected command is answered at once and writes nothing', async () => {
    const store = new ControlledStore();
    const pipeline = new Pipeline(emptyState(), store, () => 1_000, () => assert.fail('fatal'));
    const outcome = await pipeline.submit({ type: 'SetAgentStatus', instanceId: 'missing', userId: 'u', statusId: 's' });
    assert.equal(outcome.ok, false);
    await ticks();
    assert.equal(store.appends.length, 0);
  });

  test('when the append rejects, onFatal is called and the caller is never told ok', async () => {
    const store = new ControlledStore();
    const fatal: unknown[] = [];
    const published: unknown[] = [];
    const pipeline = new Pipeline(emptyState(), store, () => 1_000, (error) => fatal.push(error));
    pipeline.subscribe((events) => published.push(events));
    let answer: unknown;
    const submitted = pipeline.submit(createInstance('i-x'));
    submitted.then((outcome) => (answer = outcome), (error) => (answer = error));
    await waitFor(() => store.appends.length === 1, 3000, 'the append');

    const diskFull = new Error('disk full');
    store.appends[0]!.done.reject(diskFull);
    await waitFor(() => fatal.length > 0, 3000, 'onFatal');
    assert.deepEqual(fatal, [diskFull]);
    assert.equal(await isSettled(submitted), false, 'the caller must not be answered');
    assert.equal(answer, undefined);
    assert.deepEqual(published, [], 'subscribers must not hear of events that are not durable');
  });
});
