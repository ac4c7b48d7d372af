import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { agentChatItemView, agentSnapshot, currentMetrics, isRejection, PERMISSION, quickConnectsFor, userMay, transcriptFor, transcriptPage, type Contact, type Instance, type Participant, type QuickConnect, type User } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod } from '../http/errors.ts';
import type { Services } from '../services.ts';

import { isSendableEvent, sendChatEvent } from '../api/participant/messages.ts';
import { CONNECTION_TOKEN_TTL_MS } from '../api/participant/connection.ts';
import { issueToken } from '../auth/tokens.ts';
import { handleVoiceRequest, isVoiceMethod, VoiceRequests } from './voiceRequests.ts';

/**
 * Requests an agent's CCP sends over its WebSocket. Method names and params follow
 * amazon-connect-streams' client methods (connect-wire-apis.md §3.5) where Streams has one.
 */
const ContactParams = z.object({ contactId: z.string().min(1).max(256) });
/** A quick connect endpoint as seed 002 passes it: { id, endpointARN, type, name } — id or ARN suffices. */
const Endpoint = z.object({
  id: z.string().optional(),
  endpointARN: z.string().optional(),
  type: z.enum(['agent', 'queue', 'phone_number']).optional(),
  name: z.string().optional(),
  /** Endpoint.byPhoneNumber(number): a number dialled on the number pad (calls only). */
  phoneNumber: z.string().max(32).optional(),
}).refine((e) => e.id !== undefined || e.endpointARN !== undefined || e.phoneNumber !== undefined, 'the endpoint needs an id, an endpointARN or a phoneNumber');
const Requests = {
  getAgentSnapshot: z.object({}),
  putAgentState: z.object({ state: z.object({ agentStateARN: z.string().optional(), name: z.string().optional() }), enqueueNextState: z.boolean().optional() }),
  /** Real-time metrics of the queues in the agent's routing profile, by queue and channel. */
  getQueueMetrics: z.object({}),
  acceptContact: ContactParams,
  rejectContact: ContactParams,
  clearContact: ContactParams,
  /**
   * Streams' connection.destroy(): on the agent's own connection (or none given) the agent leaves; on
   * another participant's connection, the agent disconnects them.
   */
  destroyConnection: ContactParams.extend({ connectionId: z.string().optional() }),
  /** The quick connects this agent may use (seed 002's endpoint shape). */
  getQuickConnects: z.object({}),
  /** contact.addParticipant(endpoint): invite through a quick connect (by id or endpointARN). */
  addNewConnection: ContactParams.extend({ endpoint: Endpoint }),
  /** contact.transfer(endpoint). */
  transferContact: ContactParams.extend({ endpoint: Endpoint }),
  sendMessage: ContactParams.extend({ contentType: z.string().min(1).max(255), content: z.string() }),
  sendEvent: ContactParams.extend({ contentType: z.string().min(1).max(255), content: z.string().max(1024).optional() }),
  getTranscript: ContactParams.extend({
    maxResults: z.number().int().min(0).max(100).optional(),
    scanDirection: z.enum(['FORWARD', 'BACKWARD']).optional(),
    sortOrder: z.enum(['ASCENDING', 'DESCENDING']).optional(),
    nextToken: z.string().max(1000).optional(),
  }),
  /**
   * Streams' createTransport with transportType "chat_token" (what ChatConnection.getConnectionToken
   * asks for): a Participant Service connection token for the agent's own participant in a chat, so the
   * CCP calls the Participant Service itself (attachments) as agent chatjs sessions do.
   */
  createTransport: ContactParams.extend({ transportType: z.literal('chat_token'), participantId: z.string().max(256).optional() }),
} as const;

export type AgentMethod = keyof typeof Requests;

interface Caller {
  instance: Instance;
  user: User;
}

