import { join } from 'node:path';
import { createMediaEngine } from '@switchboard/media';
import type { MediaConfig } from '../config.ts';
import type { Services } from '../services.ts';
import { MediaDriver } from './driver.ts';
import { log } from '../log.ts';

/**
 * Starts call audio: the media package's workers and the driver that keeps every call's bridge in line
 * with the engine's media plan. Recordings and the prompt cache live in the data directory.
 */
export async function startMedia(services: Services, config: MediaConfig): Promise<MediaDriver> {
  const engine = await createMediaEngine({
    workers: config.workers,
    cacheDir: join(services.config.dataDir, 'media-cache'),
    ...(config.iceAddresses.length > 0 ? { iceAdditionalHostAddresses: config.iceAddresses } : {}),
    ...(config.iceServers.length > 0 ? { iceServers: config.iceServers } : {}),
    ...(config.rtpPorts ? { icePortRange: config.rtpPorts } : {}),
    ...(config.fastPath === false ? { fastPath: false } : {}),
    ...(config.udpBatch === false ? { udpBatch: false } : {}),
  }, { silenceTimeoutMs: config.lostAfterMs });
  engine.on('died', ({ workerId, error }) => log().error({ workerId, err: error }, 'a media worker died: its calls lost their audio, a new worker takes new calls'));
  if (engine.udpBatch !== 'on' && engine.udpBatch !== 'off') {
    log().warn({ reason: engine.udpBatch }, 'the media workers\' UDP batch is not available: calls use Node\'s dgram, at more CPU per call (npm install builds it; it needs python3, make and a C compiler)');
  }
  if (!engine.tts) log().warn('espeak-ng is not installed: prompts play a short chime instead of speech (apt-get install -y espeak-ng)');
  return new MediaDriver(services.state, engine, {
    submit: (command) => services.pipeline.submit(command),
    // What a flow waits on: a prompt played out, digits collected. An answer to a wait the run has
    // left (the caller hung up, the flow moved on) is refused by the engine and changes nothing.
    flowPlaybackDone: (instanceId, contactId, playbackId) => {
      void services.pipeline.submit({ type: 'FlowPromptPlayed', instanceId, contactId, playbackId });
    },
    flowDigitsCollected: (instanceId, contactId, result) => {
      void services.pipeline.submit({ type: 'FlowDigitsReceived', instanceId, contactId, collectionId: result.collectionId, digits: result.digits, reason: result.reason });
    },
  }, {
    recordingsDir: join(services.config.dataDir, 'recordings'),
    recordCalls: config.recordCalls,
    // A flow's PromptId (an id or an ARN): an uploaded prompt's audio file, or a text prompt spoken.
    resolvePrompt(instanceId, promptId) {
      const id = promptId.slice(promptId.lastIndexOf('/') + 1);
      const prompt = services.state.instances.get(instanceId)?.prompts.get(id);
      if (!prompt) return undefined;
      if (prompt.source.kind === 'audio') return { kind: 'file', path: services.blobs.localPath(prompt.source.blobKey) };
      return prompt.source.ssml ? { kind: 'ssml', ssml: prompt.source.text } : { kind: 'text', text: prompt.source.text };
    },
  });
}
