import { resolve } from 'node:path';
import { z } from 'zod';

/** Server settings, from the environment, checked once at start. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  demo: boolean;
  /** Base URL clients reach us at, when it is not what the Host header says (behind a proxy). */
  publicUrl: string | undefined;
  widgetChatsPerMinute: number;
  widgetBurst: number;
  /** A PostgreSQL URL: use PostgreSQL instead of the embedded SQLite file. */
  databaseUrl: string | undefined;
  /** Directory of the built web pages. */
  webRoot: string;
  /**
   * How long a finished contact (a chat, or a call's chain) stays in memory after it is archived (ms; default 0: it leaves as soon as
   * the batch that archived it is durable). Reads of it go to the archive either way; a delay keeps
   * recently finished chats in memory (at 500 chats a second, 5 s is ~2,500 chats, ~10 MB) and measured a
   * worse routing tail (bench/RESULTS.md).
   */
  archiveDelayMs: number;
}

const Env = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SWITCHBOARD_DATA_DIR: z.string().min(1).default('./data'),
  SWITCHBOARD_DEMO: z.enum(['0', '1']).default('1'),
  SWITCHBOARD_PUBLIC_URL: z.url().optional(),
  SWITCHBOARD_WIDGET_CHATS_PER_MINUTE: z.coerce.number().positive().default(30),
  SWITCHBOARD_WIDGET_BURST: z.coerce.number().positive().default(10),
  SWITCHBOARD_WEB_ROOT: z.string().optional(),
  SWITCHBOARD_ARCHIVE_DELAY_MS: z.coerce.number().int().min(0).max(86_400_000).default(0),
  SWITCHBOARD_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
});

export function configFromEnv(env: NodeJS.ProcessEnv, defaultWebRoot: string): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`bad setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.SWITCHBOARD_DATA_DIR),
    demo: e.SWITCHBOARD_DEMO === '1',
    publicUrl: e.SWITCHBOARD_PUBLIC_URL?.replace(/\/$/, ''),
    widgetChatsPerMinute: e.SWITCHBOARD_WIDGET_CHATS_PER_MINUTE,
    widgetBurst: e.SWITCHBOARD_WIDGET_BURST,
    webRoot: e.SWITCHBOARD_WEB_ROOT ?? defaultWebRoot,
    databaseUrl: e.SWITCHBOARD_DATABASE_URL,
    archiveDelayMs: e.SWITCHBOARD_ARCHIVE_DELAY_MS,
  };
}
