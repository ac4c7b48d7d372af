/** What the flows API stores survives a restart: it is in the event log before it is answered. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateContactFlowCommand, CreateContactFlowModuleCommand, CreatePromptCommand, DeleteContactFlowCommand, DescribeContactFlowCommand,
  DescribeContactFlowModuleCommand, DescribePromptCommand, ListContactFlowsCommand, UpdateContactFlowMetadataCommand,
} from '@aws-sdk/client-connect';
import { startTestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { moduleFlow, sayFlow, signedRequest } from './flowsApi.ts';

test('flows, modules and prompts created, changed and deleted through the API are the same after a restart', async () => {
  const first = await startTestServer();
  const InstanceId = first.demo.instanceId;
  let connect = demoConnectClient(first, { maxAttempts: 1 });
  const flow = await connect.send(new CreateContactFlowCommand({ InstanceId, Name: 'Kept', Type: 'CONTACT_FLOW', Content: JSON.stringify(sayFlow('kept')) }));
  await connect.send(new UpdateContactFlowMetadataCommand({ InstanceId, ContactFlowId: flow.ContactFlowId!, Name: 'Kept and renamed', ContactFlowState: 'ARCHIVED' }));
  const gone = await connect.send(new CreateContactFlowCommand({ InstanceId, Name: 'Gone', Type: 'CONTACT_FLOW', Content: JSON.stringify(sayFlow('gone')) }));
  await connect.send(new DeleteContactFlowCommand({ InstanceId, ContactFlowId: gone.ContactFlowId! }));
  const mod = await connect.send(new CreateContactFlowModuleCommand({ InstanceId, Name: 'Kept module', Content: JSON.stringify(moduleFlow('m')) }));
  const file = await signedRequest(first, 'PUT', `/prompt-files/${InstanceId}`, Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVE', 'latin1'), Buffer.alloc(100)]), 'audio/wav');
  const prompt = await connect.send(new CreatePromptCommand({ InstanceId, Name: 'Kept prompt', S3Uri: file.body.S3Uri }));
  const before = (await connect.send(new ListContactFlowsCommand({ InstanceId, MaxResults: 1000 }))).ContactFlowSummaryList;
  connect.destroy();
  await first.stop({ keepDir: true });

  const second = await startTestServer({ dir: first.dir });
  connect = demoConnectClient(second, { maxAttempts: 1 });
  try {
    const after = (await connect.send(new ListContactFlowsCommand({ InstanceId, MaxResults: 1000 }))).ContactFlowSummaryList;
    assert.deepEqual(after, before);
    const described = (await connect.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: flow.ContactFlowId! }))).ContactFlow!;
    assert.deepEqual([described.Name, described.State, JSON.parse(described.Content!)], ['Kept and renamed', 'ARCHIVED', sayFlow('kept')]);
    assert.equal(after!.some((s) => s.Id === gone.ContactFlowId), false);
    const m = (await connect.send(new DescribeContactFlowModuleCommand({ InstanceId, ContactFlowModuleId: mod.Id! }))).ContactFlowModule!;
    assert.deepEqual(JSON.parse(m.Content!), moduleFlow('m'));
    const p = (await connect.send(new DescribePromptCommand({ InstanceId, PromptId: prompt.PromptId! }))).Prompt!;
    assert.equal(p.Name, 'Kept prompt');
    const source = second.services.state.instances.get(InstanceId)!.prompts.get(prompt.PromptId!)!.source;
    assert.equal((await second.services.blobs.stat(source.kind === 'audio' ? source.blobKey : ''))?.sizeBytes, 112);
  } finally {
    connect.destroy();
    await second.stop();
  }
});
