import { ApiError, sendJson } from '../../http/errors.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { pageOf } from './paging.ts';

/**
 * ListFlowAssociations (GET /flow-associations-summary/{InstanceId}?ResourceType&maxResults&nextToken, issue 18):
 * which flow each of the instance's phone numbers runs (AssociatePhoneNumberContactFlow), as Amazon Connect lists
 * them — ResourceId the number's ARN, FlowId the flow's ARN. Switchboard's only flow-associated resources are voice
 * numbers: the other resource types Connect names (email addresses, WhatsApp numbers, analytics connectors) have
 * none, so they list empty. Numbers without a flow are not listed.
 */
const RESOURCE_TYPES = ['VOICE_PHONE_NUMBER', 'INBOUND_EMAIL', 'OUTBOUND_EMAIL', 'ANALYTICS_CONNECTOR', 'WHATSAPP_MESSAGING_PHONE_NUMBER'] as const;

export async function listFlowAssociations(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const type = url.searchParams.get('ResourceType');
  if (type !== null && !(RESOURCE_TYPES as readonly string[]).includes(type)) {
    throw new ApiError(400, 'InvalidParameterException', `ResourceType ${type} is not one of ${RESOURCE_TYPES.join(', ')}`);
  }
  await services.pipeline.settled();
  const numbers = type === null || type === 'VOICE_PHONE_NUMBER'
    ? [...(instance.phoneNumbers?.values() ?? [])].filter((n) => n.contactFlowId !== undefined && instance.flows.has(n.contactFlowId))
      .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
    : [];
  const { items, nextToken } = pageOf(numbers, url.searchParams.get('maxResults'), url.searchParams.get('nextToken'), 100);
  sendJson(res, 200, {
    FlowAssociationSummaryList: items.map((n) => ({ ResourceId: n.arn, FlowId: instance.flows.get(n.contactFlowId!)!.arn, ResourceType: 'VOICE_PHONE_NUMBER' })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}
