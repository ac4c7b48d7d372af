/**
 * Voice call fixtures: a World whose agents take calls (VOICE and CHAT on BasicQueue), USER quick
 * connects per agent, a QUEUE quick connect and a PHONE_NUMBER one, and helpers that speak in the
 * terms of seed 000 (call, answer, add, hold, resume, join, swap, hang up).
 */
import assert from 'node:assert/strict';
import { agentSnapshot, type CallOperation, type CallParty, type ConnectionView, type Decision, type VoiceCall } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';

export const CALLER = '+12065550100';
export const EXTERNAL = '+12065550199';

export class CallWorld {
  readonly world: World;
  /** Quick connect ids: one per agent (USER, named after the agent), `queue` (BasicQueue) and `phone` (EXTERNAL). */
  readonly qc: Record<string, string> = {};
  private nextParty = 0;

  constructor(options: { agents?: string[]; multiParty?: boolean } = {}) {
    const agents = options.agents ?? ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    this.world = new World({ agents: [] });
    const profile = this.world.addRoutingProfile('Voice and chat', ['VOICE', 'CHAT']);
    for (const agent of agents) this.world.addAgent(agent, profile);
    if (options.multiParty) this.world.must({ type: 'UpdateInstanceAttribute', attributeType: 'MULTI_PARTY_CONFERENCE', value: 'true' });
    for (const agent of agents) this.qc[agent] = this.world.addQuickConnect('USER', agent, { name: agent[0]!.toUpperCase() + agent.slice(1) });
    this.qc.queue = this.world.addQuickConnect('QUEUE', this.world.queueId, { name: 'BasicQueue' });
    this.qc.phone = this.world.addQuickConnect('PHONE_NUMBER', EXTERNAL, { name: 'Broker' });
    this.world.advance(1000);
  }

  partyId(): string {
    this.nextParty++;
    return `00000000-0000-4000-8000-${this.nextParty.toString(16).padStart(12, '0')}`;
  }

  /** A caller dials in; the sample flow queues the call on BasicQueue. */
  dialIn(number = CALLER): { callId: string; callerId: string; decision: Decision } {
    const callId = this.partyId().replace('8000', '9000');
    const callerId = this.partyId();
    const decision = this.world.run({ type: 'StartVoiceContact', contactId: callId, partyId: callerId, contactFlowId: this.world.flowId, customerPhoneNumber: number, attributes: {} });
    return { callId, callerId, decision };
  }

  available(...agents: string[]): void {
    for (const agent of agents) {
      this.world.advance(100);
      if (this.world.instance.agentStatuses.get(this.world.user(agent).statusId)?.type !== 'ROUTABLE') eventsOf(this.world.setStatus(agent, 'Available'));
    }
  }

  /** The agent accepts the voice contact offered to them and returns its id (their leg). */
  acceptOffered(agent: string): string {
    const offered = [...this.world.user(agent).contacts.values()].find((c) => c.state === 'incoming' && c.channel === 'VOICE');
    assert.ok(offered, `${agent} has a call offered`);
    this.world.advance(100);
    eventsOf(this.world.accept(agent, offered.contactId));
    return offered.contactId;
  }

  /** A call answered by `agent` (the primary agent). */
  answeredCall(agent = 'alice'): { callId: string; callerId: string } {
    this.available(agent);
    const { callId, callerId, decision } = this.dialIn();
    eventsOf(decision);
    assert.equal(this.acceptOffered(agent), callId);
    return { callId, callerId };
  }

  call(callId: string): VoiceCall {
    return this.world.contact(callId).call!;
  }

  /** The agent's own leg (contact id) on the call. */
  legOf(agent: string, callId: string): string {
    const party = this.call(callId).parties.find((p) => p.kind === 'agent' && p.userId === this.world.userId(agent) && p.state !== 'disconnected')
      ?? this.call(callId).parties.findLast((p) => p.kind === 'agent' && p.userId === this.world.userId(agent));
    assert.ok(party, `${agent} is on the call`);
    return party.legContactId;
  }

