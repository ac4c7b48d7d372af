import type { FlowDocument } from '../model/instance.ts';
import { SUPPORTED_ACTIONS } from './interpreter.ts';

/**
 * The importer's checks on a flow-language document (flow-language.md §1.8): every problem is reported,
 * not only the first, so an administrator fixes a flow in one round. A flow whose structure is broken is
 * refused; a flow that uses documented actions the interpreter does not run yet is a valid flow and is
 * accepted (its `unsupportedActions` are reported so the answer can say so).
 */

/** Flow-language limit: "a single Flow may have no more than 250 Actions". */
export const MAX_FLOW_ACTIONS = 250;
/** CreateContactFlow / UpdateContactFlowContent: Content is at most 256000 characters. */
export const MAX_FLOW_CONTENT_CHARS = 256_000;
/** Nested condition operands: at most 5 deep and 50 in all (flow-language.md §1.4). */
export const MAX_CONDITION_DEPTH = 5;
export const MAX_SUB_CONDITIONS = 50;
export const FLOW_LANGUAGE_VERSION = '2019-10-30';
/** An action Identifier: at most 50 characters, none of `% : ( \\ / ) = $ , ; [ ] { }`, not a JavaScript prototype name (flow-language.md §1.2). */
export const MAX_IDENTIFIER_LENGTH = 50;
const IDENTIFIER_FORBIDDEN = /[%:()\\/=$,;[\]{}]/;
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString',
  '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
]);
/** Error branches an action must define (flow-language.md §1.8: "GetParticipantInput must always define NoMatchingError"). */
const REQUIRED_ERRORS: Record<string, readonly string[]> = { GetParticipantInput: ['NoMatchingError'] };

/** ContactFlowType: the flow types of the Connect API. */
export const CONTACT_FLOW_TYPES = [
  'CONTACT_FLOW', 'CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'CUSTOMER_WHISPER', 'AGENT_HOLD', 'AGENT_WHISPER', 'OUTBOUND_WHISPER',
  'AGENT_TRANSFER', 'QUEUE_TRANSFER', 'CAMPAIGN',
] as const;
/** What validation calls a flow module (a resource of its own, CreateContactFlowModule). */
export const FLOW_MODULE = 'MODULE';

/** Every documented action Type (flow-language.md §2.1), plus UpdateContactRoutingCriteria, which the official VMX exports use (§1.9). */
export const KNOWN_ACTIONS: ReadonlySet<string> = new Set([
  // participant
  'MessageParticipant', 'MessageParticipantIteratively', 'GetParticipantInput', 'ConnectParticipantWithLexBot', 'DisconnectParticipant',
  'ShowView', 'TransferParticipantToThirdParty',
  // contact
  'CompleteOutboundCall', 'CreateCase', 'CreateTask', 'CreateWisdomSession', 'DequeueContactAndTransferToQueue', 'EndFlowModuleExecution',
  'GetCase', 'InvokeFlowModule', 'StartOutboundChatContact', 'TagContact', 'TransferContactToAgent', 'TransferContactToQueue', 'UnTagContact',
  'UpdateCase', 'UpdateContactAttributes', 'UpdateContactCallbackNumber', 'UpdateContactData', 'UpdateContactEventHooks',
  'UpdateContactMediaProcessing', 'UpdateContactMediaStreamingBehavior', 'UpdateContactRecordingAndAnalyticsBehavior',
  'UpdateContactRecordingBehavior', 'ResumeContact', 'UpdateContactRoutingBehavior', 'UpdateContactTargetQueue',
  'UpdateContactTextToSpeechVoice', 'UpdatePreviousContactParticipantState',
  // flow control
  'CheckHoursOfOperation', 'CheckMetricData', 'CheckOutboundCallStatus', 'CheckVoiceId', 'Compare', 'DistributeByPercentage',
  'EndFlowExecution', 'GetMetricData', 'Loop', 'StartVoiceIdStream', 'TransferToFlow', 'UpdateFlowAttributes', 'UpdateFlowLoggingBehavior',
  'UpdateRoutingCriteria', 'UpdateContactRoutingCriteria', 'Wait',
  // interactions
  'InvokeLambdaFunction', 'CreateCallbackContact', 'CreateCustomerProfile', 'GetCustomerProfile', 'UpdateCustomerProfile',
  'AssociateContactToCustomerProfile', 'GetCustomerProfileObject', 'GetCalculatedAttributesForCustomerProfile',
]);

