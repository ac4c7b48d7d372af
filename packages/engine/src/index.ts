export * from './model/instance.ts';
export * from './model/user.ts';
export * from './model/contact.ts';
export * from './model/call.ts';
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
export { isAgentSessionEnded } from './agent/session.ts';
export { isOpen, queueAdmission, contactsInQueue } from './queue/hours.ts';
export { isTimeZone } from './time/zone.ts';
export { MESSAGE_CONTENT_TYPES, MAX_MESSAGE_BYTES, checkMessageContent, utf8Length } from './chat/message.ts';
export { CHAT_DURATION_MINUTES } from './chat/start.ts';
export { EVENT, SYSTEM_DISPLAY_NAME, transcriptFor, seenBy } from './chat/items.ts';
export { INSTANCE_ATTRIBUTE_TYPES } from './admin/setup.ts';
export { CONCURRENCY_RANGE } from './admin/routingProfile.ts';
export { validateFlow } from './flow/validate.ts';
export {
  checkFlow, parseFlowContent, actionAllowedIn, CONTACT_FLOW_TYPES, FLOW_MODULE, KNOWN_ACTIONS, MAX_FLOW_ACTIONS, MAX_FLOW_CONTENT_CHARS,
  type FlowCheck,
} from './flow/validate.ts';
export * from './admin/flowCommands.ts';
export * from './admin/users.ts';
export * from './admin/agentStatuses.ts';
export * from './admin/queuesAdmin.ts';
export * from './admin/routingProfilesAdmin.ts';
export * from './admin/hoursAdmin.ts';
export { flowUsers, MAX_TEXT_PROMPT_CHARS } from './admin/flows.ts';
export { runFlow, type FlowEffect } from './flow/interpreter.ts';
export * from './views/agentSnapshot.ts';
export * from './views/transcript.ts';
export { contactRecord } from './views/contactRecord.ts';
export { agentsAffectedBy, agentsOn, agentsInChat, agentsOnCall, contactsChangedBy } from './views/affected.ts';
export { agentDelta, applyAgentDelta, type AgentDelta } from './views/agentDelta.ts';
export { isRejection, findInstance, findContact, findUser } from './lookup.ts';
export * from './views/chatItem.ts';
export * from './views/metrics/current.ts';
export * from './views/metrics/historical.ts';
export { intervalBounds } from './views/metrics/intervals.ts';
export { MAX_CHAT_PARTICIPANTS, isMultiPartyChat, multiPartyChatEnabled, quickConnectsFor } from './chat/multiparty.ts';
export {
  ATTACHMENT_CONTENT_TYPES, MAX_ATTACHMENT_BYTES, ATTACHMENT_NAME_MAX, LONE_SURROGATE, mediaType, attachmentsEnabled, checkAttachment,
  attachmentToUpload, attachmentToDownload, approvedAttachment, unfinishedUploads,
} from './chat/attachments.ts';
export { STORAGE_RESOURCE_TYPES } from './admin/storage.ts';
export { MAX_THREE_PARTY_CALL, MAX_MULTI_PARTY_CALL, callModeOf, callOf, presentParties, callShouldEnd } from './voice/call.ts';
export { hears, hearingMatrix } from './voice/hearing.ts';
export { mediaPlan, holdMusicId, ringbackId, queueMusicId } from './voice/mediaPlan.ts';
export type { MediaPlan, PlannedAudio, PlannedPlayback, PlannedCollection, FlowMedia } from './voice/mediaPlan.ts';
export { INTERNAL_TRANSFER } from './voice/view.ts';
export { DTMF } from './voice/control.ts';
export { E164 } from './voice/start.ts';
export { isFinishedContact, finishedContacts, allFinishedContacts, chainHeadId, chainIds, chainOf, forgetContact, reviveContact, unchangedBy, contactsNamedBy } from './archive/finished.ts';
export { serializeContact, deserializeContact, CONTACT_CODEC_VERSION } from './archive/contactCodec.ts';
export { archiveRecord, type ArchivedContact } from './archive/record.ts';
// --- flows (flow/) ---
export { SUPPORTED_ACTIONS, VOICE_ONLY_ACTIONS, HOOK_FLOW_TYPES, MAX_FLOW_STEPS, advance, newRun, interpolate, matches, contactData, type FlowWorld, type FlowContactView, type FlowResume, type RunnableFlow } from './flow/interpreter.ts';
export type { FlowRun, FlowWait, FlowLogEntry, FlowFrame, ContactFlowSettings } from './flow/run.ts';
export { flowMedia, recordingOn } from './flow/media.ts';
export { DEFAULT_FLOWS, defaultFlow, defaultFlowOfType } from './flow/defaults.ts';
export { INSTANCE_FLOWS, SAMPLE_INBOUND_FLOW } from './flow/defaults.ts';
export { instanceDefaultFlow } from './flow/effects.ts';
export { findFlow, queueMetric, checkInboundFlowType, endsContact } from './flow/effects.ts';
export { inputPromptId, iteratePlaybackId } from './flow/resume.ts';
export { TASK_LIMITS, TASK_REFERENCE_TYPES, checkTaskFields } from './task/start.ts';
export { PERMISSION, ALL_PERMISSIONS, DEFAULT_SECURITY_PROFILES, AGENT_SECURITY_PROFILE_ID, ADMIN_SECURITY_PROFILE_ID, permissionsOf, securityProfileOf, userMay, type Permission, type SecurityProfile } from './admin/permissions.ts';
// --- Connect admin API: instances, approved origins, phone numbers, tags ---
export * from './admin/instancesAdmin.ts';
export * from './admin/lambdaFunctions.ts';
export * from './admin/phoneNumbers.ts';
export * from './admin/tags.ts';
// --- security profiles, agent permissions, quick connect/queue/routing profile changes (issue 18, admin-security) ---
export * from './admin/securityProfilesAdmin.ts';
export * from './admin/resourceAdmin.ts';
export { agentPermissionRefusal, permissionNeeded } from './admin/agentPermissions.ts';
export { currentUserData, usersMatching, agentContactState, AGENT_CONTACT_STATES, type UserDataFilter } from './views/currentUserData.ts';
export { matchesSearch, searchOrder, contactSearchSummary, contactAgents, contactTime, SEARCH_TIME_TYPES, SEARCH_SORT_FIELDS, type ContactSearchQuery, type SearchTimeType, type SearchSortField } from './views/contactSearch.ts';
// --- flow moments on calls (flow-moments) ---
export { callFlowMedia } from './flow/media.ts';
export { TRANSFER_FLOW_TYPES } from './flow/callEffects.ts';
