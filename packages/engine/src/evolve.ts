import { applyCallRecording } from './voice/recording.ts';
import type { Event } from './events.ts';
import type { Instance, State } from './state.ts';
import type { Contact, OfferRecord } from './model/contact.ts';
import type { AgentContact, User } from './model/user.ts';
import type { Channel } from './model/instance.ts';
import { instanceArn } from './arn.ts';
import { applySetup, isSetupEvent } from './admin/evolveSetup.ts';
import { applyAdminEvent } from './admin/evolveAdmin.ts';
import { cloneJson } from './flow/run.ts';
import { isCallEvent } from './voice/applyToCall.ts';
import { applyCallEvent, blankContact, voiceAccepted } from './voice/evolveVoice.ts';
import { recordEndedSession } from './agent/session.ts';
import { applyReceipt } from './chat/receipts.ts';
import { emptyOfferIndex, offerIndexWatch, updateOfferIndex } from './routing/offerIndex.ts';

/**
 * Applies one event to the state, in place, and returns the state. Events are facts: evolve never
 * refuses one. Only evolve changes state, so replaying the stored events rebuilds it exactly.
 */
export function evolve(state: State, event: Event): State {
  if (event.type === 'InstanceCreated') {
    state.instances.set(event.instanceId, {
      id: event.instanceId,
      arn: instanceArn(event.region, event.accountId, event.instanceId),
      alias: event.alias,
      region: event.region,
      accountId: event.accountId,
      createdAt: event.at,
      attributes: {},
      tokenKey: event.tokenKey,
      accessKeys: new Map(),
      queues: new Map(),
      hoursOfOperations: new Map(),
      quickConnects: new Map(),
      routingProfiles: new Map(),
      agentStatuses: new Map(),
      users: new Map(),
      flows: new Map(),
      widgets: new Map(),
      storageConfigs: new Map(),
      flowModules: new Map(),
      prompts: new Map(),
      contacts: new Map(),
      queued: new Set(),
      inviting: new Set(),
      endedSessions: new Map(),
      offerIndex: emptyOfferIndex(),
    });
    return state;
  }
  // --- Connect admin API: a deleted instance leaves the state whole ---
  if (event.type === 'InstanceDeleted') {
    state.instances.delete(event.instanceId);
    return state;
  }
  const instance = state.instances.get(event.instanceId);
  if (!instance) throw new Error(`event ${event.type} for unknown instance ${event.instanceId}`);
  const watched = offerIndexWatch(instance, event);
  applyToInstance(instance, event);
  updateOfferIndex(instance, event, watched);
  return state;
}

