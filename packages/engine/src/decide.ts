import { decideRecordCallRecording } from './voice/recording.ts';
import type { Command } from './commands.ts';
import type { IdSource } from './ids.ts';
import type { State } from './state.ts';
import type { Decision } from './decision.ts';
import { decideSetup } from './admin/setup.ts';
import { decideSetAgentStatus } from './agent/status.ts';
import { decideEndAgentSession } from './agent/session.ts';
import { decideAgentConnected, decideAgentDisconnected, decideExpireAgentAway } from './agent/presence.ts';
import { decideAccept, decideClear, decideExpireOffer, decideReject } from './routing/offer.ts';
import { decideStartChat } from './chat/start.ts';
import { decideSendMessage } from './chat/message.ts';
import { decideRecordReceipt } from './chat/receipts.ts';
import { decideAddParticipant, decideCancelInvitation, decideTransfer } from './chat/multiparty.ts';
import { decideAddBot, decideUpdateAttributes } from './chat/participant.ts';
import { decideDisconnectParticipant, decideExpireChat, decideStopContact } from './chat/disconnect.ts';
import { decideAssociateStorageConfig, decideDisassociateStorageConfig } from './admin/storage.ts';
import { decideFlowAdmin } from './admin/flows.ts';
import { decideCompleteAttachmentUpload, decideStartAttachmentUpload } from './chat/attachments.ts';
import { decideStartOutboundCall, decideStartOutboundVoiceContact, decideStartVoice } from './voice/start.ts';
import { decidePhoneAction } from './voice/phone.ts';
import { decideControlCall } from './voice/control.ts';
import { decideAddCallParty, decideTransferCall } from './voice/add.ts';
import { decideFlowAnswer } from './flow/resume.ts';
import { decideCompleteTask, decideStartScheduledTask, decideStartTask } from './task/start.ts';
import { decideUserAdmin } from './admin/users.ts';
import { decideUpdateAgentStatus } from './admin/agentStatuses.ts';
import { decideQueueAdmin } from './admin/queuesAdmin.ts';
import { decideRoutingProfileAdmin } from './admin/routingProfilesAdmin.ts';
import { decideHoursAdmin } from './admin/hoursAdmin.ts';
// --- Connect admin API: instances, approved origins, phone numbers, tags ---
import { decideInstanceAdmin } from './admin/instancesAdmin.ts';
import { decidePhoneNumber } from './admin/phoneNumbers.ts';
import { decideLambdaFunction } from './admin/lambdaFunctions.ts';
import { decideTags } from './admin/tags.ts';
// --- security profiles, agent permissions, quick connect/queue/routing profile changes (issue 18, admin-security) ---
import { decideSecurityProfile } from './admin/securityProfilesAdmin.ts';
import { decideResourceAdmin } from './admin/resourceAdmin.ts';
import { agentPermissionRefusal } from './admin/agentPermissions.ts';

/** Adding and transferring mean different things on a call and in a chat. */
function isCall(state: State, command: { instanceId: string; contactId: string }): boolean {
  return state.instances.get(command.instanceId)?.contacts.get(command.contactId)?.channel === 'VOICE';
}

