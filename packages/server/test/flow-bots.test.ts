/** The built-in bot adapter behind ConnectParticipantWithLexBot: intents from sample utterances and slots, and a chat flow that talks to it end to end. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FlowDocument } from '@switchboard/engine';
import { botMap, recognize, type Bot } from '../src/flows/bots.ts';
import { anyContactOf, contactOf, createConnection, participant, startTestServer, waitFor } from './harness.ts';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import { demoConnectClient } from './sdkClients.ts';

const orderBot: Bot = {
  intents: [
    { name: 'CheckOrder', utterances: ['where is my order', 'track order {orderId}', 'status of {orderId}'], slots: { orderId: ['A100', 'A200'] } },
    { name: 'TalkToAgent', utterances: ['talk to a person', 'agent please', 'speak to someone'] },
  ],
};

describe('bots: recognising intents', () => {
  test('the intent whose sample utterances share the most words wins, and slots fill from their values', () => {
    assert.deepEqual(recognize(orderBot, 'Hi, where is my order?'), { intentName: 'CheckOrder', slots: {} });
    assert.deepEqual(recognize(orderBot, 'track order a100 please'), { intentName: 'CheckOrder', slots: { orderId: 'A100' } });
    assert.deepEqual(recognize(orderBot, 'I want to talk to a person'), { intentName: 'TalkToAgent', slots: {} });
  });

  test('nothing close enough is FallbackIntent', () => {
    assert.deepEqual(recognize(orderBot, 'the weather is nice'), { intentName: 'FallbackIntent', slots: {} });
  });

  test('bots resolve per instance or for all (*), by alias ARN or its last segment', () => {
    const map = botMap({ '*': { OrderBot: orderBot } });
    assert.equal(map.resolve('i1', 'arn:aws:lex:us-east-1:1:bot-alias/B/OrderBot'), orderBot);
    assert.equal(map.resolve('i1', 'Other'), undefined);
  });
});

const flow = (): FlowDocument => ({
  Version: '2019-10-30', StartAction: 'lex',
  Actions: [
    {
      Identifier: 'lex', Type: 'ConnectParticipantWithLexBot', Parameters: { Text: 'How can I help?', LexV2Bot: { AliasArn: 'arn:aws:lex:us-east-1:1:bot-alias/B/OrderBot' } },
      Transitions: {
        NextAction: 'err', Conditions: [{ NextAction: 'order', Condition: { Operator: 'Equals', Operands: ['CheckOrder'] } }],
        Errors: [{ NextAction: 'err', ErrorType: 'NoMatchingCondition' }, { NextAction: 'err', ErrorType: 'NoMatchingError' }],
      },
    },
    { Identifier: 'order', Type: 'MessageParticipant', Parameters: { Text: 'Order $.Lex.Slots.orderId is on its way.' }, Transitions: { NextAction: 'bye' } },
    { Identifier: 'err', Type: 'MessageParticipant', Parameters: { Text: 'Sorry.' }, Transitions: { NextAction: 'bye' } },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
});

describe('bots: a chat flow with a bot, end to end', () => {
  test('the customer\'s message goes to the instance\'s bot; the recognised intent and slot drive the flow', async () => {
    const data = await mkdtemp(join(tmpdir(), 'switchboard-bots-'));
    await writeFile(join(data, 'bots.json'), JSON.stringify({ '*': { OrderBot: orderBot } }));
    const srv = await startTestServer({ dir: data });
    try {
      const flowId = randomUUID();
      assert.ok((await srv.services.pipeline.submit({ type: 'CreateContactFlow', instanceId: srv.demo.instanceId, flowId, name: 'bot', flowType: 'CONTACT_FLOW', content: flow() })).ok);
      const started = await demoConnectClient(srv).send(new StartChatContactCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Ann' } }));
      const { ConnectionCredentials } = await createConnection(srv, started.ParticipantToken!);
      assert.equal(contactOf(srv, started.ContactId!).flowRun?.waiting?.kind, 'input');
      await participant(srv, 'message', ConnectionCredentials.ConnectionToken, { ContentType: 'text/plain', Content: 'track order A200' });
      const said = async () => (await anyContactOf(srv, started.ContactId!)).transcript.filter((i) => i.role === 'SYSTEM').map((i) => i.content);
      await waitFor(async () => (await said()).length === 2, 3000, 'the bot\'s answer');
      assert.deepEqual(await said(), ['How can I help?', 'Order A200 is on its way.']);
    } finally {
      await srv.stop();
    }
  });
});
