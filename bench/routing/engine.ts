/**
 * Phase 1, the baseline: the engine alone, in this process, on simulated time.
 *
 * Contacts arrive at `rate`/s of simulated time via StartChatContact (the enqueue→offer decision happens
 * inside that execute: the flow queues the chat, then routing offers it). Each offer is accepted at
 * once; after a simulated handle time the customer disconnects and the agent clears the contact. The
 * wall-clock time of each StartChatContact execute is the enqueue→offer latency.
 */
import { randomUUID } from 'node:crypto';
import { agentDelta, emptyState, execute, slotsInUse, type Command, type Event, type State } from '@switchboard/engine';
import { benchSetup, must, type CommandInput } from './setup.ts';
import { seededRandom, summarize, type Summary } from './stats.ts';

export interface LoadOptions {
  agents: number;
  chatConcurrency: number;
  /** Arrivals per second. */
  rate: number;
  /** Seconds of arrivals. */
  seconds: number;
  /** Handle time, uniform in [min, max] seconds. */
  handleMin: number;
  handleMax: number;
  seed: number;
  /** Stop the arrivals early if the phase takes longer than this (wall seconds); the result says so. */
  maxWallSeconds?: number;
}

export interface EngineResult {
  contacts: number;
  offers: number;
  /** Offered inside their own StartChatContact (no wait in queue). */
  offeredAtOnce: number;
  /** Offered later, from another command (they waited for a free slot). */
  offeredLater: number;
  neverOffered: number;
  doubleOffers: number;
  reOffers: number;
  maxSlotsSeen: number;
  slotViolations: number;
  /** enqueue→offer: wall time of the StartChatContact execute that made the offer (ms). */
  latency: Summary;
  /** The same for chats that arrived after the first handle-max seconds (steady state: as many chats end as start). */
  steadyLatency: Summary;
  /** Wall time per execute, by command type (ms). */
  byCommand: Record<string, Summary>;
  /** Building and serializing the offered agent's snapshot, as the hub does (ms; not part of `latency`). */
  snapshotBuild: Summary;
  snapshotBytes: number;
  /** Wall time of the whole simulated run (s). */
  wallSeconds: number;
  /** Sum of the execute times (s). */
  executeSeconds: number;
  /** Offers per second of phase wall time. */
  decisionsPerSecond: number;
  /** Offers per second of time spent inside execute (wall clock: inflated when other work takes the CPU). */
  decisionsPerExecuteSecond: number;
  /** CPU seconds (user + system) this process used over the run: engine, bench driver and GC. */
  cpuSeconds: number;
  /** Offers per CPU second: comparable with the server's figure, and not inflated by other work on the machine. */
  decisionsPerCpuSecond: number;
  /** Agents' chat slots in use at the end of the arrivals (mean load). */
  slotsInUseAtEnd: number;
  setupSeconds: number;
  /** Arrivals stopped early because the phase ran past maxWallSeconds. */
  cutShort: boolean;
}

type Task = { at: number; seq: number; run: () => void };