function applyToInstance(instance: Instance, event: Exclude<Event, { type: 'InstanceCreated' }>): void {
  if (isSetupEvent(event)) {
    applySetup(instance, event);
    return;
  }
  if (isCallEvent(event)) {
    applyCallEvent(instance, event);
    return;
  }
  if (applyAdminEvent(instance, event)) return;
  switch (event.type) {
    case 'AgentStatusChanged': {
      const user = mustUser(instance, event.userId);
      user.statusId = event.statusId;
      user.statusSince = event.at;
      // Becoming routable starts the agent's idle time afresh on every channel.
      user.idleSince = {};
      return;
    }
    case 'NextAgentStatusSet': {
      const user = mustUser(instance, event.userId);
      if (event.statusId === null) delete user.nextStatusId;
      else user.nextStatusId = event.statusId;
      return;
    }
    case 'AgentPresenceChanged': {
      const user = mustUser(instance, event.userId);
      user.presence = event.presence;
      if (event.presence === 'away' && event.awayDeadline !== undefined) user.awayDeadline = event.awayDeadline;
      else delete user.awayDeadline;
      return;
    }
    case 'AgentSessionEnded':
      recordEndedSession(instance, event);
      return;
    case 'ContactInitiated': {
      const contact = blankContact(instance, event.contactId, {
        channel: event.channel, initiationMethod: event.initiationMethod, flowId: event.flowId, attributes: event.attributes, customerDisplayName: event.customerDisplayName,
      }, event.at);
      if (event.relatedContactId !== undefined) contact.relatedContactId = event.relatedContactId;
      if (event.expiresAt !== undefined) contact.expiresAt = event.expiresAt;
      if (event.media) contact.media = true;
      if (event.systemAddress !== undefined) contact.systemAddress = event.systemAddress;
      if (event.task) contact.task = cloneJson(event.task);
      if (event.previousContactId !== undefined) contact.previousContactId = event.previousContactId;
      instance.contacts.set(contact.id, contact);
      return;
    }
    case 'ParticipantJoined': {
      const contact = touch(instance, event.contactId, event.at);
      contact.participants.set(event.participant.id, { ...event.participant });
      contact.transcript.push(event.item);
      return;
    }
    case 'ParticipantLeft': {
      const contact = touch(instance, event.contactId, event.at);
      const participant = contact.participants.get(event.participantId);
      if (participant) {
        participant.state = 'disconnected';
        participant.leftAt = event.at;
        if (participant.userId) endAgentContact(instance, contact, participant.userId, event.at);
      }
      contact.transcript.push(event.item);
      return;
    }
    case 'MessageSent':
      touch(instance, event.contactId, event.at).transcript.push(event.item);
      return;
    case 'MessageReceiptRecorded': {
      // A receipt is about a message, not a change to the contact: its LastUpdateTimestamp stays.
      const contact = instance.contacts.get(event.contactId);
      if (!contact) throw new Error(`event for unknown contact ${event.contactId}`);
      applyReceipt(contact, event);
      return;
    }
    case 'ContactAttributesUpdated':
      Object.assign(touch(instance, event.contactId, event.at).attributes, event.attributes);
      return;
    case 'ContactTargetQueueSet':
      touch(instance, event.contactId, event.at).targetQueueId = event.queueId;
      return;
    case 'ContactQueued': {
      const contact = touch(instance, event.contactId, event.at);
      contact.status = 'queued';
      contact.queueId = event.queueId;
      contact.enqueuedAt = event.enqueueAt ?? event.at;
      instance.queued.add(contact.id);
      return;
    }
    case 'ContactRequeued': {
      const contact = touch(instance, event.contactId, event.at);
      contact.status = 'queued';
      instance.queued.add(contact.id);
      contact.transcript.push(event.item);
      return;
    }
    case 'ParticipantInvited': {
      const contact = touch(instance, event.contactId, event.at);
      contact.invitations.push({ ...event.invitation, target: { ...event.invitation.target } });
      instance.inviting.add(contact.id);
      contact.transcript.push(event.item);
      return;
    }
    case 'InvitationEnded': {
      const contact = touch(instance, event.contactId, event.at);
      const invitation = contact.invitations.find((i) => i.id === event.invitationId);
      if (invitation && invitation.status === 'pending') {
        invitation.status = event.status;
        invitation.endedAt = event.at;
      }
      if (!contact.invitations.some((i) => i.status === 'pending')) instance.inviting.delete(contact.id);
      return;
    }
    case 'ContactTransferred': {
      const contact = touch(instance, event.contactId, event.at);
      contact.status = 'queued';
      contact.queueId = event.queueId;
      contact.enqueuedAt = event.at;
      contact.transfer = { ...event.transfer };
      instance.queued.add(contact.id);
      contact.transcript.push(event.item);
      return;
    }
    case 'OfferWithdrawn': {
      const contact = touch(instance, event.contactId, event.at);
      if (contact.offer?.userId === event.userId) delete contact.offer;
      closeOffer(contact, event.userId, 'withdrawn', event.at);
      const user = mustUser(instance, event.userId);
      if (user.contacts.get(contact.id)?.state === 'incoming') {
        release(user, contact.id);
        markIdle(user, contact.channel, event.at);
      }
      return;
    }
    case 'TransferTargetDeclined': {
      const contact = touch(instance, event.contactId, event.at);
      if (contact.transfer?.userId === event.userId) delete contact.transfer.userId;
      return;
    }
    case 'ContactOffered': {
      const contact = touch(instance, event.contactId, event.at);
      contact.offer = { userId: event.userId, deadline: event.deadline, ...(event.invitationId ? { invitationId: event.invitationId } : {}) };
      contact.offers.push({ userId: event.userId, at: event.at });
      const offeredTo = mustUser(instance, event.userId);
      // Taking a contact moves the agent to the back of the longest-idle order for that channel.
      markIdle(offeredTo, contact.channel, event.at);
      hold(offeredTo, {
        contactId: contact.id, channel: contact.channel, state: 'incoming', since: event.at, offerDeadline: event.deadline, offeredAt: event.at,
      });
      return;
    }
    case 'OfferRejected': {
      const contact = touch(instance, event.contactId, event.at);
      delete contact.offer;
      closeOffer(contact, event.userId, 'rejected', event.at);
      const user = mustUser(instance, event.userId);
      release(user, contact.id);
      markIdle(user, contact.channel, event.at);
      return;
    }
    case 'OfferMissed': {
      const contact = touch(instance, event.contactId, event.at);
      delete contact.offer;
      closeOffer(contact, event.userId, 'missed', event.at);
      const missedBy = mustUser(instance, event.userId);
      const agentContact = missedBy.contacts.get(contact.id);
      if (agentContact) {
        if (agentContact.state !== 'missed') missedBy.missed++;
        agentContact.state = 'missed';
        agentContact.since = event.at;
        delete agentContact.offerDeadline;
      }
      return;
    }
    case 'ContactAccepted': {
      const contact = touch(instance, event.contactId, event.at);
      delete contact.offer;
      closeOffer(contact, event.userId, 'accepted', event.at);
      const invitation = event.invitationId ? contact.invitations.find((i) => i.id === event.invitationId) : undefined;
      if (invitation) {
        invitation.status = 'accepted';
        invitation.endedAt = event.at;
        if (!contact.invitations.some((i) => i.status === 'pending')) instance.inviting.delete(contact.id);
        contact.legs.push({
          userId: event.userId, participantId: event.participant.id, connectedAt: event.at, via: 'added',
          by: invitation.invitedBy, quickConnectId: invitation.quickConnectId, quickConnectName: invitation.quickConnectName,
        });
      } else if (contact.transfer) {
        const t = contact.transfer;
        contact.legs.push({
          userId: event.userId, participantId: event.participant.id, connectedAt: event.at, via: 'transfer',
          by: t.transferredBy, quickConnectId: t.quickConnectId, quickConnectName: t.quickConnectName,
        });
        delete contact.transfer;
      } else {
        contact.legs.push({ userId: event.userId, participantId: event.participant.id, connectedAt: event.at, via: 'queue' });
      }
      instance.queued.delete(contact.id);
      // An agent took the contact: its customer queue flow stops.
      if (contact.flowRun?.flowType === 'CUSTOMER_QUEUE') delete contact.flowRun;
      contact.status = 'connected';
      contact.connectedToAgentAt ??= event.at;
      contact.primaryUserId ??= event.userId;
      contact.participants.set(event.participant.id, { ...event.participant });
      if (event.item) contact.transcript.push(event.item);
      if (contact.channel === 'VOICE') voiceAccepted(instance, contact, event.participant.id, event.userId, event.at);
      const agentContact = mustUser(instance, event.userId).contacts.get(contact.id);
      if (agentContact) {
        agentContact.state = 'connected';
        agentContact.since = event.at;
        agentContact.participantId = event.participant.id;
        delete agentContact.offerDeadline;
      }
      return;
    }
    case 'ContactEnded': {
      const contact = touch(instance, event.contactId, event.at);
      contact.status = 'ended';
      instance.queued.delete(contact.id);
      instance.inviting.delete(contact.id);
      delete contact.transfer;
      for (const invitation of contact.invitations) {
        if (invitation.status === 'pending') {
          invitation.status = 'cancelled';
          invitation.endedAt = event.at;
        }
      }
      contact.disconnectedAt = event.at;
      contact.disconnectReason = event.reason;
      delete contact.flowRun;
      if (contact.offer) {
        // An offer out when the contact ends is withdrawn: it never reached the agent.
        const user = mustUser(instance, contact.offer.userId);
        release(user, contact.id);
        markIdle(user, contact.channel, event.at);
        closeOffer(contact, user.id, 'withdrawn', event.at);
        delete contact.offer;
      }
      for (const participant of contact.participants.values()) {
        if (participant.state === 'connected') {
          participant.state = 'disconnected';
          participant.leftAt = event.at;
          if (participant.userId) endAgentContact(instance, contact, participant.userId, event.at);
        }
      }
      if (event.item) contact.transcript.push(event.item);
      return;
    }
    case 'AttachmentUploadStarted':
      touch(instance, event.contactId, event.at).attachments.set(event.attachment.id, { ...event.attachment });
      return;
    case 'AttachmentUploadCompleted': {
      const contact = touch(instance, event.contactId, event.at);
      const attachment = contact.attachments.get(event.attachmentId);
      if (attachment) {
        attachment.status = 'approved';
        attachment.completedAt = event.at;
        attachment.itemId = event.item.id;
      }
      contact.transcript.push(event.item);
      return;
    }
    case 'CallRecordingFinished': {
      const contact = touch(instance, event.contactId, event.at);
      contact.recordings = applyCallRecording(contact.recordings, event);
      return;
    }
    // --- flow moments on calls (flow-moments) ---
    case 'CallAgentLeft': {
      const contact = touch(instance, event.contactId, event.at);
      const participant = contact.participants.get(event.participantId);
      if (participant && participant.state === 'connected') {
        participant.state = 'disconnected';
        participant.leftAt = event.at;
      }
      endAgentContact(instance, contact, event.userId, event.at);
      return;
    }
    // --- flows (flow/run.ts) ---
    case 'FlowAdvanced': {
      // A flow stepping is not an update of the contact (LastUpdateTimestamp); what it sets on the contact is.
      const contact = event.settings ? touch(instance, event.contactId, event.at) : instance.contacts.get(event.contactId);
      if (!contact) throw new Error(`event for unknown contact ${event.contactId}`);
      if (event.run) contact.flowRun = cloneJson(event.run);
      else delete contact.flowRun;
      if (event.log && event.log.length > 0) (contact.flowLog ??= []).push(...cloneJson(event.log));
      if (event.settings) applyFlowSettings(contact, event.settings);
      return;
    }
    case 'AgentContactCleared': {
      const user = mustUser(instance, event.userId);
      const agentContact = user.contacts.get(event.contactId);
      if (agentContact) {
        release(user, event.contactId);
        markIdle(user, agentContact.channel, event.at);
        const contact = instance.contacts.get(event.contactId);
        const leg = contact?.legs.findLast((l) => l.userId === user.id);
        if (leg && leg.leftAt !== undefined && leg.acwEndAt === undefined) leg.acwEndAt = event.at;
      }
      return;
    }
  }
}

