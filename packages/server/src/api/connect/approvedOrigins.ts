import { z } from 'zod';
import { ApiError, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { pageOf } from './paging.ts';

/**
 * Approved origins (issue 18), instance-level as in Amazon Connect: the web origins whose pages may use the
 * instance's chat — its chat widgets and web calls accept them besides each widget's own list (api/widget.ts).
 * AssociateApprovedOrigin, ListApprovedOrigins, DisassociateApprovedOrigin.
 */

const Origin = z.string().min(1).max(267);

/** AssociateApprovedOrigin (PUT /instance/{InstanceId}/approved-origin). */
export async function associateApprovedOrigin(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ Origin, ClientToken: z.string().max(500).optional() }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const key = parsed.data.ClientToken ? `AssociateApprovedOrigin/${instance.id}/${parsed.data.ClientToken}` : undefined;
  await services.idempotency.once(key, async () => {
    const outcome = await services.pipeline.submit({ type: 'AssociateApprovedOrigin', instanceId: instance.id, origin: parsed.data.Origin }, { key, answer: () => ({}) });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  });
  res.writeHead(200).end();
}

/** ListApprovedOrigins (GET /instance/{InstanceId}/approved-origins?maxResults&nextToken), in the order associated. */
export async function listApprovedOrigins(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const { items, nextToken } = pageOf(instance.approvedOrigins ?? [], url.searchParams.get('maxResults'), url.searchParams.get('nextToken'), 25);
  sendJson(res, 200, { Origins: items, ...(nextToken ? { NextToken: nextToken } : {}) });
}

/** DisassociateApprovedOrigin (DELETE /instance/{InstanceId}/approved-origin?origin=…). */
export async function disassociateApprovedOrigin(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const origin = Origin.safeParse(url.searchParams.get('origin') ?? '');
  if (!origin.success) throw new ApiError(400, 'InvalidRequestException', 'Origin is required');
  const outcome = await services.pipeline.submit({ type: 'DisassociateApprovedOrigin', instanceId: instance.id, origin: origin.data });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  res.writeHead(200).end();
}
