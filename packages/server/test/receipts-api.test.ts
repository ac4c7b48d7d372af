/**
 * Read and delivered receipts over the wire: SendEvent with @aws-sdk/client-connectparticipant (the
 * customer) and the CCP socket (the agent, through the sdk's AgentClient); kept, shown in GetTranscript
 * as the message's MessageMetadata.Receipts, passed on live once durable, refused for what is not a
 * message of the chat, dropped in multi-party chats (seed 002), and still there after a restart.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectParticipantClient, CreateParticipantConnectionCommand, GetTranscriptCommand, SendEventCommand, ValidationException, type Item,
} from '@aws-sdk/client-connectparticipant';
import type { AgentClient, ChatItemView } from '@switchboard/sdk';
import { RecordingSocket, startTestServer, startWidgetChat, waitFor, type TestServer } from './harness.ts';
import { connectAgent } from './sdkClients.ts';

const DELIVERED = 'application/vnd.amazonaws.connect.event.message.delivered';
const READ = 'application/vnd.amazonaws.connect.event.message.read';
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Chat {
  contactId: string;
  customerId: string;
  token: string;
  socketUrl: string;
}

describe('message receipts over the Participant Service and the CCP socket', () => {
  let srv: TestServer;
  let participant: ConnectParticipantClient;
  let agent: AgentClient;

  before(async () => {
    srv = await startTestServer();
    participant = new ConnectParticipantClient({ endpoint: srv.url, region: srv.demo.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    agent = (await connectAgent(srv, 'agent1')).client;
  });
  /** Every test's chats end and are cleared after it, so agent1 has free slots for the next. */
  const accepted: string[] = [];
  afterEach(async () => {
    for (const contactId of accepted.splice(0)) {
      const state = agent.snapshot?.snapshot.contacts.find((c) => c.contactId === contactId)?.state.type;
      if (state === 'connected') await agent.leave(contactId);
      await waitFor(() => agent.snapshot?.snapshot.contacts.find((c) => c.contactId === contactId)?.state.type !== 'connected', 3000, 'the chat ended');
      await agent.clear(contactId);
    }
  });
  after(async () => {
    agent.close();
    participant.destroy();
    await srv.stop();
  });

  /** A customer's chat that agent1 has accepted (agent1 goes back Offline so later chats wait for them). */
  async function acceptedChat(name: string): Promise<Chat> {
    const started = await startWidgetChat(srv, name);
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
    await agent.setStatus('Available');
    await waitFor(() => agent.snapshot?.snapshot.contacts.find((c) => c.contactId === started.ContactId)?.state.type === 'incoming', 5000, 'the offer');
    await agent.accept(started.ContactId);
    accepted.push(started.ContactId);
    await agent.setStatus('Offline');
    return { contactId: started.ContactId, customerId: started.ParticipantId, token: conn.ConnectionCredentials!.ConnectionToken!, socketUrl: conn.Websocket!.Url! };
  }

  async function transcript(token: string, scan: 'FORWARD' | 'BACKWARD'): Promise<Item[]> {
    const out = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, ScanDirection: scan, MaxResults: 100 }));
    return out.Transcript ?? [];
  }

  const receipt = (token: string, type: string, messageId: string) =>
    participant.send(new SendEventCommand({ ConnectionToken: token, ContentType: type, Content: JSON.stringify({ messageId }) }));

  async function failure(promise: Promise<unknown>): Promise<any> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    assert.fail('expected the call to fail');
  }

  test('a customer\'s delivered and read receipts are kept: GetTranscript shows them on the message in both scan directions', async () => {
    const chat = await acceptedChat('Rosa');
    const reply = await agent.sendMessage(chat.contactId, 'your parcel left today');
    const delivered = await receipt(chat.token, DELIVERED, reply.Id);
    assert.equal(typeof delivered.Id, 'string');
    assert.match(delivered.AbsoluteTime!, ISO_MS);
    const read = await receipt(chat.token, READ, reply.Id);
    assert.notEqual(read.Id, delivered.Id);
    for (const scan of ['FORWARD', 'BACKWARD'] as const) {
      const item = (await transcript(chat.token, scan)).find((i) => i.Id === reply.Id);
      assert.ok(item, `${scan}: the message`);
      assert.equal(item.Type, 'MESSAGE');
      assert.deepEqual(item.MessageMetadata, {
        MessageId: reply.Id,
        Receipts: [{ DeliveredTimestamp: delivered.AbsoluteTime, ReadTimestamp: read.AbsoluteTime, RecipientParticipantId: chat.customerId }],
      }, scan);
    }
    // The agent's transcript (the CCP socket) shows the same.
    const atAgent = (await agent.getTranscript(chat.contactId)).find((i) => i.Id === reply.Id);
    assert.deepEqual(atAgent?.MessageMetadata?.Receipts, [{ DeliveredTimestamp: delivered.AbsoluteTime, ReadTimestamp: read.AbsoluteTime, RecipientParticipantId: chat.customerId }]);
    // Items without receipts carry no MessageMetadata.
    assert.ok((await transcript(chat.token, 'FORWARD')).filter((i) => i.Id !== reply.Id).every((i) => i.MessageMetadata === undefined));
  });

  test('the agent\'s receipt is passed on to the customer\'s socket as MESSAGEMETADATA with the answer\'s Id and time, and shows in the customer\'s transcript', async () => {
    const chat = await acceptedChat('Sara');
    const socket = await RecordingSocket.open(chat.socketUrl);
    try {
      socket.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
      await socket.next((f) => f.topic === 'aws/subscribe');
      const { SendMessageCommand } = await import('@aws-sdk/client-connectparticipant');
      const sent = await participant.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'is it shipped?' }));
      const answer = await agent.sendReceipt(chat.contactId, sent.Id!, 'read');
      const frame = await socket.next((f) => f.topic === 'aws/chat' && JSON.parse(f.content).Type === 'MESSAGEMETADATA', 3000, 'the receipt');
      const item = JSON.parse(frame.content);
      assert.equal(item.Id, answer.Id);
      assert.equal(item.AbsoluteTime, answer.AbsoluteTime);
      assert.equal(item.ContentType, 'application/vnd.amazonaws.connect.event.message.metadata');
      assert.equal(item.ContactId, chat.contactId);
      assert.equal(item.InitialContactId, chat.contactId);
      const agentParticipant = agent.snapshot!.snapshot.contacts.find((c) => c.contactId === chat.contactId)!.connections.find((c) => c.type === 'agent')!.connectionId;
      assert.deepEqual(item.MessageMetadata, { MessageId: sent.Id, Receipts: [{ ReadTimestamp: answer.AbsoluteTime, RecipientParticipantId: agentParticipant }] });
      const inTranscript = (await transcript(chat.token, 'BACKWARD')).find((i) => i.Id === sent.Id);
      assert.deepEqual(inTranscript?.MessageMetadata?.Receipts, [{ ReadTimestamp: answer.AbsoluteTime, RecipientParticipantId: agentParticipant }]);
    } finally {
      socket.close();
    }
  });

  test('a finished (archived) chat keeps its receipts: GetTranscript reads them back from the archive', async () => {
    const chat = await acceptedChat('Zoe');
    const reply = await agent.sendMessage(chat.contactId, 'bye now');
    const read = await receipt(chat.token, READ, reply.Id);
    await agent.leave(chat.contactId);
    await agent.clear(chat.contactId);
    accepted.splice(accepted.indexOf(chat.contactId), 1);
    const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
    await waitFor(() => !instance.contacts.has(chat.contactId), 3000, 'the chat archived and out of memory');
    const item = (await transcript(chat.token, 'FORWARD')).find((i) => i.Id === reply.Id);
    assert.deepEqual(item?.MessageMetadata?.Receipts, [{ ReadTimestamp: read.AbsoluteTime, RecipientParticipantId: chat.customerId }]);
  });

  test('a repeated receipt is answered and changes nothing: the first time is kept and nothing more is passed on', async () => {
    const chat = await acceptedChat('Tina');
    const reply = await agent.sendMessage(chat.contactId, 'anything else?');
    const seen: ChatItemView[] = [];
    const stop = agent.onChatItem((i) => {
      if (i.ContactId === chat.contactId && i.Type === 'MESSAGEMETADATA') seen.push(i);
    });
    try {
      const first = await receipt(chat.token, READ, reply.Id);
      await waitFor(() => seen.length === 1, 3000, 'the first read receipt at the agent');
      const again = await receipt(chat.token, READ, reply.Id);
      assert.equal(typeof again.Id, 'string');
      // A delivered receipt after the read one adds nothing either (read implies delivered).
      await receipt(chat.token, DELIVERED, reply.Id);
      const item = (await transcript(chat.token, 'FORWARD')).find((i) => i.Id === reply.Id);
      assert.deepEqual(item?.MessageMetadata?.Receipts, [{ ReadTimestamp: first.AbsoluteTime, RecipientParticipantId: chat.customerId }]);
      // Round trip over the agent socket, after which anything passed on would have arrived.
      await agent.getTranscript(chat.contactId);
      assert.equal(seen.length, 1);
    } finally {
      stop();
    }
  });

  test('a receipt for a message id that is not in this chat is ValidationException and nothing is stored', async () => {
    const chat = await acceptedChat('Uma');
    const other = await acceptedChat('Vivi');
    const elsewhere = await agent.sendMessage(other.contactId, 'for Vivi');
    const before = await transcript(chat.token, 'FORWARD');
    for (const messageId of ['no-such-message', elsewhere.Id]) {
      const error = await failure(receipt(chat.token, READ, messageId));
      assert.ok(error instanceof ValidationException, `${messageId}: ${error?.name}`);
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, /not a message of this chat/);
    }
    // An event of the transcript (the customer joining) is not a message either.
    const joined = before.find((i) => i.Type === 'EVENT')!;
    assert.ok((await failure(receipt(chat.token, DELIVERED, joined.Id!))) instanceof ValidationException);
    assert.deepEqual(await transcript(chat.token, 'FORWARD'), before);
    // The agent socket refuses the same way, in the Connect API's name for it.
    await assert.rejects(agent.sendReceipt(chat.contactId, 'no-such-message', 'read'), { name: 'InvalidRequestException' });
  });

  test('a receipt for the participant\'s own message is ValidationException and nothing is stored', async () => {
    const chat = await acceptedChat('Wren');
    const { SendMessageCommand } = await import('@aws-sdk/client-connectparticipant');
    const own = await participant.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'mine' }));
    const before = await transcript(chat.token, 'FORWARD');
    const error = await failure(receipt(chat.token, READ, own.Id!));
    assert.ok(error instanceof ValidationException);
    assert.match(error.message, /own messages/);
    assert.deepEqual(await transcript(chat.token, 'FORWARD'), before);
    const reply = await agent.sendMessage(chat.contactId, 'mine too');
    await assert.rejects(agent.sendReceipt(chat.contactId, reply.Id, 'delivered'), { name: 'InvalidRequestException' });
    assert.equal((await agent.getTranscript(chat.contactId)).find((i) => i.Id === reply.Id)?.MessageMetadata, undefined);
  });

  test('seed 002: in a multi-party chat a receipt is accepted, not passed on and not stored', async () => {
    const chat = await acceptedChat('Xia');
    const agent2 = (await connectAgent(srv, 'agent2')).client;
    try {
      const endpoint = (await agent.getQuickConnects()).find((e) => e.name === 'Agent2')!;
      await agent2.setStatus('Available');
      await agent.addParticipant(chat.contactId, { id: endpoint.id });
      await waitFor(() => agent2.snapshot?.snapshot.contacts.find((c) => c.contactId === chat.contactId)?.state.type === 'incoming', 5000, 'the invitation to agent2');
      await agent2.accept(chat.contactId);
      await agent2.setStatus('Offline');
      const reply = await agent.sendMessage(chat.contactId, 'my colleague joins us');
      const seen: ChatItemView[] = [];
      const stop = agent.onChatItem((i) => {
        if (i.ContactId === chat.contactId && i.Type === 'MESSAGEMETADATA') seen.push(i);
      });
      try {
        const answer = await receipt(chat.token, READ, reply.Id);
        assert.equal(typeof answer.Id, 'string');
        assert.match(answer.AbsoluteTime!, ISO_MS);
        await agent.getTranscript(chat.contactId);
        assert.deepEqual(seen, [], 'nothing passed on');
      } finally {
        stop();
      }
      assert.equal((await transcript(chat.token, 'FORWARD')).find((i) => i.Id === reply.Id)?.MessageMetadata, undefined);
      // Still refused there: a receipt for what is not a message of the chat.
      assert.ok((await failure(receipt(chat.token, READ, 'no-such-message'))) instanceof ValidationException);
    } finally {
      agent2.close();
    }
  });
});

