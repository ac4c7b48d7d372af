import type { ServerResponse } from 'node:http';
import type { Rejection } from '@switchboard/engine';
import type { ZodError } from 'zod';

/**
 * An error in an AWS restJson1 shape: the HTTP status, the `x-amzn-ErrorType` header naming the
 * exception, and a JSON body with `message` (and ResourceId/ResourceType where the API has them).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The two AWS APIs name their exceptions differently. */
export type ApiFlavor = 'connect' | 'participant';

const VALIDATION: Record<ApiFlavor, string> = { connect: 'InvalidRequestException', participant: 'ValidationException' };

export const errors = {
  validation: (flavor: ApiFlavor, message: string) => new ApiError(400, VALIDATION[flavor], message),
  accessDenied: (message = 'You do not have sufficient access to perform this action.') => new ApiError(403, 'AccessDeniedException', message),
  notFound: (message: string, resourceType?: string, resourceId?: string) =>
    new ApiError(404, 'ResourceNotFoundException', message, {
      ...(resourceType ? { ResourceType: resourceType } : {}),
      ...(resourceId ? { ResourceId: resourceId } : {}),
    }),
  throttled: (message = 'Rate exceeded') => new ApiError(429, 'ThrottlingException', message),
  tooLarge: (flavor: ApiFlavor, message: string) => new ApiError(400, VALIDATION[flavor], message),
  internal: (flavor: ApiFlavor) =>
    new ApiError(500, flavor === 'connect' ? 'InternalServiceException' : 'InternalServerException', 'Internal error'),
};

/** Maps an engine rejection to the API's own exception. */
export function fromRejection(flavor: ApiFlavor, rejection: Rejection): ApiError {
  const error = rejectionError(flavor, rejection);
  // The engine rule that refused (e.g. "three-party-agents-mute-only-themselves") rides along in the body.
  if (rejection.rule) error.extra.Rule = rejection.rule;
  return error;
}

function rejectionError(flavor: ApiFlavor, rejection: Rejection): ApiError {
  switch (rejection.code) {
    case 'ResourceNotFound':
      return errors.notFound(rejection.message, rejection.resourceType, rejection.resourceId);
    case 'AccessDenied':
      return errors.accessDenied(rejection.message);
    case 'InvalidRequest':
      return errors.validation(flavor, rejection.message);
    case 'InvalidParameter':
      // Connect names a bad parameter value apart from a bad request; the Participant Service has one name for both.
      return flavor === 'connect' ? new ApiError(400, 'InvalidParameterException', rejection.message) : errors.validation(flavor, rejection.message);
    case 'Conflict':
      return flavor === 'participant'
        ? new ApiError(409, 'ConflictException', rejection.message)
        : new ApiError(400, 'InvalidRequestException', rejection.message);
    case 'DuplicateResource':
      return new ApiError(409, flavor === 'participant' ? 'ConflictException' : 'DuplicateResourceException', rejection.message);
    case 'InvalidContactFlow':
      // Connect's InvalidContactFlowException carries every problem as `problems: [{ message }]`.
      return new ApiError(400, flavor === 'connect' ? 'InvalidContactFlowException' : 'ValidationException', rejection.message, {
        problems: (rejection.problems ?? [rejection.message]).map((message) => ({ message })),
      });
    case 'QuotaExceeded':
      return flavor === 'participant'
        ? new ApiError(402, 'ServiceQuotaExceededException', rejection.message)
        : new ApiError(429, 'LimitExceededException', rejection.message);
    case 'ResourceConflict':
      return new ApiError(409, flavor === 'participant' ? 'ConflictException' : 'ResourceConflictException', rejection.message);
  }
}

export function fromZod(flavor: ApiFlavor, error: ZodError): ApiError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return errors.validation(flavor, `${where}${issue?.message ?? 'invalid request'}`);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify({ message: error.message, ...error.extra });
  res.writeHead(error.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-amzn-ErrorType': error.errorType });
  res.end(text);
}

/** With its Content-Length (not chunked), the head and body leave in one write. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
