/**
 * Finished chats leave memory for the store's archive (src/archive.ts), and nothing a client sees
 * changes: DescribeContact returns the same record, UpdateContactAttributes still works on the completed
 * contact, StopContact refuses it as before, GetMetricDataV2 counts it the same — on SQLite and on
 * PostgreSQL, and after a restart on the same data.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeContactCommand, StartChatContactCommand, StopContactCommand, UpdateContactAttributesCommand, UpdateQueueMaxContactsCommand,
  type ConnectClient,
} from '@aws-sdk/client-connect';
import { contactRecord, historicalMetrics, isRejection, type HistoricalRow } from '@switchboard/engine';
import { storeKinds } from './storeKinds.ts';
import { metricRowsOf, metricsOverApi, queryAround } from './archiveMetrics.ts';
import { startTestServer, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer, demoConnectClient } from './sdkClients.ts';

for (const kind of storeKinds) {
  describe(`archiving finished chats (${kind.name})`, { ...(kind.skip ? { skip: kind.skip } : {}) }, () => {
    test('an ended, cleared chat leaves memory; DescribeContact, UpdateContactAttributes, StopContact and GetMetricDataV2 answer as before, also after a restart', async () => {
      const place = await kind.fresh();
      const open = async (dir?: string) => startTestServer({ ...(dir ? { dir } : {}), store: await place.open(), env: { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' } });
      let srv: TestServer | undefined;
      let connect: ConnectClient | undefined;
      try {
        srv = await open();
        const first = srv;
        connect = demoConnectClient(srv, { maxAttempts: 1 });
        const { client } = await connectAgent(srv, 'agent1');
        await client.setStatus('Available');
        const chat = await connectCustomer(srv, 'Dana');
        const contactId = chat.details.contactId;
        await waitFor(() => client.contacts().find((c) => c.contactId === contactId)?.state.type === 'incoming', 3000, 'the offer');
        await client.accept(contactId);
        await waitFor(() => client.contacts().find((c) => c.contactId === contactId)?.state.type === 'connected', 3000, 'connected');
        await client.sendMessage(contactId, 'Hello Dana');
        await chat.disconnectParticipant();
        await waitFor(() => client.contacts().find((c) => c.contactId === contactId)?.state.type === 'ended', 3000, 'after contact work');
        chat.close();

        const instanceId = srv.demo.instanceId;
        const inMemory = (s: TestServer) => s.services.state.instances.get(instanceId)!.contacts.has(contactId);
        const query = queryAround(srv.demo.queueId);
        // What the record and the metrics were while the chat was still in memory: taken by a subscriber,
        // which hears of the clearing batch before its finished chats are forgotten.
        let before: { record: unknown; metrics: HistoricalRow[] } | undefined;
        srv.services.pipeline.subscribe((events) => {
          if (!events.some((e) => e.type === 'AgentContactCleared' && e.contactId === contactId)) return;
          const instance = first.services.state.instances.get(instanceId)!;
          const metrics = historicalMetrics(instance, query);
          assert.ok(!isRejection(metrics));
          before = { record: JSON.parse(JSON.stringify(contactRecord(instance, instance.contacts.get(contactId)!))), metrics };
        });

        // While in after contact work it stays in memory; StopContact refuses the ended contact.
        assert.ok(inMemory(srv));
        const stopInMemory = await connect.send(new StopContactCommand({ InstanceId: instanceId, ContactId: contactId })).then(() => undefined, (e: Error) => e);
        assert.ok(stopInMemory, 'StopContact on an ended contact is refused');

        await client.clear(contactId);
        await waitFor(() => !client.contacts().some((c) => c.contactId === contactId), 3000, 'cleared');
        client.close();
        assert.ok(before, 'the subscriber saw the clear');
        assert.equal(inMemory(srv), false, 'the finished chat left memory');

        // The same record, read from the archive.
        const archived = await srv.services.pipeline.archive.read(instanceId, contactId);
        assert.ok(archived);
        assert.deepEqual(JSON.parse(JSON.stringify(contactRecord(srv.services.state.instances.get(instanceId)!, archived))), before.record);
        const described = await connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: contactId }));
        assert.equal(described.Contact?.Id, contactId);
        assert.equal(described.Contact?.Channel, 'CHAT');
        assert.equal(described.Contact?.AgentInfo?.Id, userIdOf(srv, 'agent1'));
        assert.ok(described.Contact?.DisconnectTimestamp instanceof Date);

        // StopContact: the same refusal as while it was in memory; and it does not stay in memory.
        const stopArchived = await connect.send(new StopContactCommand({ InstanceId: instanceId, ContactId: contactId })).then(() => undefined, (e: Error) => e);
        assert.equal(stopArchived?.name, stopInMemory.name);
        assert.equal(stopArchived?.message, stopInMemory.message);
        assert.equal(inMemory(srv), false);

        // GetMetricDataV2 counts it as it did in memory.
        const metricsNow = (s: TestServer) => metricsOverApi(connect!, s, query);
        const expected = metricRowsOf(before.metrics, query);
        assert.ok(expected.some((r) => r.values.CONTACTS_HANDLED === 1 && r.values.AVG_HANDLE_TIME! > 0), 'the chat was handled');
        assert.deepEqual(await metricsNow(srv), expected);

        // UpdateContactAttributes works on the completed contact, and the update is visible after.
        await connect.send(new UpdateContactAttributesCommand({ InstanceId: instanceId, InitialContactId: contactId, Attributes: { afterArchive: 'yes' } }));
        assert.equal(inMemory(srv), false, 're-archived with its update');
        const updated = await connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: contactId }));
        assert.equal(updated.Contact?.Attributes?.afterArchive, 'yes');
        assert.deepEqual(await metricsNow(srv), expected);

        // A restart on the same data: still archived, not in memory, the same answers.
        connect.destroy();
        await srv.stop({ keepDir: true });
        srv = await open(first.dir);
        connect = demoConnectClient(srv, { maxAttempts: 1 });
        assert.equal(inMemory(srv), false, 'not in memory after the restart');
        assert.deepEqual(await connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: contactId })).then((o) => o.Contact), updated.Contact);
        assert.deepEqual(await metricsNow(srv), expected);
        const stopAfterRestart = await connect.send(new StopContactCommand({ InstanceId: instanceId, ContactId: contactId })).then(() => undefined, (e: Error) => e);
        assert.equal(stopAfterRestart?.name, stopInMemory.name);
      } finally {
        connect?.destroy();
        await srv?.stop();
        await place.cleanup();
      }
    });
  });
}

describe('the archive delay (SWITCHBOARD_ARCHIVE_DELAY_MS)', () => {
  test('a finished chat is archived with the batch that finished it, stays in memory for the delay, then leaves; an update meanwhile is kept', async () => {
    const place = await storeKinds[0]!.fresh();
    const store = await place.open();
    const srv = await startTestServer({ store, env: { SWITCHBOARD_ARCHIVE_DELAY_MS: '600' } });
    const connect = demoConnectClient(srv, { maxAttempts: 1 });
    try {
      const { client } = await connectAgent(srv, 'agent1');
      await client.setStatus('Available');
      const chat = await connectCustomer(srv, 'Eve');
      const contactId = chat.details.contactId;
      await waitFor(() => client.contacts().find((c) => c.contactId === contactId)?.state.type === 'incoming', 3000, 'the offer');
      await client.accept(contactId);
      await chat.disconnectParticipant();
      await waitFor(() => client.contacts().find((c) => c.contactId === contactId)?.state.type === 'ended', 3000, 'after contact work');
      chat.close();
      const instanceId = srv.demo.instanceId;
      const inMemory = () => srv.services.state.instances.get(instanceId)!.contacts.has(contactId);
      const stored = () => store.archive!.contact(instanceId, contactId);

      assert.equal(await stored(), undefined, 'not archived while an agent is in after contact work');
      await client.clear(contactId);
      await waitFor(() => !client.contacts().some((c) => c.contactId === contactId), 3000, 'cleared');
      client.close();
      assert.ok(await stored(), 'archived with the clearing batch');
      assert.ok(inMemory(), 'still in memory during the delay');

      // An update during the delay: the contact changes in memory and is archived again with its batch.
      await connect.send(new UpdateContactAttributesCommand({ InstanceId: instanceId, InitialContactId: contactId, Attributes: { note: 'late' } }));
      await waitFor(() => !inMemory(), 5000, 'the chat to leave memory after the delay');
      const described = await connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: contactId }));
      assert.equal(described.Contact?.Attributes?.note, 'late');
    } finally {
      connect.destroy();
      await srv.stop();
      await place.cleanup();
    }
  });
});

describe('chats that finish at once', () => {
  test('a chat the flow refuses at once (queue full) is archived and gone from memory before StartChatContact answers, and the answer is still a normal one', async () => {
    const srv = await startTestServer({ env: { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' } });
    const connect = demoConnectClient(srv, { maxAttempts: 1 });
    try {
      await connect.send(new UpdateQueueMaxContactsCommand({ InstanceId: srv.demo.instanceId, QueueId: srv.demo.queueId, MaxContacts: 0 }));
      const refused = await connect.send(new StartChatContactCommand({
        InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: 'Full Fred' },
      }));
      assert.ok(refused.ContactId && refused.ParticipantId && refused.ParticipantToken);
      assert.equal(srv.services.state.instances.get(srv.demo.instanceId)!.contacts.has(refused.ContactId), false, 'finished, so out of memory');
      const described = await connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: refused.ContactId }));
      assert.ok(described.Contact?.DisconnectTimestamp instanceof Date, 'the refused chat has ended');
    } finally {
      connect.destroy();
      await srv.stop();
    }
  });
});
