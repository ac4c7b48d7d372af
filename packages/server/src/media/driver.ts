import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { callFlowMedia, callOf, mediaPlan, type Contact, type Event, type Instance, type MediaPlan, type PlannedAudio, type State } from '@switchboard/engine';
import type { AudioSource, Bridge, BridgeEvents, Endpoint, MediaEngine, Playback, Recording } from '@switchboard/media';
import type { CommandInput } from '../pipeline.ts';
import { log } from '../log.ts';

/** Where a recording's file is: one WAV per piece, named by its id (the call's first contact id, then -2, -3…). */
export function recordingPath(dir: string, recordingId: string): string {
  return join(dir, `${recordingId}.wav`);
}

/** What the driver reports back: a bridge's events turned into commands (or handled in the shell). */
export interface MediaReports {
  submit(command: CommandInput): Promise<unknown>;
  /** A playback the flow waits on ended; a collection the flow waits on finished. Wired to the flow's commands. */
  flowPlaybackDone?(instanceId: string, contactId: string, playbackId: string): void;
  flowDigitsCollected?(instanceId: string, contactId: string, result: BridgeEvents['digitsCollected']): void;
}

export interface MediaDriverOptions {
  /** Recordings are written here, one WAV per call (its first contact's id). */
  recordingsDir: string;
  /** Record every call (the demo's default); otherwise only calls whose flow turned recording on. */
  recordCalls: boolean;
  /** An uploaded prompt's audio, by id (CreatePrompt); undefined if there is no such prompt. */
  resolvePrompt?(instanceId: string, promptId: string): AudioSource | undefined;
}

/** A call's media: its bridge and what the driver last applied to it. */
interface CallMedia {
  instanceId: string;
  callId: string;
  bridge: Promise<Bridge>;
  version: number;
  endpoints: Map<string, Endpoint>;
  /**
   * Playbacks by the plan's id. Each start gets a fresh media id (the plan's id and a number), so
   * stopping one and starting it again (hold, resume, hold) never meets the old one still stopping.
   */
  playbacks: Map<string, { mediaId: string; playback: Promise<Playback | undefined> }>;
  playSeq: number;
  collections: Set<string>;
  recording?: { id: string; started: Promise<Recording> };
  /** Recording pieces started so far (turned off and on again by the flow: one file each). */
  pieces: number;
  /** How many of the call's sent digits have been played to their parties. */
  digitsPlayed: number;
  /** Work on this call's bridge runs in order. */
  queue: Promise<void>;
  closed: boolean;
}

/**
 * The media driver: after every durable batch, it makes each changed call's bridge sound the way the
 * engine's media plan says (voice/mediaPlan.ts) — endpoints, the hearing matrix, playbacks, digit
 * collections, recording — and turns what the bridge reports into commands. It holds no rules: a party
 * hears whom the plan says, and nobody else.
 */
export class MediaDriver {
  private readonly calls = new Map<string, CallMedia>();

  constructor(
    private readonly state: State,
    private readonly media: MediaEngine,
    private readonly reports: MediaReports,
    private readonly options: MediaDriverOptions,
  ) {
    mkdirSync(options.recordingsDir, { recursive: true });
  }

  get tts(): boolean {
    return this.media.tts;
  }

  /** After a durable batch: every call a voice event touched is brought in line with its plan. */
  onEvents(events: readonly Event[]): void {
    const touched = new Map<string, Instance>();
    for (const event of events) {
      // A deleted instance's calls end: their bridges go (Connect admin API, DeleteInstance).
      if (event.type === 'InstanceDeleted') {
        for (const call of [...this.calls.values()]) if (call.instanceId === event.instanceId) this.closeCall(call);
        continue;
      }
      if (!('contactId' in event) || typeof event.contactId !== 'string') continue;
      const instance = this.state.instances.get(event.instanceId);
      const contact = instance?.contacts.get(event.contactId);
      if (!instance || !contact || contact.channel !== 'VOICE') {
        // A call that left memory (archived): its bridge goes.
        const existing = this.calls.get(event.contactId);
        if (existing) void this.enqueue(existing, (c) => this.stopRecording(c)).then(() => this.closeCall(existing));
        continue;
      }
      const callId = contact.initialContactId ?? contact.id;
      touched.set(callId, instance);
    }
    for (const [callId, instance] of touched) {
      const first = instance.contacts.get(callId);
      if (!first) continue;
      // Calls get a bridge once someone has media on them, or when the plan plays something (queue music, prompts).
      const existing = this.calls.get(callId);
      const plan = this.planOf(first);
      if (!existing && (!plan || plan.playbacks.length === 0)) continue;
      this.enqueue(existing ?? this.open(instance.id, callId), (call) => this.apply(call, first));
    }
  }

