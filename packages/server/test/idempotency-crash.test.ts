/**
 * ClientToken idempotency across a crash: a request whose events were made durable but which was never
 * answered (the process died between the commit and the answer) is retried with its ClientToken after a
 * restart, and gets the answer it would have had, without its events being stored a second time.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { createConnection, participant, startTestServer, startWidgetChat, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { CrashingStore } from './crashingStore.ts';
import { storeKinds } from './storeKinds.ts';

/** What a kill leaves of the first server: nothing answers, every connection is cut. */
function killHttp(srv: TestServer): void {
  srv.server.close();
  srv.server.closeAllConnections();
}

for (const kind of storeKinds) {
  describe(`ClientTokens survive a crash between commit and answer (${kind.name})`, { skip: kind.skip }, () => {
    test('a SendMessage retried with its ClientToken after a crash is stored once and answered with the first Id', async () => {
      const place = await kind.fresh();
      const store = new CrashingStore(await place.open());
      const first = await startTestServer({ store });
      let second: TestServer | undefined;
      try {
        const chat = await startWidgetChat(first, 'Crash Carla');
        const token = (await createConnection(first, chat.ParticipantToken)).ConnectionCredentials.ConnectionToken;
        const body = { ContentType: 'text/plain', Content: 'stored before the crash', ClientToken: 'crash-message-1' };
        store.crashAfterWriting((events) => events.some((e) => e.type === 'MessageSent'));
        const lost = participant(first, 'message', token, body).then(() => 'answered', () => 'no answer');
        await store.died;
        killHttp(first);
        assert.equal(await lost, 'no answer');

        second = await startTestServer({ dir: first.dir, store: await place.open() });
        const retry = await participant(second, 'message', token, body);
        assert.equal(retry.status, 200);
        const again = await participant(second, 'message', token, body);
        assert.deepEqual(again.body, retry.body);
        const transcript = await participant(second, 'transcript', token, { ScanDirection: 'FORWARD', MaxResults: 100 });
        const stored = transcript.body.Transcript.filter((i: any) => i.Type === 'MESSAGE' && i.Content === body.Content);
        assert.equal(stored.length, 1, 'the message is in the transcript exactly once');
        assert.equal(retry.body.Id, stored[0].Id, 'the retry is answered with the stored message\'s Id');
        assert.equal(retry.body.AbsoluteTime, stored[0].AbsoluteTime);
      } finally {
        store.bury();
        await first.stop({ keepDir: true });
        await second?.stop();
        await place.cleanup();
      }
    });

    test('a StartChatContact retried with its ClientToken after a crash starts one contact and is answered with its ids', async () => {
      const place = await kind.fresh();
      const store = new CrashingStore(await place.open());
      const first = await startTestServer({ store });
      let second: TestServer | undefined;
      const firstClient = demoConnectClient(first, { maxAttempts: 1 });
      let secondClient: ReturnType<typeof demoConnectClient> | undefined;
      const input = () => ({
        InstanceId: first.demo.instanceId, ContactFlowId: first.demo.contactFlowId,
        ParticipantDetails: { DisplayName: 'Crash Cora' }, ClientToken: 'crash-chat-1',
      });
      const named = (srv: TestServer) => [...srv.services.state.instances.get(srv.demo.instanceId)!.contacts.values()]
        .filter((c) => [...c.participants.values()].some((p) => p.displayName === 'Crash Cora'));
      try {
        store.crashAfterWriting((events) => events.some((e) => e.type === 'ContactInitiated'));
        const lost = firstClient.send(new StartChatContactCommand(input())).then(() => 'answered', () => 'no answer');
        await store.died;
        killHttp(first);
        assert.equal(await lost, 'no answer');

        second = await startTestServer({ dir: first.dir, store: await place.open() });
        assert.equal(named(second).length, 1, 'the contact was stored before the crash');
        secondClient = demoConnectClient(second, { maxAttempts: 1 });
        const retry = await secondClient.send(new StartChatContactCommand(input()));
        const contacts = named(second);
        assert.equal(contacts.length, 1, 'the retry started no second contact');
        assert.equal(retry.ContactId, contacts[0]!.id);
        assert.ok(contacts[0]!.participants.has(retry.ParticipantId!));
        // The token handed out on the retry is the stored customer's.
        await createConnection(second, retry.ParticipantToken!);
      } finally {
        firstClient.destroy();
        secondClient?.destroy();
        store.bury();
        await first.stop({ keepDir: true });
        await second?.stop();
        await place.cleanup();
      }
    });
  });
}
