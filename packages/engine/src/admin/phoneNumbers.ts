import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';
import { checkTags } from './tags.ts';

/**
 * Phone numbers through the Connect API (issue 18). There is no telephone company behind Switchboard: claiming
 * a number records one the operator owns on their SIP trunk, so calls to it reach the instance. Rules:
 * - the number is E.164 (+ and 2–15 digits, no leading 0) — InvalidParameter;
 * - a number is claimed by at most one instance of the whole server (a call to it must reach one place):
 *   claiming one already claimed is a ResourceConflict;
 * - a number runs one inbound flow: the flow associated must exist (ResourceNotFound) and be of type
 *   CONTACT_FLOW (InvalidParameter); associating again replaces it; disassociating leaves the number with none;
 * - a call to a claimed number that has a flow runs that flow (flowForNumber); releasing the number forgets it.
 */

export interface PhoneNumber {
  id: string;
  arn: string;
  /** E.164, e.g. +14155550100. */
  number: string;
  /** ISO 3166-1 alpha-2 country of the number, from its calling code (+1 reads US). */
  countryCode: string;
  /** Numbers on a SIP trunk are direct-dial numbers. */
  type: 'DID';
  description: string;
  tags: Record<string, string>;
  contactFlowId?: string;
  claimedAt: number;
}

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}
export interface ClaimPhoneNumber extends CommandBase {
  type: 'ClaimPhoneNumber';
  phoneNumberId: string;
  phoneNumber: string;
  description: string;
  tags: Record<string, string>;
}
export interface ReleasePhoneNumber extends CommandBase {
  type: 'ReleasePhoneNumber';
  phoneNumberId: string;
}
export interface AssociatePhoneNumberContactFlow extends CommandBase {
  type: 'AssociatePhoneNumberContactFlow';
  phoneNumberId: string;
  contactFlowId: string;
}
export interface DisassociatePhoneNumberContactFlow extends CommandBase {
  type: 'DisassociatePhoneNumberContactFlow';
  phoneNumberId: string;
}
export type PhoneNumberCommand = ClaimPhoneNumber | ReleasePhoneNumber | AssociatePhoneNumberContactFlow | DisassociatePhoneNumberContactFlow;

interface EventBase {
  instanceId: string;
  at: number;
  phoneNumberId: string;
}
export interface PhoneNumberClaimed extends EventBase {
  type: 'PhoneNumberClaimed';
  phoneNumber: string;
  countryCode: string;
  description: string;
  tags: Record<string, string>;
}
export interface PhoneNumberReleased extends EventBase {
  type: 'PhoneNumberReleased';
}
/** `contactFlowId` null: the number has no flow now. */
export interface PhoneNumberFlowSet extends EventBase {
  type: 'PhoneNumberFlowSet';
  contactFlowId: string | null;
}
export type PhoneNumberEvent = PhoneNumberClaimed | PhoneNumberReleased | PhoneNumberFlowSet;

export function isPhoneNumberEvent(event: Event): event is PhoneNumberEvent & Event {
  return event.type === 'PhoneNumberClaimed' || event.type === 'PhoneNumberReleased' || event.type === 'PhoneNumberFlowSet';
}

export const E164_NUMBER = /^\+[1-9]\d{1,14}$/;

/** Calling codes → country (the first, or best known, country of a shared code). Longest prefix wins. */
const CALLING_CODES: Record<string, string> = {
  '1': 'US', '7': 'RU', '20': 'EG', '27': 'ZA', '30': 'GR', '31': 'NL', '32': 'BE', '33': 'FR', '34': 'ES', '36': 'HU', '39': 'IT', '40': 'RO',
  '41': 'CH', '43': 'AT', '44': 'GB', '45': 'DK', '46': 'SE', '47': 'NO', '48': 'PL', '49': 'DE', '51': 'PE', '52': 'MX', '53': 'CU', '54': 'AR',
  '55': 'BR', '56': 'CL', '57': 'CO', '58': 'VE', '60': 'MY', '61': 'AU', '62': 'ID', '63': 'PH', '64': 'NZ', '65': 'SG', '66': 'TH', '81': 'JP',
  '82': 'KR', '84': 'VN', '86': 'CN', '90': 'TR', '91': 'IN', '92': 'PK', '212': 'MA', '234': 'NG', '254': 'KE', '351': 'PT', '352': 'LU',
  '353': 'IE', '354': 'IS', '358': 'FI', '420': 'CZ', '852': 'HK', '886': 'TW', '971': 'AE', '972': 'IL', '966': 'SA',
};