type Column = 'IN' | 'CQ' | 'CH' | 'AH' | 'CW' | 'AW' | 'OW' | 'AT' | 'QT' | 'MOD';

const COLUMN_OF: Record<string, Column> = {
  CONTACT_FLOW: 'IN', CAMPAIGN: 'IN', CUSTOMER_QUEUE: 'CQ', CUSTOMER_HOLD: 'CH', AGENT_HOLD: 'AH', CUSTOMER_WHISPER: 'CW', AGENT_WHISPER: 'AW',
  OUTBOUND_WHISPER: 'OW', AGENT_TRANSFER: 'AT', QUEUE_TRANSFER: 'QT', [FLOW_MODULE]: 'MOD',
};

const EVERYWHERE: readonly Column[] = ['IN', 'CQ', 'CH', 'AH', 'CW', 'AW', 'OW', 'AT', 'QT', 'MOD'];

/**
 * Which flow types may use an action: flow-language.md §2.6. Actions the table does not name are allowed
 * everywhere (their documentation states no restriction we could check).
 */
const ALLOWED_IN: Record<string, readonly Column[]> = {
  MessageParticipant: ['IN', 'CQ', 'CW', 'AW', 'OW', 'AT', 'QT', 'MOD'],
  MessageParticipantIteratively: ['CQ', 'CH', 'AH'],
  GetParticipantInput: ['IN', 'CQ', 'AT', 'QT', 'MOD'],
  ConnectParticipantWithLexBot: ['IN', 'CQ', 'AT', 'QT', 'MOD'],
  DisconnectParticipant: EVERYWHERE,
  TransferParticipantToThirdParty: ['IN', 'CQ', 'AT', 'QT', 'MOD'],
  UpdateContactTargetQueue: ['IN', 'AT', 'QT', 'MOD'],
  TransferContactToQueue: ['IN', 'AT', 'QT', 'MOD'],
  TransferToFlow: ['IN', 'AT', 'QT', 'MOD'],
  DequeueContactAndTransferToQueue: ['CQ'],
  TransferContactToAgent: ['AT', 'QT'],
  CheckHoursOfOperation: ['IN', 'CQ', 'AT', 'QT', 'MOD'],
  CheckMetricData: ['IN', 'CQ', 'AT', 'QT', 'MOD'],
  DistributeByPercentage: ['IN', 'CQ', 'AT', 'QT', 'MOD'],
  CreateCallbackContact: ['IN', 'CQ', 'AT', 'QT', 'MOD'],
  UpdateContactCallbackNumber: ['IN', 'CQ', 'AT', 'QT', 'MOD'],
  EndFlowExecution: ['CQ', 'CW', 'AW', 'OW'],
  EndFlowModuleExecution: ['MOD'],
  UpdateContactRecordingBehavior: ['IN', 'CQ', 'OW', 'AT', 'QT', 'MOD'],
  UpdateContactMediaStreamingBehavior: ['IN', 'CQ', 'CW', 'AW', 'OW', 'AT', 'QT', 'MOD'],
  UpdatePreviousContactParticipantState: ['IN', 'AT', 'QT'],
  UpdateContactRoutingBehavior: ['IN', 'MOD'],
  CompleteOutboundCall: ['OW'],
  InvokeFlowModule: ['IN', 'MOD'],
  Wait: ['IN', 'CQ'],
};

/** Whether a flow of this type (a ContactFlowType, or MODULE) may use this action type. */
export function actionAllowedIn(actionType: string, flowType: string): boolean {
  const column = COLUMN_OF[flowType];
  const allowed = ALLOWED_IN[actionType];
  return column === undefined || allowed === undefined || allowed.includes(column);
}

/** What the importer found: every problem (empty when the flow may be stored) and the action types the interpreter does not run yet. */
export interface FlowCheck {
  problems: string[];
  /** Documented action types in the flow that the interpreter does not run yet, each once, sorted. */
  unsupportedActions: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'nothing' : Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v);

/**
 * Checks a flow document (already parsed from JSON) for a flow of `flowType` (a ContactFlowType, or
 * MODULE for a flow module). Tolerates what real exports write (§1.9): Metadata and Settings of any
 * shape, Parameters omitted, Transitions `{}` or without Errors/Conditions, string-typed numbers.
 */
