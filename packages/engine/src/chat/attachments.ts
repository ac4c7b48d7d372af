import type { CompleteAttachmentUpload, StartAttachmentUpload } from '../commands.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { ChatAttachment, Contact, Participant } from '../model/contact.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findContact, findInstance, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';
import { connectedParticipant } from './participant.ts';

/**
 * File types Amazon Connect supports for chat attachments, as MIME types (admin guide, "Amazon Connect
 * feature specifications": "File types supported for attachments to emails, cases, or chats: .csv, .doc,
 * .docx, .heic, .jfif, .jpeg, .jpg, .mov, .mp4, .pdf, .png, .ppt, .pptx, .rtf, .txt, .wav, .xls, .xlsx").
 * Switchboard takes the long-standing chat list plus .heic and .mp4 (.jfif is image/jpeg); the value is
 * the file extensions a picker should offer for the type.
 */
export const ATTACHMENT_CONTENT_TYPES: ReadonlyMap<string, readonly string[]> = new Map([
  ['text/csv', ['.csv']],
  ['application/msword', ['.doc']],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', ['.docx']],
  ['image/heic', ['.heic']],
  ['image/jpeg', ['.jpeg', '.jpg', '.jfif']],
  ['video/mp4', ['.mp4']],
  ['application/pdf', ['.pdf']],
  ['image/png', ['.png']],
  ['application/vnd.ms-powerpoint', ['.ppt']],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', ['.pptx']],
  ['text/plain', ['.txt']],
  ['audio/wav', ['.wav']],
  ['application/vnd.ms-excel', ['.xls']],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['.xlsx']],
]);

/** Feature specifications: "Maximum file size for an attachment to an email, case, or a chat: 20MB". */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** StartAttachmentUpload: AttachmentName is 1 to 256 characters. */
export const ATTACHMENT_NAME_MAX = 256;

/** A UTF-16 code unit that is half of a pair without its other half: not text, and no encoding can carry it. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The media type of a Content-Type value: lower case, without parameters ("Text/Plain; charset=x" → "text/plain"). */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/**
 * Attachments are on when the instance has an ATTACHMENTS storage config (Amazon Connect: "Enable
 * attachments" associates an S3 bucket for them); a new instance has none.
 */
export function attachmentsEnabled(instance: Instance): boolean {
  for (const config of instance.storageConfigs.values()) if (config.resourceType === 'ATTACHMENTS') return true;
  return false;
}

/** Rule: a file is one of the supported types, 1 byte to 20 MB, with a name of 1 to 256 characters. */
export function checkAttachment(contentType: string, sizeBytes: number, name: string): Rejection | undefined {
  if (!ATTACHMENT_CONTENT_TYPES.has(mediaType(contentType))) {
    return reject('InvalidRequest', `files of type ${contentType} cannot be attached; supported: ${[...ATTACHMENT_CONTENT_TYPES.values()].flat().join(' ')}`, { rule: 'supported-file-types' });
  }
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 1) return reject('InvalidRequest', 'AttachmentSizeInBytes must be a whole number of at least 1', { rule: 'attachment-size' });
  if (sizeBytes > MAX_ATTACHMENT_BYTES) {
    return reject('InvalidRequest', `the file is ${sizeBytes} bytes; attachments are at most 20 MB (${MAX_ATTACHMENT_BYTES} bytes)`, { rule: 'attachments-up-to-20-mb' });
  }
  if (name.length < 1 || name.length > ATTACHMENT_NAME_MAX) return reject('InvalidRequest', `AttachmentName must be 1 to ${ATTACHMENT_NAME_MAX} characters`, { rule: 'attachment-name' });
  if (name.search(LONE_SURROGATE) >= 0) return reject('InvalidRequest', 'AttachmentName must be text (it holds half of a surrogate pair)', { rule: 'attachment-name' });
  return undefined;
}

/**
 * StartAttachmentUpload. Rules: attachments are enabled on the instance; only a participant still in
 * the chat attaches; the file passes checkAttachment. The attachment is recorded pending: nobody sees
 * it until the upload is completed.
 */
export function decideStartAttachmentUpload(state: State, command: StartAttachmentUpload): Decision {
  const found = connectedParticipant(state, command, 'only-participants-in-the-chat-attach');
  if (isRejection(found)) return refused(found);
  const { instance, contact, participant } = found;
  if (!attachmentsEnabled(instance)) {
    return refused(reject('InvalidRequest', 'attachments are not enabled on this instance (an administrator enables them by associating an ATTACHMENTS storage config)', { rule: 'attachments-need-a-storage-config' }));
  }
  const problem = checkAttachment(command.contentType, command.sizeBytes, command.name);
  if (problem) return refused(problem);
  if (contact.attachments.has(command.attachmentId)) return refused(reject('DuplicateResource', `attachment ${command.attachmentId} exists`));
  if (command.pendingLimit && pendingUploadsOf(contact, participant.id, command.now - command.pendingLimit.withinMs) >= command.pendingLimit.max) {
    return refused(reject('QuotaExceeded', `a participant may have at most ${command.pendingLimit.max} uploads started and not completed; complete or abandon one first`, { rule: 'pending-uploads-per-participant' }));
  }
  const attachment: ChatAttachment = {
    id: command.attachmentId, name: command.name, contentType: mediaType(command.contentType), sizeBytes: command.sizeBytes,
    participantId: participant.id, startedAt: command.now, status: 'pending',
  };
  return accepted([{ type: 'AttachmentUploadStarted', instanceId: instance.id, at: command.now, contactId: contact.id, attachment }]);
}

