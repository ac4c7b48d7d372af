import type { AssociateInstanceStorageConfig, DisassociateInstanceStorageConfig } from '../commands.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';

/**
 * The storage resource types Switchboard accepts. Amazon Connect has more (CALL_RECORDINGS,
 * CHAT_TRANSCRIPTS, …); Switchboard stores nothing for them, so it refuses them rather than pretend.
 */
export const STORAGE_RESOURCE_TYPES = ['ATTACHMENTS'] as const;

/**
 * AssociateInstanceStorageConfig. Rules: only ATTACHMENTS (see above); attachments are kept in S3
 * (StorageType S3 with an S3Config, as the admin guide's "Enable attachments" sets it up); one ATTACHMENTS
 * config per instance — a second is refused until the first is disassociated.
 */
export function decideAssociateStorageConfig(state: State, command: AssociateInstanceStorageConfig): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  if (!(STORAGE_RESOURCE_TYPES as readonly string[]).includes(command.resourceType)) {
    return refused(reject('InvalidRequest', `ResourceType ${command.resourceType} is not supported; Switchboard stores ${STORAGE_RESOURCE_TYPES.join(', ')}`, { rule: 'storage-for-attachments-only' }));
  }
  if (command.storageType !== 'S3' || !command.s3Config) {
    return refused(reject('InvalidRequest', 'attachments are stored in S3: StorageType must be S3, with an S3Config', { rule: 'attachments-storage-is-s3' }));
  }
  if (command.s3Config.bucketName.length === 0) return refused(reject('InvalidRequest', 'S3Config.BucketName must not be empty'));
  if ([...instance.storageConfigs.values()].some((c) => c.resourceType === command.resourceType)) {
    return refused(reject('DuplicateResource', `the instance already has a ${command.resourceType} storage config; disassociate it first`, { rule: 'one-storage-config-per-resource-type' }));
  }
  if (instance.storageConfigs.has(command.associationId)) return refused(reject('DuplicateResource', `association ${command.associationId} exists`));
  return accepted([{
    type: 'InstanceStorageConfigAssociated', instanceId: instance.id, at: command.now,
    storageConfig: { associationId: command.associationId, resourceType: command.resourceType, storageType: 'S3', s3Config: command.s3Config },
  }]);
}

/** DisassociateInstanceStorageConfig: the association must exist and be of the given resource type. */
export function decideDisassociateStorageConfig(state: State, command: DisassociateInstanceStorageConfig): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const config = instance.storageConfigs.get(command.associationId);
  if (!config || config.resourceType !== command.resourceType) return refused(notFound('StorageConfig', command.associationId));
  return accepted([{ type: 'InstanceStorageConfigDisassociated', instanceId: instance.id, at: command.now, associationId: config.associationId }]);
}
