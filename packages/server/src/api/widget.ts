import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { errors, fromZod, sendJson } from '../http/errors.ts';
import { parseJson, readBody } from '../http/body.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';
import { startChat } from './startChat.ts';
import { isOwnOrigin } from './participant/origin.ts';
import { instanceApprovesOrigin, type ChatWidget, type Instance } from '@switchboard/engine';

/**
 * The public chat widget endpoint. A customer's page cannot hold admin keys, so — like Amazon
 * Connect's hosted widget — it starts chats here: allowed only from the server's own origin and the
 * widget's approved origins, and rate-limited per client address.
 */
const Body = z.object({
  DisplayName: z.string().trim().min(1).max(256),
  Attributes: z.record(z.string().min(1).max(128), z.string().max(1024)).optional(),
});

export function findWidget(services: Services, widgetId: string): { instance: Instance; widget: ChatWidget } {
  for (const instance of services.state.instances.values()) {
    const widget = instance.widgets.get(widgetId);
    if (widget) return { instance, widget };
  }
  throw errors.notFound(`Widget ${widgetId} not found`, 'Widget', widgetId);
}

/**
 * The page's origin, if approved: the server's own, the widget's approved origins, or the instance's
 * (AssociateApprovedOrigin, api/connect/approvedOrigins.ts). Anything else is refused (AccessDeniedException).
 */
export function approvedOrigin(services: Services, req: IncomingMessage, widget: ChatWidget, instance?: Instance): string {
  const origin = req.headers.origin;
  if (!origin) throw errors.accessDenied('the widget can only be used from a web page (no Origin header)');
  if (!isOwnOrigin(services, req, origin) && !widget.approvedOrigins.includes(origin) && !(instance && instanceApprovesOrigin(instance, origin))) throw errors.accessDenied(`origin ${origin.slice(0, 200)} is not approved for this widget`);
  return origin;
}

export function cors(res: ServerResponse, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
}

export function widgetPreflight(services: Services, { req, res, params }: RouteContext): void {
  const { instance, widget } = findWidget(services, params.widgetId!);
  cors(res, approvedOrigin(services, req, widget, instance));
  res.setHeader('access-control-allow-methods', 'POST');
  res.setHeader('access-control-allow-headers', 'content-type');
  res.writeHead(204).end();
}

/** POST /widget/{widgetId}/start-chat → { ContactId, ParticipantId, ParticipantToken }. */
export async function widgetStartChat(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { instance, widget } = findWidget(services, params.widgetId!);
  const origin = approvedOrigin(services, req, widget, instance);
  cors(res, origin);
  const client = req.socket.remoteAddress ?? 'unknown';
  if (!services.widgetLimiter.take(`${widget.id}/${client}`, services.pipeline.now())) throw errors.throttled('too many chats started from this address; try again in a minute');
  const body = Body.safeParse(parseJson(await readBody(req, 'connect', 16 * 1024), 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const result = await startChat(services, instance, {
    contactFlowId: widget.contactFlowId,
    displayName: body.data.DisplayName,
    ...(body.data.Attributes ? { attributes: body.data.Attributes } : {}),
  }, 'connect');
  sendJson(res, 200, result);
}
