import { z } from 'zod';
import { INSTANCE_ATTRIBUTE_TYPES } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { attributeValue } from './instances.ts';

function attributeType(value: string): string {
  if (!(INSTANCE_ATTRIBUTE_TYPES as readonly string[]).includes(value)) throw errors.validation('connect', `AttributeType ${value} is not one of ${INSTANCE_ATTRIBUTE_TYPES.join(', ')}`);
  return value;
}

/** UpdateInstanceAttribute (POST /instance/{InstanceId}/attribute/{AttributeType}), e.g. MULTI_PARTY_CHAT_CONFERENCE = "true". */
export async function updateInstanceAttribute(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ Value: z.string().min(1).max(100), ClientToken: z.string().optional() }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const type = attributeType(params.attributeType!);
  // A retry with the ClientToken of one that succeeded changes nothing (not even back, if another request set the attribute since).
  const key = parsed.data.ClientToken ? `UpdateInstanceAttribute/${instance.id}/${parsed.data.ClientToken}` : undefined;
  await services.idempotency.once(key, async () => {
    const outcome = await services.pipeline.submit({ type: 'UpdateInstanceAttribute', instanceId: instance.id, attributeType: type, value: parsed.data.Value }, { key, answer: () => ({}) });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  });
  res.writeHead(200).end();
}

/** DescribeInstanceAttribute (GET /instance/{InstanceId}/attribute/{AttributeType}); unset attributes read as ListInstanceAttributes does (instances.ts attributeValue). */
export async function describeInstanceAttribute(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const type = attributeType(params.attributeType!);
  await services.pipeline.settled();
  sendJson(res, 200, { Attribute: { AttributeType: type, Value: attributeValue(instance, type) } });
}
