import { z } from 'zod';
import { ApiError, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { pageOf } from './paging.ts';

/**
 * Lambda functions of an instance (issue 17): AssociateLambdaFunction, ListLambdaFunctions,
 * DisassociateLambdaFunction. A flow's InvokeLambdaFunction may call only an associated function
 * (engine: admin/lambdaFunctions.ts); what a function runs — a local handler file or an HTTP endpoint — is
 * the server's Lambda mapping (flows/lambda.ts, SWITCHBOARD_LAMBDAS).
 */

const FunctionArn = z.string().min(1).max(140);

/** AssociateLambdaFunction (PUT /instance/{InstanceId}/lambda-function). */
export async function associateLambdaFunction(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = z.object({ FunctionArn, ClientToken: z.string().max(500).optional() }).safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const key = parsed.data.ClientToken ? `AssociateLambdaFunction/${instance.id}/${parsed.data.ClientToken}` : undefined;
  await services.idempotency.once(key, async () => {
    const outcome = await services.pipeline.submit({ type: 'AssociateLambdaFunction', instanceId: instance.id, functionArn: parsed.data.FunctionArn }, { key, answer: () => ({}) });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  });
  res.writeHead(200).end();
}

/** ListLambdaFunctions (GET /instance/{InstanceId}/lambda-functions?maxResults&nextToken), in the order associated. */
export async function listLambdaFunctions(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const { items, nextToken } = pageOf(instance.lambdaFunctions ?? [], url.searchParams.get('maxResults'), url.searchParams.get('nextToken'), 25);
  sendJson(res, 200, { LambdaFunctions: items, ...(nextToken ? { NextToken: nextToken } : {}) });
}

/** DisassociateLambdaFunction (DELETE /instance/{InstanceId}/lambda-function?functionArn=…). */
export async function disassociateLambdaFunction(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const functionArn = FunctionArn.safeParse(url.searchParams.get('functionArn') ?? '');
  if (!functionArn.success) throw new ApiError(400, 'InvalidRequestException', 'FunctionArn is required');
  const outcome = await services.pipeline.submit({ type: 'DisassociateLambdaFunction', instanceId: instance.id, functionArn: functionArn.data });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  res.writeHead(200).end();
}