  /**
   * A party's WebRTC offer (an agent's softphone, a caller's page, a development phone, a test peer): its
   * endpoint on the call's bridge, replacing one it had (a reload). Resolves with the SDP answer.
   */
  async offer(instanceId: string, callId: string, partyId: string, sdp: string): Promise<string> {
    const call = this.calls.get(callId) ?? this.open(instanceId, callId);
    let answer = '';
    await this.enqueue(call, async (c) => {
      const bridge = await c.bridge;
      c.endpoints.get(partyId)?.close();
      const endpoint = await bridge.addEndpoint({ endpointId: partyId, offer: sdp });
      c.endpoints.set(partyId, endpoint);
      answer = endpoint.answer;
      const first = this.state.instances.get(instanceId)?.contacts.get(callId);
      if (first) await this.apply(c, first);
    });
    return answer;
  }

  /** Calls with media now, and the endpoints (parties' audio legs) on their bridges: for /metrics. */
  counts(): { calls: number; endpoints: number } {
    let endpoints = 0;
    for (const call of this.calls.values()) endpoints += call.endpoints.size;
    return { calls: this.calls.size, endpoints };
  }

  /** The per-party energy and packet counts of a call's bridge (tests and the admin view). */
  async meter(callId: string) {
    const call = this.calls.get(callId);
    return call ? (await call.bridge).meter() : undefined;
  }

  async close(): Promise<void> {
    // Calls still up when the server stops keep what was recorded so far.
    await Promise.allSettled([...this.calls.values()].map((c) => this.enqueue(c, (call) => this.stopRecording(call))));
    for (const call of this.calls.values()) this.closeCall(call);
    await Promise.allSettled([...this.calls.values()].map((c) => c.queue));
    await this.media.close();
  }

  private planOf(first: Contact): MediaPlan | undefined {
    // The flow's prompts and digit collections come with the plan; the call is recorded when the
    // server records every call, or when its flow turned recording on.
    // Every flow on the call plays: the first contact's, and those on its legs (transfer, hold, whisper flows).
    const plan = mediaPlan(first, { flow: callFlowMedia(this.state.instances.get(first.instanceId), first) });
    if (plan && this.options.recordCalls) plan.recording = true;
    return plan;
  }

  private open(instanceId: string, callId: string): CallMedia {
    const call: CallMedia = {
      instanceId, callId, version: 0, endpoints: new Map(), playbacks: new Map(), playSeq: 0, collections: new Set(), digitsPlayed: 0, pieces: 0,
      queue: Promise.resolve(), closed: false,
      bridge: this.media.createBridge({ bridgeId: callId }),
    };
    this.calls.set(callId, call);
    call.bridge.then((bridge) => this.listen(call, bridge), (error) => {
      log().error({ err: error, callId }, 'could not create the media bridge of a call');
      this.calls.delete(callId);
    });
    return call;
  }

  private enqueue(call: CallMedia, work: (call: CallMedia) => Promise<void>): Promise<void> {
    const next = call.queue.then(() => (call.closed ? undefined : work(call))).catch((error: unknown) => {
      log().error({ err: error, callId: call.callId }, 'media of a call failed');
    });
    call.queue = next;
    return next;
  }

  private closeCall(call: CallMedia): void {
    if (call.closed) return;
    call.closed = true;
    this.calls.delete(call.callId);
    void call.bridge.then((bridge) => bridge.close(), () => undefined);
  }

