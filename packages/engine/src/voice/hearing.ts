import type { CallParty, VoiceCall } from '../model/call.ts';

/**
 * Who hears whom, derived from the parties' states alone — the matrix the media layer applies.
 * A party hears another when both are connected (neither on hold, dialling or gone) and the speaker is
 * not muted. So a held party hears nobody and nobody hears them (hold music is the media layer's), held
 * secondary agents cannot talk to each other (seed 000), and a muted party still hears everyone.
 */
export function hears(listener: CallParty, speaker: CallParty): boolean {
  return listener.id !== speaker.id && listener.state === 'connected' && speaker.state === 'connected' && !speaker.muted;
}

/** For each party on the call: the ids of the parties they hear. */
export function hearingMatrix(call: VoiceCall): Record<string, string[]> {
  const matrix: Record<string, string[]> = {};
  for (const listener of call.parties) {
    if (listener.state === 'disconnected') continue;
    matrix[listener.id] = call.parties.filter((speaker) => hears(listener, speaker)).map((s) => s.id);
  }
  return matrix;
}
