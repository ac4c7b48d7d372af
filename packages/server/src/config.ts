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
  /**
   * How far V8's old generation may grow past what survived the last full GC before the next one starts
   * (percent; 0 leaves it to V8, which chose about 1.5–2× here). Each full GC marks the whole live heap,
   * and its marking steps and pause hold up requests for tens of ms; at 500 chats/s they came every
   * 5–15 s and each slowed a burst of chats. The default 400 (up to 5×) makes them rarer for the price of
   * memory: a live heap of ~50 MB may grow to ~250 MB first (bench/RESULTS.md, session 5).
   */
  heapGrowthPercent: number;
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
  SWITCHBOARD_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).default(400),
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
    heapGrowthPercent: e.SWITCHBOARD_HEAP_GROWTH_PERCENT,
  };
}
