/**
 * Finished calls leave memory for the store's archive as whole chains (src/archive.ts, engine
 * archive/finished.ts), and nothing a client sees changes: DescribeContact answers the same for every
 * leg, the phone simulator shows the call, UpdateContactAttributes on a leg revives the chain and is
 * applied, StopContact refuses as before, GetMetricDataV2 counts the same — on SQLite and on PostgreSQL,
 * and after a restart on the same data. Calls are driven by the phone simulator and the agents' sdk clients.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeContactCommand, StartChatContactCommand, StopContactCommand, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { archiveRecord, contactRecord, historicalMetrics, isRejection, type Event, type HistoricalRow } from '@switchboard/engine';
import type { AgentClient } from '@switchboard/sdk';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import Database from 'better-sqlite3';
import { SqliteEventStore, type EventStore } from '../src/index.ts';
import { ContactArchiveKeeper } from '../src/archive.ts';
import { storeKinds } from './storeKinds.ts';
import { statusControl, startTestServer, waitFor } from './harness.ts';
import { connectAgent, demoConnectClient } from './sdkClients.ts';
import { metricRowsOf, metricsOverApi, queryAround } from './archiveMetrics.ts';

const CALLER = '+12065550100';
const AGENTS = ['agent1', 'agent2'] as const;
type AgentName = (typeof AGENTS)[number];

/** A server with agent1 and agent2 on their sdk clients, the phone simulator and the Connect client. */
async function voiceServer(store: EventStore, env: Record<string, string>, dir?: string) {
  const srv = await startTestServer({ ...(dir ? { dir } : {}), store, env });
  const clients = new Map<AgentName, AgentClient>();
  for (const name of AGENTS) clients.set(name, (await connectAgent(srv, name)).client);
  const agent = (name: AgentName) => clients.get(name)!;
  const credentials = { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey };
  const phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials });
  const connect = demoConnectClient(srv, { maxAttempts: 1 });
  const instance = () => srv.services.state.instances.get(srv.demo.instanceId)!;
  return {
    srv, agent, phone, connect, instance,
    inMemory: (contactId: string) => instance().contacts.has(contactId),
    describe: async (contactId: string) => (await connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: contactId }))).Contact!,
    async close(options: { keepDir?: boolean } = {}) {
      for (const c of clients.values()) c.close();
      connect.destroy();
      await srv.stop(options);
    },
  };
}
type VoiceServer = Awaited<ReturnType<typeof voiceServer>>;

/**
 * agent1 answers a call and adds agent2 (the Agent2 quick connect: a TRANSFER leg of its own), who accepts;
 * agent1 joins them and leaves; the caller hangs up: the call is over, both agents in after contact work.
 * Returns the call's chain: the first contact, then agent2's leg.
 */
async function consultedCall(v: VoiceServer): Promise<string[]> {
  const { setStatus, only } = statusControl(() => v.srv, AGENTS, v.agent);
  await only('agent1');
  const { ContactId: first, PartyId: caller } = await v.phone.dialIn(CALLER);
  const offered = (name: AgentName) => v.agent(name).contacts().find((c) => c.type === 'voice' && c.state.type === 'incoming');
  await v.agent('agent1').accept((await waitFor(() => offered('agent1'), 3000, 'the call offered to agent1')).contactId);
  await setStatus('agent2', 'Available');
  const agent2 = (await v.agent('agent1').getQuickConnects()).find((e) => e.name === 'Agent2')!;
  await v.agent('agent1').addParticipant(first, { id: agent2.id });
  const leg = (await waitFor(() => offered('agent2'), 3000, 'the leg offered to agent2')).contactId;
  await v.agent('agent2').accept(leg);
  await waitFor(() => v.agent('agent2').contacts().find((c) => c.contactId === leg)?.state.type === 'connected', 3000, 'agent2 on the call');
  await v.agent('agent1').join(first);
  await v.agent('agent1').leave(first);
  await v.phone.hangUp(first, caller);
  for (const [name, contactId] of [['agent1', first], ['agent2', leg]] as const) {
    await waitFor(() => v.agent(name).contacts().find((c) => c.contactId === contactId)?.state.type === 'ended', 3000, `${name} in after contact work`);
  }
  assert.deepEqual(v.instance().contacts.get(first)!.call!.chain, [first, leg]);
  return [first, leg];
}

