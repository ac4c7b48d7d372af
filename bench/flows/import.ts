/**
 * `npm run bench:flows`: imports the real-flow corpus (see corpus.ts) into a fresh server through
 * CreateContactFlow / CreateContactFlowModule with @aws-sdk/client-connect, and prints how many import,
 * how many use only actions the interpreter runs, and the most common unsupported action types.
 * Not a timing benchmark: it measures coverage.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectClient } from '@aws-sdk/client-connect';
import { configFromEnv, startServer } from '../../packages/server/src/index.ts';
import { corpusDir, corpusPresent, importCorpus, readCorpus, report, summarize } from './corpus.ts';

const dir = corpusDir();
if (!corpusPresent(dir)) {
  console.error(`no flow corpus at ${dir} (set SWITCHBOARD_FLOW_CORPUS to a folder with MANIFEST.tsv)`);
  process.exit(2);
}
const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-flows-'));
process.env.SWITCHBOARD_DEMO_PASSWORD ??= 'bench-flows-123';
const server = await startServer(configFromEnv({ HOST: '127.0.0.1', PORT: '0', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_DEMO: '1' }, '/nonexistent-web-root'));
try {
  const demo = server.demo!;
  const connect = new ConnectClient({
    endpoint: server.url, region: demo.region, maxAttempts: 1,
    credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey },
  });
  const entries = readCorpus(dir);
  const started = performance.now();
  const results = await importCorpus(connect, demo.instanceId, entries);
  const ms = performance.now() - started;
  connect.destroy();
  console.log(`corpus: ${dir} (${entries.length} flows), imported in ${(ms / 1000).toFixed(1)} s\n`);
  console.log(report(summarize(results)));
} finally {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
