/**
 * A test server for hostile-input suites: each test also fails when an error escaped every handler of
 * the server (in production each such error would have stopped the process).
 */
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './harness.ts';

/** Starts the server before the file's tests and hands it to `use`; stops it after them. */
export function serverThatMustNotThrow(use: (server: TestServer) => void): void {
  let srv: TestServer | undefined;
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  before(async () => {
    process.on('uncaughtException', onEscape);
    srv = await startTestServer();
    use(srv);
  });
  after(async () => {
    await srv?.stop();
    process.off('uncaughtException', onEscape);
  });
  afterEach(() => assert.deepEqual(escaped.splice(0), [], 'nothing escaped the server\'s handlers'));
}
