import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';

const Text = (max: number) => z.string().min(1).max(max);

const AssociateBody = z.object({
  ResourceType: Text(100),
  StorageConfig: z.object({
    AssociationId: z.string().optional(),
    StorageType: Text(100),
    S3Config: z.object({
      BucketName: Text(128),
      BucketPrefix: z.string().max(128),
      EncryptionConfig: z.object({ EncryptionType: Text(100), KeyId: Text(128) }).optional(),
    }).optional(),
    KinesisVideoStreamConfig: z.unknown().optional(),
    KinesisStreamConfig: z.unknown().optional(),
    KinesisFirehoseConfig: z.unknown().optional(),
  }),
  ClientToken: z.string().max(500).optional(),
});

/**
 * AssociateInstanceStorageConfig (PUT /instance/{InstanceId}/storage-config). With ResourceType
 * ATTACHMENTS and an S3 StorageConfig it turns chat attachments on (Amazon Connect's "Enable
 * attachments"); Switchboard keeps the files in its data directory, and remembers the bucket only as a setting.
 */
export async function associateInstanceStorageConfig(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = AssociateBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const key = b.ClientToken ? `AssociateInstanceStorageConfig/${instance.id}/${b.ClientToken}` : undefined;
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    const associationId = randomUUID();
    const s3 = b.StorageConfig.S3Config;
    const outcome = await services.pipeline.submit({
      type: 'AssociateInstanceStorageConfig', instanceId: instance.id, associationId, resourceType: b.ResourceType, storageType: b.StorageConfig.StorageType,
      ...(s3 ? {
        s3Config: {
          bucketName: s3.BucketName, bucketPrefix: s3.BucketPrefix,
          ...(s3.EncryptionConfig ? { encryptionConfig: { encryptionType: s3.EncryptionConfig.EncryptionType, keyId: s3.EncryptionConfig.KeyId } } : {}),
        },
      } : {}),
    }, { key, answer: () => ({ AssociationId: associationId }) });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
    return outcome.answer;
  }));
}

/**
 * DisassociateInstanceStorageConfig (DELETE /instance/{InstanceId}/storage-config/{AssociationId}?resourceType=…&clientToken=…):
 * attachments off again. A retry with the ClientToken of one that succeeded is answered as it was (without
 * one, it is refused: the association is gone).
 */
export async function disassociateInstanceStorageConfig(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const resourceType = url.searchParams.get('resourceType');
  if (!resourceType) throw errors.validation('connect', 'resourceType is required');
  const clientToken = url.searchParams.get('clientToken');
  if (clientToken !== null && clientToken.length > 500) throw errors.validation('connect', 'clientToken is longer than 500 characters');
  const key = clientToken ? `DisassociateInstanceStorageConfig/${instance.id}/${clientToken}` : undefined;
  await services.idempotency.once(key, async () => {
    const outcome = await services.pipeline.submit(
      { type: 'DisassociateInstanceStorageConfig', instanceId: instance.id, associationId: params.associationId!, resourceType },
      { key, answer: () => ({}) },
    );
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  });
  res.writeHead(200).end();
}