/** A binary min-heap of simulated tasks by (at, seq). */
class Agenda {
  private readonly heap: Task[] = [];
  private seq = 0;
  get size(): number { return this.heap.length; }
  add(at: number, run: () => void): void {
    const task = { at, seq: this.seq++, run };
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  peek(): Task | undefined { return this.heap[0]; }
  pop(): Task | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
const less = (a: Task, b: Task) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export function runEnginePhase(options: LoadOptions): EngineResult {
  const setupStart = performance.now();
  const T0 = 1_700_000_000_000;
  const state: State = emptyState();
  const setup = benchSetup({ agents: options.agents, chatConcurrency: options.chatConcurrency, passwordHash: 'scrypt$bench' });
  for (const command of setup.commands) must(state, command, T0);
  for (const agent of setup.agents) {
    must(state, { type: 'AgentConnected', instanceId: setup.instanceId, userId: agent.userId }, T0);
    must(state, { type: 'SetAgentStatus', instanceId: setup.instanceId, userId: agent.userId, statusId: setup.availableStatusId }, T0);
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const instance = state.instances.get(setup.instanceId)!;
  const random = seededRandom(options.seed);

  const total = Math.round(options.rate * options.seconds);
  const latencies = new Float64Array(total);
  /** When (simulated ms since the start) each latency's chat arrived. */
  const latencyArrivals = new Float64Array(total);
  let latencyCount = 0;
  const times = new Map<string, number[]>();
  const snapshotTimes: number[] = [];
  let snapshotBytes = 0;
  let executeMs = 0;

  // Checks: offers per contact, offers outstanding, slots each agent holds (by our own count).
  const offersOf = new Map<string, number>();
  const outstanding = new Set<string>();
  const held = new Map<string, Set<string>>();
  const customerOf = new Map<string, string>();
  let offers = 0, offeredAtOnce = 0, offeredLater = 0, doubleOffers = 0, reOffers = 0, maxSlotsSeen = 0, slotViolations = 0;

  const agenda = new Agenda();
  let now = T0;

  function run(input: CommandInput): { events: Event[]; ms: number } {
    const command = { ...input, now, seed: randomUUID() } as Command;
    const t0 = performance.now();
    const decision = execute(state, command);
    const took = performance.now() - t0;
    executeMs += took;
    let list = times.get(input.type);
    if (!list) times.set(input.type, (list = []));
    list.push(took);
    if (!decision.ok) throw new Error(`${input.type} refused at +${now - T0} ms: ${decision.rejection.code} ${decision.rejection.message}`);
    return { events: decision.events, ms: took };
  }

  /** Checks every offer a command made, then the agent accepts it at once and ends it after the handle time. */
  function onEvents(events: Event[], madeBy: string | undefined, ms: number): void {
    for (const event of events) {
      if (event.type !== 'ContactOffered') continue;
      offers++;
      const n = (offersOf.get(event.contactId) ?? 0) + 1;
      offersOf.set(event.contactId, n);
      if (n > 1) reOffers++;
      if (outstanding.has(event.contactId)) doubleOffers++;
      outstanding.add(event.contactId);
      let set = held.get(event.userId);
      if (!set) held.set(event.userId, (set = new Set()));
      set.add(event.contactId);
      const user = instance.users.get(event.userId)!;
      const slots = Math.max(set.size, slotsInUse(user, 'CHAT'));
      maxSlotsSeen = Math.max(maxSlotsSeen, slots);
      if (slots > options.chatConcurrency) slotViolations++;
      if (event.contactId === madeBy) {
        offeredAtOnce++;
        latencyArrivals[latencyCount] = now - T0;
        latencies[latencyCount++] = ms;
      } else {
        offeredLater++;
      }
      // What the hub would do for this agent: build and serialize their delta, the offered contact (timed apart from the decision).
      const s0 = performance.now();
      const shown = new Set(user.contacts.keys());
      shown.delete(event.contactId);
      const text = JSON.stringify({ event: 'agent::delta', data: agentDelta(instance, user, now, [event.contactId], shown) });
      snapshotTimes.push(performance.now() - s0);
      snapshotBytes += text.length;
    }
    for (const event of events) {
      if (event.type !== 'ContactOffered') continue;
      const { contactId, userId } = event;
      const accepted = run({ type: 'AcceptContact', instanceId: setup.instanceId, userId, contactId });
      outstanding.delete(contactId);
      onEvents(accepted.events, undefined, accepted.ms);
      const handleMs = (options.handleMin + random() * (options.handleMax - options.handleMin)) * 1000;
      agenda.add(now + handleMs, () => {
        const left = run({ type: 'DisconnectParticipant', instanceId: setup.instanceId, contactId, participantId: customerOf.get(contactId)! });
        onEvents(left.events, undefined, left.ms);
        const cleared = run({ type: 'ClearContact', instanceId: setup.instanceId, userId, contactId });
        held.get(userId)!.delete(contactId);
        onEvents(cleared.events, undefined, cleared.ms);
      });
    }
  }

  const interval = 1000 / options.rate;
  let started = 0;
  for (let i = 0; i < total; i++) {
    agenda.add(T0 + i * interval, () => {
      const contactId = randomUUID(), participantId = randomUUID();
      customerOf.set(contactId, participantId);
      started++;
      const r = run({
        type: 'StartChatContact', instanceId: setup.instanceId, contactId, participantId, contactFlowId: setup.flowId,
        displayName: `bench-${i}`, attributes: {}, chatDurationMinutes: 1500,
      });
      onEvents(r.events, contactId, r.ms);
    });
  }

  const lastArrival = T0 + (total - 1) * interval;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const deadline = t0 + (options.maxWallSeconds ?? Infinity) * 1000;
  let cutShort = false;
  for (let task = agenda.pop(); task; task = agenda.pop()) {
    now = Math.max(now, task.at);
    task.run();
    // Stop once the arrivals are done; handle-time completions due later are dropped.
    if (started === total && (agenda.peek()?.at ?? Infinity) > lastArrival) break;
    if ((started & 255) === 0 && performance.now() > deadline) {
      cutShort = true;
      break;
    }
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;

  let slotsAtEnd = 0;
  for (const user of instance.users.values()) slotsAtEnd += slotsInUse(user, 'CHAT');
  const byCommand: Record<string, Summary> = {};
  for (const [type, list] of times) byCommand[type] = summarize(list);
  return {
    contacts: started, offers, offeredAtOnce, offeredLater,
    neverOffered: started - offersOf.size,
    doubleOffers, reOffers, maxSlotsSeen, slotViolations,
    latency: summarize(latencies.subarray(0, latencyCount)),
    steadyLatency: summarize(latencies.subarray(0, latencyCount).filter((_, i) => latencyArrivals[i]! >= options.handleMax * 1000)),
    byCommand,
    snapshotBuild: summarize(snapshotTimes),
    snapshotBytes: snapshotTimes.length ? snapshotBytes / snapshotTimes.length : 0,
    wallSeconds,
    executeSeconds: executeMs / 1000,
    decisionsPerSecond: offers / wallSeconds,
    decisionsPerExecuteSecond: offers / (executeMs / 1000),
    cpuSeconds,
    decisionsPerCpuSecond: offers / cpuSeconds,
    slotsInUseAtEnd: slotsAtEnd,
    setupSeconds,
    cutShort,
  };
}
