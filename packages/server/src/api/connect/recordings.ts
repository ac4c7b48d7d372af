import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errors } from '../../http/errors.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { recordingPath } from '../../media/driver.ts';
import { authorizeConnect, instanceFor } from './auth.ts';

/**
 * GET /recordings/{InstanceId}/{ContactId}/{RecordingId} — a call recording (stereo WAV: customer left,
 * agents right), signed with the instance's admin key like the Connect API. The ids come from
 * DescribeContact's `Switchboard.Recordings` on the call's first contact.
 */
export async function getRecording(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const contactId = params.contactId!;
  const listed = await services.pipeline.archive.withContact(instance.id, contactId, () =>
    instance.contacts.get(contactId)?.recordings?.some((r) => r.id === params.recordingId));
  if (!listed) throw errors.notFound(`no recording ${params.recordingId} on contact ${contactId}`, 'Recording', params.recordingId);
  const path = recordingPath(join(services.config.dataDir, 'recordings'), params.recordingId!);
  const size = await stat(path).then((s) => s.size, () => undefined);
  if (size === undefined) throw errors.notFound(`the file of recording ${params.recordingId} is gone`, 'Recording', params.recordingId);
  res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(size), 'content-disposition': `attachment; filename="${params.recordingId}.wav"` });
  createReadStream(path).on('error', () => res.destroy()).pipe(res);
}
