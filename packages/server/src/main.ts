import { writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from './config.ts';
import { startServer } from './app.ts';
import { PostgresEventStore } from './store/postgres.ts';

/** `npm start`: the whole contact center in one process, with an embedded database in ./data. */
const here = dirname(fileURLToPath(import.meta.url));
const config = configFromEnv(process.env, join(here, '../../web/dist'));
// V8 reads this at each full GC, so setting it now (before the load) is enough.
if (config.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
const store = config.databaseUrl ? await PostgresEventStore.open(config.databaseUrl) : undefined;
const running = await startServer(config, store);
const demo = running.demo;
if (demo) {
  writeFileSync(join(config.dataDir, 'demo.json'), JSON.stringify(demo, null, 2) + '\n', { mode: 0o600 });
}

const lines = [
  '',
  `Switchboard is running at ${running.url}`,
  `  data:          ${config.databaseUrl ? `PostgreSQL (${new URL(config.databaseUrl).host}), demo.json in ${config.dataDir}` : config.dataDir}`,
];
if (demo) {
  lines.push(
    `  agent CCP:     ${demo.urls.ccp}`,
    `  customer chat: ${demo.urls.chat}`,
    `  agents:        ${demo.agents.map((a) => `${a.username} / ${a.password}`).join(', ')}`,
    `  Connect API:   ${demo.urls.api}  region ${demo.region}  instance ${demo.instanceId}`,
    `  admin key:     ${demo.accessKeyId} / ${demo.secretAccessKey}`,
    `  inbound chat flow (ContactFlowId): ${demo.contactFlowId}`,
    `  all of this is in ${join(config.dataDir, 'demo.json')}`,
  );
} else {
  lines.push('  no demo instance (SWITCHBOARD_DEMO=0 or demo.json missing)');
}
console.log(lines.join('\n') + '\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
