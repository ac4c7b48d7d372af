import type { CallParty, VoiceCall } from '../model/call.ts';
import { reject, type Rejection } from '../rejection.ts';
import { isRejection } from '../lookup.ts';
import { callerParty, hasControl, isPresent, maxParties, partyById, presentParties } from './call.ts';

/**
 * Seed 000's comparison table of three-party and multi-party calls, one check per operation. Each
 * returns the rejection (naming the rule) or undefined when the agent may do it. `actor` is the
 * acting agent's party, already known to be on the call.
 */

const refuse = (code: Rejection['code'], rule: string, message: string): Rejection => reject(code, message, { rule });

/** Others' parties can be controlled only by an agent with call control (three-party: the primary, or who remains). */
function control(call: VoiceCall, actor: CallParty, what: string): Rejection | undefined {
  if (hasControl(call, actor)) return undefined;
  if (call.mode === 'three-party') {
    return refuse('AccessDenied', 'three-party-only-the-controlling-agent-controls-parties',
      `in a three-party call only the primary agent can ${what} the parties they added (the secondary agent gets control when the primary disconnects)`);
  }
  return refuse('AccessDenied', 'agents-act-once-they-have-accepted', `you can ${what} parties once you have accepted the call`);
}

function target(call: VoiceCall, connectionId: string): CallParty | Rejection {
  const party = partyById(call, connectionId);
  if (!isPresent(party)) return refuse('ResourceNotFound', 'connection-is-on-the-call', `connection ${connectionId} is not on this call`);
  return party;
}

/** Hold: three-party — only parties the controlling agent added (not themselves); multi-party — any agent, any party. */
export function checkHold(call: VoiceCall, actor: CallParty, connectionId: string): CallParty | Rejection {
  const party = target(call, connectionId);
  if (isRejection(party)) return party;
  if (call.mode === 'three-party') {
    const denied = control(call, actor, 'hold');
    if (denied) return denied;
    if (party.id === actor.id) return refuse('InvalidRequest', 'three-party-hold-only-parties-you-added', 'in a three-party call you hold the other parties, not yourself');
  }
  if (party.state === 'connecting') return refuse('Conflict', 'hold-only-connected-parties', 'a party still being dialled cannot be put on hold');
  if (party.state === 'hold') return refuse('Conflict', 'hold-only-connected-parties', 'the party is already on hold');
  return party;
}

/**
 * Resume: three-party — the controlling agent resumes the parties they hold; a secondary agent the
 * primary put on hold cannot take themselves off hold. Multi-party — any agent can take themselves (or
 * anyone) off hold.
 */
export function checkResume(call: VoiceCall, actor: CallParty, connectionId: string): CallParty | Rejection {
  const party = target(call, connectionId);
  if (isRejection(party)) return party;
  if (call.mode === 'three-party') {
    if (party.id === actor.id && !hasControl(call, actor)) {
      return refuse('AccessDenied', 'three-party-held-secondary-cannot-resume-themselves',
        'in a three-party call, when the primary agent puts you on hold only they can take you off hold');
    }
    const denied = control(call, actor, 'resume');
    if (denied) return denied;
  }
  if (party.state !== 'hold') return refuse('Conflict', 'resume-only-held-parties', 'the party is not on hold');
  return party;
}

/** Disconnect: leaving is always allowed; disconnecting another party needs control (three-party) — any agent in multi-party. */
export function checkDisconnect(call: VoiceCall, actor: CallParty, connectionId: string): CallParty | Rejection {
  const party = target(call, connectionId);
  if (isRejection(party)) return party;
  if (party.id === actor.id) return party;
  if (call.mode === 'three-party' && !hasControl(call, actor)) {
    return refuse('AccessDenied', 'three-party-only-the-primary-disconnects-parties',
      'in a three-party call only the primary agent can disconnect a party; the secondary agent can disconnect the caller only after the primary has disconnected');
  }
  return hasControl(call, actor) ? party : control(call, actor, 'disconnect')!;
}

