import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';

/**
 * Lambda functions an instance may invoke (Connect's AssociateLambdaFunction, ListLambdaFunctions,
 * DisassociateLambdaFunction). Rules:
 * - a function is named by its ARN (`arn:aws:lambda:<region>:<account>:function:<name>`; a version or alias
 *   after the name is not part of it) — anything else is InvalidParameter;
 * - associating one already associated is a ResourceConflict; disassociating one that is not is ResourceNotFound;
 * - a flow's InvokeLambdaFunction may invoke only an associated function (Amazon Connect has no permission to
 *   call any other): invoking another takes the error branch at once. What the function runs (a local handler
 *   or an HTTP endpoint) is the server's setting, not the instance's (the shell's Lambda mapping).
 * - an instance holds at most 50 functions (Connect's default quota).
 */

export const MAX_LAMBDA_FUNCTIONS = 50;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}$/;

/** The function a reference names: its ARN without a version or alias (`…:function:name:prod` → `…:function:name`). */
export function unqualifiedFunctionArn(ref: string): string {
  const m = /^(arn:aws[a-z-]*:lambda:[^:]+:[^:]+:function:[^:]+)(:.*)?$/.exec(ref);
  return m ? m[1]! : ref;
}

/** Whether a flow on this instance may invoke the function (by ARN, qualified or not). */
export function lambdaAssociated(instance: Instance, ref: string): boolean {
  return (instance.lambdaFunctions ?? []).includes(unqualifiedFunctionArn(ref));
}

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}
export interface AssociateLambdaFunction extends CommandBase {
  type: 'AssociateLambdaFunction';
  functionArn: string;
}
export interface DisassociateLambdaFunction extends CommandBase {
  type: 'DisassociateLambdaFunction';
  functionArn: string;
}
export type LambdaFunctionCommand = AssociateLambdaFunction | DisassociateLambdaFunction;

export interface LambdaFunctionAssociated {
  type: 'LambdaFunctionAssociated';
  instanceId: string;
  at: number;
  functionArn: string;
}
export interface LambdaFunctionDisassociated {
  type: 'LambdaFunctionDisassociated';
  instanceId: string;
  at: number;
  functionArn: string;
}
export type LambdaFunctionEvent = LambdaFunctionAssociated | LambdaFunctionDisassociated;

export function isLambdaFunctionEvent(event: Event): event is LambdaFunctionEvent & Event {
  return event.type === 'LambdaFunctionAssociated' || event.type === 'LambdaFunctionDisassociated';
}

export function decideLambdaFunction(state: State, command: LambdaFunctionCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  if (!FUNCTION_ARN.test(command.functionArn)) {
    return refused(reject('InvalidParameter', `FunctionArn must be a Lambda function's ARN (arn:aws:lambda:<region>:<account>:function:<name>), got ${command.functionArn.slice(0, 140)}`));
  }
  const held = instance.lambdaFunctions ?? [];
  const base = { instanceId: instance.id, at: command.now, functionArn: command.functionArn };
  if (command.type === 'AssociateLambdaFunction') {
    if (held.includes(command.functionArn)) return refused(reject('ResourceConflict', `${command.functionArn} is already associated with this instance`));
    if (held.length >= MAX_LAMBDA_FUNCTIONS) return refused(reject('QuotaExceeded', `an instance holds at most ${MAX_LAMBDA_FUNCTIONS} Lambda functions`));
    return accepted([{ type: 'LambdaFunctionAssociated', ...base }]);
  }
  if (!held.includes(command.functionArn)) return refused(notFound('LambdaFunction', command.functionArn));
  return accepted([{ type: 'LambdaFunctionDisassociated', ...base }]);
}

export function applyLambdaFunction(instance: Instance, event: LambdaFunctionEvent): void {
  const held = instance.lambdaFunctions ?? [];
  instance.lambdaFunctions = event.type === 'LambdaFunctionAssociated' ? [...held, event.functionArn] : held.filter((arn) => arn !== event.functionArn);
}
