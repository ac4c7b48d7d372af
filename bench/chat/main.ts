/**
 * bench/chat — 1,000 six-party chats over real WebSockets.
 *
 * Each chat: the customer (StartChatContact) and five CUSTOM_BOT participants (CreateParticipant), each
 * with its own Participant Service connection and chat socket, exactly as chatjs connects. A message is
 * a SendMessage over HTTP, answered only once durable (SQLite, synchronous=FULL, group commit), and is
 * delivered to all six sockets of its chat. The baseline is a bare `ws` broadcast server given the same
 * rooms, fan-out and send schedule, in the same run. Latency is send→deliver on one clock (one process).
 * The load generator reads both servers' sockets with its own small RFC 6455 client (rawWs.ts) and sends
 * SendMessage as raw HTTP/1.1 (rawHttp.ts): `ws` and `fetch` made it stall itself (full GCs, CPU), and
 * its stalls showed as the server's latency.
 *
 * Run: npm run bench:chat   (options: --chats 1000 --rates 1000,2500,4200 --seconds 8 --profile <dir for the server's CPU profile>
 *   --server-js <file> (another build of the server, to compare), --server-flags '<node flags>', --timeline,
 *   --server-nice -10 (both servers under nice, ahead of this load generator, as on machines of their own),
 *   --wire (also time send→deliver from tcpdump's packets on lo, leaving out this load generator's delays; root)
 *   --client raw|fetch: how SendMessage is sent, pre-built HTTP/1.1 on keep-alive sockets (default) or fetch),
 *   --http-pool N (how many keep-alive sockets the raw client keeps, default 512),
 *   --no-client-token (send SendMessage without the ClientToken every real client adds)
 * Each phase also reports the hypervisor's steal and the disk's own sync latency (bench/routing/disk.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ConnectClient, CreateParticipantCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { Samples, summarize, table, type Summary } from '../routing/stats.ts';
import { RawHttpClient } from './rawHttp.ts';
import { RawWebSocket } from './rawWs.ts';
import { startCapture, type WireTimes } from '../routing/wire.ts';
import { machineCpu, stealSince } from '../routing/util.ts';
import { startDiskProbe } from '../routing/disk.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const CHATS = Number(arg('chats', '1000'));
const PARTIES = 6;
const RATES = arg('rates', '1000,2500,4200').split(',').map(Number);
const SECONDS = Number(arg('seconds', '8'));
const PAYLOAD = 'x'.repeat(100);
/** How SendMessage is sent: `raw` (default) pre-built HTTP/1.1 on keep-alive sockets, or `fetch` (undici, as before). */
const CLIENT = arg('client', 'raw');
const TIMELINE = process.argv.includes('--timeline');
/** Also time send→deliver on the wire (tcpdump on lo, root): SendMessage's body in, each chat frame out (bench/routing/wire.ts). */
const WIRE = process.argv.includes('--wire');
/** Each SendMessage carries a ClientToken, as chatjs and the AWS SDK send it (--no-client-token: none, as before session 8). */
const CLIENT_TOKENS = !process.argv.includes('--no-client-token');
/** --timeline: (send time, latency) pairs, and (send time, ack) pairs; off the heap, as every sample list here. */
const timeline = new Samples(1 << 22);
const ackline = new Samples(1 << 20);
const log = (line: string) => console.log(`[bench:chat] ${line}`);

interface Phase {
  rate: number; sent: number; failed: number; seconds: number; deliveries: number; latency: Summary; ack?: Summary;
  /** CPU ms over the send window and the drain: the server's (from /proc) and this load generator's. */
  serverCpu: number; serverSys: number; serverMain: number; clientCpu: number;
  /** The share of the machine's CPU the hypervisor took over the phase (0–1). */
  steal: number;
  /** The disk's own 4 KiB write + fdatasync latency over the phase (bench/routing/disk.ts): no commit, so no answer, can be quicker. */
  disk: Summary & { over10: number };
  /** --wire: send→deliver from tcpdump's packet times (SendMessage body in → each chat frame out), and the client's own share. */
  wire?: { latency: Summary; deliveries: number; sendDelay: Summary; readDelay: Summary };
}

/**
 * A child's CPU time so far in ms: all its threads, the kernel's part, and its main (JavaScript) thread's
 * (utime, stime from /proc/<pid>/stat and /proc/<pid>/task/<pid>/stat; Linux only, else NaN).
 */
