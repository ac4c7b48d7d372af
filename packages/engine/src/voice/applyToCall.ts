import type { CallEnded, CallJoined, CallPartyAdded, CallPartyLeft, CallPartyMuteChanged, CallPartyStateChanged, CallStarted, DigitsSent } from '../events.ts';
import type { CallParty, VoiceCall } from '../model/call.ts';

export type CallEvent = CallStarted | CallPartyAdded | CallPartyStateChanged | CallPartyMuteChanged | CallJoined | CallPartyLeft | CallEnded | DigitsSent;

const CALL_EVENTS = new Set<string>(['CallStarted', 'CallPartyAdded', 'CallPartyStateChanged', 'CallPartyMuteChanged', 'CallJoined', 'CallPartyLeft', 'CallEnded', 'DigitsSent']);

export function isCallEvent(event: { type: string }): event is CallEvent {
  return CALL_EVENTS.has(event.type);
}

/** A new call from its CallStarted event. */
export function newCall(event: CallStarted): VoiceCall {
  const call: VoiceCall = { id: event.contactId, mode: event.mode, parties: event.parties.map((p) => ({ ...p })), chain: [event.contactId], digits: [] };
  const agent = call.parties.find((p) => p.kind === 'agent');
  if (agent) {
    call.primaryPartyId = agent.id;
    call.controllerPartyId = agent.id;
  }
  return call;
}

function party(call: VoiceCall, id: string): CallParty | undefined {
  return call.parties.find((p) => p.id === id);
}

function takeOffHold(call: VoiceCall, ids: readonly string[]): void {
  for (const id of ids) {
    const p = party(call, id);
    if (p && p.state === 'hold') {
      p.state = 'connected';
      delete p.heldBy;
    }
  }
}

/**
 * Applies a call event to the call alone (parties, consult, control, chain) — used by evolve, and by
 * decide to look ahead (a transfer is an add and a leave in one command).
 */
export function applyToCall(call: VoiceCall, event: Exclude<CallEvent, CallStarted>): void {
  switch (event.type) {
    case 'CallPartyAdded': {
      for (const id of event.held) {
        const p = party(call, id);
        if (p && p.state === 'connected') {
          p.state = 'hold';
          p.heldBy = event.by;
          p.since = event.at;
        }
      }
      call.parties.push({ ...event.party });
      call.chain.push(event.leg.contactId);
      call.consult = { agentPartyId: event.by, newPartyId: event.party.id };
      return;
    }
    case 'CallPartyStateChanged': {
      const p = party(call, event.partyId);
      if (!p || p.state === 'disconnected') return;
      p.state = event.state;
      p.since = event.at;
      if (event.state === 'hold' && event.by !== undefined) p.heldBy = event.by;
      else delete p.heldBy;
      return;
    }
    case 'CallPartyMuteChanged': {
      const p = party(call, event.partyId);
      if (!p) return;
      p.muted = event.muted;
      return;
    }
    case 'CallJoined':
      takeOffHold(call, event.resumed);
      delete call.consult;
      return;
    case 'CallPartyLeft': {
      const p = party(call, event.partyId);
      if (p) {
        p.state = 'disconnected';
        p.leftAt = event.at;
        delete p.heldBy;
      }
      takeOffHold(call, event.resumed);
      if (call.consult && (call.consult.agentPartyId === event.partyId || call.consult.newPartyId === event.partyId)) delete call.consult;
      if (call.controllerPartyId === event.partyId) {
        if (event.controllerPartyId !== undefined) call.controllerPartyId = event.controllerPartyId;
        else delete call.controllerPartyId;
      }
      return;
    }
    case 'CallEnded':
      call.endedAt = event.at;
      delete call.consult;
      for (const p of call.parties) {
        if (p.state !== 'disconnected') {
          p.state = 'disconnected';
          p.leftAt = event.at;
          delete p.heldBy;
        }
      }
      return;
    case 'DigitsSent':
      call.digits.push({ partyId: event.partyId, digits: event.digits, by: event.by, at: event.at });
      return;
  }
}

/**
 * An agent accepted a voice contact: the party added for that leg (connecting) is connected now; on the
 * call's first contact, the accepting agent joins as the primary agent (and, three-party, has control).
 */
export function agentJoined(call: VoiceCall, legContactId: string, participantId: string, userId: string, displayName: string, at: number): void {
  const waiting = call.parties.find((p) => p.legContactId === legContactId && p.kind === 'agent' && p.state === 'connecting');
  if (waiting) {
    waiting.state = 'connected';
    waiting.userId = userId;
    waiting.since = at;
    // An agent who joins a call no other agent is on (a blind transfer: the transferring agent already
    // left) is its primary agent from now on, with call control, as on a contact of their own.
    if (!call.parties.some((p) => p !== waiting && p.kind === 'agent' && p.state !== 'disconnected' && p.state !== 'connecting')) {
      call.primaryPartyId = waiting.id;
      call.controllerPartyId = waiting.id;
    }
    return;
  }
  // The agent who takes the call from the queue is known by their name (others came by a quick connect).
  call.parties.push({ id: participantId, kind: 'agent', userId, displayName, legContactId, state: 'connected', muted: false, since: at });
  call.primaryPartyId ??= participantId;
  call.controllerPartyId ??= participantId;
}
