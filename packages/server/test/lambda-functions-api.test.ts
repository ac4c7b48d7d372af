/**
 * AssociateLambdaFunction, ListLambdaFunctions (paging) and DisassociateLambdaFunction with the real
 * @aws-sdk/client-connect, and the exception each bad input gets, with nothing stored.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssociateLambdaFunctionCommand, DisassociateLambdaFunctionCommand, ListLambdaFunctionsCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { serialize } from '../../engine/test/serialize.ts';
import type { TestServer } from './harness.ts';
import { withConnectApi } from './sdkClients.ts';
import { failure } from './flowsApi.ts';

const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

describe('Lambda functions through the Connect API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let InstanceId: string;
  withConnectApi((api) => ({ srv, connect, instanceId: InstanceId } = api));
  const listAll = async () => {
    const out: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await connect.send(new ListLambdaFunctionsCommand({ InstanceId, MaxResults: 2, ...(NextToken ? { NextToken } : {}) }));
      assert.ok(page.LambdaFunctions!.length <= 2);
      out.push(...page.LambdaFunctions!);
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  };

  test('associated functions are listed in the order associated, two a page; a disassociated one is gone', async () => {
    for (const name of ['lookup', 'orders', 'survey']) await connect.send(new AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: arn(name) }));
    assert.deepEqual(await listAll(), [arn('lookup'), arn('orders'), arn('survey')]);
    await connect.send(new DisassociateLambdaFunctionCommand({ InstanceId, FunctionArn: arn('orders') }));
    assert.deepEqual(await listAll(), [arn('lookup'), arn('survey')]);
  });

  test('not a function ARN, associated twice, or disassociating one never associated: the right exception, and nothing changes', async () => {
    const before = serialize(srv.services.state);
    assert.equal((await failure(connect.send(new AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: 'lookup' })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: arn('lookup') })))).name, 'ResourceConflictException');
    assert.equal((await failure(connect.send(new DisassociateLambdaFunctionCommand({ InstanceId, FunctionArn: arn('never') })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListLambdaFunctionsCommand({ InstanceId, MaxResults: 26 })))).name, 'InvalidParameterException');
    assert.equal(serialize(srv.services.state), before);
  });
});
