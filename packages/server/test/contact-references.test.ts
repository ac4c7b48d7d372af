/**
 * ListContactReferences with the real AWS SDK: a task's references (StartTaskContact References), filtered
 * by the reference types asked for, each as Connect's one-field ReferenceSummary; a chat has none; an ended
 * task still lists them; and every refusal (no types, an unknown type, a bad NextToken, an unknown contact).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListContactReferencesCommand, StartChatContactCommand, StartTaskContactCommand, StopContactCommand, type ConnectClient, type ReferenceType } from '@aws-sdk/client-connect';
import type { TestServer } from './harness.ts';
import { withConnectApi } from './sdkClients.ts';
import { failure } from './flowsApi.ts';

describe('ListContactReferences', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let taskId: string;
  withConnectApi((api) => ({ srv, connect } = api));
  before(async () => {
    taskId = (await connect.send(new StartTaskContactCommand({
      InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, Name: 'Refund for Ann',
      References: {
        order: { Type: 'URL', Value: 'https://crm.example.com/orders/1234' },
        amount: { Type: 'NUMBER', Value: '42.50' },
        reason: { Type: 'STRING', Value: 'damaged in transit' },
        due: { Type: 'DATE', Value: '2026-12-24T00:00:00Z' },
        customer: { Type: 'EMAIL', Value: 'ann@example.com' },
      },
    }))).ContactId!;
  });
  const list = (ContactId: string, ReferenceTypes: string[], NextToken?: string) =>
    connect.send(new ListContactReferencesCommand({ InstanceId: srv.demo.instanceId, ContactId, ReferenceTypes: ReferenceTypes as ReferenceType[], ...(NextToken ? { NextToken } : {}) }));

  test("a task's references of the types asked for, each as a ReferenceSummary with one field named for its type", async () => {
    const urls = await list(taskId, ['URL']);
    assert.deepEqual(urls.ReferenceSummaryList, [{ Url: { Name: 'order', Value: 'https://crm.example.com/orders/1234' } }]);
    assert.equal(urls.NextToken, undefined);
    const all = await list(taskId, ['URL', 'NUMBER', 'STRING', 'DATE', 'EMAIL', 'ATTACHMENT']);
    assert.deepEqual(all.ReferenceSummaryList, [
      { Url: { Name: 'order', Value: 'https://crm.example.com/orders/1234' } },
      { Number: { Name: 'amount', Value: '42.50' } },
      { String: { Name: 'reason', Value: 'damaged in transit' } },
      { Date: { Name: 'due', Value: '2026-12-24T00:00:00Z' } },
      { Email: { Name: 'customer', Value: 'ann@example.com' } },
    ]);
    // A type Connect has that nothing here carries matches nothing.
    assert.deepEqual((await list(taskId, ['CONTACT_ANALYSIS'])).ReferenceSummaryList, []);
  });

  test('a chat has no references', async () => {
    const chat = await connect.send(new StartChatContactCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: 'Ann' } }));
    assert.deepEqual((await list(chat.ContactId!, ['URL', 'ATTACHMENT'])).ReferenceSummaryList, []);
  });

  test('an ended task still lists its references (read from the archive once it leaves memory)', async () => {
    const ended = (await connect.send(new StartTaskContactCommand({
      InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, Name: 'Done', References: { ticket: { Type: 'URL', Value: 'https://tickets.example.com/9' } },
    }))).ContactId!;
    await connect.send(new StopContactCommand({ InstanceId: srv.demo.instanceId, ContactId: ended }));
    assert.deepEqual((await list(ended, ['URL'])).ReferenceSummaryList, [{ Url: { Name: 'ticket', Value: 'https://tickets.example.com/9' } }]);
  });

  test('no reference types, an unknown type or a NextToken no page gave is InvalidParameterException; an unknown contact is ResourceNotFoundException', async () => {
    assert.equal((await failure(list(taskId, []))).name, 'InvalidParameterException');
    assert.equal((await failure(list(taskId, ['PICTURE']))).name, 'InvalidParameterException');
    assert.equal((await failure(list(taskId, ['URL'], '999'))).name, 'InvalidParameterException');
    assert.equal((await failure(list('00000000-0000-4000-8000-000000000000', ['URL']))).name, 'ResourceNotFoundException');
  });
});
