export { startServer, type RunningServer } from './app.ts';
export { configFromEnv, type ServerConfig } from './config.ts';
export { SqliteEventStore } from './store/sqlite.ts';
export type { EventStore } from './store/store.ts';
export { Pipeline } from './pipeline.ts';
export type { DemoInfo } from './demo.ts';
export { PostgresEventStore } from './store/postgres.ts';
