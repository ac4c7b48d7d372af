import type { Contact } from '../model/contact.ts';
import type { CallParty, VoiceCall } from '../model/call.ts';
import { hearingMatrix } from './hearing.ts';
import { flowMedia, recordingOn } from '../flow/media.ts';

/**
 * What a call should sound like right now, derived from state alone: the seam between the engine and the
 * media package. The server's media driver applies the plan to the call's bridge after every change —
 * it adds and drops endpoints, replaces the hearing matrix, starts and stops playbacks and digit
 * collections, and starts or stops the recording — and turns what media reports (a playback ended,
 * digits collected, an endpoint lost) into commands. The engine decides every rule here; media decides none.
 *
 * Playback and collection ids are stable for as long as the thing they name should go on, so applying the
 * same plan twice changes nothing, and a new id means "start another".
 */

/** What a playback plays. The media driver resolves prompt ids to audio (an uploaded file or text). */
export type PlannedAudio =
  | { kind: 'text'; text: string; voice?: string; languageCode?: string }
  | { kind: 'ssml'; ssml: string; voice?: string; languageCode?: string }
  | { kind: 'prompt'; promptId: string }
  | { kind: 'music' }
  | { kind: 'tone'; tone: 'ringback' | 'beep' };

export interface PlannedPlayback {
  id: string;
  /** The party who hears it (one party: a whisper reaches only its side). */
  to: string;
  audio: PlannedAudio;
  /** Music and ringback loop until the plan drops them; a prompt plays once and is reported when it ends. */
  loop: boolean;
  /** A menu prompt: the first digit stops it. */
  stopOnDigit?: boolean;
}

/** Digits a flow waits for (GetParticipantInput / StoreCustomerInput on voice). */
export interface PlannedCollection {
  id: string;
  partyId: string;
  maxDigits: number;
  terminator?: string;
  firstDigitTimeoutMs: number;
  interDigitTimeoutMs: number;
  /** The clock starts when this playback (the question) ends. */
  afterPlaybackId?: string;
}

/** What the flow running on a contact asks of media; the flow interpreter provides it (flow/media.ts). */
export interface FlowMedia {
  playbacks: PlannedPlayback[];
  collections: PlannedCollection[];
}

export interface MediaPlan {
  callId: string;
  /** Parties that should have an endpoint on the bridge (everyone not gone). */
  parties: string[];
  /** For each party: the parties and playbacks it hears. Complete: whoever is missing hears nothing. */
  hears: Record<string, string[]>;
  playbacks: PlannedPlayback[];
  collections: PlannedCollection[];
  /** Record the call (customer on the left channel, everyone else on the right). */
  recording: boolean;
  /** The customer side of the recording: the caller's party id. */
  customerPartyIds: string[];
}

export const holdMusicId = (partyId: string) => `hold:${partyId}`;
export const ringbackId = (partyId: string) => `ringback:${partyId}`;
export const queueMusicId = (partyId: string) => `queue:${partyId}`;

const connected = (party: CallParty) => party.state === 'connected';

/**
 * The plan for a call. `first` is the call's first contact (the call lives on it); `flow` is what a flow
 * running on the call asks for (its prompts replace queue music for the party they are played to);
 * `recording` is whether the call is being recorded (the contact's recording behaviour).
 */
export function mediaPlan(first: Contact, options: { flow?: FlowMedia; recording?: boolean } = {}): MediaPlan | undefined {
  const call: VoiceCall | undefined = first.call;
  if (!call || call.endedAt !== undefined) return undefined;
  const hears = hearingMatrix(call);
  const playbacks: PlannedPlayback[] = [];
  // By default the plan plays what the flow running on the call waits on, and records as its recording behaviour says.
  const flow = options.flow ?? flowMedia(first);
  const flowPlaybacks = flow.playbacks;
  const hearsFlow = new Set(flowPlaybacks.map((p) => p.to));

  for (const party of call.parties) {
    if (party.state === 'disconnected') continue;
    const row = (hears[party.id] ??= []);
    // A held party hears hold music and no one else (seed 000: held parties cannot talk to each other) — or the hold flow's prompts.
    if (party.state === 'hold' && !hearsFlow.has(party.id)) {
      playbacks.push({ id: holdMusicId(party.id), to: party.id, audio: { kind: 'music' }, loop: true });
      row.push(holdMusicId(party.id));
    }
    // A party being dialled: the agent who dialled them hears ringback until they answer.
    if (party.state === 'connecting' && party.addedBy) {
      const dialler = call.parties.find((p) => p.id === party.addedBy);
      if (dialler && connected(dialler)) {
        playbacks.push({ id: ringbackId(party.id), to: dialler.id, audio: { kind: 'tone', tone: 'ringback' }, loop: true });
        (hears[dialler.id] ??= []).push(ringbackId(party.id));
      }
    }
  }

  // A connected caller with no one else to talk to, waiting in a queue, hears queue music — unless a flow is playing to them.
  const caller = call.parties.find((p) => p.kind === 'customer');
  const alone = caller && connected(caller) && !call.parties.some((p) => p.id !== caller.id && connected(p));
  if (caller && alone && first.status === 'queued' && !hearsFlow.has(caller.id)) {
    playbacks.push({ id: queueMusicId(caller.id), to: caller.id, audio: { kind: 'music' }, loop: true });
    (hears[caller.id] ??= []).push(queueMusicId(caller.id));
  }

  // A party a flow is speaking to (a menu, a whisper, a hold flow) hears the flow and nobody else, and
  // nobody hears them meanwhile: seed 003's whispers come before the agent and the caller are put
  // through, so the agent's whisper reaches only the agent, and the customer's only the customer.
  const spokenTo = new Set(flowPlaybacks.filter((p) => p.to in hears).map((p) => p.to));
  for (const party of spokenTo) {
    hears[party] = [];
    for (const row of Object.values(hears)) {
      const at = row.indexOf(party);
      if (at >= 0) row.splice(at, 1);
    }
  }
  for (const playback of flowPlaybacks) {
    if (!(playback.to in hears)) continue;
    playbacks.push(playback);
    hears[playback.to]!.push(playback.id);
  }

  return {
    callId: call.id,
    parties: call.parties.filter((p) => p.state !== 'disconnected').map((p) => p.id),
    hears,
    playbacks,
    collections: flow.collections.filter((c) => c.partyId in hears),
    recording: options.recording ?? recordingOn(first),
    customerPartyIds: call.parties.filter((p) => p.kind === 'customer').map((p) => p.id),
  };
}
