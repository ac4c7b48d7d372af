/**
 * Test fixtures: a small contact center built only by running commands through `execute`.
 * Time and ids are under the test's control: `world.now` is the clock, and every command gets a fresh,
 * deterministic seed.
 */
import {
  emptyState, evolve, execute, type Command, type Decision, type Event, type FlowDocument, type Instance, type State,
  type User, type Contact, type AgentContact, type Channel, type CrossChannelBehavior, type HoursOfOperation, type AgentStatusType,
} from '../src/index.ts';
import { eventsOf } from './decisions.ts';
import { TRANSFER_PROMPT, inboundFlow, transferFlow } from './flows.ts';

/** Epoch ms the fixtures start at (2023-11-14T22:13:20Z). */
export const T0 = 1_700_000_000_000;

/**
 * A lower-case UUID made from a counter and a namespace (4 hex digits). Derived ids count up in the
 * last 48 bits of a seed, so the counter goes into the first group: ids derived from different seeds
 * never collide, and never collide with ids of another namespace.
 */
export function uuid(n: number, namespace = '0000'): string {
  if (!/^[0-9a-f]{4}$/.test(namespace)) throw new Error(`namespace must be 4 hex digits, got ${namespace}`);
  return `${(n >>> 0).toString(16).padStart(8, '0')}-${namespace}-4000-8000-000000000000`;
}

/** Yields distinct UUIDs of one namespace, in order. */
export function uuidCounter(namespace: string): () => string {
  let n = 0;
  return () => uuid(++n, namespace);
}

export type StatusName = 'Available' | 'Offline' | 'Break';

export const QUEUE_NAME = 'BasicQueue';

export interface StartedChat {
  decision: Decision;
  contactId: string;
  /** The customer's participant id. */
  customerId: string;
}

export interface WorldOptions {
  agents?: string[];
  /** CHAT concurrency of the agents' routing profile (default 3). */
  chatConcurrency?: number;
}

/** A runnable contact center: one instance, its setup, a clock and a log of every event produced. */
export class World {
  readonly state: State = emptyState();
  readonly events: Event[] = [];
  now = T0;
  readonly instanceId = uuid(1, '1111');
  readonly queueId = uuid(1, '2222');
  readonly routingProfileId = uuid(1, '3333');
  readonly flowId = uuid(1, '4444');
  readonly statusIds: Record<StatusName, string> = {
    Available: uuid(1, '5555'),
    Offline: uuid(2, '5555'),
    Break: uuid(3, '5555'),
  };
  /** Agent name → user id. */
  readonly agents = new Map<string, string>();
  private readonly nextSeed = uuidCounter('aaaa');
  private readonly nextUserId = uuidCounter('6666');
  private readonly nextContactId = uuidCounter('7777');
  private readonly nextParticipantId = uuidCounter('8888');
  private readonly nextMessageId = uuidCounter('9999');
  private readonly nextProfileId = uuidCounter('3334');
  private readonly nextQueueId = uuidCounter('2223');
  private readonly nextFlowId = uuidCounter('4445');
  private readonly nextHoursId = uuidCounter('bbbb');
  private readonly nextStatusId = uuidCounter('5556');
  private readonly nextInjectedId = uuidCounter('cccc');
  private readonly nextQuickConnectId = uuidCounter('dddd');