describe('message receipts survive a restart', () => {
  test('after the server restarts from its data, GetTranscript still shows the receipts', async () => {
    const first = await startTestServer();
    const participant = new ConnectParticipantClient({ endpoint: first.url, region: first.demo.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    let second: TestServer | undefined;
    try {
      const { client: agent } = await connectAgent(first, 'agent1');
      const started = await startWidgetChat(first, 'Yara');
      const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }));
      const token = conn.ConnectionCredentials!.ConnectionToken!;
      await agent.setStatus('Available');
      await waitFor(() => agent.snapshot?.snapshot.contacts.find((c) => c.contactId === started.ContactId)?.state.type === 'incoming', 5000, 'the offer');
      await agent.accept(started.ContactId);
      const reply = await agent.sendMessage(started.ContactId, 'see you after the restart');
      const read = await participant.send(new SendEventCommand({ ConnectionToken: token, ContentType: READ, Content: JSON.stringify({ messageId: reply.Id }) }));
      agent.close();
      await first.stop({ keepDir: true });
      second = await startTestServer({ dir: first.dir });
      const moved = new ConnectParticipantClient({ endpoint: second.url, region: second.demo.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
      try {
        const out = await moved.send(new GetTranscriptCommand({ ConnectionToken: token, ScanDirection: 'BACKWARD', MaxResults: 100 }));
        assert.deepEqual(out.Transcript!.find((i) => i.Id === reply.Id)?.MessageMetadata?.Receipts, [{ ReadTimestamp: read.AbsoluteTime, RecipientParticipantId: started.ParticipantId }]);
      } finally {
        moved.destroy();
      }
    } finally {
      participant.destroy();
      await first.stop({ keepDir: second !== undefined });
      await second?.stop();
    }
  });
});
