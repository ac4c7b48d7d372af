import { z } from 'zod';
import { callOf, type CallParty, type Instance } from '@switchboard/engine';
import { ApiError, errors } from '../http/errors.ts';
import type { Services } from '../services.ts';

/**
 * Signalling for call audio: a party sends one SDP offer with its ICE candidates gathered (non-trickle)
 * and gets the bridge's answer. Agents send theirs over the agent socket; callers and dialled parties
 * through the web-calling page, the development phone or the phone simulator. Whoever offers must be a
 * party of the call that has not left.
 */
export const Sdp = z.string().min(10).max(64 * 1024);

export interface MediaSettingsView {
  enabled: boolean;
  /** ICE servers for the browser's RTCPeerConnection (SWITCHBOARD_ICE_SERVERS). */
  iceServers: { urls: string; username?: string; credential?: string }[];
  /** Whether prompts are spoken (espeak-ng installed) or stand-in tones. */
  tts: boolean;
}

export function mediaSettings(services: Services): MediaSettingsView {
  return { enabled: services.media !== undefined, iceServers: services.config.media?.iceServers ?? [], tts: services.media?.tts ?? false };
}

/** The bridge's answer to a party's offer. */
export async function offerFor(services: Services, instance: Instance, contactId: string, who: (party: CallParty) => boolean, sdp: string): Promise<string> {
  const media = services.media;
  if (!media) throw new ApiError(409, 'InvalidRequestException', 'call audio is off on this server (SWITCHBOARD_MEDIA=0)');
  const contact = instance.contacts.get(contactId);
  const call = contact && callOf(instance, contact);
  if (!contact || !call) throw errors.notFound(`contact ${contactId} is not a call`, 'Contact', contactId);
  if (call.endedAt !== undefined) throw new ApiError(409, 'InvalidRequestException', 'the call has ended');
  const party = call.parties.find((p) => p.state !== 'disconnected' && who(p));
  if (!party) throw new ApiError(403, 'AccessDeniedException', 'you are not on this call');
  try {
    return await media.offer(instance.id, call.id, party.id, sdp);
  } catch (error) {
    throw new ApiError(400, 'InvalidParameterException', `the offer was not accepted: ${(error as Error).message.slice(0, 200)}`);
  }
}
