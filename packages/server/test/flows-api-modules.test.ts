/**
 * Flow modules through the Connect API with the real @aws-sdk/client-connect: CreateContactFlowModule,
 * DescribeContactFlowModule, ListContactFlowModules (paging, state filter), UpdateContactFlowModuleContent /
 * Metadata, DeleteContactFlowModule, and their errors (InvalidContactFlowModuleException lists `Problems`).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectClient, CreateContactFlowModuleCommand, DeleteContactFlowModuleCommand, DescribeContactFlowModuleCommand, ListContactFlowModulesCommand, UpdateContactFlowModuleContentCommand, UpdateContactFlowModuleMetadataCommand, paginateListContactFlowModules } from '@aws-sdk/client-connect';
import { type TestServer } from './harness.ts';
import { withConnectApi } from './sdkClients.ts';
import { demoInstance, failure, moduleFlow, sayFlow, signedRequest } from './flowsApi.ts';

describe('flow modules through the Connect API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;

  withConnectApi((api) => ({ srv, connect, instanceId } = api));

  const create = (Name: string, content: unknown = moduleFlow(Name), extra: Record<string, unknown> = {}) =>
    connect.send(new CreateContactFlowModuleCommand({ InstanceId: instanceId, Name, Content: typeof content === 'string' ? content : JSON.stringify(content), ...extra }));
  const moduleIds = () => JSON.stringify([...demoInstance(srv).flowModules.keys()]);
  const problemsOf = (e: { Problems?: { message: string }[] }) => (e.Problems ?? []).map((p) => p.message);

  test('CreateContactFlowModule stores the module; DescribeContactFlowModule answers it as Connect does', async () => {
    const settings = JSON.stringify({ InputParameters: [], OutputParameters: [], Transitions: [{ DisplayName: 'Success', ReferenceName: 'Success', Description: '' }] });
    const out = await create('Check hours', moduleFlow('checking'), { Description: 'hours check', Tags: { team: 'a' }, Settings: settings });
    assert.match(out.Id!, /^[0-9a-f-]{36}$/);
    assert.equal(out.Arn, `${demoInstance(srv).arn}/flow-module/${out.Id}`);
    const m = (await connect.send(new DescribeContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: out.Id! }))).ContactFlowModule!;
    assert.deepEqual(
      { Id: m.Id, Arn: m.Arn, Name: m.Name, Description: m.Description, State: m.State, Status: m.Status, Tags: m.Tags, Settings: m.Settings },
      { Id: out.Id, Arn: out.Arn, Name: 'Check hours', Description: 'hours check', State: 'ACTIVE', Status: 'PUBLISHED', Tags: { team: 'a' }, Settings: settings },
    );
    assert.deepEqual(JSON.parse(m.Content!), moduleFlow('checking'));
    assert.match(m.FlowModuleContentSha256!, /^[0-9a-f]{64}$/);
  });

  test('a retried CreateContactFlowModule with the same ClientToken gets the first answer and makes one module', async () => {
    const first = await create('Idempotent', moduleFlow('x'), { ClientToken: 'token-1' });
    const again = await create('Idempotent', moduleFlow('x'), { ClientToken: 'token-1' });
    assert.equal(again.Id, first.Id);
    assert.equal([...demoInstance(srv).flowModules.values()].filter((m) => m.name === 'Idempotent').length, 1);
  });

  test('unsupported but documented actions import, named in Switchboard.UnsupportedActions', async () => {
    const doc = moduleFlow('with lambda');
    doc.Actions.unshift({ Identifier: 'lambda', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: 'arn:aws:lambda:us-east-1:1:function:f', InvocationTimeLimitSeconds: '8' }, Transitions: { NextAction: 'say', Errors: [{ NextAction: 'say', ErrorType: 'NoMatchingError' }] } });
    doc.StartAction = 'lambda';
    const r = await signedRequest(srv, 'PUT', `/contact-flow-modules/${instanceId}`, JSON.stringify({ Name: 'With lambda', Content: JSON.stringify(doc) }));
    assert.equal(r.status, 200);
    const expected = (await import('@switchboard/engine')).checkFlow(doc, 'MODULE').unsupportedActions;
    assert.deepEqual(r.body.Switchboard, { UnsupportedActions: expected });
  });

  test('ListContactFlowModules pages by name and filters by state', async () => {
    for (const n of ['M1', 'M2', 'M3']) await create(n);
    const names: string[] = [];
    for await (const p of paginateListContactFlowModules({ client: connect, pageSize: 2 }, { InstanceId: instanceId })) {
      assert.ok(p.ContactFlowModulesSummaryList!.length <= 2);
      for (const s of p.ContactFlowModulesSummaryList!) {
        names.push(s.Name!);
        assert.deepEqual(Object.keys(s).sort(), ['Arn', 'Id', 'Name', 'State']);
      }
    }
    assert.equal(names.length, demoInstance(srv).flowModules.size);
    assert.deepEqual(names, [...names].sort());
    const m2 = [...demoInstance(srv).flowModules.values()].find((m) => m.name === 'M2')!;
    await connect.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId: instanceId, ContactFlowModuleId: m2.id, State: 'ARCHIVED' }));
    const archived = await connect.send(new ListContactFlowModulesCommand({ InstanceId: instanceId, ContactFlowModuleState: 'ARCHIVED' }));
    assert.deepEqual(archived.ContactFlowModulesSummaryList!.map((s) => s.Name), ['M2']);
    const active = await connect.send(new ListContactFlowModulesCommand({ InstanceId: instanceId, ContactFlowModuleState: 'ACTIVE', MaxResults: 1000 }));
    assert.equal(active.ContactFlowModulesSummaryList!.some((s) => s.Name === 'M2'), false);
    assert.equal((await failure(connect.send(new ListContactFlowModulesCommand({ InstanceId: instanceId, MaxResults: 1001 })))).name, 'InvalidParameterException');
  });

  test('UpdateContactFlowModuleContent replaces the document; UpdateContactFlowModuleMetadata renames; DeleteContactFlowModule removes', async () => {
    const out = await create('Lifecycle');
    await connect.send(new UpdateContactFlowModuleContentCommand({ InstanceId: instanceId, ContactFlowModuleId: out.Id!, Content: JSON.stringify(moduleFlow('new words')) }));
    let m = (await connect.send(new DescribeContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: out.Id! }))).ContactFlowModule!;
    assert.deepEqual(JSON.parse(m.Content!), moduleFlow('new words'));
    await connect.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId: instanceId, ContactFlowModuleId: out.Id!, Name: 'Renamed module', Description: 'd' }));
    m = (await connect.send(new DescribeContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: out.Arn! }))).ContactFlowModule!;
    assert.deepEqual([m.Name, m.Description], ['Renamed module', 'd']);
    await connect.send(new DeleteContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: out.Id! }));
    assert.equal((await failure(connect.send(new DescribeContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: out.Id! })))).name, 'ResourceNotFoundException');
  });

  test('a broken module is InvalidContactFlowModuleException listing every problem, and nothing is stored', async () => {
    const before = moduleIds();
    // An inbound flow's end (EndFlowExecution) is not a module's (EndFlowModuleExecution).
    const inbound = await failure(create('Not a module', { ...sayFlow('x'), Actions: [sayFlow('x').Actions[0]!, { Identifier: 'bye', Type: 'EndFlowExecution', Transitions: {} }] }));
    assert.deepEqual([inbound.name, problemsOf(inbound)], ['InvalidContactFlowModuleException', ['action "bye": EndFlowExecution is not allowed in a MODULE flow']]);
    const doc = { ...moduleFlow('x'), StartAction: 'start', Actions: [...moduleFlow('x').Actions, { Identifier: 'end', Type: 'EndFlowExecution', Transitions: { NextAction: 'gone' } }] };
    const e = await failure(create('Broken', doc));
    assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['InvalidContactFlowModuleException', 400]);
    assert.deepEqual(problemsOf(e).sort(), [
      'StartAction "start" is not an action of the flow',
      'action "end": EndFlowExecution is not allowed in a MODULE flow',
      'action "end": NextAction points to "gone", which is not an action of the flow',
    ].sort());
    const json = await failure(create('Bad JSON', '{"Version"'));
    assert.match(problemsOf(json)[0]!, /not valid JSON/);
    const settings = await failure(create('Bad settings', moduleFlow('x'), { Settings: 'not json' }));
    assert.equal(settings.name, 'InvalidRequestException');
    assert.equal(moduleIds(), before);
  });

  test('a module name in use is DuplicateResourceException; an unknown module is ResourceNotFoundException for each operation', async () => {
    await create('Taken');
    const before = moduleIds();
    const dup = await failure(create('Taken'));
    assert.deepEqual([dup.name, dup.$metadata.httpStatusCode], ['DuplicateResourceException', 409]);
    assert.equal(moduleIds(), before);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const calls = [
      () => connect.send(new DescribeContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: unknown })),
      () => connect.send(new UpdateContactFlowModuleContentCommand({ InstanceId: instanceId, ContactFlowModuleId: unknown, Content: JSON.stringify(moduleFlow('x')) })),
      () => connect.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId: instanceId, ContactFlowModuleId: unknown, Name: 'n' })),
      () => connect.send(new DeleteContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: unknown })),
    ];
    for (const call of calls) assert.equal((await failure(call())).name, 'ResourceNotFoundException');
    const m = [...demoInstance(srv).flowModules.values()].find((x) => x.name === 'Taken')!;
    const broken = await failure(connect.send(new UpdateContactFlowModuleContentCommand({ InstanceId: instanceId, ContactFlowModuleId: m.id, Content: JSON.stringify({ ...moduleFlow('x'), StartAction: 'no' }) })));
    assert.equal(broken.name, 'InvalidContactFlowModuleException');
    assert.deepEqual(demoInstance(srv).flowModules.get(m.id)!.content, moduleFlow('Taken'));
  });
});