  private async apply(call: CallMedia, first: Contact): Promise<void> {
    const plan = this.planOf(first);
    const bridge = await call.bridge;
    if (!plan) {
      await this.stopRecording(call);
      this.closeCall(call);
      return;
    }
    // Parties who left lose their endpoint.
    for (const [partyId, endpoint] of call.endpoints) {
      if (!plan.parties.includes(partyId)) {
        endpoint.close();
        call.endpoints.delete(partyId);
      }
    }
    const wanted = new Map(plan.playbacks.map((p) => [p.id, p]));
    for (const [id, running] of call.playbacks) {
      if (wanted.has(id)) continue;
      call.playbacks.delete(id);
      void running.playback.then((p) => p?.close());
    }
    for (const planned of plan.playbacks) {
      if (call.playbacks.has(planned.id)) continue;
      const source = this.audioOf(call.instanceId, planned.audio);
      if (!source) {
        log().warn({ callId: call.callId, prompt: planned.audio }, 'a prompt has no audio; skipped');
        this.reports.flowPlaybackDone?.(call.instanceId, call.callId, planned.id);
        continue;
      }
      const mediaId = `${planned.id}#${++call.playSeq}`;
      const playback = bridge.play({ playbackId: mediaId, source, loop: planned.loop, stopOnDigit: planned.stopOnDigit ?? false }).catch((error: unknown) => {
        // The call ended (its bridge closed) while the prompt was being rendered: nothing to play it to.
        if ((error as Error).name !== 'InvalidStateError') log().error({ err: error, callId: call.callId, playbackId: planned.id }, 'could not play a prompt');
        return undefined;
      });
      call.playbacks.set(planned.id, { mediaId, playback });
    }
    // The plan names playbacks by its own ids; the bridge knows them by their media ids.
    const mediaIdOf = (id: string) => call.playbacks.get(id)?.mediaId ?? id;
    const hears: Record<string, string[]> = {};
    for (const [listener, sources] of Object.entries(plan.hears)) hears[listener] = sources.map(mediaIdOf);
    bridge.setHearing({ version: ++call.version, hears });

    const collections = new Set(plan.collections.map((c) => c.id));
    for (const id of call.collections) if (!collections.has(id)) bridge.stopCollecting(id);
    for (const c of plan.collections) {
      if (call.collections.has(c.id)) continue;
      await bridge.collectDigits({
        collectionId: c.id, endpointId: c.partyId, maxDigits: c.maxDigits, firstDigitTimeoutMs: c.firstDigitTimeoutMs, interDigitTimeoutMs: c.interDigitTimeoutMs,
        ...(c.terminator !== undefined ? { terminator: c.terminator } : {}), ...(c.afterPlaybackId !== undefined ? { afterPlaybackId: mediaIdOf(c.afterPlaybackId) } : {}),
      });
    }
    call.collections = collections;

    // Digits an agent keyed on the CCP's number pad reach the party they were sent to.
    const call0 = first.call!;
    for (; call.digitsPlayed < call0.digits.length; call.digitsPlayed++) {
      const sent = call0.digits[call.digitsPlayed]!;
      await call.endpoints.get(sent.partyId)?.sendDigits(sent.digits).catch(() => undefined);
    }

    if (plan.recording && !call.recording) {
      const id = call.pieces === 0 ? call.callId : `${call.callId}-${call.pieces + 1}`;
      call.pieces++;
      const started = bridge.record({ path: recordingPath(this.options.recordingsDir, id), left: plan.customerPartyIds });
      // A bridge closed before the recording started (the server stopping) is not an error anyone awaits.
      started.catch(() => undefined);
      call.recording = { id, started };
    } else if (!plan.recording && call.recording) {
      await this.stopRecording(call);
    }
  }

  /** Finishes the call's recording piece, if one runs, and lists it on the call's first contact. */
  private async stopRecording(call: CallMedia): Promise<void> {
    const running = call.recording;
    if (!running) return;
    call.recording = undefined;
    try {
      const result = await (await running.started).stop();
      await this.reports.submit({ type: 'RecordCallRecording', instanceId: call.instanceId, contactId: call.callId, recordingId: running.id, durationMs: result.durationMs, bytes: result.bytes });
    } catch (error) {
      log().error({ err: error, callId: call.callId, recordingId: running.id }, 'a recording could not be finished');
    }
  }

  private audioOf(instanceId: string, audio: PlannedAudio): AudioSource | undefined {
    if (audio.kind === 'prompt') return this.options.resolvePrompt?.(instanceId, audio.promptId);
    return audio;
  }

  private listen(call: CallMedia, bridge: Bridge): void {
    bridge.on('playbackDone', ({ playbackId, reason }) => {
      // A playback the driver stopped itself (the plan dropped it) is not news; one that ended is.
      if (reason === 'stopped') return;
      for (const [id, running] of call.playbacks) {
        if (running.mediaId !== playbackId) continue;
        call.playbacks.delete(id);
        this.reports.flowPlaybackDone?.(call.instanceId, call.callId, id);
      }
    });
    bridge.on('digitsCollected', (result) => {
      call.collections.delete(result.collectionId);
      this.reports.flowDigitsCollected?.(call.instanceId, call.callId, result);
    });
    bridge.on('endpointLost', ({ endpointId }) => {
      call.endpoints.delete(endpointId);
      this.partyLost(call, endpointId);
    });
  }

  /**
   * A party's media died. A caller or a dialled party whose page or phone is gone has hung up; an agent
   * whose CCP reloads gets a new endpoint when it offers again (their presence rules cover a CCP that
   * does not come back).
   */
  private partyLost(call: CallMedia, partyId: string): void {
    const instance = this.state.instances.get(call.instanceId);
    const first = instance?.contacts.get(call.callId);
    const party = first && instance ? callOf(instance, first)?.parties.find((p) => p.id === partyId) : undefined;
    if (!party || party.kind === 'agent' || party.state === 'disconnected') return;
    void this.reports.submit({ type: 'PhoneAction', instanceId: call.instanceId, contactId: call.callId, partyId, action: 'hangup' });
  }
}
