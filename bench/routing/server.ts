/**
 * Phase 2, the full path: the real server as a child process (`node packages/server/dist/main.js`, as `npm start` runs it),
 * 1,000 agent CCP sockets and StartChatContact at `rate`/s over HTTP with SigV4, all from this process.
 *
 * Setup (bench-only, no change to packages/*): the bench's instance is written into a fresh data dir's
 * event store with the server's own SqliteEventStore, as the events `execute` made for the setup
 * commands (one scrypt hash, from the server's own hashPassword, shared by every agent). The server then
 * starts with SWITCHBOARD_DEMO=0 and replays it. Agent tokens are minted with the server's issueToken and
 * the instance's token key (POST /agent/login is rate-limited per address).
 *
 * Enqueue→offer latency = when an agent socket receives the `agent::update` snapshot showing the new
 * contact as 'incoming', minus when its StartChatContact request was sent. The customer's DisplayName
 * (`bench-<n>`) ties the snapshot's contact to its request.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RawWebSocket } from '../chat/rawWs.ts';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { ConnectClient, StartChatContactCommand } from '@aws-sdk/client-connect';
import { hashPassword } from '../../packages/server/src/auth/passwords.ts';
import { randomUUID } from 'node:crypto';
import { issueToken } from '../../packages/server/src/auth/tokens.ts';
import { benchSetup } from './setup.ts';
import { auditEventLog, seedDataDir } from './dataDir.ts';
import { machineCpu, pool, processCpuSeconds, processDiskBytes, sleep, stealSince, waitUntil } from './util.ts';
import { startChild, warmSockets, type ChildOptions, type ChildServer } from './serverProcess.ts';
import type { LoadOptions } from './engine.ts';
import { seededRandom, summarize, type Summary } from './stats.ts';
import { startCapture, type Capture } from './wire.ts';
import { byWindow, wireResult, type WireResult } from './latencies.ts';

export interface ServerOptions extends LoadOptions, ChildOptions {
  /** StartChatContact calls through @aws-sdk/client-connect before the measured window (warm-up, not measured). */
  warmup: number;
  /** Also measure enqueue→offer on the wire (tcpdump on lo; needs root): see wire.ts. */
  wire?: boolean;
  log: (line: string) => void;
}


export interface ServerResult {
  contacts: number;
  httpOk: number;
  httpErrors: number;
  errorSamples: string[];
  /** Not every chat was offered within the drain's 45 s: latencies are lower bounds. */
  drainTimedOut: boolean;
  achievedRate: number;
  sendLag: Summary;
  offered: number;
  neverOffered: number;
  /** A contact seen 'incoming' at a second agent. */
  doubleOffers: number;
  maxContactsInSnapshot: number;
  latency: Summary;
  /**
   * enqueue→offer for chats sent after the first handle-max seconds: by then agents hold as many chats as
   * they will (as many end as start), and the server does its steady-state work per second (offers, accepts,
   * ends, clears, bigger snapshots). The first seconds are lighter, so the whole window's p99 flatters.
   */
  steadyLatency: Summary;
  /** enqueue→offer by 5-second window of sending. */
  latencyByWindow: { fromSecond: number; latency: Summary }[];
  httpResponse: Summary;
  windowSeconds: number;
  /** The share of the machine's CPU the hypervisor took during the window (0–1). */
  steal: number;
  /** What the server sent to storage in the window (the WAL, checkpoints, the archive), in bytes. */
  serverDiskBytes: number;
  decisionsPerSecond: number;
  serverCpuSeconds: number;
  /** Offers per second of server CPU time over the window: the server's capacity at this load. */
  decisionsPerServerCpuSecond: number;
  benchCpuSeconds: number;
  clientLoopDelay: { p50: number; p99: number; max: number };
  snapshotsReceived: number;
  snapshotMeanBytes: number;
  framesPerSecond: number;
  agentRequestErrors: number;
  /** What the server's own event log says, read after it stopped. */
  log: { events: number; offers: number; contactsOfferedTwice: number; offersMissed: number; offersRejected: number; maxSlotsHeld: number; slotViolations: number };
  timings: Record<string, number>;
  presignMsPerRequest: number;
  sdkClientCpuMsPerCall: number;
  profileFile?: string;
  /** Epoch ms when the server process was spawned (to line up its --trace-gc times, which count from its start). */
  serverSpawnedAt: number;
  wire?: WireResult;
}