export function checkFlow(content: unknown, flowType: string): FlowCheck {
  const problems: string[] = [];
  const unsupported = new Set<string>();
  if (!isObject(content)) return { problems: ['the content must be a JSON object with Version, StartAction and Actions'], unsupportedActions: [] };
  if ('modules' in content && !('Actions' in content)) {
    return { problems: ['this is the pre-2019 flow format ({"modules": [...]}); export the flow again from a current Amazon Connect console'], unsupportedActions: [] };
  }
  if (content.Version !== FLOW_LANGUAGE_VERSION) problems.push(`Version must be "${FLOW_LANGUAGE_VERSION}", got ${show(content.Version)}`);
  if (typeof content.StartAction !== 'string' || content.StartAction.length === 0) problems.push(`StartAction must name an action, got ${show(content.StartAction)}`);
  const actions = content.Actions;
  if (!Array.isArray(actions)) {
    problems.push(`Actions must be an array, got ${show(actions)}`);
    return { problems, unsupportedActions: [] };
  }
  if (actions.length === 0) problems.push('Actions must not be empty');
  if (actions.length > MAX_FLOW_ACTIONS) problems.push(`a flow may have at most ${MAX_FLOW_ACTIONS} actions, this one has ${actions.length}`);
  if (flowType !== FLOW_MODULE && !(CONTACT_FLOW_TYPES as readonly string[]).includes(flowType)) problems.push(`unknown flow type ${show(flowType)}`);

  // Identifiers may be any text (real exports use names like "Set VMX Offer"): keep them in a Map, never as object keys.
  const ids = new Map<string, number>();
  const seen = new Set<string>();
  actions.forEach((action, index) => {
    const where = `Actions[${index}]`;
    if (!isObject(action)) {
      problems.push(`${where} must be an object`);
      return;
    }
    const id = action.Identifier;
    const name = typeof id === 'string' && id.length > 0 ? `action ${JSON.stringify(id)}` : where;
    if (typeof id !== 'string' || id.length === 0) problems.push(`${where}: Identifier must be a non-empty string, got ${show(id)}`);
    else {
      if (id.length > MAX_IDENTIFIER_LENGTH || IDENTIFIER_FORBIDDEN.test(id) || PROTOTYPE_NAMES.has(id)) {
        problems.push(`${name}: an Identifier has at most ${MAX_IDENTIFIER_LENGTH} characters, none of % : ( \\ / ) = $ , ; [ ] { }, and is not a JavaScript prototype name`);
      }
      if (!ids.has(id)) ids.set(id, index);
      else if (!seen.has(id)) {
        problems.push(`duplicate action Identifier ${JSON.stringify(id)}`);
        seen.add(id);
      }
    }
    const type = action.Type;
    if (typeof type !== 'string' || type.length === 0) problems.push(`${name}: Type must be a non-empty string, got ${show(type)}`);
    else if (!KNOWN_ACTIONS.has(type)) problems.push(`${name}: ${JSON.stringify(type)} is not an action type of the flow language`);
    else {
      if (!actionAllowedIn(type, flowType)) problems.push(`${name}: ${type} is not allowed in a ${flowType} flow`);
      if (!SUPPORTED_ACTIONS.has(type)) unsupported.add(type);
    }
    if (action.Parameters !== undefined && !isObject(action.Parameters)) problems.push(`${name}: Parameters must be an object, got ${show(action.Parameters)}`);
    checkTransitionsShape(action.Transitions, name, problems);
    for (const required of (typeof type === 'string' ? REQUIRED_ERRORS[type] : undefined) ?? []) {
      const errs = isObject(action.Transitions) && Array.isArray(action.Transitions.Errors) ? action.Transitions.Errors : [];
      if (!errs.some((e) => isObject(e) && e.ErrorType === required)) problems.push(`${name}: ${String(type)} must have a ${required} error branch`);
    }
  });

  if (typeof content.StartAction === 'string' && content.StartAction.length > 0 && !ids.has(content.StartAction)) {
    problems.push(`StartAction ${JSON.stringify(content.StartAction)} is not an action of the flow`);
  }
  for (const action of actions) {
    if (!isObject(action) || !isObject(action.Transitions)) continue;
    const name = typeof action.Identifier === 'string' ? `action ${JSON.stringify(action.Identifier)}` : 'an action';
    for (const { target, via } of targetsOf(action.Transitions)) {
      if (!ids.has(target)) problems.push(`${name}: ${via} points to ${JSON.stringify(target)}, which is not an action of the flow`);
    }
  }
  return { problems, unsupportedActions: [...unsupported].sort() };
}

