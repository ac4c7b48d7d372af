/**
 * Chat attachments (Participant Service StartAttachmentUpload / CompleteAttachmentUpload / GetAttachment;
 * Amazon Connect feature specifications for the file types and the 20 MB limit; AssociateInstanceStorageConfig
 * for the switch): one test per rule, named as the rule, through `execute` only.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ATTACHMENT_CONTENT_TYPES, MAX_ATTACHMENT_BYTES, approvedAttachment, attachmentToDownload, attachmentToUpload, attachmentsEnabled,
  chatItemView, emptyState, isRejection, replay, unfinishedUploads, type Decision,
} from '../src/index.ts';
import { World, uuid, uuidCounter } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';

const PNG = 'image/png';
const nextAttachmentId = uuidCounter('a77a');
const nextAssociationId = uuidCounter('5703');

/** AssociateInstanceStorageConfig for ATTACHMENTS (S3, as the admin guide sets it up). */
function enableAttachments(world: World): { decision: Decision; associationId: string } {
  const associationId = nextAssociationId();
  const decision = world.run({
    type: 'AssociateInstanceStorageConfig', associationId, resourceType: 'ATTACHMENTS', storageType: 'S3',
    s3Config: { bucketName: 'connect-attachments', bucketPrefix: 'chat' },
  });
  return { decision, associationId };
}

interface Chat {
  world: World;
  contactId: string;
  customerId: string;
  agentId: string;
}

/** A world with attachments on (unless `enabled: false`) and a chat Ann started that alice accepted. */
function chat(options: { enabled?: boolean } = {}): Chat {
  const world = new World();
  if (options.enabled !== false) eventsOf(enableAttachments(world).decision);
  eventsOf(world.setStatus('alice', 'Available'));
  world.advance(1000);
  const started = world.startChat('Ann');
  eventsOf(started.decision);
  world.advance(1000);
  eventsOf(world.accept('alice', started.contactId));
  world.advance(1000);
  return { world, contactId: started.contactId, customerId: started.customerId, agentId: world.participantOf('alice', started.contactId) };
}

function start(c: Chat, options: { participantId?: string; name?: string; contentType?: string; sizeBytes?: number; contactId?: string; pendingLimit?: { max: number; withinMs: number } } = {}) {
  const attachmentId = nextAttachmentId();
  const decision = c.world.run({
    type: 'StartAttachmentUpload', contactId: options.contactId ?? c.contactId, participantId: options.participantId ?? c.customerId, attachmentId,
    name: options.name ?? 'receipt.png', contentType: options.contentType ?? PNG, sizeBytes: options.sizeBytes ?? 1234,
    ...(options.pendingLimit ? { pendingLimit: options.pendingLimit } : {}),
  });
  return { decision, attachmentId };
}

function complete(c: Chat, attachmentId: string, storedBytes: number | undefined, options: { participantId?: string; contactId?: string } = {}) {
  return c.world.run({
    type: 'CompleteAttachmentUpload', contactId: options.contactId ?? c.contactId, participantId: options.participantId ?? c.customerId,
    attachmentIds: [attachmentId], storedBytes: storedBytes === undefined ? {} : { [attachmentId]: storedBytes },
  });
}

/** Starts and completes an upload of `sizeBytes` (the declared bytes stored); returns the attachment id. */
function attach(c: Chat, options: { participantId?: string; name?: string; contentType?: string; sizeBytes?: number } = {}): string {
  const { decision, attachmentId } = start(c, options);
  eventsOf(decision);
  eventsOf(complete(c, attachmentId, options.sizeBytes ?? 1234, options));
  return attachmentId;
}

