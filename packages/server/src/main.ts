import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from './config.ts';
import { applyHeapGrowth } from './heapGrowth.ts';
import { startServer } from './app.ts';
import { PostgresEventStore } from './store/postgres.ts';
import { reportUnexpected } from './http/report.ts';
import { createLogger, log, useLogger } from './log.ts';
import { accountBanner } from './banner.ts';


/** `npm start`: the whole contact center in one process, with an embedded database in ./data. */
const here = dirname(fileURLToPath(import.meta.url));
const config = configFromEnv(process.env, join(here, '../../web/dist'));
// Structured JSON logs on stdout at LOG_LEVEL (README, "Operating it"); the banner below stays plain text, for people.
useLogger(createLogger(config.logLevel ?? 'info'));
applyHeapGrowth(config.heapGrowthPercent);
const store = config.databaseUrl ? await PostgresEventStore.open(config.databaseUrl) : undefined;
const running = await startServer(config, store);
// Once serving, the last line of defence: every request, frame and socket event has its own handler, so an error that
// still escapes is a bug in a corner nobody thought of. It is logged (once per kind) and the contact
// center keeps serving everyone else. The one deliberate exit is the pipeline's, when a durable write
// fails (exit 70): then memory is ahead of the disk, and a restart rebuilds from what is durable.
process.on('uncaughtException', (error) => reportUnexpected('uncaught exception (kept running)', error));
process.on('unhandledRejection', (reason) => reportUnexpected('unhandled rejection (kept running)', reason));
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
    `  call us (web): ${demo.urls.call}`,
    `  dev phone:     ${demo.urls.phone}  (a development phone, not a telephone network)`,
    `  agents:        ${demo.agents.map((a) => `${a.username} / ${a.password}`).join(', ')}`,
    ...(demo.admin ? [`  admin console: ${demo.urls.admin ?? ''}  ${demo.admin.username} / ${demo.admin.password}`] : []),
    `  Connect API:   ${demo.urls.api}  region ${demo.region}  instance ${demo.instanceId}`,
    `  admin key:     ${demo.accessKeyId} / ${demo.secretAccessKey}`,
    `  inbound chat flow (ContactFlowId): ${demo.contactFlowId}`,
    `  all of this is in ${join(config.dataDir, 'demo.json')}`,
  );
} else {
  lines.push(...accountBanner(running, running.account));
}
console.log(lines.join('\n') + '\n');
log().info({ url: running.url, store: config.databaseUrl ? 'postgresql' : 'sqlite', demo: Boolean(demo), media: Boolean(config.media) }, 'listening');

// A graceful shutdown (app.ts close()): within SWITCHBOARD_SHUTDOWN_TIMEOUT_MS, then a hard exit if something
// still hangs. A second signal stops the process at once (the default action, once this handler is spent).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log().info({ signal }, 'shutting down');
    setTimeout(() => {
      log().error('the shutdown took too long; exiting');
      process.exit(1);
    }, (config.shutdownTimeoutMs ?? 10_000) + 5_000).unref();
    void running.close().then(() => {
      log().info('stopped');
      process.exit(0);
    }, (error: unknown) => {
      log().error({ err: error }, 'the shutdown failed');
      process.exit(1);
    });
  });
}
