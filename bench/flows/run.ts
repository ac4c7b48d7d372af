/**
 * `npm run bench:flows:run`: imports the real-flow corpus (corpus.ts) into a fresh server, deploys it there
 * (deploy.ts: its Lambdas stubbed by one local handler, its bots by local ones, placeholders and other
 * instances' queues re-pointed), then runs every flow a contact can start in (CONTACT_FLOW) — and the
 * queue transfer flows, which TransferToFlow may go to, and the customer queue flows — once as a chat and
 * once as a call (drive.ts), and prints how each run ended (outcome.ts). Coverage, not timing.
 *   --seconds N      time limit per run (default 15)
 *   --concurrency N  runs at once (default 6)
 *   --only TEXT      only flows whose file name contains TEXT
 *   --trace          print each run's flow log
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configFromEnv, startServer } from '../../packages/server/src/index.ts';
import { corpusDir, corpusPresent, importCorpus, readCorpus, report, summarize } from './corpus.ts';
import { baseName, deploy, writeStubs } from './deploy.ts';
import { benchOn, closeBench, runCall, runChat } from './drive.ts';
import { classify, runReport, type FlowRuns } from './outcome.ts';

/** A flow that turns its own logging off (its log may stop before its end). */
const LOGGING_OFF = /"FlowLoggingBehavior"\s*:\s*"Disabled"/;

/**
 * The flow types run: those a contact starts in, and queue transfer flows (a flow may transfer to them; they
 * run with BasicQueue as the working queue, as a quick connect would set it), and customer queue flows (run on
 * a contact queued in BasicQueue with the flow as its CustomerQueue hook). Agent transfer flows are not run:
 * their Transfer to agent needs the leg a quick connect makes; hold and whisper flows need an agent.
 */
const RUN_TYPES = new Set(['CONTACT_FLOW', 'QUEUE_TRANSFER', 'CUSTOMER_QUEUE']);

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '15' }, concurrency: { type: 'string', default: '6' }, only: { type: 'string' }, trace: { type: 'boolean', default: false } } });
const dir = corpusDir();
if (!corpusPresent(dir)) {
  console.error(`no flow corpus at ${dir} (set SWITCHBOARD_FLOW_CORPUS to a folder with MANIFEST.tsv)`);
  process.exit(2);
}
const entries = readCorpus(dir);
const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-flowrun-'));
const stubs = await writeStubs(dataDir, entries);
process.env.SWITCHBOARD_DEMO_PASSWORD ??= 'bench-flows-123';
const server = await startServer(configFromEnv({ HOST: '127.0.0.1', PORT: '0', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_DEMO: '1', SWITCHBOARD_MEDIA: '0', SWITCHBOARD_DEMO_MENU: '0' }, '/nonexistent-web-root'));
try {
  const demo = server.demo!;
  const bench = await benchOn(server, Number(args.seconds) * 1000);
  const imported = await importCorpus(bench.connect, demo.instanceId, entries);
  const deployed = await deploy(bench.connect, demo.instanceId, imported, {
    queueArn: `${demo.instanceArn}/queue/${demo.queueId}`, hoursArn: `${demo.instanceArn}/operating-hours/${demo.hoursOfOperationId}`,
  });
  console.log(`corpus: ${dir} (${entries.length} flows); ${stubs.lambdas} Lambda functions stubbed, ${stubs.bots} bots; ${deployed.updated} flows re-pointed to this instance's resources${deployed.refused.length ? `, ${deployed.refused.length} refused: ${deployed.refused.map((r) => `${r.file} (${r.error})`).join('; ')}` : ''}\n`);
  console.log(report(summarize(imported)), '\n');
  const runnable = imported.filter((r) => r.ok && r.arn && RUN_TYPES.has(r.entry.flowType) && (!args.only || r.entry.file.includes(args.only)));
  const results: FlowRuns[] = runnable.map((r) => ({ file: r.entry.file, name: `${r.entry.repo.split('/')[1]}/${baseName(r.entry)}`, flowType: r.entry.flowType, runs: {} }));
  const queueArn = `${demo.instanceArn}/queue/${demo.queueId}`;
  const jobs = runnable.flatMap((r, i) => (['CHAT', 'VOICE'] as const).map((channel) => ({ i, channel, arn: r.arn!, queue: r.entry.flowType === 'QUEUE_TRANSFER' || r.entry.flowType === 'CUSTOMER_QUEUE' ? queueArn : undefined, queueFlow: r.entry.flowType === 'CUSTOMER_QUEUE' })));
  const started = performance.now();
  let nextJob = 0;
  await Promise.all(Array.from({ length: Number(args.concurrency) }, async () => {
    while (nextJob < jobs.length) {
      const job = jobs[nextJob++]!;
      try {
        const trace = job.channel === 'CHAT' ? await runChat(bench, job.arn, job.queue, job.queueFlow) : await runCall(bench, job.arn, job.queue, job.queueFlow);
        results[job.i]!.runs[job.channel] = classify(trace, { loggingOff: LOGGING_OFF.test(runnable[job.i]!.entry.content), queueFlow: job.queueFlow });
        if (args.trace) console.log(`\n${results[job.i]!.file} (${job.channel}): ${trace.status}${trace.stuck ? ` stuck in ${trace.stuck.actionId}` : ''}, answered ${JSON.stringify(trace.answers)}\n${trace.entries.map((e) => `  ${e.actionType} ${e.actionId.slice(0, 12)} ${e.result ?? ''}${e.error ? ` ERROR ${e.error} ${e.reason ?? ''}` : ''}`).join('\n')}`);
      } catch (error) {
        results[job.i]!.runs[job.channel] = { kind: 'error', reason: `the contact did not start: ${(error as Error).name}`, detail: (error as Error).message, ended: false };
      }
    }
  }));
  console.log(`${jobs.length} runs in ${((performance.now() - started) / 1000).toFixed(1)} s (time limit ${args.seconds} s per run, ${args.concurrency} at once)\n`);
  console.log(runReport(results, 40));
  closeBench(bench);
} finally {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
