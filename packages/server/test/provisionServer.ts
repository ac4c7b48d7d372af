/** Test helpers for servers without the demo (SWITCHBOARD_DEMO=0): the account's key, an SDK client signed with it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectClient } from '@aws-sdk/client-connect';
import { configFromEnv, startServer, type RunningServer } from '../src/index.ts';
import type { AccountCredentials } from '../src/credentials.ts';

export interface PlainServer extends RunningServer {
  account: AccountCredentials;
  dir: string;
  /** Closes the server (the data directory stays: `remove` it). */
  stop(): Promise<void>;
}

/** A fresh data directory. */
export const dataDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'switchboard-provision-'));
export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** A server with no demo over `dir` (`env`: more settings, e.g. SWITCHBOARD_ADMIN_ACCESS_KEY_ID). */
export async function startPlainServer(dir: string, env: Record<string, string> = {}): Promise<PlainServer> {
  const config = configFromEnv({
    HOST: '127.0.0.1', PORT: '0', SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_DEMO: '0', SWITCHBOARD_MEDIA: '0',
    SWITCHBOARD_WIDGET_CHATS_PER_MINUTE: '100000', SWITCHBOARD_WIDGET_BURST: '100000', ...env,
  }, '/nonexistent-web-root');
  const running = await startServer(config);
  if (!running.account) throw new Error('a server without the demo has no account key');
  let stopped = false;
  return {
    ...running, account: running.account, dir,
    async stop() {
      if (!stopped) {
        stopped = true;
        await running.close();
      }
    },
  };
}

/** An SDK client signed with the given key (the account's by default). */
export function clientOf(srv: PlainServer, key: { accessKeyId: string; secretAccessKey: string } = srv.account, region = srv.account.region): ConnectClient {
  return new ConnectClient({ endpoint: srv.url, region, credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }, maxAttempts: 1 });
}
