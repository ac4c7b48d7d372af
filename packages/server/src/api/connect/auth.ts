import type { IncomingMessage } from 'node:http';
import type { Instance } from '@switchboard/engine';
import { verifySigV4 } from '../../auth/sigv4.ts';
import { ApiError, errors } from '../../http/errors.ts';
import { readBody } from '../../http/body.ts';
import type { Services } from '../../services.ts';
import { authorizeBearer, checkNoEscalation, checkOwnInstance } from './bearer.ts';

/** Who signed: the account's instance in the signing region (`keyInstance`), the account and the region. */
export interface Authorized { body: Buffer; keyInstance: Instance; accountId: string; region: string }
/** An account-level call (CreateInstance, ListInstances) may come from an account that has no instance yet. */
export interface AccountAuthorized { body: Buffer; keyInstance: Instance | undefined; accountId: string; region: string }

/**
 * Reads the body and checks the SigV4 signature (service "connect") against the access keys. Keys belong to
 * the account, as AWS credentials do: a key held by any instance of account A signs for every instance of A,
 * and so does the account's own key (SWITCHBOARD_DEMO=0: credentials.ts), which needs no instance at all.
 * Returns the raw body, the account's instance in the signing region (`keyInstance`: the key's own instance
 * if the account has none there), the account and the signing region. The secret is never compared as a
 * string: verifySigV4 compares the signatures it keys, in constant time.
 *
 * A request signed for a region where the account has no instance is refused (InvalidSignatureException),
 * unless `accountLevel` (CreateInstance, ListInstances): those act in the signing region.
 */
export async function authorizeConnect(services: Services, req: IncomingMessage, bodyLimit?: number, options?: { accountLevel?: false }): Promise<Authorized>;
export async function authorizeConnect(services: Services, req: IncomingMessage, bodyLimit: number | undefined, options: { accountLevel: true }): Promise<AccountAuthorized>;
export async function authorizeConnect(
  services: Services, req: IncomingMessage, bodyLimit?: number, options: { accountLevel?: boolean } = {},
): Promise<AccountAuthorized> {
  // The admin console: a user's agent token instead of a signature, limited to what the user's security profiles permit (bearer.ts).
  if (req.headers.authorization?.startsWith('Bearer ')) {
    const caller = authorizeBearer(services, req);
    const body = await readBody(req, 'connect', bodyLimit);
    checkNoEscalation(caller, req.method ?? 'GET', body);
    checkOwnInstance(caller, body);
    return { body, keyInstance: caller.instance, accountId: caller.instance.accountId, region: caller.instance.region };
  }
  const body = await readBody(req, 'connect', bodyLimit);
  const account = services.account;
  let keyOwner: Instance | undefined;
  let accountKey = false;
  const result = await verifySigV4(req, body, 'connect', (accessKeyId) => {
    if (account && accessKeyId === account.accessKeyId) {
      accountKey = true;
      return account.secretAccessKey;
    }
    for (const instance of services.state.instances.values()) {
      const key = instance.accessKeys.get(accessKeyId);
      if (key) {
        keyOwner = instance;
        return key.secretAccessKey;
      }
    }
    return undefined;
  }, services.pipeline.now());
  if (!result.ok || (!keyOwner && !accountKey)) {
    // AWS answers an unknown key with UnrecognizedClientException and a bad signature with InvalidSignatureException; both are 403.
    if (result.reason?.includes('security token')) throw new ApiError(403, 'UnrecognizedClientException', result.reason);
    if (result.reason?.includes('signature')) throw new ApiError(403, 'InvalidSignatureException', result.reason);
    throw errors.accessDenied(result.reason);
  }
  const accountId = accountKey ? account!.accountId : keyOwner!.accountId;
  const region = result.region ?? (accountKey ? account!.region : keyOwner!.region);
  let inRegion: Instance | undefined;
  if (keyOwner?.region === region) inRegion = keyOwner;
  else for (const instance of services.state.instances.values()) if (instance.accountId === accountId && instance.region === region) { inRegion = instance; break; }
  if (!inRegion && !options.accountLevel) {
    // The account's own key before it has made an instance (there): nothing to act on.
    if (!keyOwner) throw new ApiError(404, 'ResourceNotFoundException', `the account has no instance in ${region}: make one with CreateInstance`);
    // As AWS does: a signature scoped to another region than the one the instances live in is refused.
    throw new ApiError(403, 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'; this instance is in '${keyOwner.region}'.`);
  }
  return { body, keyInstance: inRegion ?? keyOwner, accountId, region };
}

/** A key is good for the instances of its account, in the region it signed for. */
export function instanceFor(services: Services, keyInstance: Instance, instanceId: string): Instance {
  const instance = services.state.instances.get(instanceId);
  if (!instance) throw errors.notFound(`Instance ${instanceId} not found`, 'Instance', instanceId);
  if (instance.accountId !== keyInstance.accountId) throw errors.accessDenied('the access key does not belong to this instance\'s account');
  if (instance.region !== keyInstance.region) {
    throw new ApiError(403, 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${keyInstance.region}'; this instance is in '${instance.region}'.`);
  }
  return instance;
}
