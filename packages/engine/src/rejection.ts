/**
 * Why a command was refused. The shell maps `code` to the protocol's own error shape
 * (for the AWS APIs: ResourceNotFoundException, InvalidRequestException, …).
 */
export type RejectionCode =
  | 'ResourceNotFound'
  | 'InvalidRequest'
  /** A parameter's value is not valid (an unknown time zone, a window too long for its interval). */
  | 'InvalidParameter'
  | 'AccessDenied'
  | 'Conflict'
  | 'QuotaExceeded'
  | 'DuplicateResource'
  /** A flow (or flow module) document is not valid: `problems` lists every problem (InvalidContactFlowException). */
  | 'InvalidContactFlow'
  /** The resource is already in the state asked for (an origin already approved, a number already claimed): ResourceConflictException. */
  | 'ResourceConflict';

export interface Rejection {
  code: RejectionCode;
  message: string;
  resourceType?: string;
  resourceId?: string;
  /** The engine rule that refused, for errors that name the rule. */
  rule?: string;
  /** InvalidContactFlow: every problem the importer found. */
  problems?: string[];
}

export function reject(code: RejectionCode, message: string, extra: Omit<Rejection, 'code' | 'message'> = {}): Rejection {
  return { code, message, ...extra };
}

export function notFound(resourceType: string, resourceId: string): Rejection {
  return { code: 'ResourceNotFound', message: `${resourceType} ${resourceId} not found`, resourceType, resourceId };
}
