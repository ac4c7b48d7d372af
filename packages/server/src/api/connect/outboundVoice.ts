import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

const Text = (max: number) => z.string().min(1).max(max);

const StartOutboundVoiceContactBody = z.object({
  DestinationPhoneNumber: Text(32),
  ContactFlowId: Text(500),
  InstanceId: Text(100),
  QueueId: Text(500).optional(),
  Attributes: z.record(z.string().min(1).max(32767), z.string().max(32767)).optional(),
  ClientToken: z.string().max(500).optional(),
  SourcePhoneNumber: z.string().max(32).optional(),
  Name: z.string().max(512).optional(),
  Description: z.string().max(4096).optional(),
  References: z.unknown().optional(),
  RelatedContactId: z.string().optional(),
  AnswerMachineDetectionConfig: z.unknown().optional(),
  CampaignId: z.string().optional(),
  TrafficType: z.string().optional(),
  OutboundStrategy: z.unknown().optional(),
  /** Connect: 15 to 60 seconds (60 when not given). */
  RingTimeoutInSeconds: z.number().int().min(15).max(60).optional(),
});

/**
 * StartOutboundVoiceContact (PUT /contact/outbound-voice): places a call to the number (InitiationMethod
 * API); when the customer answers, the flow runs (and may queue the call for an agent). Until real
 * telephony lands, the phone simulator answers for the customer.
 */
export async function startOutboundVoiceContact(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const body = StartOutboundVoiceContactBody.safeParse(parseJson(raw, 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const b = body.data;
  const instance = instanceFor(services, keyInstance, b.InstanceId);
  // "The token is valid for 7 days after creation. If a contact is already started, the contact ID is returned."
  const key = b.ClientToken ? `StartOutboundVoiceContact/${instance.id}/${b.ClientToken}` : undefined;
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    const contactId = randomUUID();
    const outcome = await services.pipeline.submit({
      type: 'StartOutboundVoiceContact', instanceId: instance.id, contactId, partyId: randomUUID(), contactFlowId: idOf(b.ContactFlowId),
      destinationPhoneNumber: b.DestinationPhoneNumber, attributes: b.Attributes ?? {}, ...(b.QueueId ? { queueId: idOf(b.QueueId) } : {}),
    }, { key, answer: () => ({ ContactId: contactId }) });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
    return outcome.answer;
  }));
}