/** What a flow set on the contact: hooks and tags add up, the rest replaces. */
function applyFlowSettings(contact: Contact, settings: NonNullable<Contact['flowSettings']>): void {
  const current = (contact.flowSettings ??= {});
  for (const [key, value] of Object.entries(cloneJson(settings))) {
    if (key === 'eventHooks' || key === 'tags') (current as Record<string, unknown>)[key] = { ...((current as Record<string, Record<string, string>>)[key] ?? {}), ...(value as Record<string, string>) };
    else (current as Record<string, unknown>)[key] = value;
  }
}

/** An agent whose participant leaves a contact goes into after contact work for it. */
function endAgentContact(instance: Instance, contact: Contact, userId: string, at: number): void {
  const agentContact = instance.users.get(userId)?.contacts.get(contact.id);
  if (agentContact && agentContact.state === 'connected') {
    agentContact.state = 'ended';
    agentContact.since = at;
  }
  const leg = contact.legs.findLast((l) => l.userId === userId && l.leftAt === undefined);
  if (leg) leg.leftAt = at;
}

/** The agent takes a contact (it holds one slot of its channel until released). */
export function hold(user: User, agentContact: AgentContact): void {
  release(user, agentContact.contactId);
  user.contacts.set(agentContact.contactId, agentContact);
  user.held[agentContact.channel] = (user.held[agentContact.channel] ?? 0) + 1;
  if (agentContact.state === 'missed') user.missed++;
}

/** The agent's contact goes (rejected, withdrawn, cleared): its slot is free again. */
function release(user: User, contactId: string): void {
  const agentContact = user.contacts.get(contactId);
  if (!agentContact) return;
  user.contacts.delete(contactId);
  user.held[agentContact.channel] = (user.held[agentContact.channel] ?? 1) - 1;
  if (agentContact.state === 'missed') user.missed--;
}

function closeOffer(contact: Contact, userId: string, outcome: NonNullable<OfferRecord['outcome']>, at: number): void {
  const record = contact.offers.findLast((o) => o.userId === userId && o.outcome === undefined);
  if (record) {
    record.outcome = outcome;
    record.endedAt = at;
  }
}

function markIdle(user: User, channel: Channel, at: number): void {
  user.idleSince[channel] = at;
}

function touch(instance: Instance, contactId: string, at: number): Contact {
  const contact = instance.contacts.get(contactId);
  if (!contact) throw new Error(`event for unknown contact ${contactId}`);
  contact.lastUpdatedAt = at;
  return contact;
}

function mustUser(instance: Instance, userId: string): User {
  const user = instance.users.get(userId);
  if (!user) throw new Error(`event for unknown user ${userId}`);
  return user;
}