/** How many uploads the participant started after `since` and has not completed. */
function pendingUploadsOf(contact: Contact, participantId: string, since: number): number {
  let n = 0;
  for (const a of contact.attachments.values()) if (a.status === 'pending' && a.participantId === participantId && a.startedAt > since) n++;
  return n;
}

/**
 * CompleteAttachmentUpload. Rules: only a participant still in the chat; each attachment belongs to this
 * chat, was started by this participant and is still pending; and its upload completed: exactly the
 * declared bytes are stored. Then each joins the transcript as an ATTACHMENT item, APPROVED.
 */
export function decideCompleteAttachmentUpload(state: State, command: CompleteAttachmentUpload, ids: IdSource): Decision {
  const found = connectedParticipant(state, command, 'only-participants-in-the-chat-attach');
  if (isRejection(found)) return refused(found);
  const { instance, contact, participant } = found;
  if (command.attachmentIds.length === 0) return refused(reject('InvalidRequest', 'AttachmentIds must name an attachment'));
  if (new Set(command.attachmentIds).size !== command.attachmentIds.length) return refused(reject('InvalidRequest', 'AttachmentIds must not repeat an id'));
  const events: Event[] = [];
  for (const attachmentId of command.attachmentIds) {
    const attachment = pendingUpload(contact, participant, attachmentId);
    if (isRejection(attachment)) return refused(attachment);
    const stored = command.storedBytes[attachmentId];
    if (stored === undefined) {
      return refused(reject('InvalidRequest', `attachment ${attachmentId} was not uploaded: PUT the file to the upload URL first`, { rule: 'upload-completed-before-it-appears' }));
    }
    if (stored !== attachment.sizeBytes) {
      return refused(reject('InvalidRequest', `attachment ${attachmentId} has ${stored} bytes stored, not the ${attachment.sizeBytes} declared`, { rule: 'upload-completed-before-it-appears' }));
    }
    events.push({
      type: 'AttachmentUploadCompleted', instanceId: instance.id, at: command.now, contactId: contact.id, attachmentId,
      item: {
        id: ids.next(), type: 'ATTACHMENT', contentType: attachment.contentType,
        participantId: participant.id, displayName: participant.displayName, role: participant.role, at: command.now,
        attachments: [{ id: attachment.id, name: attachment.name, contentType: attachment.contentType, status: 'APPROVED' }],
      },
    });
  }
  return accepted(events);
}

/** Rule: an upload goes on only for the participant who started it, while it is pending. */
function pendingUpload(contact: Contact, participant: Participant, attachmentId: string): ChatAttachment | Rejection {
  const attachment = contact.attachments.get(attachmentId);
  if (!attachment) return notFound('Attachment', attachmentId);
  if (attachment.participantId !== participant.id) {
    return reject('AccessDenied', `attachment ${attachmentId} is another participant's upload`, { rule: 'uploader-completes-the-upload' });
  }
  if (attachment.status !== 'pending') return reject('Conflict', `attachment ${attachmentId} is already uploaded`, { rule: 'an-upload-completes-once' });
  return attachment;
}

/**
 * The shell's check before it stores bytes sent to an upload URL: the chat is going, the uploader is
 * still in it, and the attachment is theirs and pending.
 */
export function attachmentToUpload(
  state: State, ref: { instanceId: string; contactId: string; participantId: string; attachmentId: string },
): ChatAttachment | Rejection {
  const found = connectedParticipant(state, ref, 'only-participants-in-the-chat-attach');
  if (isRejection(found)) return found;
  return pendingUpload(found.contact, found.participant, ref.attachmentId);
}

/**
 * GetAttachment. Rules: the attachment belongs to the caller's chat (any other id is simply not found,
 * so nothing is learnt about other chats); its upload completed; and custom bots get no attachments
 * (Participant Service: "The participant role CUSTOM_BOT is not permitted to access attachments").
 * Like the transcript, attachments stay readable to the chat's participants after they left.
 */
export function attachmentToDownload(contact: Contact, participant: Participant, attachmentId: string): ChatAttachment | Rejection {
  if (participant.role === 'CUSTOM_BOT') return reject('AccessDenied', 'custom bots are not permitted to access attachments', { rule: 'bots-get-no-attachments' });
  const attachment = contact.attachments.get(attachmentId);
  if (!attachment) return notFound('Attachment', attachmentId);
  if (attachment.status !== 'approved') {
    return reject('InvalidRequest', `attachment ${attachmentId} is not uploaded yet: call CompleteAttachmentUpload first`, { rule: 'upload-completed-before-it-appears' });
  }
  return attachment;
}

/** An approved attachment of a contact, found by ids (the download URL's check). */
export function approvedAttachment(state: State, instanceId: string, contactId: string, attachmentId: string): ChatAttachment | Rejection {
  const instance = findInstance(state, instanceId);
  if (isRejection(instance)) return instance;
  const contact = findContact(instance, contactId);
  if (isRejection(contact)) return contact;
  const attachment = contact.attachments.get(attachmentId);
  if (!attachment || attachment.status !== 'approved') return notFound('Attachment', attachmentId);
  return attachment;
}

/** Attachments of a contact whose upload never completed (the shell deletes their bytes when the chat ends). */
export function unfinishedUploads(contact: Contact): ChatAttachment[] {
  return [...contact.attachments.values()].filter((a) => a.status === 'pending');
}
