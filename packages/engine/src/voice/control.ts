import type { ControlCall } from '../commands.ts';
import type { Event } from '../events.ts';
import type { CallParty, VoiceCall } from '../model/call.ts';
import type { Contact } from '../model/contact.ts';
import type { User } from '../model/user.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findContact, findInstance, findUser, isRejection } from '../lookup.ts';
import { reject, type Rejection } from '../rejection.ts';
import { agentParty, callOf, presentParties } from './call.ts';
import { checkConference, checkDisconnect, checkHold, checkMute, checkResume, checkSwap, checkUnmute } from './rules.ts';
import { leaveEvents } from './leave.ts';

/** DTMF a connection can send: digits, * and #, and "," for a pause. */
export const DTMF = /^[0-9*#,]{1,64}$/;

export interface OnCall {
  instance: Instance;
  user: User;
  contact: Contact;
  call: VoiceCall;
  actor: CallParty;
}

/** The acting agent is on this live call through their own contact, and has accepted it. */
export function agentOnCall(state: State, ref: { instanceId: string; userId: string; contactId: string }): OnCall | Rejection {
  const instance = findInstance(state, ref.instanceId);
  if (isRejection(instance)) return instance;
  const user = findUser(instance, ref.userId);
  if (isRejection(user)) return user;
  const contact = findContact(instance, ref.contactId);
  if (isRejection(contact)) return contact;
  const call = callOf(instance, contact);
  if (!call) return reject('InvalidRequest', `contact ${contact.id} is not a voice call`, { rule: 'call-control-is-for-voice' });
  if (call.endedAt !== undefined) return reject('InvalidRequest', 'the call has ended', { rule: 'call-is-live' });
  const actor = agentParty(call, user.id);
  if (!actor || actor.legContactId !== contact.id || actor.state === 'connecting') {
    return reject('AccessDenied', `you are not on contact ${contact.id}`, { rule: 'only-agents-on-the-call-control-it' });
  }
  return { instance, user, contact, call, actor };
}

/** An agent's call control: hold, resume, disconnect, mute, unmute, Join, Swap, Hold all, send digits (seed 000's table). */
export function decideControlCall(state: State, command: ControlCall): Decision {
  const found = agentOnCall(state, command);
  if (isRejection(found)) return refused(found);
  const { instance, call, actor } = found;
  const at = command.now;
  const base = { instanceId: instance.id, at, contactId: call.id };
  const connectionId = command.connectionId ?? actor.id;
  const outcome = (party: CallParty | Rejection, events: (p: CallParty) => Event[]): Decision =>
    isRejection(party) ? refused(party) : accepted(events(party));
  switch (command.op) {
    case 'hold':
      return outcome(checkHold(call, actor, connectionId), (p) => [{ type: 'CallPartyStateChanged', ...base, partyId: p.id, state: 'hold', by: actor.id }]);
    case 'resume':
      return outcome(checkResume(call, actor, connectionId), (p) => [{ type: 'CallPartyStateChanged', ...base, partyId: p.id, state: 'connected', by: actor.id }]);
    case 'mute':
      return outcome(checkMute(call, actor, connectionId), (p) => [{ type: 'CallPartyMuteChanged', ...base, partyId: p.id, muted: true, by: actor.id }]);
    case 'unmute':
      return outcome(checkUnmute(call, actor, connectionId), (p) => [{ type: 'CallPartyMuteChanged', ...base, partyId: p.id, muted: false, by: actor.id }]);
    case 'disconnect':
      return outcome(checkDisconnect(call, actor, connectionId), (p) =>
        leaveEvents(instance, call, p, 'AGENT_DISCONNECT', at, p.id === actor.id ? undefined : actor.id));
    case 'join': {
      const denied = checkConference(call, actor, 'join');
      if (denied) return refused(denied);
      const resumed = presentParties(call).filter((p) => p.state === 'hold').map((p) => p.id);
      return accepted(resumed.length > 0 || call.consult ? [{ type: 'CallJoined', ...base, resumed, by: actor.id }] : []);
    }
    case 'holdAll': {
      const denied = checkConference(call, actor, 'hold');
      if (denied) return refused(denied);
      return accepted(presentParties(call).filter((p) => p.id !== actor.id && p.state === 'connected')
        .map((p) => ({ type: 'CallPartyStateChanged' as const, ...base, partyId: p.id, state: 'hold' as const, by: actor.id })));
    }
    case 'swap': {
      const pair = checkSwap(call, actor);
      if (isRejection(pair)) return refused(pair);
      return accepted([
        { type: 'CallPartyStateChanged', ...base, partyId: pair.active.id, state: 'hold', by: actor.id },
        { type: 'CallPartyStateChanged', ...base, partyId: pair.held.id, state: 'connected', by: actor.id },
      ]);
    }
    case 'sendDigits': {
      const digits = command.digits ?? '';
      if (!DTMF.test(digits)) return refused(reject('InvalidRequest', 'digits are 1–64 of 0-9, *, # and ","', { rule: 'dtmf-digits' }));
      const target = call.parties.find((p) => p.id === connectionId && p.state !== 'disconnected');
      if (!target || target.kind === 'agent') return refused(reject('InvalidRequest', 'digits go to a phone connection (the caller or an external party)', { rule: 'digits-go-to-phone-connections' }));
      return accepted([{ type: 'DigitsSent', ...base, partyId: target.id, digits, by: actor.id }]);
    }
  }
}