function checkTransitionsShape(t: unknown, name: string, problems: string[]): void {
  if (t === undefined) return;
  if (!isObject(t)) {
    problems.push(`${name}: Transitions must be an object, got ${show(t)}`);
    return;
  }
  if (t.NextAction !== undefined && typeof t.NextAction !== 'string') problems.push(`${name}: Transitions.NextAction must be a string, got ${show(t.NextAction)}`);
  if (t.Errors !== undefined) {
    if (!Array.isArray(t.Errors)) problems.push(`${name}: Transitions.Errors must be an array, got ${show(t.Errors)}`);
    else t.Errors.forEach((e, i) => {
      if (!isObject(e) || typeof e.NextAction !== 'string' || typeof e.ErrorType !== 'string') {
        problems.push(`${name}: Transitions.Errors[${i}] must be {"NextAction": string, "ErrorType": string}`);
      }
    });
  }
  if (t.Conditions !== undefined) {
    if (!Array.isArray(t.Conditions)) problems.push(`${name}: Transitions.Conditions must be an array, got ${show(t.Conditions)}`);
    else t.Conditions.forEach((c, i) => {
      if (!isObject(c) || typeof c.NextAction !== 'string') {
        problems.push(`${name}: Transitions.Conditions[${i}] must be {"NextAction": string, "Condition": {...}}`);
        return;
      }
      const counted = { sub: 0 };
      const problem = conditionProblem(c.Condition, 1, counted);
      if (problem) problems.push(`${name}: Transitions.Conditions[${i}].Condition ${problem}`);
      else if (counted.sub > MAX_SUB_CONDITIONS) problems.push(`${name}: Transitions.Conditions[${i}].Condition has more than ${MAX_SUB_CONDITIONS} sub-conditions`);
    });
  }
}

/** A condition is {Operator: string, Operands: [...]}; an operand is a string (or number) or a nested condition. */
function conditionProblem(condition: unknown, depth: number, counted: { sub: number }): string | undefined {
  if (!isObject(condition) || typeof condition.Operator !== 'string' || !Array.isArray(condition.Operands)) {
    return 'must be {"Operator": string, "Operands": [...]}';
  }
  if (depth > MAX_CONDITION_DEPTH) return `is nested more than ${MAX_CONDITION_DEPTH} deep`;
  for (const operand of condition.Operands) {
    if (typeof operand === 'string' || typeof operand === 'number' || typeof operand === 'boolean') continue;
    counted.sub++;
    const problem = conditionProblem(operand, depth + 1, counted);
    if (problem) return problem;
  }
  return undefined;
}

function targetsOf(t: Record<string, unknown>): { target: string; via: string }[] {
  const out: { target: string; via: string }[] = [];
  if (typeof t.NextAction === 'string') out.push({ target: t.NextAction, via: 'NextAction' });
  if (Array.isArray(t.Errors)) {
    for (const e of t.Errors) if (isObject(e) && typeof e.NextAction === 'string') out.push({ target: e.NextAction, via: `the ${String(e.ErrorType)} error branch` });
  }
  if (Array.isArray(t.Conditions)) {
    for (const c of t.Conditions) if (isObject(c) && typeof c.NextAction === 'string') out.push({ target: c.NextAction, via: 'a condition' });
  }
  return out;
}

/**
 * Parses and checks Content as the Connect API sends it (a JSON string of at most 256000 characters).
 * `document` is set only when there are no problems.
 */
export function parseFlowContent(text: string, flowType: string): FlowCheck & { document?: FlowDocument } {
  if (text.length > MAX_FLOW_CONTENT_CHARS) {
    return { problems: [`Content is ${text.length} characters; a flow may have at most ${MAX_FLOW_CONTENT_CHARS}`], unsupportedActions: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problems: [`Content is not valid JSON: ${(error as Error).message}`], unsupportedActions: [] };
  }
  const check = checkFlow(parsed, flowType);
  return check.problems.length === 0 ? { ...check, document: parsed as FlowDocument } : check;
}

/** The first problem of a flow document (see checkFlow), or undefined when it may be stored. */
export function validateFlow(doc: FlowDocument, flowType = 'CONTACT_FLOW'): string | undefined {
  return checkFlow(doc, flowType).problems[0];
}