export async function handleAgentRequest(services: Services, caller: Caller, method: string, params: unknown): Promise<unknown> {
  // Security profiles (issue 18): the CCP needs Basic agent access; a profile changed while the agent is logged in applies at once.
  if (!userMay(caller.instance, caller.user.id, PERMISSION.basicAgentAccess)) throw errors.accessDenied(`your security profiles do not grant ${PERMISSION.basicAgentAccess}`);
  if (isVoiceMethod(method)) {
    const parsed = VoiceRequests[method].safeParse(params ?? {});
    if (!parsed.success) throw fromZod('connect', parsed.error);
    return handleVoiceRequest(services, caller.instance, caller.user, method, parsed.data as Record<string, unknown>);
  }
  if (!Object.hasOwn(Requests, method)) throw errors.validation('connect', `unknown method ${method}`);
  const schema = Requests[method as AgentMethod];
  const parsed = schema.safeParse(params ?? {});
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const p = parsed.data as Record<string, unknown>;
  const { instance, user } = caller;
  const base = { instanceId: instance.id, userId: user.id };
  const submit = async (command: Parameters<Services['pipeline']['submit']>[0]) => {
    const outcome = await services.pipeline.submit(command);
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
    return {};
  };
  switch (method as AgentMethod) {
    case 'getAgentSnapshot':
      await services.pipeline.settled();
      return agentSnapshot(instance, user, services.pipeline.now());
    case 'putAgentState': {
      const wanted = p.state as { agentStateARN?: string; name?: string };
      const status = [...instance.agentStatuses.values()].find((s) => s.arn === wanted.agentStateARN || (wanted.agentStateARN === undefined && s.name === wanted.name));
      if (!status) throw errors.notFound('no such agent state', 'AgentStatus', wanted.agentStateARN ?? wanted.name);
      return submit({ type: 'SetAgentStatus', ...base, statusId: status.id, ...(p.enqueueNextState ? { enqueueNextState: true } : {}) });
    }
    case 'getQueueMetrics': {
      await services.pipeline.settled();
      const profile = instance.routingProfiles.get(user.routingProfileId)!;
      const queueIds = [...new Set(profile.queues.map((q) => q.queueId))];
      const channels = [...new Set(profile.queues.map((q) => q.channel))];
      const rows = currentMetrics(instance, { queueIds, channels, groupings: ['QUEUE'], metrics: ['CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE', 'AGENTS_AVAILABLE', 'AGENTS_ON_CONTACT', 'SLOTS_AVAILABLE'] }, services.pipeline.now());
      return { queues: rows.map((r) => ({ queueId: r.queueId!, name: instance.queues.get(r.queueId!)!.name, ...r.values })) };
    }
    case 'acceptContact':
      return submit({ type: 'AcceptContact', ...base, contactId: p.contactId as string });
    case 'rejectContact':
      return submit({ type: 'RejectContact', ...base, contactId: p.contactId as string });
    case 'clearContact':
      return submit({ type: 'ClearContact', ...base, contactId: p.contactId as string });
    case 'destroyConnection': {
      // An archived (finished) call is still a call: its refusal is the call's, as when it was in memory.
      const channel = instance.contacts.get(p.contactId as string)?.channel ?? (await services.pipeline.archive.read(instance.id, p.contactId as string))?.channel;
      if (channel === 'VOICE') {
        // On a call: leave (own connection or none given) or disconnect another party, as seed 000's rules allow.
        return submit({ type: 'ControlCall', ...base, contactId: p.contactId as string, op: 'disconnect', ...(p.connectionId ? { connectionId: p.connectionId as string } : {}) });
      }
      // A task: the agent on it completes it ("End task").
      if (channel === 'TASK') return submit({ type: 'CompleteTask', ...base, contactId: p.contactId as string });
      const { contact, participant } = ownParticipant(instance, user, p.contactId as string);
      const target = (p.connectionId as string | undefined) ?? participant.id;
      // A party still connecting is a pending invitation: disconnecting it takes the invitation back.
      if (target.startsWith('invitation-')) {
        return submit({ type: 'CancelInvitation', ...base, contactId: contact.id, invitationId: target.slice('invitation-'.length) });
      }
      if (target === participant.id) return submit({ type: 'DisconnectParticipant', instanceId: instance.id, contactId: contact.id, participantId: participant.id });
      if (!contact.participants.has(target)) throw errors.notFound(`connection ${target} is not in contact ${contact.id}`, 'Connection', target);
      return submit({ type: 'DisconnectParticipant', instanceId: instance.id, contactId: contact.id, participantId: target, byUserId: user.id });
    }
    case 'getQuickConnects':
      // Quick connects - View (TransferDestinations.View): without it the agent sees none, and may use none (engine: admin/agentPermissions.ts).
      if (!userMay(instance, user.id, PERMISSION.quickConnectsView)) throw errors.accessDenied(`your security profiles do not grant ${PERMISSION.quickConnectsView}`);
      return { endpoints: quickConnectsFor(instance, user).map(endpointOf) };
    case 'addNewConnection':
    case 'transferContact': {
      const endpoint = p.endpoint as { id?: string; endpointARN?: string; phoneNumber?: string };
      const type = method === 'addNewConnection' ? 'AddParticipant' : 'TransferContact';
      if (endpoint.id === undefined && endpoint.endpointARN === undefined) {
        return submit({ type, ...base, contactId: p.contactId as string, phoneNumber: endpoint.phoneNumber! });
      }
      return submit({ type, ...base, contactId: p.contactId as string, quickConnectId: quickConnectOf(instance, endpoint) });
    }
    case 'sendMessage': {
      const { contact, participant } = ownParticipant(instance, user, p.contactId as string);
      const messageId = randomUUID();
      await submit({ type: 'SendMessage', instanceId: instance.id, contactId: contact.id, participantId: participant.id, messageId, contentType: p.contentType as string, content: p.content as string });
      return { Id: messageId, AbsoluteTime: new Date(contact.lastUpdatedAt).toISOString() };
    }
    case 'sendEvent': {
      const { contact, participant } = ownParticipant(instance, user, p.contactId as string);
      if (!isSendableEvent(p.contentType as string)) throw errors.validation('connect', `ContentType ${String(p.contentType)} is not an event a participant can send`);
      if (participant.state !== 'connected') throw errors.accessDenied('you are no longer in this chat');
      return sendChatEvent(services, contact, participant, p.contentType as string, p.content as string | undefined);
    }
    case 'getTranscript': {
      const { contact, participant } = ownParticipant(instance, user, p.contactId as string);
      await services.pipeline.settled();
      // What this agent sees: not the customer whisper's messages; the agent whisper's carry VisibleTo (the CCP marks them).
      const page = transcriptPage(transcriptFor(contact.transcript, participant.id), {
        ...(p.maxResults !== undefined ? { maxResults: p.maxResults as number } : { maxResults: 100 }),
        scanDirection: (p.scanDirection as 'FORWARD' | 'BACKWARD' | undefined) ?? 'FORWARD',
        ...(p.sortOrder ? { sortOrder: p.sortOrder as 'ASCENDING' | 'DESCENDING' } : {}),
        ...(p.nextToken ? { nextToken: p.nextToken as string } : {}),
      });
      if (isRejection(page)) throw fromRejection('connect', page);
      const initial = contact.initialContactId ?? contact.id;
      return { InitialContactId: initial, Transcript: page.items.map((i) => agentChatItemView(i, contact)), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
    }
    case 'createTransport': {
      const { contact, participant } = ownParticipant(instance, user, p.contactId as string);
      if (p.participantId !== undefined && p.participantId !== participant.id) throw errors.accessDenied('a chat token is only for your own participant');
      // Every Participant Service operation still checks the participant against the chat (sending needs them in it).
      const expires = services.pipeline.now() + CONNECTION_TOKEN_TTL_MS;
      const token = issueToken(instance.tokenKey, { kind: 'connection', instanceId: instance.id, contactId: contact.id, participantId: participant.id, expires });
      return { chatTokenTransport: { participantToken: token, expiry: new Date(expires).toISOString() } };
    }
  }
}

/**
 * The quick connect an endpoint names: by id, or by its full ARN — an ARN must be exactly one of this
 * instance's quick connects (not another instance's, not a queue's).
 */
function quickConnectOf(instance: Instance, endpoint: { id?: string; endpointARN?: string }): string {
  if (endpoint.endpointARN !== undefined) {
    const match = [...instance.quickConnects.values()].find((q) => q.arn === endpoint.endpointARN);
    if (!match || (endpoint.id !== undefined && endpoint.id !== match.id)) {
      throw errors.notFound(`${endpoint.endpointARN} is not a quick connect of this instance`, 'QuickConnect', endpoint.endpointARN);
    }
    return match.id;
  }
  return endpoint.id!;
}

/** Seed 002's endpoint shape for a quick connect. */
function endpointOf(q: QuickConnect): { id: string; endpointARN: string; type: 'agent' | 'queue' | 'phone_number'; name: string } {
  return { id: q.id, endpointARN: q.arn, type: q.type === 'USER' ? 'agent' : q.type === 'QUEUE' ? 'queue' : 'phone_number', name: q.name };
}

/**
 * An agent acts on a chat only through their own participant: one they got by accepting it. An agent
 * who was never in the chat cannot read or write it.
 */
function ownParticipant(instance: Instance, user: User, contactId: string): { contact: Contact; participant: Participant } {
  const participantId = user.contacts.get(contactId)?.participantId;
  const contact = instance.contacts.get(contactId);
  const participant = participantId ? contact?.participants.get(participantId) : undefined;
  if (!contact || !participant) throw new ApiError(403, 'AccessDeniedException', `you are not in contact ${contactId}`);
  return { contact, participant };
}
