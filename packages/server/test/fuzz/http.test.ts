/**
 * Fuzzing the HTTP side of the real server (a child process): raw requests over TCP to every route,
 * without credentials, SigV4-signed as the Connect API, and with participant tokens (props-http.ts).
 * After every request the answer is 2xx/3xx or a typed 4xx, the process is alive and GET /health
 * answers 200; at the end its memory is within bounds.
 *
 * Seeded (SWITCHBOARD_FUZZ_SEED) and bounded (SWITCHBOARD_FUZZ_RUNS runs per property,
 * SWITCHBOARD_FUZZ_TIME_MS per property); a failure prints fast-check's seed and path (replay with
 * SWITCHBOARD_FUZZ_SEED=… SWITCHBOARD_FUZZ_PATH=… and --test-name-pattern) and the exact bytes sent.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryProblems } from './check.ts';
import { jsonRequest } from './creds.ts';
import { HTTP_PROPERTIES, runProperty, type Property } from './props-http.ts';
import { FuzzTarget } from './target.ts';
import { exchange } from './wire.ts';

const target = new FuzzTarget();
after(() => target.stop());

describe('HTTP fuzz (the real server in a child process)', () => {
  for (const property of HTTP_PROPERTIES as readonly Property<any>[]) {
    test(property.name, async (t) => {
      const { sent, runs, budget } = await runProperty(property, target);
      if (sent < runs) t.diagnostic(`time budget of ${budget} ms reached: ${sent} of ${runs} inputs were sent`);
    });
  }

  test("the server's memory stays within its start + 150 MB after the HTTP fuzz", async () => {
    const server = await target.up();
    const e = await exchange(server.port, jsonRequest(server, 'GET', '/health', undefined));
    assert.equal(e.response?.status, 200);
    assert.deepEqual(memoryProblems(server), [], `after ${target.starts} server start(s)`);
  });
});
