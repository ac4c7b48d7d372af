import type { Contact } from '../model/contact.ts';
import type { VoiceCall } from '../model/call.ts';
import type { Instance } from '../state.ts';
import type { FlowMedia, PlannedCollection, PlannedPlayback } from '../voice/mediaPlan.ts';
import { inputPromptId, iteratePlaybackId } from './run.ts';

/**
 * What the flow running on a call waits on from media: the prompt playing (ids stable per wait:
 * `${runId}:${step}`, reported back with FlowPromptPlayed), and for GetParticipantInput the question
 * (stopped by the first digit) and the digit collection that starts when it ends (reported back with
 * FlowDigitsReceived). Loop prompts play one message at a time; each new play has a new id.
 */
export function flowMedia(contact: Contact, call: VoiceCall | undefined = contact.call): FlowMedia {
  const none: FlowMedia = { playbacks: [], collections: [] };
  const run = contact.flowRun;
  const wait = run?.waiting;
  if (!run || !wait || !call || call.endedAt !== undefined || contact.channel !== 'VOICE' || contact.status === 'ended') return none;
  const party = run.partyId !== undefined
    ? call.parties.find((p) => p.id === run.partyId && p.state !== 'disconnected')
    : run.audience === 'agent'
    ? call.parties.find((p) => p.kind === 'agent' && p.state !== 'disconnected')
    : call.parties.find((p) => p.kind === 'customer' && p.state !== 'disconnected');
  if (!party) return none;
  switch (wait.kind) {
    case 'prompt':
      return { playbacks: [{ id: wait.id, to: party.id, audio: wait.audio, loop: false }], collections: [] };
    case 'iterate': {
      const audio = wait.messages[wait.played % wait.messages.length]!;
      return { playbacks: [{ id: iteratePlaybackId(wait.id, wait.played), to: party.id, audio, loop: false }], collections: [] };
    }
    case 'input': {
      if (wait.channel !== 'VOICE') return none;
      const playbacks: PlannedPlayback[] = wait.prompt ? [{ id: inputPromptId(wait.id), to: party.id, audio: wait.prompt, loop: false, stopOnDigit: true }] : [];
      const collection: PlannedCollection = {
        id: wait.id, partyId: party.id, maxDigits: wait.maxDigits, ...(wait.terminator ? { terminator: wait.terminator } : {}),
        firstDigitTimeoutMs: wait.timeoutSeconds * 1000, interDigitTimeoutMs: wait.interDigitSeconds * 1000,
        ...(wait.prompt ? { afterPlaybackId: inputPromptId(wait.id) } : {}),
      };
      return { playbacks, collections: [collection] };
    }
    default:
      return none;
  }
}

/**
 * What every flow running on a call asks of media: the first contact's run and the runs on the call's
 * other legs (a transfer flow to the agent who transfers, an agent hold flow to a held agent, …).
 */
export function callFlowMedia(instance: Instance | undefined, first: Contact): FlowMedia {
  const call = first.call;
  const media: FlowMedia = { playbacks: [], collections: [] };
  if (!call) return media;
  for (const contactId of call.chain) {
    const contact = contactId === first.id ? first : instance?.contacts.get(contactId);
    if (!contact) continue;
    const one = flowMedia(contact, call);
    media.playbacks.push(...one.playbacks);
    media.collections.push(...one.collections);
  }
  return media;
}

/** Is the call recorded? The contact's recording behaviour (UpdateContactRecordingBehavior) names someone to record. */
export function recordingOn(contact: Contact): boolean {
  return (contact.flowSettings?.recordedParticipants?.length ?? 0) > 0;
}