/** The country of an E.164 number by its calling code; ZZ (unknown) when the code is not in the table. */
export function countryOf(number: string): string {
  const digits = number.slice(1);
  for (const length of [3, 2, 1]) {
    const country = CALLING_CODES[digits.slice(0, length)];
    if (country) return country;
  }
  return 'ZZ';
}

export function phoneNumberArn(instance: Instance, phoneNumberId: string): string {
  return `arn:aws:connect:${instance.region}:${instance.accountId}:phone-number/${phoneNumberId}`;
}

/** The instance and record of a claimed phone number (by id), anywhere on the server. */
export function findPhoneNumber(state: State, phoneNumberId: string): { instance: Instance; phoneNumber: PhoneNumber } | undefined {
  for (const instance of state.instances.values()) {
    const phoneNumber = instance.phoneNumbers?.get(phoneNumberId);
    if (phoneNumber) return { instance, phoneNumber };
  }
  return undefined;
}

/** The claimed number record for an E.164 number on an instance, if it has claimed it. */
export function claimedNumber(instance: Instance, number: string): PhoneNumber | undefined {
  for (const n of instance.phoneNumbers?.values() ?? []) if (n.number === number) return n;
  return undefined;
}

/** The flow a call to `number` runs on this instance: the flow associated with the claimed number, if any. */
export function flowForNumber(instance: Instance, number: string): string | undefined {
  const flowId = claimedNumber(instance, number)?.contactFlowId;
  return flowId !== undefined && instance.flows.has(flowId) ? flowId : undefined;
}

export function decidePhoneNumber(state: State, command: PhoneNumberCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const base = { instanceId: instance.id, at: command.now, phoneNumberId: command.phoneNumberId };
  if (command.type === 'ClaimPhoneNumber') {
    if (!E164_NUMBER.test(command.phoneNumber)) return refused(reject('InvalidParameter', `PhoneNumber ${command.phoneNumber} is not in E.164 format, e.g. +14155550100`));
    if (findPhoneNumber(state, command.phoneNumberId)) return refused(reject('DuplicateResource', `phone number ${command.phoneNumberId} already exists`));
    for (const other of state.instances.values()) {
      if (claimedNumber(other, command.phoneNumber)) return refused(reject('ResourceConflict', `phone number ${command.phoneNumber} is already claimed`));
    }
    if (command.description.length > 500) return refused(reject('InvalidParameter', 'PhoneNumberDescription is at most 500 characters'));
    const problem = checkTags(command.tags);
    if (problem) return refused(reject('InvalidParameter', problem));
    return accepted([{
      type: 'PhoneNumberClaimed', ...base, phoneNumber: command.phoneNumber, countryCode: countryOf(command.phoneNumber),
      description: command.description, tags: { ...command.tags },
    }]);
  }
  const phoneNumber = instance.phoneNumbers?.get(command.phoneNumberId);
  if (!phoneNumber) return refused(notFound('PhoneNumber', command.phoneNumberId));
  switch (command.type) {
    case 'ReleasePhoneNumber':
      return accepted([{ type: 'PhoneNumberReleased', ...base }]);
    case 'AssociatePhoneNumberContactFlow': {
      const flow = instance.flows.get(command.contactFlowId);
      if (!flow) return refused(notFound('ContactFlow', command.contactFlowId));
      if (flow.type !== 'CONTACT_FLOW') return refused(reject('InvalidParameter', `flow ${flow.id} is of type ${flow.type}: a phone number runs an inbound flow (CONTACT_FLOW)`));
      return accepted([{ type: 'PhoneNumberFlowSet', ...base, contactFlowId: flow.id }]);
    }
    case 'DisassociatePhoneNumberContactFlow':
      return accepted([{ type: 'PhoneNumberFlowSet', ...base, contactFlowId: null }]);
  }
}

export function applyPhoneNumber(instance: Instance, event: PhoneNumberEvent): void {
  const numbers = (instance.phoneNumbers ??= new Map());
  switch (event.type) {
    case 'PhoneNumberClaimed':
      numbers.set(event.phoneNumberId, {
        id: event.phoneNumberId, arn: phoneNumberArn(instance, event.phoneNumberId), number: event.phoneNumber, countryCode: event.countryCode,
        type: 'DID', description: event.description, tags: { ...event.tags }, claimedAt: event.at,
      });
      return;
    case 'PhoneNumberReleased':
      numbers.delete(event.phoneNumberId);
      return;
    case 'PhoneNumberFlowSet': {
      const number = numbers.get(event.phoneNumberId);
      if (!number) return;
      if (event.contactFlowId === null) delete number.contactFlowId;
      else number.contactFlowId = event.contactFlowId;
      return;
    }
  }
}
