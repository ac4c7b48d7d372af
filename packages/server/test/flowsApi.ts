/** Helpers of the flows API tests: flow documents, SDK failures, and raw signed requests (to read Switchboard's own fields). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { FlowDocument } from '@switchboard/engine';
import type { TestServer } from './harness.ts';

export interface ServiceError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
  problems?: { message: string }[];
  Problems?: { message: string }[];
}

/** Runs an SDK call that must fail, and returns its error. */
export async function failure(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (error) {
    return error as ServiceError;
  }
  assert.fail('the call was expected to fail');
}

/** An inbound flow: say `text`, then disconnect. */
export function sayFlow(text: string): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'say',
    Actions: [
      { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

/** A flow module: say `text`, then return. */
export function moduleFlow(text: string): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'say',
    Actions: [
      { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: { NextAction: 'return', Errors: [{ NextAction: 'return', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'return', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
    ],
  };
}

export interface RawResponse {
  status: number;
  errorType: string | null;
  body: any;
}

/** A request signed with the demo instance's access key, as @aws-sdk/client-connect signs (payload hash included). */
export async function signedRequest(srv: TestServer, method: string, path: string, body?: string | Buffer, contentType = 'application/json'): Promise<RawResponse> {
  const response = await signedFetch(srv, method, path, body, contentType);
  const text = await response.text();
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: text ? JSON.parse(text) : {} };
}

/** The same signed request, answered as it came (for bodies that are not JSON, e.g. a recording). */
export async function signedFetch(srv: TestServer, method: string, path: string, body?: string | Buffer, contentType = 'application/json'): Promise<Response> {
  const url = new URL(path, srv.url);
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  const signer = new SignatureV4({
    service: 'connect', region: srv.demo.region, sha256: Sha256,
    credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey },
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => { query[k] = v; });
  const signed = await signer.sign({
    method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query,
    headers: {
      host: url.host, 'content-type': contentType,
      'x-amz-content-sha256': createHash('sha256').update(payload ?? Buffer.alloc(0)).digest('hex'),
    },
    ...(payload ? { body: payload } : {}),
  });
  return fetch(url, { method, headers: signed.headers as Record<string, string>, ...(payload ? { body: new Uint8Array(payload) } : {}) });
}

/** The demo instance's state. */
export const demoInstance = (srv: TestServer) => srv.services.state.instances.get(srv.demo.instanceId)!;
