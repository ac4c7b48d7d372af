import type { IncomingMessage } from 'node:http';
import type { Instance } from '@switchboard/engine';
import { verifySigV4 } from '../../auth/sigv4.ts';
import { ApiError, errors } from '../../http/errors.ts';
import { readBody } from '../../http/body.ts';
import type { Services } from '../../services.ts';
import { authorizeBearer, checkNoEscalation } from './bearer.ts';

/**
 * Reads the body and checks the SigV4 signature (service "connect") against the access keys of the
 * instances. Returns the raw body and the instance whose key signed the request.
 */
export async function authorizeConnect(services: Services, req: IncomingMessage, bodyLimit?: number): Promise<{ body: Buffer; keyInstance: Instance }> {
  // The admin console: a user's agent token instead of a signature, limited to what the user's security profiles permit (bearer.ts).
  if (req.headers.authorization?.startsWith('Bearer ')) {
    const caller = authorizeBearer(services, req);
    const body = await readBody(req, 'connect', bodyLimit);
    checkNoEscalation(caller, req.method ?? 'GET', body);
    return { body, keyInstance: caller.instance };
  }
  const body = await readBody(req, 'connect', bodyLimit);
  let keyInstance: Instance | undefined;
  const result = await verifySigV4(req, body, 'connect', (accessKeyId) => {
    for (const instance of services.state.instances.values()) {
      const key = instance.accessKeys.get(accessKeyId);
      if (key) {
        keyInstance = instance;
        return key.secretAccessKey;
      }
    }
    return undefined;
  }, services.pipeline.now());
  if (!result.ok || !keyInstance) {
    // AWS answers an unknown key with UnrecognizedClientException and a bad signature with InvalidSignatureException; both are 403.
    if (result.reason?.includes('security token')) throw new ApiError(403, 'UnrecognizedClientException', result.reason);
    if (result.reason?.includes('signature')) throw new ApiError(403, 'InvalidSignatureException', result.reason);
    throw errors.accessDenied(result.reason);
  }
  // As AWS does: a signature scoped to another region than the one the instance lives in is refused.
  if (result.region !== keyInstance.region) {
    throw new ApiError(403, 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${result.region}'; this instance is in '${keyInstance.region}'.`);
  }
  return { body, keyInstance };
}

/** A key is good only for its own instance. */
export function instanceFor(services: Services, keyInstance: Instance, instanceId: string): Instance {
  const instance = services.state.instances.get(instanceId);
  if (!instance) throw errors.notFound(`Instance ${instanceId} not found`, 'Instance', instanceId);
  if (instance.id !== keyInstance.id) throw errors.accessDenied('the access key does not belong to this instance');
  return instance;
}
