import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CallOperation, Instance, User } from '@switchboard/engine';
import { errors, fromRejection } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { mediaSettings, offerFor, Sdp } from '../media/signalling.ts';

/**
 * The call-control requests of an agent's CCP, named as amazon-connect-streams' client methods
 * (connect-wire-apis.md §3.5). Each maps to one engine command; a refusal comes back as a typed error
 * whose message names the rule of seed 000 that refused it.
 */
const Contact = z.object({ contactId: z.string().min(1).max(256) });
const Connection = Contact.extend({ connectionId: z.string().min(1).max(256) });
export const VoiceRequests = {
  holdConnection: Connection,
  resumeConnection: Connection,
  muteParticipant: Connection,
  unmuteParticipant: Connection,
  /** Join: every party off hold. */
  conferenceConnections: Contact,
  /** Swap: toggle between the party on hold and the active one (three parties only). */
  toggleActiveConnections: Contact.extend({ connectionId: z.string().max(256).optional() }),
  /** Hold all: everyone but the agent on hold. */
  holdAllConnections: Contact,
  sendDigits: Connection.extend({ digits: z.string().min(1).max(64) }),
  /** agent.connect(endpoint): call a number (Endpoint.byPhoneNumber). */
  /** The softphone's SDP offer for its audio on this call; the answer comes back (media/signalling.ts). */
  offerMedia: Contact.extend({ sdp: Sdp }),
  /** What the softphone needs before it offers: whether audio is on, and ICE servers. */
  getMediaConfig: z.object({}),
  createOutboundContact: z.object({
    endpoint: z.object({ phoneNumber: z.string().min(1).max(32), type: z.literal('phone_number').optional() }),
    queueARN: z.string().max(500).optional(),
  }),
} as const;

export type VoiceMethod = keyof typeof VoiceRequests;

const OPS: Record<Exclude<VoiceMethod, 'createOutboundContact' | 'offerMedia' | 'getMediaConfig'>, CallOperation> = {
  holdConnection: 'hold',
  resumeConnection: 'resume',
  muteParticipant: 'mute',
  unmuteParticipant: 'unmute',
  conferenceConnections: 'join',
  toggleActiveConnections: 'swap',
  holdAllConnections: 'holdAll',
  sendDigits: 'sendDigits',
};

export function isVoiceMethod(method: string): method is VoiceMethod {
  return Object.hasOwn(VoiceRequests, method);
}

export async function handleVoiceRequest(services: Services, instance: Instance, user: User, method: VoiceMethod, p: Record<string, unknown>): Promise<unknown> {
  if (method === 'getMediaConfig') return mediaSettings(services);
  if (method === 'offerMedia') {
    const sdp = await offerFor(services, instance, p.contactId as string, (party) => party.kind === 'agent' && party.userId === user.id, p.sdp as string);
    return { sdp };
  }
  if (method === 'createOutboundContact') {
    const endpoint = p.endpoint as { phoneNumber: string };
    const queueARN = p.queueARN as string | undefined;
    const queue = queueARN ? [...instance.queues.values()].find((q) => q.arn === queueARN || q.id === queueARN) : undefined;
    if (queueARN && !queue) throw errors.notFound(`${queueARN} is not a queue of this instance`, 'Queue', queueARN);
    const contactId = randomUUID();
    const outcome = await services.pipeline.submit({
      type: 'StartOutboundCall', instanceId: instance.id, userId: user.id, contactId, agentPartyId: randomUUID(), customerPartyId: randomUUID(),
      phoneNumber: endpoint.phoneNumber, ...(queue ? { queueId: queue.id } : {}),
      // With media on, the outbound whisper's prompts play to the customer before they are put through.
      ...(services.media !== undefined ? { media: true } : {}),
    });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
    return { contactId };
  }
  const outcome = await services.pipeline.submit({
    type: 'ControlCall', instanceId: instance.id, userId: user.id, contactId: p.contactId as string, op: OPS[method],
    ...(typeof p.connectionId === 'string' ? { connectionId: p.connectionId } : {}),
    ...(typeof p.digits === 'string' ? { digits: p.digits } : {}),
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  return {};
}
