/**
 * Call audio in the browser: one RTCPeerConnection from a microphone stream to the call's bridge on the
 * server. Signalling is one offer and one answer (ICE candidates gathered first, no trickle), carried by
 * whatever the page has: the agent socket (AgentClient.offerMedia), the web-calling page's token, the
 * development phone. Used by the CCP's softphone, the "call us" page and the development phone.
 */
export interface MediaConfig {
  enabled: boolean;
  iceServers: { urls: string; username?: string; credential?: string }[];
  /** Prompts are spoken (espeak-ng on the server) rather than stand-in tones. */
  tts: boolean;
}

export interface AudioLinkOptions {
  /** The microphone (getUserMedia) — its first audio track is sent. */
  stream: MediaStream;
  iceServers: MediaConfig['iceServers'];
  /** Sends the offer to the server; resolves with the answer. */
  offer(sdp: string): Promise<string>;
  /** Where the call's audio plays (an <audio> element); optional in tests that only read stats. */
  output?: HTMLAudioElement;
  /** Told when the connection fails or closes after having been up. */
  onLost?(reason: string): void;
  /** How long gathering ICE candidates may take before the offer goes with what it has (ms). */
  gatherTimeoutMs?: number;
}

export interface AudioLink {
  readonly pc: RTCPeerConnection;
  /** The call's audio from the bridge. */
  readonly remote: MediaStream;
  /** Sends DTMF digits in the audio path (RFC 4733), as a phone's keypad does. */
  sendDigits(digits: string): void;
  /** Swaps the microphone (a device change) without renegotiating. */
  replaceTrack(track: MediaStreamTrack): Promise<void>;
  close(): void;
}

async function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const done = () => { clearTimeout(timer); pc.removeEventListener('icegatheringstatechange', check); resolve(); };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export async function connectAudio(options: AudioLinkOptions): Promise<AudioLink> {
  const track = options.stream.getAudioTracks()[0];
  if (!track) throw new Error('no microphone track to send');
  const pc = new RTCPeerConnection({ iceServers: options.iceServers });
  const remote = new MediaStream();
  pc.addEventListener('track', (event) => {
    for (const t of event.streams[0]?.getTracks() ?? [event.track]) remote.addTrack(t);
    if (options.output) {
      options.output.srcObject = remote;
      void options.output.play().catch(() => undefined);
    }
  });
  const transceiver = pc.addTransceiver(track, { direction: 'sendrecv', streams: [options.stream] });
  let up = false;
  let closed = false;
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState === 'connected') up = true;
    if (!closed && up && (pc.connectionState === 'failed' || pc.connectionState === 'closed')) options.onLost?.(`connection ${pc.connectionState}`);
  });
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc, options.gatherTimeoutMs ?? 5_000);
    const answer = await options.offer(pc.localDescription!.sdp);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  } catch (error) {
    closed = true;
    pc.close();
    throw error;
  }
  return {
    pc, remote,
    sendDigits(digits) {
      const dtmf = transceiver.sender.dtmf;
      if (!dtmf || !dtmf.canInsertDTMF) throw new Error('this call cannot send digits yet');
      dtmf.insertDTMF(digits, 120, 70);
    },
    replaceTrack: (t) => transceiver.sender.replaceTrack(t),
    close() {
      if (closed) return;
      closed = true;
      pc.close();
    },
  };
}

/**
 * A live microphone level (0..1) for a meter: the RMS of the stream's latest audio, read on demand.
 * Returns a reader and a stop function.
 */
export function levelMeter(stream: MediaStream): { level(): number; stop(): void } {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  return {
    level() {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      return Math.min(1, Math.sqrt(sum / samples.length) * 4);
    },
    stop() {
      source.disconnect();
      void context.close();
    },
  };
}