/** Decides what a command means, without changing anything: the events to record, or a rejection. */
export function decide(state: State, command: Command, ids: IdSource): Decision {
  // An agent's command their security profiles do not allow is refused (admin/agentPermissions.ts).
  const denied = agentPermissionRefusal(state, command);
  if (denied) return { ok: false, rejection: denied };
  switch (command.type) {
    // --- tasks ---
    case 'StartTaskContact':
      return decideStartTask(state, command, ids);
    case 'CompleteTask':
      return decideCompleteTask(state, command);
    case 'StartScheduledTask':
      return decideStartScheduledTask(state, command, ids);
    // --- flows: answers to what a flow run waits for ---
    case 'FlowPromptPlayed':
    case 'FlowDigitsReceived':
    case 'FlowLambdaResult':
    case 'FlowTimeout':
    case 'FlowBotResult':
      return decideFlowAnswer(state, command, ids);
    case 'CreateInstance':
    case 'CreateAccessKey':
    case 'CreateQueue':
    case 'CreateHoursOfOperation':
    case 'UpdateQueue':
    case 'CreateQuickConnect':
    case 'AssociateQueueQuickConnects':
    case 'CreateRoutingProfile':
    case 'CreateAgentStatus':
    case 'CreateUser':
    case 'CreateContactFlow':
    case 'CreateChatWidget':
    case 'UpdateInstanceAttribute':
      return decideSetup(state, command);
    case 'AssociateInstanceStorageConfig':
      return decideAssociateStorageConfig(state, command);
    case 'DisassociateInstanceStorageConfig':
      return decideDisassociateStorageConfig(state, command);
    case 'UpdateContactFlowContent':
    case 'UpdateContactFlowMetadata':
    case 'DeleteContactFlow':
    case 'CreateContactFlowModule':
    case 'UpdateContactFlowModuleContent':
    case 'UpdateContactFlowModuleMetadata':
    case 'DeleteContactFlowModule':
    case 'CreatePrompt':
    case 'DeletePrompt':
      return decideFlowAdmin(state, command);
    case 'UpdateUserRoutingProfile':
    case 'UpdateUserIdentityInfo':
    case 'UpdateUserPhoneConfig':
    case 'UpdateUserPassword':
    case 'DeleteUser':
      return decideUserAdmin(state, command);
    case 'UpdateAgentStatus':
      return decideUpdateAgentStatus(state, command);
    case 'CreateQueueWithSettings':
    case 'UpdateQueueName':
    case 'UpdateQueueStatus':
    case 'DisassociateQueueQuickConnects':
    case 'UpdateQueueOutboundCaller':
      return decideQueueAdmin(state, command);
    case 'AssociateRoutingProfileQueues':
    case 'DisassociateRoutingProfileQueues':
    case 'UpdateRoutingProfileQueues':
    case 'UpdateRoutingProfileConcurrency':
      return decideRoutingProfileAdmin(state, command);
    case 'UpdateHoursOfOperation':
    case 'DeleteHoursOfOperation':
      return decideHoursAdmin(state, command);
    // --- Connect admin API: instances, approved origins, phone numbers, tags ---
    case 'CreateInstanceWithDefaults':
    case 'DeleteInstance':
    case 'AssociateApprovedOrigin':
    case 'DisassociateApprovedOrigin':
      return decideInstanceAdmin(state, command);
    case 'ClaimPhoneNumber':
    case 'ReleasePhoneNumber':
    case 'AssociatePhoneNumberContactFlow':
    case 'DisassociatePhoneNumberContactFlow':
      return decidePhoneNumber(state, command);
    case 'AssociateLambdaFunction':
    case 'DisassociateLambdaFunction':
      return decideLambdaFunction(state, command);
    case 'TagResource':
    case 'UntagResource':
      return decideTags(state, command);
    case 'CreateSecurityProfile':
    case 'UpdateSecurityProfile':
    case 'DeleteSecurityProfile':
    case 'UpdateUserSecurityProfiles':
      return decideSecurityProfile(state, command);
    case 'UpdateQuickConnectName':
    case 'UpdateQuickConnectConfig':
    case 'DeleteQuickConnect':
    case 'DeleteQueue':
    case 'DeleteRoutingProfile':
      return decideResourceAdmin(state, command);
    case 'SetAgentStatus':
      return decideSetAgentStatus(state, command);
    case 'AgentConnected':
      return decideAgentConnected(state, command);
    case 'AgentDisconnected':
      return decideAgentDisconnected(state, command);
    case 'ExpireAgentAway':
      return decideExpireAgentAway(state, command, ids);
    case 'EndAgentSession':
      return decideEndAgentSession(state, command);
    case 'AcceptContact':
      return decideAccept(state, command, ids);
    case 'RejectContact':
      return decideReject(state, command, ids);
    case 'ExpireOffer':
      return decideExpireOffer(state, command, ids);
    case 'RouteContacts':
      return state.instances.has(command.instanceId) ? { ok: true, events: [] } : { ok: false, rejection: { code: 'ResourceNotFound', message: `Instance ${command.instanceId} not found` } };
    case 'ClearContact':
      return decideClear(state, command);
    case 'StartChatContact':
      return decideStartChat(state, command, ids);
    case 'SendMessage':
      return decideSendMessage(state, command);
    case 'RecordMessageReceipt':
      return decideRecordReceipt(state, command, ids);
    case 'DisconnectParticipant':
      return decideDisconnectParticipant(state, command, ids);
    case 'AddParticipant':
      return isCall(state, command) ? decideAddCallParty(state, command, ids) : decideAddParticipant(state, command, ids);
    case 'TransferContact':
      return isCall(state, command) ? decideTransferCall(state, command, ids) : decideTransfer(state, command, ids);
    case 'CancelInvitation':
      return decideCancelInvitation(state, command);
    case 'AddBotParticipant':
      return decideAddBot(state, command, ids);
    case 'UpdateContactAttributes':
      return decideUpdateAttributes(state, command);
    case 'StopContact':
      return decideStopContact(state, command, ids);
    case 'ExpireChat':
      return decideExpireChat(state, command, ids);
    case 'StartAttachmentUpload':
      return decideStartAttachmentUpload(state, command);
    case 'CompleteAttachmentUpload':
      return decideCompleteAttachmentUpload(state, command, ids);
    case 'StartVoiceContact':
      return decideStartVoice(state, command, ids);
    case 'StartOutboundCall':
      return decideStartOutboundCall(state, command);
    case 'StartOutboundVoiceContact':
      return decideStartOutboundVoiceContact(state, command);
    case 'PhoneAction':
      return decidePhoneAction(state, command, ids);
    case 'ControlCall':
      return decideControlCall(state, command);
    case 'RecordCallRecording':
      return decideRecordCallRecording(state, command);
  }
}