  constructor(options: WorldOptions = {}) {
    const { agents = ['alice', 'bob', 'carol'], chatConcurrency = 3 } = options;
    this.must({ type: 'CreateInstance', alias: 'switchboard-test', region: 'us-east-1', accountId: '123456789012', tokenKey: 'ab'.repeat(32) });
    this.must({ type: 'CreateAgentStatus', agentStatusId: this.statusIds.Available, name: 'Available', statusType: 'ROUTABLE' });
    this.must({ type: 'CreateAgentStatus', agentStatusId: this.statusIds.Offline, name: 'Offline', statusType: 'OFFLINE' });
    this.must({ type: 'CreateAgentStatus', agentStatusId: this.statusIds.Break, name: 'Break', statusType: 'CUSTOM' });
    this.must({ type: 'CreateQueue', queueId: this.queueId, name: QUEUE_NAME, description: 'The basic queue' });
    this.must({
      type: 'CreateRoutingProfile', routingProfileId: this.routingProfileId, name: 'Basic Routing Profile', description: 'chat agents',
      defaultOutboundQueueId: this.queueId,
      mediaConcurrencies: [
        { channel: 'CHAT', concurrency: chatConcurrency, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'VOICE', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
      ],
      queues: [{ queueId: this.queueId, channel: 'CHAT', priority: 1, delaySeconds: 0 }],
    });
    for (const name of agents) this.addAgent(name);
    this.must({
      type: 'CreateContactFlow', flowId: this.flowId, name: 'Sample inbound flow', flowType: 'CONTACT_FLOW',
      content: inboundFlow(this.instance.queues.get(this.queueId)!.arn),
    });
  }

  get instance(): Instance {
    const instance = this.state.instances.get(this.instanceId);
    if (!instance) throw new Error('the instance was not created');
    return instance;
  }

  userId(agent: string): string {
    const id = this.agents.get(agent);
    if (!id) throw new Error(`no agent ${agent}`);
    return id;
  }

  user(agent: string): User {
    return this.instance.users.get(this.userId(agent))!;
  }

  contact(contactId: string): Contact {
    const contact = this.instance.contacts.get(contactId);
    if (!contact) throw new Error(`no contact ${contactId}`);
    return contact;
  }

  /** The agent's contact (how the agent holds it), if any. */
  agentContact(agent: string, contactId: string): AgentContact | undefined {
    return this.user(agent).contacts.get(contactId);
  }

  /** Moves the clock forward. */
  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  seed(): string {
    return this.nextSeed();
  }

  /** Runs a command (instance, time and seed filled in) and logs its events. */
  run(command: DistributiveOmit<Command, 'now' | 'seed' | 'instanceId'> & { instanceId?: string; now?: number; seed?: string }): Decision {
    const full = { instanceId: this.instanceId, now: this.now, seed: this.seed(), ...command } as Command;
    const decision = execute(this.state, full);
    if (decision.ok) this.events.push(...decision.events);
    return decision;
  }

  /** Runs a command that must be accepted; returns its events. */
  must(command: Parameters<World['run']>[0]): Event[] {
    const decision = this.run(command);
    if (!decision.ok) throw new Error(`${command.type} refused: ${decision.rejection.code} ${decision.rejection.message}`);
    return decision.events;
  }

  addAgent(name: string, routingProfileId = this.routingProfileId): string {
    const userId = this.nextUserId();
    this.must({
      type: 'CreateUser', userId, username: name, passwordHash: 'scrypt$test', firstName: name[0]!.toUpperCase() + name.slice(1),
      lastName: 'Agent', routingProfileId,
    });
    this.agents.set(name, userId);
    // Fixture agents have their CCP open (present); tests of presence disconnect them explicitly.
    this.must({ type: 'AgentConnected', userId });
    return userId;
  }

  /** A second routing profile, listing BasicQueue for the given channels. */
  addRoutingProfile(name: string, channels: ('CHAT' | 'VOICE' | 'TASK')[], chatConcurrency = 3): string {
    const routingProfileId = this.nextProfileId();
    this.must({
      type: 'CreateRoutingProfile', routingProfileId, name, description: name, defaultOutboundQueueId: this.queueId,
      mediaConcurrencies: [
        { channel: 'CHAT', concurrency: chatConcurrency, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'VOICE', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'TASK', concurrency: 3, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
      ],
      queues: channels.map((channel) => ({ queueId: this.queueId, channel, priority: 1, delaySeconds: 0 })),
    });
    return routingProfileId;
  }

  /** A routing profile with the given queues (priority 1, delay 0 unless given), concurrencies and cross-channel behaviours. */
  addProfile(name: string, options: ProfileOptions): string {
    const routingProfileId = this.nextProfileId();
    const concurrency = { CHAT: 3, VOICE: 1, TASK: 3, ...options.concurrency };
    const cross = options.crossChannel ?? {};
    this.must({
      type: 'CreateRoutingProfile', routingProfileId, name, description: name, defaultOutboundQueueId: options.queues[0]?.queueId ?? this.queueId,
      mediaConcurrencies: (['CHAT', 'VOICE', 'TASK'] as const).map((channel) => ({
        channel, concurrency: concurrency[channel], crossChannelBehavior: cross[channel] ?? 'ROUTE_CURRENT_CHANNEL_ONLY',
      })),
      queues: options.queues.map((q) => ({ queueId: q.queueId, channel: q.channel ?? 'CHAT', priority: q.priority ?? 1, delaySeconds: q.delaySeconds ?? 0 })),
    });
    return routingProfileId;
  }

  /** Another queue (id from its own namespace). */
  addQueue(name: string): string {
    const queueId = this.nextQueueId();
    this.must({ type: 'CreateQueue', queueId, name, description: name });
    return queueId;
  }

  /** Another inbound flow (the fixture's shape) transferring to the given queue, or a flow of the given content. */
  addFlow(queueIdOrContent: string | FlowDocument, name?: string): string {
    const flowId = this.nextFlowId();
    name ??= `flow ${flowId}`;
    const content = typeof queueIdOrContent === 'string' ? inboundFlow(this.instance.queues.get(queueIdOrContent)!.arn) : queueIdOrContent;
    this.must({ type: 'CreateContactFlow', flowId, name, flowType: 'CONTACT_FLOW', content });
    return flowId;
  }

  addHours(name: string, timeZone: string, config: HoursOfOperation['config']): string {
    const hoursOfOperationId = this.nextHoursId();
    this.must({ type: 'CreateHoursOfOperation', hoursOfOperationId, name, timeZone, config });
    return hoursOfOperationId;
  }

  /** Another agent status (e.g. a not-routable 'Lunch'); returns its id. */
  addStatus(name: string, statusType: AgentStatusType = 'CUSTOM'): string {
    const agentStatusId = this.nextStatusId();
    this.must({ type: 'CreateAgentStatus', agentStatusId, name, statusType });
    return agentStatusId;
  }

  /** SetAgentStatus by status id, optionally with enqueueNextState. */
  setStatusId(agent: string, statusId: string, options: { enqueueNextState?: boolean } = {}): Decision {
    return this.run({ type: 'SetAgentStatus', userId: this.userId(agent), statusId, ...(options.enqueueNextState !== undefined ? { enqueueNextState: options.enqueueNextState } : {}) });
  }

  /** The agent's CCP connects (AgentConnected). */
  connect(agent: string): Decision {
    return this.run({ type: 'AgentConnected', userId: this.userId(agent) });
  }

  /** The agent's last CCP connection closes (AgentDisconnected). */
  disconnectCcp(agent: string): Decision {
    return this.run({ type: 'AgentDisconnected', userId: this.userId(agent) });
  }

  /** The agent logs out of one session (EndAgentSession); its token expires at `expires` (default: in 12 hours). */
  logout(agent: string, sessionId: string, expires = this.now + 12 * 60 * 60 * 1000): Decision {
    return this.run({ type: 'EndAgentSession', userId: this.userId(agent), sessionId, expires });
  }

  /** The shell's away timer firing now. */
  expireAway(agent: string): Decision {
    return this.run({ type: 'ExpireAgentAway', userId: this.userId(agent) });
  }

  /** The shell's queue-delay timer firing now. */
  routeContacts(): Decision {
    return this.run({ type: 'RouteContacts' });
  }

  /**
   * A contact of a channel no command starts yet (VOICE, TASK): its ContactInitiated and ContactQueued
   * events are applied as facts (and logged), with the routeAt deadlines the engine would write; then
   * RouteContacts lets routing react. Returns the contact id and RouteContacts' decision.
   */
  injectContact(channel: Channel, queueId = this.queueId): { contactId: string; decision: Decision; queued: Event } {
    const contactId = this.nextInjectedId();
    const at = this.now;
    const delays = new Set<number>();
    for (const profile of this.instance.routingProfiles.values()) {
      for (const q of profile.queues) if (q.queueId === queueId && q.channel === channel && q.delaySeconds > 0) delays.add(q.delaySeconds);
    }
    const routeAt = [...delays].sort((a, b) => a - b).map((d) => at + d * 1000);
    const base = { instanceId: this.instanceId, at, contactId };
    const queued: Event = { type: 'ContactQueued', ...base, queueId, ...(routeAt.length > 0 ? { routeAt } : {}) };
    const events: Event[] = [
      { type: 'ContactInitiated', ...base, channel, initiationMethod: 'API', flowId: this.flowId, attributes: {}, customerDisplayName: `${channel} customer` },
      queued,
    ];
    for (const event of events) {
      evolve(this.state, event);
      this.events.push(event);
    }
    return { contactId, decision: this.routeContacts(), queued };
  }

  startChat(
    name: string,
    options: { initialMessage?: string; chatDurationMinutes?: number; contactFlowId?: string; attributes?: Record<string, string> } = {},
  ): StartedChat {
    const contactId = this.nextContactId();
    const customerId = this.nextParticipantId();
    const decision = this.run({
      type: 'StartChatContact', contactId, participantId: customerId, contactFlowId: options.contactFlowId ?? this.flowId,
      displayName: name, attributes: options.attributes ?? {},
      chatDurationMinutes: options.chatDurationMinutes ?? 1500,
      ...(options.initialMessage !== undefined ? { initialMessage: { contentType: 'text/plain', content: options.initialMessage } } : {}),
    });
    return { decision, contactId, customerId };
  }

  setStatus(agent: string, status: StatusName, options: { enqueueNextState?: boolean } = {}): Decision {
    return this.setStatusId(agent, this.statusIds[status], options);
  }

  accept(agent: string, contactId: string): Decision {
    return this.run({ type: 'AcceptContact', userId: this.userId(agent), contactId });
  }

  reject(agent: string, contactId: string): Decision {
    return this.run({ type: 'RejectContact', userId: this.userId(agent), contactId });
  }

  /** The shell's offer timer firing now (advance the clock first to fire it after the deadline). */
  expire(agent: string, contactId: string): Decision {
    return this.run({ type: 'ExpireOffer', userId: this.userId(agent), contactId });
  }

  clear(agent: string, contactId: string): Decision {
    return this.run({ type: 'ClearContact', userId: this.userId(agent), contactId });
  }

  /** The agent's participant id on a contact they accepted. */
  participantOf(agent: string, contactId: string): string {
    const participantId = this.agentContact(agent, contactId)?.participantId;
    if (!participantId) throw new Error(`${agent} has no participant on ${contactId}`);
    return participantId;
  }

  /** Sends a message as a participant (a participant id), with a fresh message id. */
  send(contactId: string, participantId: string, content: string, contentType = 'text/plain'): Decision {
    return this.run({ type: 'SendMessage', contactId, participantId, messageId: this.nextMessageId(), contentType, content });
  }

  /** SendEvent with a delivered or read receipt for a message of the chat. */
  receipt(contactId: string, participantId: string, messageId: string, receipt: 'delivered' | 'read'): Decision {
    return this.run({ type: 'RecordMessageReceipt', contactId, participantId, messageId, receipt });
  }

  disconnect(contactId: string, participantId: string): Decision {
    return this.run({ type: 'DisconnectParticipant', contactId, participantId });
  }

  stop(contactId: string): Decision {
    return this.run({ type: 'StopContact', contactId });
  }

  // --- multi-party chat ------------------------------------------------------------------------------

  /** UpdateInstanceAttribute MULTI_PARTY_CHAT_CONFERENCE (off by default: a chat has two participants). */
  setMultiParty(on: boolean): Decision {
    return this.run({ type: 'UpdateInstanceAttribute', attributeType: 'MULTI_PARTY_CHAT_CONFERENCE', value: on ? 'true' : 'false' });
  }

  /** A quick connects' flow (flow type AGENT_TRANSFER): one Play prompt, then the end of the flow. */
  addTransferFlow(prompt = TRANSFER_PROMPT, name = 'Quick connect transfer'): string {
    const flowId = this.nextFlowId();
    this.must({ type: 'CreateContactFlow', flowId, name, flowType: 'AGENT_TRANSFER', content: transferFlow(prompt) });
    return flowId;
  }

  /**
   * CreateQuickConnect (not required to succeed: returns the decision and the id it would have). A USER
   * quick connect names an agent (`target`), a QUEUE one a queue id, a PHONE_NUMBER one a number.
   */
  createQuickConnect(
    type: 'USER' | 'QUEUE' | 'PHONE_NUMBER', target: string, options: { name?: string; flowId?: string } = {},
  ): { decision: Decision; quickConnectId: string } {
    const quickConnectId = this.nextQuickConnectId();
    const name = options.name ?? `${type}-${target}`;
    const decision = this.run({
      type: 'CreateQuickConnect', quickConnectId, name, description: name, quickConnectType: type,
      ...(type === 'USER' ? { userId: this.agents.get(target) ?? target } : {}),
      ...(type === 'QUEUE' ? { queueId: target } : {}),
      ...(type === 'PHONE_NUMBER' ? { phoneNumber: target } : {}),
      ...(options.flowId !== undefined ? { contactFlowId: options.flowId } : {}),
    });
    return { decision, quickConnectId };
  }

  /** A quick connect that must be created, associated with the given queues (default BasicQueue). */
  addQuickConnect(
    type: 'USER' | 'QUEUE' | 'PHONE_NUMBER', target: string, options: { name?: string; flowId?: string; queues?: string[] } = {},
  ): string {
    const { decision, quickConnectId } = this.createQuickConnect(type, target, options);
    eventsOf(decision);
    for (const queueId of options.queues ?? [this.queueId]) this.must({ type: 'AssociateQueueQuickConnects', queueId, quickConnectIds: [quickConnectId] });
    return quickConnectId;
  }

  /** contact.addParticipant(endpoint): the agent invites through a quick connect. */
  addParticipant(agent: string, contactId: string, quickConnectId: string): Decision {
    return this.run({ type: 'AddParticipant', userId: this.userId(agent), contactId, quickConnectId });
  }

  /** contact.transfer(endpoint). */
  transfer(agent: string, contactId: string, quickConnectId: string): Decision {
    return this.run({ type: 'TransferContact', userId: this.userId(agent), contactId, quickConnectId });
  }

  /** An agent in the chat disconnects another participant (or themselves). */
  disconnectBy(agent: string, contactId: string, participantId: string): Decision {
    return this.run({ type: 'DisconnectParticipant', contactId, participantId, byUserId: this.userId(agent) });
  }

  /** The agents (by name) whose participants are connected to the chat, sorted. */
  agentsInChat(contactId: string): string[] {
    const byId = new Map([...this.agents].map(([name, id]) => [id, name] as const));
    return [...this.contact(contactId).participants.values()]
      .filter((p) => p.role === 'AGENT' && p.state === 'connected')
      .map((p) => byId.get(p.userId!) ?? p.userId!)
      .sort();
  }

  /** Connected customer and agent participants of a chat. */
  connectedCount(contactId: string): number {
    return [...this.contact(contactId).participants.values()].filter((p) => p.state === 'connected' && (p.role === 'CUSTOMER' || p.role === 'AGENT')).length;
  }

  /** The contact's pending invitation, if any. */
  pendingInvitation(contactId: string) {
    return this.contact(contactId).invitations.find((i) => i.status === 'pending');
  }
}

export interface ProfileOptions {
  /** The profile's queues; channel CHAT, priority 1 and delay 0 unless given. */
  queues: { queueId: string; channel?: Channel; priority?: number; delaySeconds?: number }[];
  /** Per-channel concurrency (default CHAT 3, VOICE 1, TASK 3). */
  concurrency?: Partial<Record<Channel, number>>;
  /** Per-channel cross-channel behaviour (default ROUTE_CURRENT_CHANNEL_ONLY). */
  crossChannel?: Partial<Record<Channel, CrossChannelBehavior>>;
}

/** Omit over each member of a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