  /** A party by role ('caller', 'external' = the last external, an agent's name) or by connection id. */
  party(callId: string, who: string): CallParty {
    const call = this.call(callId);
    const party = who.includes('-') ? call.parties.find((p) => p.id === who)
      : who === 'caller' ? call.parties.find((p) => p.kind === 'customer')
      : who === 'external' ? call.parties.findLast((p) => p.kind === 'external')
      : call.parties.findLast((p) => p.kind === 'agent' && p.userId === this.world.userId(who));
    assert.ok(party, `${who} is a party of the call`);
    return party;
  }

  /** addNewConnection by quick connect name (an agent's name, 'queue' or 'phone') or a number ('+…'). */
  add(agent: string, callId: string, target: string): Decision {
    this.world.advance(100);
    return this.world.run({
      type: 'AddParticipant', userId: this.world.userId(agent), contactId: this.legOf(agent, callId),
      ...(target.startsWith('+') ? { phoneNumber: target } : { quickConnectId: this.qc[target]! }),
    });
  }

  transfer(agent: string, callId: string, target: string): Decision {
    this.world.advance(100);
    return this.world.run({
      type: 'TransferContact', userId: this.world.userId(agent), contactId: this.legOf(agent, callId),
      ...(target.startsWith('+') ? { phoneNumber: target } : { quickConnectId: this.qc[target]! }),
    });
  }

  /** Adds an agent by their USER quick connect and has them accept (the adder then talks to them alone). */
  addAgent(agent: string, callId: string, added: string): void {
    this.available(added);
    eventsOf(this.add(agent, callId, added));
    this.acceptOffered(added);
  }

  /** Adds the external number and has it answer. */
  addExternal(agent: string, callId: string, number = EXTERNAL): CallParty {
    eventsOf(this.add(agent, callId, number));
    const party = this.call(callId).parties.findLast((p) => p.kind === 'external')!;
    eventsOf(this.phone(callId, party.id, 'answer'));
    return party;
  }

  /** An agent's call control on a party ('caller', 'external', an agent's name) or none. */
  control(agent: string, callId: string, op: CallOperation, who?: string, digits?: string): Decision {
    this.world.advance(100);
    return this.world.run({
      type: 'ControlCall', userId: this.world.userId(agent), contactId: this.legOf(agent, callId), op,
      ...(who !== undefined ? { connectionId: this.party(callId, who).id } : {}),
      ...(digits !== undefined ? { digits } : {}),
    });
  }

  phone(callId: string, partyId: string, action: 'answer' | 'decline' | 'hangup' | 'unmute'): Decision {
    this.world.advance(100);
    return this.world.run({ type: 'PhoneAction', contactId: callId, partyId, action });
  }

  /** Ends the call by the caller hanging up. */
  callerHangsUp(callId: string): Decision {
    return this.phone(callId, this.party(callId, 'caller').id, 'hangup');
  }

  stateOf(callId: string, who: string): CallParty['state'] {
    return this.party(callId, who).state;
  }

  ended(callId: string): boolean {
    return this.call(callId).endedAt !== undefined;
  }

  /** The connections the agent's CCP shows for their leg of the call. */
  connections(agent: string, callId: string): ConnectionView[] {
    const leg = this.legOf(agent, callId);
    const view = agentSnapshot(this.world.instance, this.world.user(agent), this.world.now).snapshot.contacts.find((c) => c.contactId === leg);
    assert.ok(view, `${agent} sees their leg ${leg}`);
    return view.connections;
  }

  /** A call answered by alice with `added` agents brought in one by one by `adder` and joined (a conference). */
  conference(added: string[], adder = 'alice'): { callId: string; callerId: string } {
    const call = this.answeredCall('alice');
    for (const agent of added) {
      this.addAgent(adder, call.callId, agent);
      eventsOf(this.control(adder, call.callId, 'join'));
    }
    return call;
  }
}

/** The rule a refused decision names. */
export function ruleOf(decision: Decision): string | undefined {
  return rejectionOf(decision).rule;
}

export { eventsOf, eventsOfType };
