/** Test helpers for flows on calls: calls with media whose flows play to parties, agents taking them, call control, the phone's side. */
import assert from 'node:assert/strict';
import type { CallParty } from '../src/model/call.ts';
import { callFlowMedia, mediaPlan, type Decision, type FlowAction, type MediaPlan, type PlannedPlayback } from '../src/index.ts';
import { eventsOf } from './decisions.ts';
import { FlowWorld, act, flowOf, hangup } from './flowWorld.ts';
import { uuidCounter } from './fixtures.ts';

const nextId = uuidCounter('ca12');

export class CallFlowWorld extends FlowWorld {
  readonly voiceProfile: string;

  constructor(options: { agents?: string[]; multiParty?: boolean } = {}) {
    super();
    if (options.multiParty) eventsOf(this.run({ type: 'UpdateInstanceAttribute', attributeType: 'MULTI_PARTY_CONFERENCE', value: 'true' }));
    this.voiceProfile = this.addRoutingProfile('voice', ['VOICE']);
    for (const agent of options.agents ?? ['vic', 'wes']) this.addAgent(agent, this.voiceProfile);
  }

  /** An inbound flow that sets these hooks (UpdateContactEventHooks), then queues the call on BasicQueue. */
  hooksThenQueue(hooks: Record<string, string>, before: FlowAction[] = []) {
    return flowOf([
      ...before,
      act('hooks', 'UpdateContactEventHooks', { EventHooks: hooks }, 'q'),
      act('q', 'UpdateContactTargetQueue', { QueueId: this.queueId }, 'go'), act('go', 'TransferContactToQueue', {}, 'bye'), hangup(),
    ], before[0]?.Identifier ?? 'hooks');
  }

  /** A call with media, queued by a flow setting `hooks`, taken by `agent`; the whispers are played out. */
  acceptedCall(agent: string, hooks: Record<string, string> = {}, options: { number?: string } = {}) {
    const call = this.callOn(this.hooksThenQueue(hooks), { media: true, ...options });
    eventsOf(call.decision);
    eventsOf(this.setStatus(agent, 'Available'));
    eventsOf(this.accept(agent, call.contactId));
    // The default agent whisper speaks the queue name to the agent; the default customer whisper ends at once.
    eventsOf(this.played(call.contactId));
    assert.equal(this.contact(call.contactId).flowRun, undefined, 'the whispers are done');
    return { ...call, agentPartyId: this.agentParty(call.contactId, agent).id };
  }

  parties(callId: string): CallParty[] {
    return this.contact(callId).call!.parties;
  }

  agentParty(callId: string, agent: string): CallParty {
    const party = this.parties(callId).find((p) => p.kind === 'agent' && p.userId === this.userId(agent));
    assert.ok(party, `${agent} is on call ${callId}`);
    return party;
  }

  control(agent: string, contactId: string, op: 'hold' | 'resume' | 'disconnect' | 'join', connectionId?: string): Decision {
    return this.run({ type: 'ControlCall', userId: this.userId(agent), contactId, op, ...(connectionId ? { connectionId } : {}) });
  }

  phone(callId: string, partyId: string, action: 'answer' | 'decline' | 'hangup'): Decision {
    return this.run({ type: 'PhoneAction', contactId: callId, partyId, action });
  }

  /** The media plan with every flow on the call (its legs too), as the media driver makes it. */
  plan(callId: string): MediaPlan {
    const first = this.contact(callId);
    const plan = mediaPlan(first, { flow: callFlowMedia(this.instance, first) });
    assert.ok(plan, `call ${callId} is live`);
    return plan;
  }

  /** What flows play to a party (music and tones left out). */
  flowAudioTo(callId: string, partyId: string): PlannedPlayback['audio'][] {
    return callFlowMedia(this.instance, this.contact(callId)).playbacks.filter((p) => p.to === partyId).map((p) => p.audio);
  }

  /** Media reports the prompt played to a party ended — to the call, as media does (the engine finds the leg). */
  playedTo(callId: string, partyId: string): Decision {
    const playback = callFlowMedia(this.instance, this.contact(callId)).playbacks.find((p) => p.to === partyId);
    assert.ok(playback, `a flow plays to ${partyId}`);
    return this.run({ type: 'FlowPromptPlayed', contactId: callId, playbackId: playback.id });
  }

  /** An agent calls a number from the CCP (media on): returns the contact and the customer's party. */
  dialOut(agent: string, phoneNumber = '+15550199'): { contactId: string; customerPartyId: string } {
    const contactId = nextId(), agentPartyId = nextId(), customerPartyId = nextId();
    eventsOf(this.run({ type: 'StartOutboundCall', userId: this.userId(agent), contactId, agentPartyId, customerPartyId, phoneNumber, media: true }));
    return { contactId, customerPartyId };
  }
}
