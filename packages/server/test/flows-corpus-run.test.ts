/**
 * A handful of real flows of the corpus (bench/flows; outside this repository, so the test is skipped when
 * it is absent) run end to end as `npm run bench:flows:run` runs them: the whole corpus imported with
 * @aws-sdk/client-connect and deployed into the instance (Lambdas and bots stubbed by local handlers), then
 * each flow met as a chat (StartChatContact, the customer answering through @aws-sdk/client-connectparticipant)
 * and as a call (the phone simulator pressing keys), and its flow log read for how it ended.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './harness.ts';
import { corpusDir, corpusPresent, importCorpus, readCorpus, type ImportResult } from '../../../bench/flows/corpus.ts';
import { deploy, writeStubs } from '../../../bench/flows/deploy.ts';
import { benchOn, closeBench, runCall, runChat, type Bench, type Trace } from '../../../bench/flows/drive.ts';
import { classify } from '../../../bench/flows/outcome.ts';

const present = corpusPresent();
if (!present) console.warn(`\n*** flows-corpus-run: SKIPPED — no flow corpus at ${corpusDir()} (set SWITCHBOARD_FLOW_CORPUS) ***\n`);

/** Generous: a run that has not ended by then is a regression (stuck), not a slow machine. */
const TIME_LIMIT_MS = 30_000;

describe('real corpus flows run to their natural end', { skip: present ? false : 'the flow corpus (../shared/flows) is not here' }, () => {
  let srv: TestServer;
  let bench: Bench;
  let imported: ImportResult[];
  let queueArn: string;

  before(async () => {
    const entries = readCorpus();
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-corpus-run-'));
    await writeStubs(dir, entries);
    srv = await startTestServer({ dir });
    bench = await benchOn(srv, TIME_LIMIT_MS);
    imported = await importCorpus(bench.connect, srv.demo.instanceId, entries);
    queueArn = `${srv.demo.instanceArn}/queue/${srv.demo.queueId}`;
    const deployed = await deploy(bench.connect, srv.demo.instanceId, imported, { queueArn, hoursArn: `${srv.demo.instanceArn}/operating-hours/${srv.demo.hoursOfOperationId}` });
    assert.deepEqual(deployed.refused, []);
  });
  after(async () => {
    if (bench) closeBench(bench);
    await srv?.stop();
  });

  const arnOf = (file: string) => {
    const r = imported.find((x) => x.entry.file === file);
    assert.ok(r?.ok && r.arn, `${file} imported`);
    return r.arn;
  };
  const path = (t: Trace) => t.entries.map((e) => `${e.actionType}${e.error ? `!${e.error}` : ''}`);

  test('the sample queue configurations flow: a chat is queued; a caller keys a local number for a callback, which is made, and is disconnected', async () => {
    const flow = arnOf('GoodMeasuresLLC__connect__sample_queue_configurations_flow.json');
    const chat = await runChat(bench, flow);
    assert.deepEqual(classify(chat), { kind: 'natural', reason: 'queued (TransferContactToQueue)', ended: true }, path(chat).join(' → '));
    const call = await runCall(bench, flow);
    assert.deepEqual(classify(call), { kind: 'natural', reason: 'disconnected (DisconnectParticipant)', ended: true }, path(call).join(' → '));
    assert.deepEqual(call.answers, ['1', '2', '2065550123#']);
    const steps = path(call);
    assert.ok(steps.indexOf('UpdateContactCallbackNumber') < steps.indexOf('CreateCallbackContact'), steps.join(' → '));
  });

  test('a healthcare IVR with a bot: the chat goes through two intents the customer names, the call through the fallback; both are disconnected', async () => {
    const flow = arnOf('Richard1007__claude-connect-skills__healthcare-clinic-ivr.json');
    const chat = await runChat(bench, flow);
    assert.deepEqual(classify(chat), { kind: 'natural', reason: 'disconnected (DisconnectParticipant)', ended: true }, path(chat).join(' → '));
    assert.deepEqual(chat.entries.filter((e) => e.actionType === 'ConnectParticipantWithLexBot' && !e.result?.startsWith('waiting')).map((e) => e.result), chat.answers);
    const call = await runCall(bench, flow);
    assert.deepEqual(classify(call), { kind: 'natural', reason: 'disconnected (DisconnectParticipant)', ended: true }, path(call).join(' → '));
  });

  test('a simple inbound flow with a menu queues the chat and the call', async () => {
    const flow = arnOf('aws-samples__amazon-connect-data-analytics-sample__SimpleInboundFlow.json');
    for (const trace of [await runChat(bench, flow), await runCall(bench, flow)]) {
      assert.deepEqual(classify(trace), { kind: 'natural', reason: 'queued (TransferContactToQueue)', ended: true }, `${trace.channel}: ${path(trace).join(' → ')}`);
    }
  });

  test('a queue transfer flow deployed from Terraform templates queues the contact in its working queue', async () => {
    const flow = arnOf('aws-samples__amazon-connect-gitlab-cicd-terraform__acme_queue_transfer_AUTO.json');
    for (const trace of [await runChat(bench, flow, queueArn), await runCall(bench, flow, queueArn)]) {
      assert.deepEqual(classify(trace), { kind: 'natural', reason: 'queued (TransferContactToQueue)', ended: true }, `${trace.channel}: ${path(trace).join(' → ')}`);
    }
  });
});
