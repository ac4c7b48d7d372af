/**
 * The agent socket sends a full snapshot first, then deltas (what the batch changed): the sdk's
 * AgentClient applies them, and what it shows must equal a fresh snapshot of the server's state at
 * every step of a chat's life, with several chats held at once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { agentSnapshot } from '@switchboard/engine';
import type { AgentClient, ChatSession } from '@switchboard/sdk';
import { RawAgent, startTestServer, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer } from './sdkClients.ts';

let srv: TestServer;
let client: AgentClient;
const customers: ChatSession[] = [];

before(async () => {
  srv = await startTestServer();
  client = (await connectAgent(srv, 'agent1')).client;
});
after(async () => {
  client.close();
  for (const c of customers) c.close();
  await srv.stop();
});

/** The server's own view of agent1's CCP, without the time it was taken. */
function fresh(): unknown {
  const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
  const { snapshotTimestamp: _, ...rest } = agentSnapshot(instance, instance.users.get(userIdOf(srv, 'agent1'))!, 0).snapshot;
  return rest;
}

/** What the sdk shows, once it has caught up with the server. */
async function inSync(what: string): Promise<void> {
  const shown = () => {
    const { snapshotTimestamp: _, ...rest } = client.snapshot!.snapshot;
    return rest;
  };
  await waitFor(() => JSON.stringify(shown()) === JSON.stringify(fresh()), 3000, `the CCP to show ${what}`).catch(() => undefined);
  assert.deepEqual(shown(), fresh(), `after ${what}, the deltas applied by the sdk differ from a fresh snapshot`);
}

test('the agent socket sends deltas after the first snapshot, and the sdk applying them shows exactly a fresh snapshot at every step', async () => {
  const raw = await RawAgent.login(srv, 'agent1'); // a second socket of the same agent sees the same frames
  try {
    await client.setStatus('Available');
    await inSync('Available');
    const contactIds: string[] = [];
    for (const name of ['Ann', 'Ben', 'Cat']) {
      const chat = await connectCustomer(srv, name);
      customers.push(chat);
      contactIds.push(chat.details.contactId);
      await waitFor(() => client.snapshot!.snapshot.contacts.some((c) => c.contactId === chat.details.contactId && c.state.type === 'incoming'), 3000, `the offer of ${name}'s chat`);
      await inSync(`the offer of ${name}'s chat`);
      await client.accept(chat.details.contactId);
      await inSync(`${name}'s chat accepted`);
    }
    await client.setStatus('Break');
    await inSync('a status change with three chats held (next status)');
    await client.leave(contactIds[1]!);
    await inSync('the agent leaving one chat (after contact work)');
    await client.clear(contactIds[1]!);
    await inSync('one contact cleared');
    assert.deepEqual(client.snapshot!.snapshot.contacts.map((c) => c.contactId).sort(), [contactIds[0], contactIds[2]].sort());
    assert.ok(raw.socket.frames.some((f) => f.event === 'agent::delta'), 'the socket got no delta');
    const rawIds = () => JSON.stringify(raw.latestSnapshot().snapshot.contacts.map((c: { contactId: string }) => c.contactId));
    const ids = JSON.stringify(client.snapshot!.snapshot.contacts.map((c) => c.contactId));
    await waitFor(() => rawIds() === ids, 3000, 'the second socket to show the same contacts').catch(() => undefined);
    assert.equal(rawIds(), ids, 'the agent\'s second socket shows other contacts');
  } finally {
    raw.socket.close();
  }
});