describe('chat attachments', () => {
  test('an attachment name is text: one holding half of a surrogate pair is refused (no header could name its file)', () => {
    const c = chat();
    const refused = rejectionOf(start(c, { name: 'a\ud800b.txt', contentType: 'text/plain' }).decision);
    assert.equal(refused.rule, 'attachment-name');
    eventsOf(start(c, { name: 'caf\u00e9 \ud83d\ude00.txt', contentType: 'text/plain' }).decision);
  });

  test('a participant has at most the limit of uploads started and not completed; completing one, or its URL lapsing, frees a place; others are not affected', () => {
    const c = chat();
    const pendingLimit = { max: 2, withinMs: 5 * 60_000 };
    const first = start(c, { pendingLimit });
    eventsOf(first.decision);
    eventsOf(start(c, { pendingLimit }).decision);
    const third = rejectionOf(start(c, { pendingLimit }).decision);
    assert.equal(third.code, 'QuotaExceeded');
    assert.equal(third.rule, 'pending-uploads-per-participant');
    // The agent has uploads of their own.
    eventsOf(start(c, { participantId: c.agentId, pendingLimit }).decision);
    eventsOf(complete(c, first.attachmentId, 1234));
    eventsOf(start(c, { pendingLimit }).decision);
    assert.equal(rejectionOf(start(c, { pendingLimit }).decision).code, 'QuotaExceeded');
    c.world.advance(5 * 60_000);
    eventsOf(start(c, { pendingLimit }).decision);
  });

  test('attachments are off until an ATTACHMENTS storage config is associated, and off again once it is disassociated', () => {
    const c = chat({ enabled: false });
    assert.equal(attachmentsEnabled(c.world.instance), false);
    const off = rejectionOf(start(c).decision);
    assert.equal(off.code, 'InvalidRequest');
    assert.equal(off.rule, 'attachments-need-a-storage-config');
    assert.match(off.message, /not enabled/);

    const { decision, associationId } = enableAttachments(c.world);
    const [associated] = eventsOfType(eventsOf(decision), 'InstanceStorageConfigAssociated');
    assert.deepEqual(associated!.storageConfig, {
      associationId, resourceType: 'ATTACHMENTS', storageType: 'S3', s3Config: { bucketName: 'connect-attachments', bucketPrefix: 'chat' },
    });
    assert.equal(attachmentsEnabled(c.world.instance), true);
    eventsOf(start(c).decision);

    eventsOf(c.world.run({ type: 'DisassociateInstanceStorageConfig', associationId, resourceType: 'ATTACHMENTS' }));
    assert.equal(attachmentsEnabled(c.world.instance), false);
    assert.equal(rejectionOf(start(c).decision).rule, 'attachments-need-a-storage-config');
  });

  test('storage configs: only ATTACHMENTS, kept in S3, one per instance; disassociating needs the right association and type', () => {
    const world = new World();
    const other = world.run({ type: 'AssociateInstanceStorageConfig', associationId: uuid(1, '5704'), resourceType: 'CALL_RECORDINGS', storageType: 'S3', s3Config: { bucketName: 'b', bucketPrefix: 'p' } });
    assert.equal(rejectionOf(other).rule, 'storage-for-attachments-only');
    const kinesis = world.run({ type: 'AssociateInstanceStorageConfig', associationId: uuid(2, '5704'), resourceType: 'ATTACHMENTS', storageType: 'KINESIS_STREAM' });
    assert.equal(rejectionOf(kinesis).rule, 'attachments-storage-is-s3');
    const { associationId } = enableAttachments(world);
    const second = enableAttachments(world).decision;
    assert.equal(rejectionOf(second).code, 'DuplicateResource');
    assert.equal(rejectionOf(second).rule, 'one-storage-config-per-resource-type');
    assert.equal(rejectionOf(world.run({ type: 'DisassociateInstanceStorageConfig', associationId: uuid(9, '5704'), resourceType: 'ATTACHMENTS' })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'DisassociateInstanceStorageConfig', associationId, resourceType: 'CALL_RECORDINGS' })).code, 'ResourceNotFound');
    assert.equal(world.instance.storageConfigs.size, 1);
  });

  test('supported file types: csv, doc, docx, heic, jpeg, mp4, pdf, png, ppt, pptx, txt, wav, xls, xlsx — and nothing else', () => {
    const c = chat();
    assert.deepEqual([...ATTACHMENT_CONTENT_TYPES.keys()].sort(), [
      'application/msword', 'application/pdf', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'audio/wav', 'image/heic', 'image/jpeg', 'image/png', 'text/csv', 'text/plain', 'video/mp4',
    ]);
    for (const contentType of ATTACHMENT_CONTENT_TYPES.keys()) eventsOf(start(c, { contentType }).decision);
    for (const contentType of ['application/zip', 'text/html', 'image/gif', 'image/svg+xml', 'application/x-msdownload', 'application/octet-stream', '', 'png']) {
      const refused = rejectionOf(start(c, { contentType }).decision);
      assert.equal(refused.code, 'InvalidRequest', contentType);
      assert.equal(refused.rule, 'supported-file-types');
    }
  });

  test('a content type is compared as a media type: case and parameters do not matter, and the attachment keeps the bare type', () => {
    const c = chat();
    const { decision, attachmentId } = start(c, { contentType: 'Text/Plain; charset=utf-8', name: 'notes.txt' });
    eventsOf(decision);
    assert.equal(c.world.contact(c.contactId).attachments.get(attachmentId)!.contentType, 'text/plain');
  });

  test('attachments are 1 byte to 20 MB (20,971,520 bytes)', () => {
    const c = chat();
    assert.equal(MAX_ATTACHMENT_BYTES, 20_971_520);
    eventsOf(start(c, { sizeBytes: MAX_ATTACHMENT_BYTES }).decision);
    eventsOf(start(c, { sizeBytes: 1 }).decision);
    const tooBig = rejectionOf(start(c, { sizeBytes: MAX_ATTACHMENT_BYTES + 1 }).decision);
    assert.equal(tooBig.code, 'InvalidRequest');
    assert.equal(tooBig.rule, 'attachments-up-to-20-mb');
    for (const sizeBytes of [0, -5, 1.5, Number.NaN]) assert.equal(rejectionOf(start(c, { sizeBytes }).decision).rule, 'attachment-size', String(sizeBytes));
  });

  test('the attachment name is 1 to 256 characters', () => {
    const c = chat();
    eventsOf(start(c, { name: 'x'.repeat(256) }).decision);
    assert.equal(rejectionOf(start(c, { name: '' }).decision).rule, 'attachment-name');
    assert.equal(rejectionOf(start(c, { name: 'x'.repeat(257) }).decision).rule, 'attachment-name');
  });

  test('a refused upload records nothing', () => {
    const c = chat();
    const before = serialize(c.world.state);
    const events = c.world.events.length;
    for (const options of [{ contentType: 'application/zip' }, { sizeBytes: MAX_ATTACHMENT_BYTES + 1 }, { name: '' }]) rejectionOf(start(c, options).decision);
    assert.equal(serialize(c.world.state), before);
    assert.equal(c.world.events.length, events);
  });

  test('a started upload is pending: not in the transcript, not downloadable, listed as unfinished', () => {
    const c = chat();
    const transcript = c.world.contact(c.contactId).transcript.length;
    const { decision, attachmentId } = start(c, { name: 'receipt.png', sizeBytes: 1234 });
    const [started] = eventsOfType(eventsOf(decision), 'AttachmentUploadStarted');
    assert.deepEqual(started!.attachment, {
      id: attachmentId, name: 'receipt.png', contentType: PNG, sizeBytes: 1234, participantId: c.customerId, startedAt: c.world.now, status: 'pending',
    });
    const contact = c.world.contact(c.contactId);
    assert.equal(contact.transcript.length, transcript);
    const customer = contact.participants.get(c.customerId)!;
    assert.equal(refusal(attachmentToDownload(contact, customer, attachmentId)).rule, 'upload-completed-before-it-appears');
    assert.equal(isRejection(approvedAttachment(c.world.state, c.world.instanceId, c.contactId, attachmentId)), true);
    assert.deepEqual(unfinishedUploads(contact).map((a) => a.id), [attachmentId]);
  });

  test('upload completed before it appears: completing needs exactly the declared bytes stored', () => {
    const c = chat();
    const { decision, attachmentId } = start(c, { sizeBytes: 1234 });
    eventsOf(decision);
    const nothing = rejectionOf(complete(c, attachmentId, undefined));
    assert.equal(nothing.code, 'InvalidRequest');
    assert.equal(nothing.rule, 'upload-completed-before-it-appears');
    assert.equal(rejectionOf(complete(c, attachmentId, 1233)).rule, 'upload-completed-before-it-appears');
    assert.equal(rejectionOf(complete(c, attachmentId, 1235)).rule, 'upload-completed-before-it-appears');
    assert.equal(c.world.contact(c.contactId).attachments.get(attachmentId)!.status, 'pending');

    c.world.advance(500);
    const [completed] = eventsOfType(eventsOf(complete(c, attachmentId, 1234)), 'AttachmentUploadCompleted');
    assert.equal(completed!.attachmentId, attachmentId);
    assert.deepEqual({ ...completed!.item, id: 'x' }, {
      id: 'x', type: 'ATTACHMENT', contentType: PNG, participantId: c.customerId, displayName: 'Ann', role: 'CUSTOMER', at: c.world.now,
      attachments: [{ id: attachmentId, name: 'receipt.png', contentType: PNG, status: 'APPROVED' }],
    });
    const contact = c.world.contact(c.contactId);
    assert.equal(contact.transcript.at(-1), completed!.item);
    const attachment = contact.attachments.get(attachmentId)!;
    assert.equal(attachment.status, 'approved');
    assert.equal(attachment.itemId, completed!.item.id);
    assert.deepEqual(unfinishedUploads(contact), []);
  });

  test('the transcript item carries Attachments [{ContentType, AttachmentId, AttachmentName, Status}] on the wire', () => {
    const c = chat();
    const attachmentId = attach(c, { name: 'scan.pdf', contentType: 'application/pdf', sizeBytes: 10 });
    const item = c.world.contact(c.contactId).transcript.at(-1)!;
    const wire = chatItemView(item, c.contactId, c.contactId);
    assert.equal(wire.Type, 'ATTACHMENT');
    assert.equal(wire.ContentType, 'application/pdf');
    assert.equal(wire.Content, undefined);
    assert.deepEqual(wire.Attachments, [{ ContentType: 'application/pdf', AttachmentId: attachmentId, AttachmentName: 'scan.pdf', Status: 'APPROVED' }]);
    assert.equal(wire.ParticipantRole, 'CUSTOMER');
    // A plain message has no Attachments key at all.
    eventsOf(c.world.send(c.contactId, c.customerId, 'hello'));
    assert.equal('Attachments' in chatItemView(c.world.contact(c.contactId).transcript.at(-1)!, c.contactId, c.contactId), false);
  });

  test('only the participant who started an upload completes it', () => {
    const c = chat();
    const { decision, attachmentId } = start(c);
    eventsOf(decision);
    const byAgent = rejectionOf(complete(c, attachmentId, 1234, { participantId: c.agentId }));
    assert.equal(byAgent.code, 'AccessDenied');
    assert.equal(byAgent.rule, 'uploader-completes-the-upload');
  });

  test('an upload completes once', () => {
    const c = chat();
    const attachmentId = attach(c);
    const again = rejectionOf(complete(c, attachmentId, 1234));
    assert.equal(again.code, 'Conflict');
    assert.equal(again.rule, 'an-upload-completes-once');
    assert.equal(c.world.contact(c.contactId).transcript.filter((i) => i.type === 'ATTACHMENT').length, 1);
  });

  test('completing names attachments, each once, all of this chat', () => {
    const c = chat();
    const run = (attachmentIds: string[]) => c.world.run({ type: 'CompleteAttachmentUpload', contactId: c.contactId, participantId: c.customerId, attachmentIds, storedBytes: {} });
    assert.equal(rejectionOf(run([])).code, 'InvalidRequest');
    const { attachmentId } = start(c);
    assert.equal(rejectionOf(run([attachmentId, attachmentId])).code, 'InvalidRequest');
    assert.equal(rejectionOf(run([uuid(99, 'a77b')])).code, 'ResourceNotFound');
  });

  test('only a participant still in the chat can start or complete an upload', () => {
    const c = chat();
    const { decision, attachmentId } = start(c, { participantId: c.agentId });
    eventsOf(decision);
    // A participant the chat never had.
    assert.equal(rejectionOf(start(c, { participantId: uuid(77, '8888') }).decision).code, 'ResourceNotFound');
    // The customer leaves: the chat ends for everyone.
    eventsOf(c.world.disconnect(c.contactId, c.customerId));
    for (const participantId of [c.customerId, c.agentId]) {
      const refused = rejectionOf(start(c, { participantId }).decision);
      assert.equal(refused.code, 'AccessDenied');
      assert.equal(refused.rule, 'only-participants-in-the-chat-attach');
    }
    assert.equal(rejectionOf(complete(c, attachmentId, 1234, { participantId: c.agentId })).rule, 'only-participants-in-the-chat-attach');
    assert.equal(isRejection(attachmentToUpload(c.world.state, { instanceId: c.world.instanceId, contactId: c.contactId, participantId: c.agentId, attachmentId })), true);
  });

  test('the shell stores uploaded bytes only for a pending upload, by its uploader, while they are in the chat', () => {
    const c = chat();
    const { decision, attachmentId } = start(c);
    eventsOf(decision);
    const ref = { instanceId: c.world.instanceId, contactId: c.contactId, participantId: c.customerId, attachmentId };
    const pending = attachmentToUpload(c.world.state, ref);
    assert.equal(isRejection(pending), false);
    assert.equal(refusal(attachmentToUpload(c.world.state, { ...ref, participantId: c.agentId })).code, 'AccessDenied');
    eventsOf(complete(c, attachmentId, 1234));
    assert.equal(refusal(attachmentToUpload(c.world.state, ref)).code, 'Conflict', 'an approved file is never replaced');
  });

  test('an attachment belongs to its contact: another chat\'s participant cannot complete or get it', () => {
    const c = chat();
    const attachmentId = attach(c);
    c.world.advance(1000);
    const other = c.world.startChat('Otto');
    eventsOf(other.decision);
    const otherContact = c.world.contact(other.contactId);
    const otto = otherContact.participants.get(other.customerId)!;
    assert.equal(refusal(attachmentToDownload(otherContact, otto, attachmentId)).code, 'ResourceNotFound');
    const { decision, attachmentId: pending } = start(c);
    eventsOf(decision);
    assert.equal(rejectionOf(complete(c, pending, 1234, { participantId: other.customerId, contactId: other.contactId })).code, 'ResourceNotFound');
    assert.equal(isRejection(approvedAttachment(c.world.state, c.world.instanceId, other.contactId, attachmentId)), true);
    assert.equal(isRejection(approvedAttachment(c.world.state, c.world.instanceId, c.contactId, attachmentId)), false);
  });

  test('agents attach too, and every participant of the chat can get an approved attachment, also after leaving', () => {
    const c = chat();
    const fromAgent = attach(c, { participantId: c.agentId, name: 'form.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sizeBytes: 42 });
    const fromCustomer = attach(c);
    const item = c.world.contact(c.contactId).transcript.find((i) => i.attachments?.[0]?.id === fromAgent)!;
    assert.equal(item.role, 'AGENT');
    eventsOf(c.world.disconnect(c.contactId, c.customerId));
    const contact = c.world.contact(c.contactId);
    for (const participantId of [c.customerId, c.agentId]) {
      const participant = contact.participants.get(participantId)!;
      assert.equal(participant.state, 'disconnected');
      for (const id of [fromAgent, fromCustomer]) assert.equal(isRejection(attachmentToDownload(contact, participant, id)), false);
    }
  });

  test('custom bots get no attachments', () => {
    const c = chat();
    const attachmentId = attach(c);
    const botId = uuid(1, 'b07b');
    eventsOf(c.world.run({ type: 'AddBotParticipant', contactId: c.contactId, participantId: botId, displayName: 'Bot' }));
    const contact = c.world.contact(c.contactId);
    const refused = refusal(attachmentToDownload(contact, contact.participants.get(botId)!, attachmentId));
    assert.equal(refused.code, 'AccessDenied');
    assert.equal(refused.rule, 'bots-get-no-attachments');
  });

  test('replaying the events rebuilds storage configs and attachments exactly', () => {
    const c = chat();
    attach(c);
    eventsOf(start(c, { participantId: c.agentId }).decision);
    const rebuilt = replay(JSON.parse(JSON.stringify(c.world.events)), emptyState());
    assert.equal(serialize(rebuilt), serialize(c.world.state));
  });
});

/** A rejection as a value (so a test can assert on it), or a failure if the rule let it through. */
function refusal<T>(value: T): Extract<T, { code: string }> {
  if (!isRejection(value)) throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  return value as Extract<T, { code: string }>;
}