async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string } | undefined> {
  return promise.then(() => undefined, (e: Error) => ({ name: e.name, message: e.message }));
}

for (const kind of storeKinds) {
  describe(`archiving finished calls (${kind.name})`, { ...(kind.skip ? { skip: kind.skip } : {}) }, () => {
    test('a call that ended and every agent cleared leaves memory with its whole chain; DescribeContact, the phone simulator, UpdateContactAttributes on a leg (reviving the chain), StopContact, an agent leaving and GetMetricDataV2 answer as before, also after a restart', async () => {
      const place = await kind.fresh();
      const env = { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' };
      let v: VoiceServer | undefined = await voiceServer(await place.open(), env);
      try {
        const chain = await consultedCall(v);
        const [first, leg] = chain as [string, string];
        const query = queryAround(v.srv.demo.queueId);
        // What the records and the metrics were while the call was still in memory: taken by a subscriber,
        // which hears of the batch that finishes the call before its contacts are forgotten.
        let before: { records: unknown[]; metrics: HistoricalRow[] } | undefined;
        const live = v;
        live.srv.services.pipeline.subscribe((events) => {
          if (!events.some((e) => e.type === 'AgentContactCleared' && e.contactId === leg)) return;
          const metrics = historicalMetrics(live.instance(), query);
          assert.ok(!isRejection(metrics));
          before = { records: chain.map((id) => JSON.parse(JSON.stringify(contactRecord(live.instance(), live.instance().contacts.get(id)!)))), metrics };
        });
        const callBefore = await v.phone.describe(leg);
        assert.equal(callBefore.Ended, true);
        const stopInMemory = await refusal(v.connect.send(new StopContactCommand({ InstanceId: v.srv.demo.instanceId, ContactId: leg })));
        assert.ok(stopInMemory, 'StopContact on an ended call is refused');
        const leaveInMemory = await refusal(v.agent('agent1').leave(first));
        assert.ok(leaveInMemory, 'leaving an ended call is refused');

        // agent1 clears: agent2 is still in after contact work on the leg, so the whole call stays.
        await v.agent('agent1').clear(first);
        await waitFor(() => !v!.agent('agent1').contacts().some((c) => c.contactId === first), 3000, 'agent1 cleared');
        assert.ok(v.inMemory(first) && v.inMemory(leg), 'the call stays while an agent of a leg is in after contact work');
        await v.agent('agent2').clear(leg);
        await waitFor(() => !v!.agent('agent2').contacts().some((c) => c.contactId === leg), 3000, 'agent2 cleared');
        assert.ok(before, 'the subscriber saw the last clear');
        assert.equal(v.inMemory(first), false, 'the first contact left memory');
        assert.equal(v.inMemory(leg), false, 'the leg left memory');

        // Each leg described as in memory (the leg shows the caller's number, kept on the first contact);
        // the phone simulator shows the call from either leg.
        const described = async (s: VoiceServer) => Promise.all(chain.map(async (id) => JSON.parse(JSON.stringify(await s.describe(id))) as Record<string, unknown>));
        const records = await described(v);
        assert.deepEqual(records.map((r) => r.CustomerEndpoint), [{ Type: 'TELEPHONE_NUMBER', Address: CALLER }, { Type: 'TELEPHONE_NUMBER', Address: CALLER }]);
        assert.equal(records[1]!.InitialContactId, first);
        assert.deepEqual(records.map((r) => r.Id), chain);
        assert.equal((await v.describe(first)).NextContacts?.[0]?.NextContactMetadata?.QuickConnectContactData?.ContactId, leg);
        assert.deepEqual(await v.phone.describe(leg), callBefore);
        assert.deepEqual(await v.phone.describe(first), callBefore);
        assert.ok(!v.inMemory(first) && !v.inMemory(leg), 'reads do not bring it back');
        // The record DescribeContact makes of each contact is the one it made while the call was in memory.
        const archive = v.srv.services.pipeline.archive;
        const view = (id: string) => JSON.parse(JSON.stringify(contactRecord(v!.instance(), v!.instance().contacts.get(id)!))) as unknown;
        assert.deepEqual(await Promise.all(chain.map((id) => archive.withContact(v!.srv.demo.instanceId, id, () => view(id)))), before.records);

        // StopContact and an agent leaving the call: the same refusals; GetMetricDataV2: the same numbers.
        assert.deepEqual(await refusal(v.connect.send(new StopContactCommand({ InstanceId: v.srv.demo.instanceId, ContactId: leg }))), stopInMemory);
        assert.deepEqual(await refusal(v.agent('agent1').leave(first)), leaveInMemory);
        const expected = metricRowsOf(before.metrics, query);
        assert.ok(expected.filter((r) => r.values.CONTACTS_HANDLED === 1).length === 2, 'both agents handled the call');
        assert.deepEqual(await metricsOverApi(v.connect, v.srv, query), expected);

        // UpdateContactAttributes naming the leg: the chain comes back, the update is applied, and it is archived again.
        await v.connect.send(new UpdateContactAttributesCommand({ InstanceId: v.srv.demo.instanceId, InitialContactId: leg, Attributes: { afterArchive: 'yes' } }));
        assert.ok(!v.inMemory(first) && !v.inMemory(leg), 're-archived with its update');
        const updated = await described(v);
        assert.equal((updated[1]!.Attributes as Record<string, string>).afterArchive, 'yes');
        assert.equal((updated[0]!.Attributes as Record<string, string>).afterArchive, undefined, 'the first contact has its own attributes');
        assert.deepEqual(await metricsOverApi(v.connect, v.srv, query), expected);

        // A restart on the same data: still archived, not in memory, the same answers.
        const dir = v.srv.dir;
        await v.close({ keepDir: true });
        v = await voiceServer(await place.open(), env, dir);
        assert.ok(!v.inMemory(first) && !v.inMemory(leg), 'not in memory after the restart');
        assert.deepEqual(await described(v), updated);
        assert.deepEqual(await v.phone.describe(leg), callBefore);
        assert.deepEqual(await metricsOverApi(v.connect, v.srv, query), expected);
        assert.deepEqual(await refusal(v.connect.send(new StopContactCommand({ InstanceId: v.srv.demo.instanceId, ContactId: leg }))), stopInMemory);
      } finally {
        await v?.close();
        await place.cleanup();
      }
    });
  });
}

describe('the archive delay with a call (SWITCHBOARD_ARCHIVE_DELAY_MS)', () => {
  test('a finished call stays in memory whole for the delay, then leaves whole; an update to its leg during the delay is kept', async () => {
    const place = await storeKinds[0]!.fresh();
    const store = await place.open();
    const v = await voiceServer(store, { SWITCHBOARD_ARCHIVE_DELAY_MS: '600' });
    try {
      const [first, leg] = (await consultedCall(v)) as [string, string];
      const stored = (id: string) => store.archive!.contact(v.srv.demo.instanceId, id);
      await v.agent('agent1').clear(first);
      await v.agent('agent2').clear(leg);
      await waitFor(() => v.agent('agent2').contacts().length === 0, 3000, 'agent2 cleared');
      assert.ok((await stored(first)) && (await stored(leg)), 'both archived with the clearing batch');
      assert.ok(v.inMemory(first) && v.inMemory(leg), 'still in memory during the delay');
      await v.connect.send(new UpdateContactAttributesCommand({ InstanceId: v.srv.demo.instanceId, InitialContactId: leg, Attributes: { note: 'late' } }));
      // Sampled until one leaves: the other must have left in the same turn.
      await waitFor(() => !v.inMemory(first) || !v.inMemory(leg), 5000, 'the call to leave memory after the delay');
      assert.deepEqual([v.inMemory(first), v.inMemory(leg)], [false, false], 'the chain left whole');
      assert.equal((await v.describe(leg)).Attributes?.note, 'late');
    } finally {
      await v.close();
      await place.cleanup();
    }
  });

  test('a chain is forgotten whole or not at all: a change to one leg not yet durable keeps every contact of the call in memory', async () => {
    const place = await storeKinds[0]!.fresh();
    const store = await place.open();
    // The server's own keeper waits a minute: the keeper under test forgets at once.
    const v = await voiceServer(store, { SWITCHBOARD_ARCHIVE_DELAY_MS: '60000' });
    try {
      const [first, leg] = (await consultedCall(v)) as [string, string];
      await v.agent('agent1').clear(first);
      await v.agent('agent2').clear(leg);
      await waitFor(() => v.agent('agent2').contacts().length === 0, 3000, 'agent2 cleared');
      const instance = v.instance();
      const records = [first, leg].map((id) => archiveRecord(instance, instance.contacts.get(id)!));
      let unflushed: Event[] = [{ type: 'ContactAttributesUpdated', instanceId: instance.id, at: Date.now(), contactId: leg, attributes: { note: 'pending' } }];
      const keeper = new ContactArchiveKeeper(v.srv.services.state, store, () => unflushed);
      keeper.forget(records);
      assert.deepEqual([v.inMemory(first), v.inMemory(leg)], [true, true], 'the first contact stays with its changed leg');
      unflushed = [];
      keeper.forget(records);
      assert.deepEqual([v.inMemory(first), v.inMemory(leg)], [false, false]);
    } finally {
      await v.close();
      await place.cleanup();
    }
  });
});

describe('reviving a call for a command that does not change it', () => {
  test('a call revived only because a new chat names it as its RelatedContactId leaves memory again at once, whole', async () => {
    const place = await storeKinds[0]!.fresh();
    const v = await voiceServer(await place.open(), { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' });
    try {
      const [first, leg] = (await consultedCall(v)) as [string, string];
      await v.agent('agent1').clear(first);
      await v.agent('agent2').clear(leg);
      await waitFor(() => !v.inMemory(first) && !v.inMemory(leg), 3000, 'the call archived');
      const chat = await v.connect.send(new StartChatContactCommand({
        InstanceId: v.srv.demo.instanceId, ContactFlowId: v.srv.demo.contactFlowId, ParticipantDetails: { DisplayName: 'Pat' }, RelatedContactId: leg,
      }));
      assert.equal((await v.describe(chat.ContactId!)).RelatedContactId, leg);
      assert.deepEqual([v.inMemory(first), v.inMemory(leg)], [false, false], 'the call went back to the archive');
      assert.ok(v.inMemory(chat.ContactId!), 'the new chat is in memory');
    } finally {
      await v.close();
      await place.cleanup();
    }
  });
});

describe('finished calls at start-up', () => {
  test('at start-up a finished call not yet archived (finished under a build that archived only chats) is archived whole and leaves memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-store-'));
    const path = join(dir, 'events.db');
    let v: VoiceServer | undefined = await voiceServer(new SqliteEventStore(path), { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' });
    try {
      const chain = await consultedCall(v);
      await v.agent('agent1').clear(chain[0]!);
      await v.agent('agent2').clear(chain[1]!);
      await waitFor(() => !v!.inMemory(chain[0]!), 3000, 'the call archived');
      const described = await Promise.all(chain.map((id) => v!.describe(id)));
      const serverDir = v.srv.dir;
      await v.close({ keepDir: true });
      // As an older build left it: the call's events, but no archive rows for it.
      const db = new Database(path);
      assert.equal(db.prepare(`DELETE FROM archived_contacts WHERE contact_id IN (?, ?)`).run(chain[0], chain[1]).changes, 2);
      db.close();
      const store = new SqliteEventStore(path);
      v = await voiceServer(store, { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' }, serverDir);
      assert.deepEqual(chain.map((id) => v!.inMemory(id)), [false, false], 'replayed, then archived and forgotten');
      for (const id of chain) assert.ok(await store.archive.contact(v.srv.demo.instanceId, id), `${id} archived at start-up`);
      assert.deepEqual(await Promise.all(chain.map((id) => v!.describe(id))), described);
    } finally {
      await v?.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