interface Pending { resolve: (data: unknown) => void; reject: (error: Error) => void }

class BenchAgent {
  ws!: RawWebSocket;
  readonly seen = new Set<string>();
  /** The contacts the agent's CCP shows (from the snapshot and the deltas since). */
  readonly contacts = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  firstSnapshot!: Promise<void>;
  constructor(readonly userId: string) {}

  request(method: string, params: Record<string, unknown>): Promise<unknown> {
    const requestId = String(this.nextId++);
    return new Promise((resolve, reject) => {
      if (!this.ws.isOpen) return reject(new Error('socket not open'));
      this.pending.set(requestId, { resolve, reject });
      this.ws.send(JSON.stringify({ event: 'api_request', requestId, method, params }));
    });
  }

  answer(text: string): void {
    const frame = JSON.parse(text) as { requestId: string; data: unknown; err: string | null };
    const waiter = this.pending.get(frame.requestId);
    this.pending.delete(frame.requestId);
    if (!waiter) return;
    if (frame.err) waiter.reject(new Error(frame.err));
    else waiter.resolve(frame.data);
  }

  failAll(): void {
    for (const w of this.pending.values()) w.reject(new Error('closed'));
    this.pending.clear();
  }
}

export async function runServerPhase(options: ServerOptions, registerCleanup: (fn: () => Promise<void>) => void): Promise<ServerResult> {
  const { log } = options;
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number) => (timings[name] = (performance.now() - since) / 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  let server: ChildServer | undefined;
  const agents: BenchAgent[] = [];
  const handleTimers = new Set<NodeJS.Timeout>();
  let stopping = false;
  const cleanup = async () => {
    stopping = true;
    for (const t of handleTimers) clearTimeout(t);
    handleTimers.clear();
    await server?.stop();
    for (const a of agents) {
      a.failAll();
      a.ws?.terminate();
    }
  };
  registerCleanup(async () => {
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // --- seed -----------------------------------------------------------------------------------------
  let t = performance.now();
  const passwordHash = await hashPassword(randomBytes(12).toString('base64url'));
  const setup = benchSetup({ agents: options.agents, chatConcurrency: options.chatConcurrency, passwordHash });
  const seeded = await seedDataDir(setup, dataDir);
  mark('seed', t);
  log(`  seeded ${seeded} setup events into ${dataDir}`);

  // --- server ---------------------------------------------------------------------------------------
  t = performance.now();
  const serverSpawnedAt = Date.now();
  server = await startChild(options, dataDir);
  mark('serverStart', t);
  const base = new URL(server.url);
  log(`  server pid ${server.child.pid} at ${server.url}`);
  const serverPid = server.child.pid!;

  // --- agents -----------------------------------------------------------------------------------------
  const random = seededRandom(options.seed);
  const sendTimes = new Float64Array(Math.round(options.rate * options.seconds));
  /** When the client read each chat's offer (performance.now()), by chat index; NaN if never. */
  const offerSeenAt = new Float64Array(sendTimes.length).fill(NaN);
  const incomingAt = new Map<string, { userId: string; at: number }>();
  const latencyOf: number[] = [];
  /** The chat index of each entry in latencyOf. */
  const latencyChat: number[] = [];
  let doubleOffers = 0, maxContactsInSnapshot = 0, snapshots = 0, snapshotBytes = 0, frames = 0, agentRequestErrors = 0;
  let offeredMeasured = 0, offeredTotal = 0;
  const agentErrorSamples: string[] = [];

  const onIncoming = (agent: BenchAgent, contactId: string, name: string, at: number) => {
    if (agent.seen.has(contactId)) return;
    agent.seen.add(contactId);
    const earlier = incomingAt.get(contactId);
    if (earlier && earlier.userId !== agent.userId) doubleOffers++;
    if (!earlier) {
      incomingAt.set(contactId, { userId: agent.userId, at });
      offeredTotal++;
      const m = /^bench-(\d+)$/.exec(name);
      if (m) {
        offeredMeasured++;
        latencyOf.push(at - sendTimes[Number(m[1])]!);
        latencyChat.push(Number(m[1]));
        offerSeenAt[Number(m[1])] = at;
      }
    }
    const fail = (e: Error) => {
      if (stopping) return;
      agentRequestErrors++;
      if (agentErrorSamples.length < 5) agentErrorSamples.push(e.message);
    };
    agent.request('acceptContact', { contactId }).then(() => {
      if (stopping) return;
      const handleMs = (options.handleMin + random() * (options.handleMax - options.handleMin)) * 1000;
      const timer = setTimeout(() => {
        handleTimers.delete(timer);
        agent.request('destroyConnection', { contactId })
          .then(() => agent.request('clearContact', { contactId }))
          .catch(fail);
      }, handleMs);
      handleTimers.add(timer);
    }, fail);
  };

  t = performance.now();
  for (const a of setup.agents) agents.push(new BenchAgent(a.userId));
  const wsBase = `ws://${base.host}/agent/ws?token=`;
  await pool(agents, 50, async (agent) => {
    const token = issueToken(setup.tokenKey, { kind: 'agent', instanceId: setup.instanceId, userId: agent.userId, sessionId: randomUUID(), expires: Date.now() + 3_600_000 });
    await new Promise<void>((resolve, reject) => {
      let first = true;
      // The agent's socket, read with the chat bench's own WebSocket client (bench/chat/rawWs.ts): `ws`'s
      // receiver promotes per-message objects on each socket and makes the load generator run full GCs.
      RawWebSocket.open(wsBase + encodeURIComponent(token), (data) => {
        const at = performance.now();
        frames++;
        if (data.startsWith(API_RESPONSE)) return agent.answer(data);
        // A socket's first frame is a full snapshot (agent::update); then deltas (agent::delta) with the
        // contacts that changed and those the agent no longer holds. The bench keeps each agent's contacts.
        const full = data.startsWith(AGENT_UPDATE);
        if (!full && !data.startsWith(AGENT_DELTA)) return;
        snapshots++;
        snapshotBytes += data.length;
        if (first) {
          first = false;
          resolve();
        }
        const frame = JSON.parse(data) as { data: { snapshot?: { contacts: ContactSeen[] }; contacts?: ContactSeen[]; removedContactIds?: string[] } };
        if (full) agent.contacts.clear();
        for (const contactId of frame.data.removedContactIds ?? []) agent.contacts.delete(contactId);
        for (const c of frame.data.snapshot?.contacts ?? frame.data.contacts ?? []) {
          agent.contacts.add(c.contactId);
          if (c.state.type === 'incoming') onIncoming(agent, c.contactId, c.name, at);
        }
        if (agent.contacts.size > maxContactsInSnapshot) maxContactsInSnapshot = agent.contacts.size;
      }).then((ws) => {
        agent.ws = ws;
        ws.onClose(() => agent.failAll());
      }, reject);
    });
  });
  mark('agentsConnect', t);
  t = performance.now();
  await pool(agents, 100, async (agent) => {
    await agent.request('putAgentState', { state: { name: 'Available' } });
  });
  mark('agentsAvailable', t);
  log(`  ${agents.length} agent sockets open and Available (${timings.agentsConnect!.toFixed(1)} s + ${timings.agentsAvailable!.toFixed(1)} s)`);

  // --- warm-up through the AWS SDK (also shows the SDK's client-side cost per call) --------------------
  const credentials = { accessKeyId: setup.accessKeyId, secretAccessKey: setup.secretAccessKey };
  const sdk = new ConnectClient({ region: setup.region, endpoint: server.url, credentials, maxAttempts: 1 });
  let sdkCpu = 0;
  t = performance.now();
  for (let i = 0; i < options.warmup; i++) {
    const c0 = process.cpuUsage();
    await sdk.send(new StartChatContactCommand({ InstanceId: setup.instanceId, ContactFlowId: setup.flowId, ParticipantDetails: { DisplayName: `warm-${i}` } }));
    const c = process.cpuUsage(c0);
    sdkCpu += (c.user + c.system) / 1000;
  }
  sdk.destroy();
  await waitUntil(() => offeredTotal >= options.warmup, 20_000, 'the warm-up chats to be offered');
  mark('warmup', t);

  // --- pre-sign the measured requests (raw HTTP, signed with the SDK's own SigV4 signer) ---------------
  t = performance.now();
  const signer = new SignatureV4({ credentials, region: setup.region, service: 'connect', sha256: Hash.bind(null, 'sha256'), uriEscapePath: true });
  const total = sendTimes.length;
  const prepared: { headers: Record<string, string>; body: string }[] = new Array(total);
  const p0 = process.cpuUsage();
  for (let i = 0; i < total; i++) {
    const body = JSON.stringify({ InstanceId: setup.instanceId, ContactFlowId: setup.flowId, ParticipantDetails: { DisplayName: `bench-${i}` } });
    const request = new HttpRequest({
      method: 'PUT', protocol: 'http:', hostname: base.hostname, port: Number(base.port), path: '/contact/chat',
      headers: { host: base.host, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body,
    });
    const signed = await signer.sign(request);
    prepared[i] = { headers: signed.headers as Record<string, string>, body };
  }
  const pc = process.cpuUsage(p0);
  const presignMsPerRequest = (pc.user + pc.system) / 1000 / total;
  mark('presign', t);
  await sleep(300);

  // --- load ---------------------------------------------------------------------------------------------
  // Idle sockets close after 4 s, well before the server's keep-alive timeout (a reused socket the server is closing gives ECONNRESET).
  // FIFO: the least recently used idle socket goes next, so every pooled socket is used every few ms and
  // none idles out. (Node's default, LIFO, let the bottom of the pool time out; when latency rose the
  // agent opened new connections mid-run, and a first request on a new connection costs the server more:
  // an artefact of the load generator, not what clients that keep their connections see.)
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000, scheduling: 'fifo' });
  await warmSockets(httpAgent, base, 64);
  const responseTimes: number[] = [];
  let httpOk = 0, httpErrors = 0;
  const errorSamples: string[] = [];
  const interval = 1000 / options.rate;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const send = (i: number) => {
    const { headers, body } = prepared[i]!;
    const sentAt = performance.now();
    sendTimes[i] = sentAt;
    const req = http.request({ host: base.hostname, port: base.port, method: 'PUT', path: '/contact/chat', headers, agent: httpAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        responseTimes.push(performance.now() - sentAt);
        if (res.statusCode === 200) httpOk++;
        else {
          httpErrors++;
          if (errorSamples.length < 5) errorSamples.push(`${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`);
        }
      });
    });
    req.on('error', (e) => {
      httpErrors++;
      if (errorSamples.length < 5) errorSamples.push(e.message);
    });
    req.end(body);
  };

  const sendLag: number[] = [];
  let capture: Capture | undefined;
  if (options.wire) {
    capture = await startCapture(Number(base.port), `/dev/shm/switchboard-bench-${process.pid}.pcap`);
    registerCleanup(async () => void (await capture?.stop().catch(() => undefined)));
  }
  const serverCpu0 = processCpuSeconds(serverPid);
  const machine0 = machineCpu();
  const disk0 = processDiskBytes(serverPid);
  const benchCpu0 = process.cpuUsage();
  const frames0 = frames;
  loopDelay.enable();
  const start = performance.now() + 5;
  let next = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        sendLag.push(now - (start + next * interval));
        send(next++);
      }
      if (next < total) setTimeout(pump, Math.max(0, start + next * interval - performance.now()));
      else resolve();
    };
    setTimeout(pump, 5);
  });
  const lastSend = sendTimes[total - 1]!;
  const achievedRate = (total - 1) / ((lastSend - sendTimes[0]!) / 1000);
  log(`  sent ${total} StartChatContact in ${((lastSend - sendTimes[0]!) / 1000).toFixed(2)} s; waiting for the offers`);
  let drainTimedOut = false;
  try {
    await waitUntil(() => httpOk + httpErrors >= total && offeredMeasured >= httpOk, 45_000, 'every started chat to be offered');
  } catch (e) {
    drainTimedOut = true;
    log(`  ${(e as Error).message}: ${httpOk + httpErrors}/${total} answered, ${offeredMeasured}/${httpOk} offered — percentiles below are lower bounds`);
  }
  const windowEnd = performance.now();
  const answered = { ok: httpOk, errors: httpErrors };
  loopDelay.disable();
  const serverCpuSeconds = processCpuSeconds(serverPid) - serverCpu0;
  const steal = stealSince(machine0);
  const serverDiskBytes = processDiskBytes(serverPid) - disk0;
  const bc = process.cpuUsage(benchCpu0);
  const windowSeconds = (windowEnd - sendTimes[0]!) / 1000;
  const framesInWindow = frames - frames0;
  await sleep(200); // let accepts in flight land before stopping
  timings.load = windowSeconds;
  let wire: WireResult | undefined;
  if (capture) {
    t = performance.now();
    const times = await capture.stop();
    capture = undefined;
    wire = wireResult(times, sendTimes, offerSeenAt, options.rate * options.handleMax, options.rate * 5);
    mark('wireCapture', t);
  }

  // --- stop, then read the server's own event log -------------------------------------------------------
  t = performance.now();
  await cleanup();
  httpAgent.destroy();
  mark('stop', t);
  const { events, logOffers, contactsOfferedTwice, missed, rejected, maxSlotsHeld, slotViolations } = await auditEventLog(dataDir, options.chatConcurrency);

  let profileFile: string | undefined;
  if (options.profileDir) {
    // node --cpu-prof writes one file per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>): the main thread is 0; tsx's loader runs on another.
    const main = readdirSync(options.profileDir).find((f) => f.endsWith('.cpuprofile') && f.includes(`.${serverPid}.0.`));
    if (main) profileFile = join(options.profileDir, main);
  }
  rmSync(dataDir, { recursive: true, force: true });
  if (agentErrorSamples.length) log(`  agent request errors, e.g. ${agentErrorSamples.join(' | ')}`);

  return {
    contacts: total, httpOk: answered.ok, httpErrors: answered.errors, errorSamples, achievedRate, drainTimedOut,
    sendLag: summarize(sendLag),
    offered: offeredMeasured,
    neverOffered: Math.max(0, answered.ok - offeredMeasured),
    doubleOffers, maxContactsInSnapshot,
    latency: summarize(latencyOf),
    steadyLatency: summarize(latencyOf.filter((_, i) => latencyChat[i]! >= options.rate * options.handleMax)),
    latencyByWindow: byWindow(latencyOf, latencyChat, options.rate * 5).map((latency, w) => ({ fromSecond: w * 5, latency })),
    httpResponse: summarize(responseTimes),
    windowSeconds,
    steal,
    serverDiskBytes,
    decisionsPerSecond: offeredMeasured / windowSeconds,
    serverCpuSeconds,
    decisionsPerServerCpuSecond: offeredMeasured / serverCpuSeconds,
    benchCpuSeconds: (bc.user + bc.system) / 1e6,
    clientLoopDelay: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    snapshotsReceived: snapshots,
    snapshotMeanBytes: snapshots ? snapshotBytes / snapshots : 0,
    framesPerSecond: framesInWindow / windowSeconds,
    agentRequestErrors,
    log: { events: events.length, offers: logOffers, contactsOfferedTwice, offersMissed: missed, offersRejected: rejected, maxSlotsHeld, slotViolations },
    timings,
    presignMsPerRequest,
    sdkClientCpuMsPerCall: options.warmup ? sdkCpu / options.warmup : NaN,
    ...(profileFile ? { profileFile } : {}),
    serverSpawnedAt,
    ...(wire ? { wire } : {}),
  };
}


const API_RESPONSE = '{"event":"api_response"';
const AGENT_UPDATE = '{"event":"agent::update"';
const AGENT_DELTA = '{"event":"agent::delta"';

interface ContactSeen { contactId: string; name: string; state: { type: string } }
