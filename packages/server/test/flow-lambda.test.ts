/** Flow Lambdas without a cloud: local handler files in a worker (with the timeout), HTTP endpoints, and the driver answering runs, across a restart. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FlowDocument } from '@switchboard/engine';
import { functionName, invokeLambda, lambdaMap } from '../src/flows/lambda.ts';
import { anyContactOf, contactOf, startTestServer, waitFor, type TestServer } from './harness.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchboard-lambda-'));
  await writeFile(join(dir, 'async.js'), 'exports.handler = async (event) => ({ name: "Ann", contact: event.Details.ContactData.ContactId, account: event.Details.Parameters.account });\n');
  await writeFile(join(dir, 'callback.cjs'), 'exports.handler = (event, context, callback) => { callback(null, { style: "callback" }); };\n');
  await writeFile(join(dir, 'esm.mjs'), 'export const handler = async () => ({ style: "esm" });\n');
  await writeFile(join(dir, 'spin.js'), 'exports.handler = async () => { for (;;) {} };\n');
  await writeFile(join(dir, 'throws.js'), 'exports.handler = async () => { throw new Error("database down"); };\n');
  await writeFile(join(dir, 'slow.js'), 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return { name: "Slow" }; };\n');
});
after(async () => rm(dir, { recursive: true, force: true }));

const event = { Details: { ContactData: { ContactId: 'c-1' }, Parameters: { account: 'A-1' } }, Name: 'ContactFlowEvent' };

describe('flow Lambdas: local handlers and endpoints', () => {
  test('an async `exports.handler` runs unchanged in a worker and gets Connect\'s event', async () => {
    assert.deepEqual(await invokeLambda({ kind: 'file', path: join(dir, 'async.js') }, event, 3000), { ok: true, result: { name: 'Ann', contact: 'c-1', account: 'A-1' } });
  });

  test('callback-style and ESM handlers run too', async () => {
    assert.deepEqual(await invokeLambda({ kind: 'file', path: join(dir, 'callback.cjs') }, event, 3000), { ok: true, result: { style: 'callback' } });
    assert.deepEqual(await invokeLambda({ kind: 'file', path: join(dir, 'esm.mjs') }, event, 3000), { ok: true, result: { style: 'esm' } });
  });

  test('a handler that never returns is stopped at the timeout; one that throws fails with its message', async () => {
    const started = Date.now();
    const spun = await invokeLambda({ kind: 'file', path: join(dir, 'spin.js') }, event, 300);
    assert.equal(spun.ok, false);
    assert.match(!spun.ok ? spun.error : '', /timed out/);
    assert.ok(Date.now() - started < 2000);
    const thrown = await invokeLambda({ kind: 'file', path: join(dir, 'throws.js') }, event, 3000);
    assert.deepEqual(thrown, { ok: false, error: 'database down' });
  });

  test('an HTTP endpoint is POSTed the event and answers the result', async () => {
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.end(JSON.stringify({ echoed: JSON.parse(body).Name })));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fn`;
      assert.deepEqual(await invokeLambda({ kind: 'http', url }, event, 3000), { ok: true, result: { echoed: 'ContactFlowEvent' } });
    } finally {
      server.close();
    }
  });

  test('the mapping resolves per instance, then for every instance (*), by full ARN or function name', () => {
    const map = lambdaMap({ i1: { lookup: './a.js' }, '*': { 'arn:aws:lambda:us-east-1:1:function:other': 'https://x.test/fn' } }, '/base');
    assert.deepEqual(map.resolve('i1', 'arn:aws:lambda:us-east-1:1:function:lookup:live'), { kind: 'file', path: '/base/a.js' });
    assert.deepEqual(map.resolve('i2', 'arn:aws:lambda:us-east-1:1:function:other'), { kind: 'http', url: 'https://x.test/fn' });
    assert.equal(map.resolve('i2', 'lookup'), undefined);
    assert.equal(functionName('arn:aws:lambda:eu-west-1:123:function:fn-name:prod'), 'fn-name');
  });
});

function lambdaFlow(functionArn: string, timeout = '3'): FlowDocument {
  return {
    Version: '2019-10-30', StartAction: 'fn',
    Actions: [
      { Identifier: 'fn', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: functionArn, InvocationTimeLimitSeconds: timeout, LambdaInvocationAttributes: { account: '$.Attributes.account' } }, Transitions: { NextAction: 'hello', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'hello', Type: 'MessageParticipant', Parameters: { Text: 'Hello $.External.name ($.External.account)' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'sorry', Type: 'MessageParticipant', Parameters: { Text: 'Lambda failed' }, Transitions: { NextAction: 'bye' } },
      { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

async function chatOn(srv: TestServer, content: FlowDocument): Promise<string> {
  const flowId = randomUUID(), contactId = randomUUID();
  const instanceId = srv.demo.instanceId;
  assert.ok((await srv.services.pipeline.submit({ type: 'CreateContactFlow', instanceId, flowId, name: `f-${flowId}`, flowType: 'CONTACT_FLOW', content })).ok);
  const started = await srv.services.pipeline.submit({ type: 'StartChatContact', instanceId, contactId, participantId: randomUUID(), contactFlowId: flowId, displayName: 'Ann', attributes: { account: 'A-1' }, chatDurationMinutes: 60 });
  assert.ok(started.ok);
  return contactId;
}

const arnOf = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** The instance may call these functions (AssociateLambdaFunction): Connect invokes no other. */
async function associate(srv: TestServer, ...names: string[]): Promise<void> {
  for (const name of names) assert.ok((await srv.services.pipeline.submit({ type: 'AssociateLambdaFunction', instanceId: srv.demo.instanceId, functionArn: arnOf(name) })).ok);
}

