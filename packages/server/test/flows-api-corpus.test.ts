/**
 * The corpus of 119 real Amazon Connect flows (bench/flows/corpus.ts; outside this repository, so the test
 * is skipped when it is absent) imported through CreateContactFlow / CreateContactFlowModule with the real
 * @aws-sdk/client-connect: every flow imports, except two that honestly break the flow-type rules, and
 * their error names the problem.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectClient } from '@aws-sdk/client-connect';
import { startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { demoInstance } from './flowsApi.ts';
import { corpusPresent, importCorpus, readCorpus, report, summarize, type ImportResult } from '../../../bench/flows/corpus.ts';

/**
 * The corpus flows Connect itself would refuse: hand-written CUSTOMER_HOLD flows (the type inferred from
 * their names) that play a prompt with MessageParticipant, which hold flows may not use (they loop prompts
 * with MessageParticipantIteratively; flow-language.md §2.2, §2.6).
 */
const EXPECTED_REFUSALS: Record<string, RegExp> = {
  'godwillcho__amazon-connect-flows-cdk__sales_hold_flow.json': /MessageParticipant is not allowed in a CUSTOMER_HOLD flow/,
  'godwillcho__amazon-connect-flows-cdk__support_hold_flow.json': /MessageParticipant is not allowed in a CUSTOMER_HOLD flow/,
};

describe('the real-flow corpus through the Connect API', { skip: corpusPresent() ? false : 'the flow corpus (../shared/flows) is not here' }, () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let results: ImportResult[];

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    results = await importCorpus(connect, srv.demo.instanceId, readCorpus());
  });
  after(async () => {
    connect?.destroy();
    await srv?.stop();
  });

  test('every flow of the corpus imports, but the two hold flows that play a prompt, whose errors name the problem', () => {
    const refused = results.filter((r) => !r.ok);
    assert.deepEqual(refused.map((r) => r.entry.file).sort(), Object.keys(EXPECTED_REFUSALS).sort(), report(summarize(results)));
    for (const r of refused) {
      assert.equal(r.error, 'InvalidContactFlowException');
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0]!, EXPECTED_REFUSALS[r.entry.file]!);
    }
    assert.ok(results.length >= 119);
  });

  test('what imported is stored: flows with their types, modules as modules', () => {
    const imported = results.filter((r) => r.ok);
    const modules = imported.filter((r) => r.entry.flowType === 'MODULE').length;
    const instance = demoInstance(srv);
    assert.equal(instance.flowModules.size, modules);
    const corpusFlows = [...instance.flows.values()].filter((f) => /^\d{3} /.test(f.name));
    assert.equal(corpusFlows.length, imported.length - modules);
    for (const r of imported.filter((x) => x.entry.flowType !== 'MODULE')) {
      const stored = corpusFlows.find((f) => f.name.endsWith(r.entry.file.replace(/\.json$/, '').slice(0, 123)));
      assert.equal(stored?.type, r.entry.flowType, r.entry.file);
    }
  });

  test('the summary counts flows with only supported actions and the unsupported action types', () => {
    const s = summarize(results);
    assert.equal(s.imported, results.length - Object.keys(EXPECTED_REFUSALS).length);
    assert.ok(s.fullySupported > 0 && s.fullySupported < s.imported);
    assert.ok(s.unsupported.length > 0);
    for (let i = 1; i < s.unsupported.length; i++) assert.ok(s.unsupported[i - 1]!.flows >= s.unsupported[i]!.flows);
  });
});