/** Mute: three-party — each agent mutes only themselves; multi-party — any agent mutes any participant. */
export function checkMute(call: VoiceCall, actor: CallParty, connectionId: string): CallParty | Rejection {
  const party = target(call, connectionId);
  if (isRejection(party)) return party;
  if (call.mode === 'three-party' && party.id !== actor.id) {
    return refuse('AccessDenied', 'three-party-agents-mute-only-themselves', 'in a three-party call each agent can mute only themselves');
  }
  if (party.muted) return refuse('Conflict', 'mute-only-unmuted-parties', 'the participant is already muted');
  return party;
}

/** Unmute (both modes): only the participant can unmute themselves. */
export function checkUnmute(call: VoiceCall, actor: CallParty, connectionId: string): CallParty | Rejection {
  const party = target(call, connectionId);
  if (isRejection(party)) return party;
  if (party.id !== actor.id) return refuse('AccessDenied', 'only-the-participant-unmutes-themselves', 'an agent can only unmute themselves, not another participant');
  if (!party.muted) return refuse('Conflict', 'unmute-only-muted-parties', 'you are not muted');
  return party;
}

/**
 * Adding a party. Both modes: the adding agent is connected (they talk to the new party alone).
 * Three-party: only the controlling agent, at most three parties, with the caller still on the call.
 * Multi-party: at most six; not while another party is being dialled; once the caller or the primary
 * agent has left, only while at least three parties remain.
 * `leaving` is the agent who leaves in the same breath (a transfer): they do not count.
 */
export function checkAdd(call: VoiceCall, actor: CallParty, leaving?: CallParty): Rejection | undefined {
  if (actor.state !== 'connected') return refuse('Conflict', 'the-adding-agent-is-connected', 'take yourself off hold before adding a participant');
  const present = presentParties(call).filter((p) => p !== leaving);
  if (call.mode === 'three-party') {
    const denied = control(call, actor, 'add');
    if (denied) return denied;
    if (present.length + 1 > maxParties(call)) {
      return refuse('QuotaExceeded', 'three-party-at-most-three-parties', 'a three-party call holds at most three parties: the agent, the caller and one more');
    }
    if (!isPresent(callerParty(call))) return refuse('InvalidRequest', 'three-party-add-needs-the-caller', 'in a three-party call, participants can be added only while the caller is on the call');
    return undefined;
  }
  if (present.length + 1 > maxParties(call)) {
    return refuse('QuotaExceeded', 'multi-party-at-most-six-parties', 'a call holds at most six parties: the agent, the caller and four more');
  }
  if (present.some((p) => p.state === 'connecting')) {
    return refuse('Conflict', 'multi-party-no-add-while-dialling', 'another party is being dialled; wait until that dial completes (answered or failed)');
  }
  if (!isPresent(callerParty(call)) && present.length < 3) {
    return refuse('InvalidRequest', 'multi-party-add-after-caller-left-needs-three', 'after the caller has dropped, participants can be added only while three or more remain');
  }
  const primary = call.primaryPartyId ? partyById(call, call.primaryPartyId) : undefined;
  if (primary && !isPresent(primary) && present.length < 3) {
    return refuse('InvalidRequest', 'multi-party-add-after-primary-left-needs-three', 'the primary agent has left: at least three participants must remain to add more');
  }
  return undefined;
}

/** Join and Hold all: three-party — the controlling agent; multi-party — any agent who has accepted. */
export function checkConference(call: VoiceCall, actor: CallParty, what: string): Rejection | undefined {
  return control(call, actor, what);
}

/**
 * Swap (both modes): only with exactly three parties; it toggles the adding agent between the party on
 * hold and the active one, so exactly one of the other two must be on hold.
 */
export function checkSwap(call: VoiceCall, actor: CallParty): { held: CallParty; active: CallParty } | Rejection {
  const denied = control(call, actor, 'swap');
  if (denied) return denied;
  const present = presentParties(call);
  if (present.length !== 3) return refuse('InvalidRequest', 'swap-only-with-three-parties', 'Swap is only available with three parties on the call, not more');
  const others = present.filter((p) => p.id !== actor.id);
  const held = others.find((p) => p.state === 'hold');
  const active = others.find((p) => p.state === 'connected');
  if (!held || !active) return refuse('Conflict', 'swap-toggles-a-held-and-an-active-party', 'Swap needs one party on hold and the other connected');
  return { held, active };
}
