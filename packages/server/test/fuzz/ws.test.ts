/**
 * Fuzzing the WebSockets of the real server (a child process): frames written raw on a live chat
 * socket and a live agent socket, and upgrade requests of every shape (props-ws.ts). After each session
 * the server's frames are typed, the socket answers or was closed with a proper code, the process is
 * alive and GET /health answers 200; at the end its memory is within bounds.
 *
 * Seeded and bounded like http.test.ts (SWITCHBOARD_FUZZ_SEED, SWITCHBOARD_FUZZ_RUNS, SWITCHBOARD_FUZZ_PATH,
 * SWITCHBOARD_FUZZ_TIME_MS).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryProblems } from './check.ts';
import { runProperty, type Property } from './props-http.ts';
import { WS_PROPERTIES } from './props-ws.ts';
import { FuzzTarget } from './target.ts';
import { exchange } from './wire.ts';

const target = new FuzzTarget();
after(() => target.stop());

describe('WebSocket fuzz (the real server in a child process)', () => {
  for (const property of WS_PROPERTIES as readonly Property<any>[]) {
    test(property.name, async (t) => {
      const { sent, runs, budget } = await runProperty(property, target);
      if (sent < runs) t.diagnostic(`time budget of ${budget} ms reached: ${sent} of ${runs} inputs were sent`);
    });
  }

  test("the server's memory stays within its start + 150 MB after the WebSocket fuzz", async () => {
    const server = await target.up();
    const e = await exchange(server.port, `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    assert.equal(e.response?.status, 200);
    assert.deepEqual(memoryProblems(server), [], `after ${target.starts} server start(s)`);
  });
});
