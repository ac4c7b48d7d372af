/**
 * GET /health (live) and GET /ready (ready for traffic: started, the store answers, not stopping):
 * neither needs credentials, neither tells internals, and every answer carries a request id.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { SqliteEventStore } from '../src/index.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { captureLog } from './logCapture.ts';

async function get(url: string): Promise<{ status: number; headers: Headers; body: any }> {
  const r = await fetch(url);
  return { status: r.status, headers: r.headers, body: await r.json() };
}

describe('health and readiness', { timeout: 30_000 }, () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(() => srv.stop());

  test('GET /health answers 200 {status: ok} without credentials', async () => {
    const r = await get(`${srv.url}/health`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ok' });
  });

  test('GET /ready answers 200 {status: ready} once replay is done and the store answers, without credentials', async () => {
    const r = await get(`${srv.url}/ready`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ready' });
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  test('every answer carries a request id (x-amzn-RequestId), a fresh one each time', async () => {
    const a = (await fetch(`${srv.url}/health`)).headers.get('x-amzn-requestid');
    const b = (await fetch(`${srv.url}/participant/message`, { method: 'POST' })).headers.get('x-amzn-requestid');
    assert.match(a ?? '', /^[0-9a-f-]{36}$/);
    assert.match(b ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(a, b);
  });
});

/** The SQLite store whose database stops answering on demand (a disk gone, a PostgreSQL server down). */
class FailingStore extends SqliteEventStore {
  down = false;
  override async ping(): Promise<void> {
    if (this.down) throw new Error('SQLITE_IOERR: disk I/O error at /secret/path/switchboard.db');
    return super.ping();
  }
}

describe('readiness when the store does not answer', { timeout: 30_000 }, () => {
  let srv: TestServer;
  let store: FailingStore;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-ops-'));
    store = new FailingStore(join(dir, 'switchboard.db'));
    srv = await startTestServer({ dir, store });
  });
  after(async () => {
    await srv.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('GET /ready answers 503 {reason: store unreachable} when the store fails a trivial query, without its error; /health stays 200', async () => {
    store.down = true;
    const captured = captureLog('warn');
    try {
      const r = await get(`${srv.url}/ready`);
      assert.equal(r.status, 503);
      assert.deepEqual(r.body, { status: 'unavailable', reason: 'store unreachable' });
      assert.equal((await get(`${srv.url}/health`)).status, 200, 'the process is alive');
    } finally {
      captured.restore();
    }
    assert.ok(captured.entries().some((e) => e.level === 40 && /store does not answer/.test(e.msg)), 'the cause is in the log, for the operator');
    store.down = false;
    assert.equal((await get(`${srv.url}/ready`)).status, 200, 'ready again once it answers');
  });
});