function cpuOf(pid: number | undefined): { total: number; sys: number; main: number } {
  const read = (path: string) => {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * 10, sys: Number(fields[12]) * 10 }; // clock ticks (USER_HZ = 100)
  };
  try {
    const all = read(`/proc/${pid}/stat`), main = read(`/proc/${pid}/task/${pid}/stat`);
    return { total: all.user + all.sys, sys: all.sys, main: main.user + main.sys };
  } catch {
    return { total: NaN, sys: NaN, main: NaN };
  }
}
const ownCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function child(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ proc: ChildProcess; match: RegExpMatchArray }> {
  // --server-nice N: both servers (ours and the bare baseline) run under `nice -n N` (negative: ahead of this load generator).
  const nice = arg('server-nice', '');
  const [file, argv] = nice ? ['nice', ['-n', nice, process.execPath, ...args]] : [process.execPath, args];
  const proc = spawn(file, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start:\n${out}`)), 60_000);
    const on = (b: Buffer) => {
      out += b.toString();
      const m = out.match(ready);
      if (m) { clearTimeout(timer); resolve({ proc, match: m }); }
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`child exited ${code}:\n${out}`)); });
  });
}

async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i]!, i); }
  }));
}

/** Opens a chat socket and subscribes; resolves once subscribed. Frames are parsed as chatjs does: the frame's JSON, then its content's. */
function chatSocket(url: string, onItem: (content: string) => void): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    let ws: RawWebSocket | undefined;
    RawWebSocket.open(url, (text) => {
      const frame = JSON.parse(text) as { topic: string; content?: unknown };
      if (frame.topic === 'aws/subscribe') resolve(ws!);
      else if (frame.topic === 'aws/chat') {
        const item = JSON.parse(frame.content as string) as { Type: string; Content?: string };
        if (item.Type === 'MESSAGE' && item.Content) onItem(item.Content);
      }
    }).then((opened) => {
      ws = opened;
      ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }));
    }, reject);
  });
}

/** Drives one send schedule (5 ms ticks) and collects deliveries; `send` does one send. */
async function runPhase(rate: number, pid: number | undefined, record: { latencies: Samples; deliveries: number }, send: (i: number) => Promise<number | undefined>): Promise<Phase> {
  // The load generator's own setup garbage (the SDK calls, 6,000 handshakes) goes before the phase, not in it:
  // left alone, its first full GC came at the start of the first phase (npm run bench:chat runs node --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const disk = startDiskProbe(tmpdir());
  // Let that GC's concurrent sweeping and the probe's start-up (a node process) finish before the first send.
  await new Promise((r) => setTimeout(r, 500));
  const cpu0 = cpuOf(pid), own0 = ownCpu(), machine0 = machineCpu();
  record.latencies = new Samples(Math.ceil(rate * PARTIES * (SECONDS + 3)));
  record.deliveries = 0;
  const acks = new Samples(Math.ceil(rate * (SECONDS + 3)));
  let sent = 0, failed = 0, due = 0;
  const start = performance.now();
  // Sends still waiting for their answer: a count, not a list of promises (that list grew the old generation).
  let inflight = 0;
  let allAnswered: (() => void) | undefined;
  const answered = () => { if (--inflight === 0) allAnswered?.(); };
  while (performance.now() - start < SECONDS * 1000) {
    due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent + failed < due) {
      const i = sent + failed;
      sent++;
      const s0 = performance.now();
      inflight++;
      send(i).then((ack) => { if (ack !== undefined) { acks.push(ack); if (TIMELINE) { ackline.push(s0); ackline.push(ack); } } }, (error: unknown) => {
        if (failed === 0) log(`first failed send: ${String(error)}`);
        sent--; failed++;
      }).finally(answered);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const seconds = (performance.now() - start) / 1000;
  if (inflight > 0) await new Promise<void>((resolve) => (allAnswered = resolve));
  await new Promise((r) => setTimeout(r, 2000)); // drain
  const cpu1 = cpuOf(pid), clientCpu = ownCpu() - own0;
  const steal = stealSince(machine0);
  return {
    rate, sent, failed, seconds, deliveries: record.deliveries, latency: summarize(record.latencies.values), ...(acks.length ? { ack: summarize(acks.values) } : {}),
    serverCpu: cpu1.total - cpu0.total, serverSys: cpu1.sys - cpu0.sys, serverMain: cpu1.main - cpu0.main, clientCpu, steal, disk: await disk.stop(),
  };
}

async function benchSwitchboard(): Promise<Phase[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-chat-'));
  const profile = arg('profile', '');
  // Node flags for the server (none by default, as `npm start` runs it).
  const flags = arg('server-flags', '').split(' ').filter(Boolean);
  const { proc } = await child([...flags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), arg('server-js', 'packages/server/dist/main.js')], {
    HOST: '127.0.0.1', PORT: '0', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_DEMO: '1', SWITCHBOARD_DEMO_MENU: '0', SWITCHBOARD_DEMO_PASSWORD: 'bench-password',
    // One load generator plays 6,000 clients from one address: the per-address connection limit is for real clients.
    SWITCHBOARD_CONNECTIONS_PER_ADDRESS: '1000000',
  }, /running at (http:\/\/[^\s]+)/);
  const serverLog = arg('server-log', ''); // the server's output from here on, to a file (e.g. with --server-flags --trace-gc)
  if (serverLog) { const out = createWriteStream(serverLog); proc.stdout!.pipe(out); proc.stderr!.pipe(out); }
  try {
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as { urls: { api: string }; region: string; instanceId: string; contactFlowId: string; accessKeyId: string; secretAccessKey: string };
    const url = demo.urls.api;
    const connect = new ConnectClient({ endpoint: url, region: demo.region, credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey }, maxAttempts: 1 });
    log(`server at ${url} (node ${process.version}); creating ${CHATS} chats × ${PARTIES} participants`);
    const tokens: string[][] = [];
    await pool(Array.from({ length: CHATS }, (_, i) => i), 32, async (i) => {
      const chat = await connect.send(new StartChatContactCommand({ InstanceId: demo.instanceId, ContactFlowId: demo.contactFlowId, ParticipantDetails: { DisplayName: `C${i}` } }));
      const list = [chat.ParticipantToken!];
      for (let b = 1; b < PARTIES; b++) {
        const bot = await connect.send(new CreateParticipantCommand({ InstanceId: demo.instanceId, ContactId: chat.ContactId!, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: `Bot${b}` } }));
        list.push(bot.ParticipantCredentials!.ParticipantToken!);
      }
      tokens[i] = list;
    });
    connect.destroy();
    const record = { latencies: new Samples(), deliveries: 0 };
    /** --wire: when the client read each message's deliveries (performance.now()), by its send time's text. */
    const readAt = new Map<string, number[]>();
    const onItem = (content: string) => {
      record.deliveries++;
      const key = content.slice(0, content.indexOf('|'));
      const sentAt = Number(key);
      if (WIRE) { const list = readAt.get(key); if (list) list.push(performance.now()); else readAt.set(key, [performance.now()]); }
      record.latencies.push(performance.now() - sentAt);
      if (TIMELINE) { timeline.push(sentAt); timeline.push(performance.now() - sentAt); }
    };
    const connections: string[][] = [];
    const sockets: RawWebSocket[] = [];
    log(`connecting ${CHATS * PARTIES} chat sockets`);
    await pool(Array.from({ length: CHATS }, (_, i) => i), 32, async (i) => {
      connections[i] = [];
      for (const token of tokens[i]!) {
        const r = await fetch(`${url}/participant/connection`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-bearer': token }, body: JSON.stringify({ Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }) });
        const details = await r.json() as { Websocket: { Url: string }; ConnectionCredentials: { ConnectionToken: string } };
        connections[i]!.push(details.ConnectionCredentials.ConnectionToken);
        sockets.push(await chatSocket(details.Websocket.Url, onItem));
      }
    });
    const { hostname, port } = new URL(url);
    const http = new RawHttpClient(hostname, Number(port), Number(arg('http-pool', '512')));
    if (CLIENT !== 'fetch') await http.warm();
    const phases: Phase[] = [];
    const windows: [number, number][] = [];
    const capture = WIRE ? await startCapture(Number(port), `/dev/shm/switchboard-bench-chat-${process.pid}.pcap`) : undefined;
    for (const rate of RATES) {
      log(`Switchboard: ${rate} sends/s for ${SECONDS} s`);
      const from = performance.now();
      windows.push([from, from + SECONDS * 1000 + 1000]);
      phases.push(await runPhase(rate, proc.pid, record, async (n) => {
        const chat = n % CHATS, who = Math.floor(n / CHATS) % PARTIES;
        const t = performance.now();
        // As chatjs and the AWS SDK send it: every SendMessage carries a ClientToken (kept durably with the message).
        const body = JSON.stringify({ ContentType: 'text/plain', Content: `${t}|${PAYLOAD}`, ...(CLIENT_TOKENS ? { ClientToken: randomUUID() } : {}) });
        if (CLIENT === 'fetch') {
          const r = await fetch(`${url}/participant/message`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-amz-bearer': connections[chat]![who]! }, body });
          await r.arrayBuffer();
          if (!r.ok) throw new Error(`SendMessage ${r.status}`);
        } else {
          const r = await http.post('/participant/message', [`X-Amz-Bearer: ${connections[chat]![who]!}`], body);
          if (r.status !== 200) throw new Error(`SendMessage ${r.status}: ${r.body}`);
        }
        return performance.now() - t;
      }));
    }
    http.close();
    if (capture) {
      const times = await capture.stop({ toServer: /"Content":"(\d+(?:\.\d+)?)\|x/g, fromServer: /(\d+(?:\.\d+)?)\|xxxxxxxxxx/g, everyMatch: true });
      log(`tcpdump: ${times.packets} packets; ${times.tcpdumpSummary}`);
      windows.forEach(([from, to], i) => (phases[i]!.wire = wireOf(times, readAt, from, to)));
    }
    if (TIMELINE) {
      const windows = new Map<number, { n: number; max: number; slow: number }>();
      for (let i = 0; i < timeline.length; i += 2) {
        const w = Math.floor(timeline.at(i) / 100);
        const e = windows.get(w) ?? { n: 0, max: 0, slow: 0 };
        e.n++; e.max = Math.max(e.max, timeline.at(i + 1)); if (timeline.at(i + 1) > 25) e.slow++;
        windows.set(w, e);
      }
      const ackw = new Map<number, number>();
      for (let i = 0; i < ackline.length; i += 2) { const w = Math.floor(ackline.at(i) / 100); ackw.set(w, Math.max(ackw.get(w) ?? 0, ackline.at(i + 1))); }
      for (const [w, e] of [...windows].sort((a, b) => a[0] - b[0])) if (e.slow) log(`t=${(w / 10).toFixed(1)} s (epoch ${Math.round(performance.timeOrigin + w * 100)}): ${e.n} deliveries, ${e.slow} over 25 ms, max ${e.max.toFixed(0)} ms, ack max ${(ackw.get(w) ?? 0).toFixed(0)} ms`);
    }
    for (const ws of sockets) ws.terminate();
    return phases;
  } finally {
    // SIGTERM: the server closes cleanly (and writes its CPU profile when run with --cpu-prof).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { proc.kill('SIGKILL'); resolve(); }, 10_000);
      proc.once('exit', () => { clearTimeout(timer); resolve(); });
      proc.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The wire's send→deliver for the messages sent in [from, to) (performance.now() times, as their content carries). */
function wireOf(times: WireTimes, readAt: Map<string, number[]>, from: number, to: number): NonNullable<Phase['wire']> {
  const latencies: number[] = [], sendDelay: number[] = [], readDelay: number[] = [];
  const origin = performance.timeOrigin;
  for (const [key, requestAt] of times.requestAt) {
    const sentAt = Number(key);
    if (sentAt < from || sentAt >= to) continue;
    sendDelay.push(requestAt - (origin + sentAt));
    const out = times.responseAt.get(key) ?? [];
    for (const at of out) latencies.push(at - requestAt);
    // The client's read of each delivery after it left the server: the n-th read against the n-th packet.
    const reads = readAt.get(key) ?? [];
    out.forEach((at, i) => { if (reads[i] !== undefined) readDelay.push(origin + reads[i]! - at); });
  }
  return { latency: summarize(latencies), deliveries: latencies.length, sendDelay: summarize(sendDelay), readDelay: summarize(readDelay) };
}

async function benchBare(): Promise<Phase[]> {
  const { proc, match } = await child(['--import', 'tsx', 'bench/chat/bare.ts', '0'], {}, /listening (\d+)/);
  try {
    const port = match[1]!;
    const record = { latencies: new Samples(), deliveries: 0 };
    const rooms: RawWebSocket[][] = [];
    await pool(Array.from({ length: CHATS }, (_, i) => i), 32, async (i) => {
      rooms[i] = [];
      for (let p = 0; p < PARTIES; p++) {
        // The same client work per frame as for Switchboard's, but for the JSON: read the send time.
        rooms[i]!.push(await RawWebSocket.open(`ws://127.0.0.1:${port}/room/${i}`, (text) => {
          record.deliveries++;
          record.latencies.push(performance.now() - Number(text.slice(0, text.indexOf('|'))));
        }));
      }
    });
    const phases: Phase[] = [];
    for (const rate of RATES) {
      log(`bare ws: ${rate} sends/s for ${SECONDS} s`);
      phases.push(await runPhase(rate, proc.pid, record, async (n) => {
        const chat = n % CHATS, who = Math.floor(n / CHATS) % PARTIES;
        rooms[chat]![who]!.send(`${performance.now()}|${PAYLOAD}`);
        return undefined;
      }));
    }
    for (const room of rooms) for (const ws of room) ws.terminate();
    return phases;
  } finally {
    proc.kill('SIGKILL');
  }
}

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
const ours = await benchSwitchboard();
/** What a phase's numbers depend on besides the code: the hypervisor's steal and the disk's own sync latency. */
function conditions(p: Phase): string {
  const d = p.disk;
  return `steal ${(p.steal * 100).toFixed(1)}%${p.steal > 0.05 ? ' (over 5%: another guest shared the cores, so this phase says little)' : ''}; ` +
    `disk 4 KiB write + fdatasync p50 ${f(d.p50)} p99 ${f(d.p99)} max ${f(d.max)} ms, ${d.over10} of ${d.count} over 10 ms` +
    `${d.p99 > 10 ? ' (the disk alone was slower than the target at p99, so this phase says little about the server)' : ''}`;
}
/** The wire's numbers (--wire): the server's own time, without this load generator's delays. */
function printWire(phases: Phase[]): void {
  for (const p of phases) {
    if (!p.wire) continue;
    const w = p.wire;
    log(`on the wire at ${p.rate} sends/s (the server's own time: SendMessage body in → chat frame out, ${w.deliveries} deliveries): ` +
      `p50 ${f(w.latency.p50)} p99 ${f(w.latency.p99)} max ${f(w.latency.max)} ms (the client saw p50 ${f(p.latency.p50)} p99 ${f(p.latency.p99)}); ` +
      `the load generator's own delays: send → on the wire p99 ${f(w.sendDelay.p99)} ms, on the wire → read p50 ${f(w.readDelay.p50)} p99 ${f(w.readDelay.p99)} ms`);
  }
}
if (process.argv.includes('--no-bare')) {
  // Switchboard alone (to compare builds or flags by CPU per send): no baseline, no ratio.
  for (const p of ours) log(`${p.rate}/s asked: ${(p.sent / p.seconds).toFixed(0)} sends/s, p50 ${f(p.latency.p50)} ms, p99 ${f(p.latency.p99)} ms, failed ${p.failed}, server CPU ${(p.serverCpu / p.sent).toFixed(3)} ms/send (kernel ${(p.serverSys / p.sent).toFixed(3)}, main thread ${(p.serverMain / p.sent).toFixed(3)}, main thread busy ${(p.serverMain / 10 / (p.seconds + 2)).toFixed(0)}%), client ${(p.clientCpu / p.sent).toFixed(3)}; ${conditions(p)}`);
  printWire(ours);
  process.exit(0);
}
const bare = await benchBare();
const rows = [['sends/s asked', 'system', 'sends/s done', 'deliveries/s', 'p50 ms', 'p99 ms', 'max ms', 'SendMessage ack p50/p99 ms', 'failed', 'server CPU ms/send: all (kernel; main thread)', 'client CPU ms/send']];
for (let i = 0; i < RATES.length; i++) {
  for (const [name, p] of [['Switchboard', ours[i]!], ['bare ws', bare[i]!]] as const) {
    rows.push([String(p.rate), name, f(p.sent / p.seconds), f(p.deliveries / p.seconds), f(p.latency.p50), f(p.latency.p99), f(p.latency.max), p.ack ? `${f(p.ack.p50)} / ${f(p.ack.p99)}` : '—', String(p.failed), `${(p.serverCpu / p.sent).toFixed(3)} (${(p.serverSys / p.sent).toFixed(3)}; ${(p.serverMain / p.sent).toFixed(3)})`, (p.clientCpu / p.sent).toFixed(3)]);
  }
  rows.push([String(RATES[i]), 'ratio', f(ours[i]!.sent / bare[i]!.sent), ((ours[i]!.deliveries / ours[i]!.seconds) / (bare[i]!.deliveries / bare[i]!.seconds)).toFixed(2), '', (ours[i]!.latency.p99 / bare[i]!.latency.p99).toFixed(1) + '×', '', '', '', '', '']);
}
console.log(`\nbench/chat: ${CHATS} chats × ${PARTIES} parties (${CHATS * PARTIES} sockets), ${SECONDS} s per rate, 2 s drain; node ${process.version}\n`);
console.log(table(rows));
for (let i = 0; i < RATES.length; i++) log(`${RATES[i]}/s: Switchboard's phase: ${conditions(ours[i]!)}; bare's phase: ${conditions(bare[i]!)}`);
printWire(ours);
process.exit(0);
