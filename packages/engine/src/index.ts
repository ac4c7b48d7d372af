export * from './model/instance.ts';
export * from './model/user.ts';
export * from './model/contact.ts';
export * from './state.ts';
export * from './commands.ts';
export * from './events.ts';
export * from './rejection.ts';
export * from './decision.ts';
export * from './ids.ts';
export * from './arn.ts';
export { decide } from './decide.ts';
export { evolve } from './evolve.ts';
export { execute, replay } from './execute.ts';
export { deadlinesOf, pendingDeadlines, type Deadline } from './deadlines.ts';
export { OFFER_TIMEOUT_MS } from './routing/offer.ts';
export { slotsInUse, hasMissedContact, canTakeContact, isOfferable, hasCapacity } from './routing/route.ts';
export { AWAY_GRACE_MS, AGENT_LOST_MESSAGE } from './agent/presence.ts';
export { isOpen, queueAdmission, contactsInQueue, isTimeZone } from './queue/hours.ts';
export { MESSAGE_CONTENT_TYPES, MAX_MESSAGE_BYTES, checkMessageContent, utf8Length } from './chat/message.ts';
export { CHAT_DURATION_MINUTES } from './chat/start.ts';
export { EVENT, SYSTEM_DISPLAY_NAME } from './chat/items.ts';
export { INSTANCE_ATTRIBUTE_TYPES } from './admin/setup.ts';
export { CONCURRENCY_RANGE } from './admin/routingProfile.ts';
export { validateFlow } from './flow/validate.ts';
export { runFlow, type FlowEffect } from './flow/interpreter.ts';
export * from './views/agentSnapshot.ts';
export * from './views/transcript.ts';
export { contactRecord } from './views/contactRecord.ts';
export { agentsAffectedBy, agentsOn, agentsInChat } from './views/affected.ts';
export { isRejection, findInstance, findContact, findUser } from './lookup.ts';
export * from './views/chatItem.ts';
export * from './views/metrics/current.ts';
export * from './views/metrics/historical.ts';
export { MAX_CHAT_PARTICIPANTS, isMultiPartyChat, multiPartyChatEnabled, quickConnectsFor } from './chat/multiparty.ts';
export {
  ATTACHMENT_CONTENT_TYPES, MAX_ATTACHMENT_BYTES, ATTACHMENT_NAME_MAX, mediaType, attachmentsEnabled, checkAttachment,
  attachmentToUpload, attachmentToDownload, approvedAttachment, unfinishedUploads,
} from './chat/attachments.ts';
export { STORAGE_RESOURCE_TYPES } from './admin/storage.ts';