/** What the flow said in the chat (the chat may be finished and archived by then). */
const said = async (srv: TestServer, contactId: string) => (await anyContactOf(srv, contactId)).transcript.filter((i) => i.role === 'SYSTEM').map((i) => i.content);
const saidSomething = (srv: TestServer, contactId: string) => async () => (await said(srv, contactId)).length > 0;

describe('flow Lambdas: the driver answers waiting runs', () => {
  test('a chat\'s flow invokes the mapped handler and reads its answer as $.External; unmapped and timed-out functions take the error branch', async () => {
    const data = await mkdtemp(join(tmpdir(), 'switchboard-flowdata-'));
    await writeFile(join(data, 'lambdas.json'), JSON.stringify({ '*': { lookup: join(dir, 'async.js'), spin: join(dir, 'spin.js') } }));
    const srv = await startTestServer({ dir: data });
    try {
      await associate(srv, 'lookup', 'nobody', 'spin');
      const ok = await chatOn(srv, lambdaFlow(arnOf('lookup')));
      await waitFor(saidSomething(srv, ok), 5000, 'the flow to go on');
      assert.deepEqual(await said(srv, ok), ['Hello Ann (A-1)']);
      const unmapped = await chatOn(srv, lambdaFlow(arnOf('nobody')));
      await waitFor(saidSomething(srv, unmapped), 5000, 'the error branch');
      assert.deepEqual(await said(srv, unmapped), ['Lambda failed']);
      assert.match((await anyContactOf(srv, unmapped)).flowLog![0]!.reason!, /no handler/);
      const spun = await chatOn(srv, lambdaFlow(arnOf('spin'), '1'));
      await waitFor(saidSomething(srv, spun), 5000, 'the timeout');
      assert.deepEqual(await said(srv, spun), ['Lambda failed']);
    } finally {
      await srv.stop();
    }
  });

  test('a run waiting on a Lambda when the server stops is invoked again after the restart and goes on', async () => {
    const data = await mkdtemp(join(tmpdir(), 'switchboard-flowdata-'));
    await writeFile(join(data, 'lambdas.json'), JSON.stringify({ '*': { slow: join(dir, 'slow.js') } }));
    const first = await startTestServer({ dir: data });
    let contactId: string;
    try {
      await associate(first, 'slow');
      contactId = await chatOn(first, lambdaFlow(arnOf('slow'), '5'));
      assert.equal(contactOf(first, contactId).flowRun?.waiting?.kind, 'lambda');
    } finally {
      await first.stop({ keepDir: true });
    }
    const second = await startTestServer({ dir: data });
    try {
      await waitFor(saidSomething(second, contactId), 6000, 'the re-invoked Lambda');
      assert.deepEqual(await said(second, contactId), ['Hello Slow ()']);
    } finally {
      await second.stop();
    }
  });

  test('a function the instance has not associated is not invoked, even when the server maps it: the flow takes its error branch and its log says why', async () => {
    const data = await mkdtemp(join(tmpdir(), 'switchboard-flowdata-'));
    await writeFile(join(data, 'lambdas.json'), JSON.stringify({ '*': { lookup: join(dir, 'async.js') } }));
    const srv = await startTestServer({ dir: data });
    try {
      const refused = await chatOn(srv, lambdaFlow(arnOf('lookup')));
      await waitFor(saidSomething(srv, refused), 5000, 'the error branch');
      assert.deepEqual(await said(srv, refused), ['Lambda failed']);
      assert.match((await anyContactOf(srv, refused)).flowLog![0]!.reason!, /not associated with this instance/);
      // Associated with a version qualifier in the flow: the function is the same.
      await associate(srv, 'lookup');
      const allowed = await chatOn(srv, lambdaFlow(`${arnOf('lookup')}:live`));
      await waitFor(saidSomething(srv, allowed), 5000, 'the flow to go on');
      assert.deepEqual(await said(srv, allowed), ['Hello Ann (A-1)']);
    } finally {
      await srv.stop();
    }
  });
});

