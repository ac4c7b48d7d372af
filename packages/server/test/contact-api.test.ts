/** UpdateContactAttributes and CreateParticipant (a custom bot) with the real AWS SDK clients. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectClient, CreateParticipantCommand, DescribeContactCommand, StartChatContactCommand, StopContactCommand, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { ConnectParticipantClient, CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { anyContactOf, startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

describe('contact APIs', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let participant: ConnectParticipantClient;
  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    participant = new ConnectParticipantClient({ endpoint: srv.url, region: srv.demo.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  });
  after(async () => {
    connect.destroy();
    participant.destroy();
    await srv.stop();
  });
  const start = (name: string) => connect.send(new StartChatContactCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: name }, Attributes: { tier: 'gold' } }));

  test('UpdateContactAttributes merges attributes, which DescribeContact then returns', async () => {
    const chat = await start('Ada');
    await connect.send(new UpdateContactAttributesCommand({ InstanceId: srv.demo.instanceId, InitialContactId: chat.ContactId!, Attributes: { orderId: '4711', tier: 'platinum' } }));
    const described = await connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: chat.ContactId! }));
    assert.deepEqual(described.Contact?.Attributes, { tier: 'platinum', orderId: '4711' });
  });

  test('UpdateContactAttributes refuses names with "$" or "." and unknown contacts, and changes nothing', async () => {
    const chat = await start('Bea');
    await assert.rejects(connect.send(new UpdateContactAttributesCommand({ InstanceId: srv.demo.instanceId, InitialContactId: chat.ContactId!, Attributes: { 'a.b': '1' } })), { name: 'InvalidRequestException' });
    await assert.rejects(connect.send(new UpdateContactAttributesCommand({ InstanceId: srv.demo.instanceId, InitialContactId: '00000000-0000-4000-8000-000000000000', Attributes: { a: '1' } })), { name: 'ResourceNotFoundException' });
    const described = await connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: chat.ContactId! }));
    assert.deepEqual(described.Contact?.Attributes, { tier: 'gold' });
  });

  test('CreateParticipant adds a CUSTOM_BOT whose own token works with the Participant Service', async () => {
    const chat = await start('Cy');
    const bot = await connect.send(new CreateParticipantCommand({ InstanceId: srv.demo.instanceId, ContactId: chat.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'OrderBot' } }));
    assert.ok(bot.ParticipantId && bot.ParticipantCredentials?.ParticipantToken);
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials.ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] }));
    const token = conn.ConnectionCredentials!.ConnectionToken!;
    await participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'I can check your order.' }));
    const transcript = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, ScanDirection: 'FORWARD', MaxResults: 100 }));
    const items = transcript.Transcript ?? [];
    assert.ok(items.some((i) => i.Type === 'EVENT' && i.ParticipantRole === 'CUSTOM_BOT' && i.DisplayName === 'OrderBot'), 'the bot joined');
    assert.ok(items.some((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOM_BOT' && i.Content === 'I can check your order.'));
  });

  test('CreateParticipant accepts only CUSTOM_BOT, and only for a chat still going on', async () => {
    const chat = await start('Dee');
    await assert.rejects(connect.send(new CreateParticipantCommand({ InstanceId: srv.demo.instanceId, ContactId: chat.ContactId!, ParticipantDetails: { ParticipantRole: 'AGENT', DisplayName: 'Sneaky' } })), { name: 'InvalidRequestException' });
    await connect.send(new StopContactCommand({ InstanceId: srv.demo.instanceId, ContactId: chat.ContactId! }));
    await assert.rejects(connect.send(new CreateParticipantCommand({ InstanceId: srv.demo.instanceId, ContactId: chat.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Late' } })), { name: 'InvalidRequestException' });
    const contact = await anyContactOf(srv, chat.ContactId!);
    assert.equal([...contact.participants.values()].filter((p) => p.role === 'CUSTOM_BOT').length, 0);
  });
});
