/**
 * A call whose every party carries audio (werift peers): the caller and external parties on the phone
 * simulator, agents over their agent sockets as the CCP's softphone does. Each party sends its own tone;
 * `checkHearing` compares what each party actually heard with the engine's hearing matrix for the call.
 */
import assert from 'node:assert/strict';
import { UpdateInstanceAttributeCommand } from '@aws-sdk/client-connect';
import { hearingMatrix } from '@switchboard/engine';
import type { AgentClient } from '@switchboard/sdk';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import { startTestServer, statusControl, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent, demoConnectClient } from './sdkClients.ts';
import { createTestClient, heardFrames, sleep, tonePower, type TestClient } from './audioProbe.ts';

export const AGENTS = ['agent1', 'agent2', 'agent3', 'agent4'] as const;
export type AgentName = (typeof AGENTS)[number];
export const CALLER = '+12065550100';
export const EXTERNAL = '+12065550177';
/** Each party's tone: far enough apart (and from each other's harmonics) to tell in one 20 ms frame. */
const TONES = [440, 620, 820, 1040, 1260, 1500, 1720];
const AMPLITUDE = 4000;
const HEARD = 0.03;

export interface Party { id: string; name: string; hz: number; peer: TestClient }

export class ConferenceRig {
  readonly parties = new Map<string, Party>();
  private nextTone = 0;
  callId = '';

  private constructor(readonly srv: TestServer, readonly phone: PhoneSimulator, private readonly clients: Map<AgentName, AgentClient>) {}

  static async start(multiParty: boolean): Promise<ConferenceRig> {
    const srv = await startTestServer({ env: { SWITCHBOARD_MEDIA: '1', SWITCHBOARD_MEDIA_WORKERS: '1', SWITCHBOARD_ICE_ADDRESSES: '127.0.0.1' } });
    const connect = demoConnectClient(srv, { maxAttempts: 1 });
    await connect.send(new UpdateInstanceAttributeCommand({ InstanceId: srv.demo.instanceId, AttributeType: 'MULTI_PARTY_CONFERENCE', Value: String(multiParty) }));
    connect.destroy();
    const credentials = { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey };
    const phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials });
    const clients = new Map<AgentName, AgentClient>();
    for (const name of AGENTS) clients.set(name, (await connectAgent(srv, name)).client);
    return new ConferenceRig(srv, phone, clients);
  }

  agent(name: AgentName): AgentClient {
    return this.clients.get(name)!;
  }

  /** An agent's own leg of the call (the contact id their CCP shows). */
  leg(name: AgentName): string {
    return this.agent(name).contacts().find((c) => c.type === 'voice' && c.state.type === 'connected')!.contactId;
  }

  /** A party's connection id, by name ('caller', 'external', an agent's name). */
  id(name: string): string {
    for (const party of this.parties.values()) if (party.name === name) return party.id;
    throw new Error(`no party ${name}`);
  }

  private async attach(id: string, name: string, offer: (sdp: string) => Promise<string>): Promise<void> {
    const peer = await createTestClient();
    await peer.accept(await offer(peer.offer));
    await peer.connected;
    const hz = TONES[this.nextTone++]!;
    peer.startTone(hz, AMPLITUDE);
    this.parties.set(id, { id, name, hz, peer });
  }

  /** The caller dials in and agent1 answers; both bring audio. */
  async answeredCall(): Promise<void> {
    const status = statusControl(() => this.srv, AGENTS, (n) => this.agent(n));
    await status.only('agent1');
    const { ContactId, PartyId } = await this.phone.dialIn(CALLER);
    this.callId = ContactId;
    await this.attach(PartyId, 'caller', (sdp) => this.phone.offerMedia(ContactId, PartyId, sdp));
    await this.accept('agent1');
  }

  /** The agent accepts the call or leg offered to them and brings audio. */
  private async accept(name: AgentName): Promise<void> {
    const offered = await waitFor(() => this.agent(name).contacts().find((c) => c.type === 'voice' && c.state.type === 'incoming'), 5000, `a call offered to ${name}`);
    await this.agent(name).accept(offered.contactId);
    await waitFor(() => this.agent(name).contacts().find((c) => c.contactId === offered.contactId)?.state.type === 'connected', 5000, `${name} connected`);
    const userId = userIdOf(this.srv, name);
    const party = (await this.phone.describe(this.callId)).Parties.findLast((p) => p.Kind === 'agent' && p.UserId === userId && p.State !== 'disconnected')!;
    await this.attach(party.Id, name, (sdp) => this.agent(name).offerMedia(offered.contactId, sdp));
  }

  /** `by` adds an agent with their USER quick connect; the agent accepts and brings audio. */
  async addAgent(by: AgentName, name: AgentName): Promise<void> {
    const status = statusControl(() => this.srv, AGENTS, (n) => this.agent(n));
    await status.setStatus(name, 'Available');
    const quick = (await this.agent(by).getQuickConnects()).find((e) => e.name.toLowerCase() === name)!;
    await this.agent(by).addParticipant(this.leg(by), { id: quick.id });
    await this.accept(name);
  }

  /** `by` dials the external number; it answers and brings audio. */
  async addExternal(by: AgentName): Promise<void> {
    await this.agent(by).addParticipant(this.leg(by), { phoneNumber: EXTERNAL });
    const party = await waitFor(async () => (await this.phone.describe(this.callId)).Parties.find((p) => p.Kind === 'external' && p.State === 'connecting'), 5000, 'the external party dialled');
    await this.phone.answer(this.callId, party.Id);
    await this.attach(party.Id, 'external', (sdp) => this.phone.offerMedia(this.callId, party.Id, sdp));
  }

  /** The engine's matrix for the call, as names. */
  expected(): Record<string, string[]> {
    const instance = this.srv.services.state.instances.get(this.srv.demo.instanceId)!;
    const matrix = hearingMatrix(instance.contacts.get(this.callId)!.call!);
    const named: Record<string, string[]> = {};
    for (const [listener, sources] of Object.entries(matrix)) {
      const party = this.parties.get(listener);
      if (party) named[party.name] = sources.map((s) => this.parties.get(s)?.name ?? s).sort();
    }
    return named;
  }

  /** What each party heard in the last 400 ms, as names. */
  heard(): Record<string, string[]> {
    const all = [...this.parties.values()];
    const heard: Record<string, string[]> = {};
    for (const party of all) {
      const frames = heardFrames(party.peer, 0, 400);
      heard[party.name] = all.filter((other) => tonePower(frames, other.hz) > HEARD).map((o) => o.name).sort();
    }
    return heard;
  }

  /**
   * Every party hears exactly whom the matrix says (and `also` when given: the rule spelled out in the
   * test, so a wrong matrix fails too). Waits for a change to reach the ears, then compares.
   */
  async checkHearing(also?: Record<string, string[]>): Promise<void> {
    const expected = this.expected();
    if (also) for (const [name, sources] of Object.entries(also)) assert.deepEqual(expected[name], [...sources].sort(), `the rules: ${name} hears ${sources.join(', ') || 'nobody'}`);
    const end = Date.now() + 6000;
    while (Date.now() < end && JSON.stringify(this.heard()) !== JSON.stringify(expected)) await sleep(200);
    await sleep(500);
    assert.deepEqual(this.heard(), expected);
  }

  async close(): Promise<void> {
    for (const party of this.parties.values()) await party.peer.close();
    for (const client of this.clients.values()) client.close();
    await this.srv.stop();
  }
}
