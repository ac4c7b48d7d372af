/**
 * A real kill -9: the server runs as a child process (as `npm start` runs it, through tsx), a customer
 * sends many messages at once, each with its ClientToken, and the process is killed while they are on
 * their way. A new process on the same data directory is then sent every message again with its token:
 * each is in the transcript exactly once, and every answer given before the kill is given again.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, postJson } from './harness.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const MESSAGES = 200;

interface Running {
  child: ChildProcess;
  url: string;
}

/** Starts `main.ts` on the data directory and waits for it to say where it runs. */
async function startProcess(dir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SWITCHBOARD_') && k !== 'PORT' && k !== 'HOST') env[k] = v;
  Object.assign(env, {
    HOST: '127.0.0.1', PORT: '0', SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_DEMO: '1', SWITCHBOARD_DEMO_PASSWORD: DEMO_PASSWORD,
    SWITCHBOARD_WIDGET_CHATS_PER_MINUTE: '1000', SWITCHBOARD_WIDGET_BURST: '1000',
    // One customer sends all 200 at once: well past the per-participant rate a person needs.
    SWITCHBOARD_MESSAGES_PER_SECOND: '100000', SWITCHBOARD_MESSAGE_BURST: '100000',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Switchboard is running at (\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}`));
    });
  });
  return { child, url };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const message = (i: number) => ({ ContentType: 'text/plain', Content: `message ${i}`, ClientToken: `kill-test-${i}` });

describe('kill -9 while messages are on their way', () => {
  test('every SendMessage retried with its ClientToken after a kill -9 is stored exactly once, and answered as before the kill', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-kill-'));
    let running: Running | undefined;
    try {
      running = await startProcess(dir);
      const first = running;
      const demo = JSON.parse(await readFile(join(dir, 'demo.json'), 'utf8')) as { widgetId: string };
      const chat = await postJson(`${first.url}/widget/${demo.widgetId}/start-chat`, { DisplayName: 'Killed Kim' }, { origin: first.url });
      assert.equal(chat.status, 200);
      const conn = await postJson(`${first.url}/participant/connection`, { Type: ['CONNECTION_CREDENTIALS'] }, { 'x-amz-bearer': chat.body.ParticipantToken });
      const token = conn.body.ConnectionCredentials.ConnectionToken as string;
      const send = (url: string, i: number) => postJson(`${url}/participant/message`, message(i), { 'x-amz-bearer': token });

      // All at once; the process is killed as soon as some have been answered.
      const before = new Map<number, unknown>();
      let killed = false;
      const sends = Array.from({ length: MESSAGES }, (_, i) => send(first.url, i).then((r) => {
        if (r.status === 200) before.set(i, r.body);
        if (before.size >= 20 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }, () => undefined));
      await Promise.all(sends);
      await exited(first.child);
      assert.equal(first.child.signalCode, 'SIGKILL');
      assert.ok(before.size >= 20 && before.size < MESSAGES, `killed mid-way (${before.size} of ${MESSAGES} answered)`);

      running = await startProcess(dir);
      const second = running;
      const transcript = async () => {
        const items: { Id: string; Content: string }[] = [];
        let next: string | undefined;
        do {
          const page = await postJson(`${second.url}/participant/transcript`, { ScanDirection: 'FORWARD', MaxResults: 100, ...(next ? { NextToken: next } : {}) }, { 'x-amz-bearer': token });
          items.push(...page.body.Transcript.filter((item: { Type: string; ParticipantRole?: string }) => item.Type === 'MESSAGE' && item.ParticipantRole === 'CUSTOMER'));
          next = page.body.NextToken;
        } while (next);
        return items;
      };
      t.diagnostic(`answered before the kill: ${before.size} of ${MESSAGES}; stored before the kill: ${(await transcript()).length}`);
      const after = await Promise.all(Array.from({ length: MESSAGES }, async (_, i) => {
        const r = await send(second.url, i);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body as { Id: string };
      }));
      for (const [i, answer] of before) assert.deepEqual(after[i], answer, `message ${i} is answered as before the kill`);

      const items = await transcript();
      for (let i = 0; i < MESSAGES; i++) {
        const stored = items.filter((item) => item.Content === `message ${i}`);
        assert.equal(stored.length, 1, `message ${i} is stored exactly once`);
        assert.equal(stored[0]!.Id, after[i]!.Id, `message ${i}'s retry is answered with its stored Id`);
      }
      assert.equal(items.length, MESSAGES);
    } finally {
      if (running && running.child.exitCode === null && running.child.signalCode === null) {
        running.child.kill('SIGTERM');
        await exited(running.child);
      }
      await rm(dir, { recursive: true, force: true });
    }
  });
});
