/**
 * The bench's contact center, built only through engine commands (as packages/engine/test/fixtures.ts
 * does): one instance, one queue, a routing profile with CHAT concurrency N, an inbound chat flow that
 * puts the chat in the queue, and `agents` users on that profile. Both phases use the same setup.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { execute, type Command, type Event, type State } from '@switchboard/engine';
// The engine tests' inbound flow (greet, set the queue, transfer; errors disconnect), as the bench's instance runs it.
import { inboundFlow } from '../../packages/engine/test/flows.ts';

/** Commands as the bench writes them: the time and the id seed are stamped when they run. */
export type CommandInput = Command extends infer C ? (C extends Command ? Omit<C, 'now' | 'seed'> : never) : never;

export interface BenchSetup {
  instanceId: string;
  region: string;
  accountId: string;
  tokenKey: string;
  accessKeyId: string;
  secretAccessKey: string;
  queueId: string;
  routingProfileId: string;
  flowId: string;
  availableStatusId: string;
  offlineStatusId: string;
  /** Agents in creation order: user id and username. */
  agents: { userId: string; username: string }[];
  /** The setup, in order (without presence or status: each phase brings its agents online its own way). */
  commands: CommandInput[];
}

export function benchSetup(options: { agents: number; chatConcurrency: number; passwordHash: string }): BenchSetup {
  const instanceId = randomUUID();
  const region = 'us-east-1';
  const accountId = '123456789012';
  const queueId = randomUUID(), routingProfileId = randomUUID(), flowId = randomUUID();
  const availableStatusId = randomUUID(), offlineStatusId = randomUUID();
  const s: BenchSetup = {
    instanceId, region, accountId,
    tokenKey: randomBytes(32).toString('hex'),
    accessKeyId: `AKIABENCH${randomBytes(6).toString('hex').toUpperCase().slice(0, 11)}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
    queueId, routingProfileId, flowId, availableStatusId, offlineStatusId,
    agents: Array.from({ length: options.agents }, (_, i) => ({ userId: randomUUID(), username: `agent${String(i + 1).padStart(4, '0')}` })),
    commands: [],
  };
  const queueArn = `arn:aws:connect:${region}:${accountId}:instance/${instanceId}/queue/${queueId}`;
  s.commands.push(
    { type: 'CreateInstance', instanceId, alias: 'bench-routing', region, accountId, tokenKey: s.tokenKey },
    { type: 'CreateAccessKey', instanceId, accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    { type: 'CreateAgentStatus', instanceId, agentStatusId: availableStatusId, name: 'Available', statusType: 'ROUTABLE' },
    { type: 'CreateAgentStatus', instanceId, agentStatusId: offlineStatusId, name: 'Offline', statusType: 'OFFLINE' },
    { type: 'CreateQueue', instanceId, queueId, name: 'BenchQueue', description: 'The bench queue' },
    {
      type: 'CreateRoutingProfile', instanceId, routingProfileId, name: 'Bench chat profile', description: `chat ${options.chatConcurrency}`,
      defaultOutboundQueueId: queueId,
      mediaConcurrencies: [
        { channel: 'CHAT', concurrency: options.chatConcurrency, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'VOICE', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
      ],
      queues: [{ queueId, channel: 'CHAT', priority: 1, delaySeconds: 0 }],
    },
    { type: 'CreateContactFlow', instanceId, flowId, name: 'Bench inbound flow', flowType: 'CONTACT_FLOW', content: inboundFlow(queueArn, 'Thanks for contacting us. An agent will be with you shortly.') },
  );
  for (const agent of s.agents) {
    s.commands.push({
      type: 'CreateUser', instanceId, userId: agent.userId, username: agent.username, passwordHash: options.passwordHash,
      firstName: agent.username, lastName: 'Bench', routingProfileId,
    });
  }
  return s;
}

/** Runs a command that must be accepted; returns its events. */
export function must(state: State, input: CommandInput, now: number): Event[] {
  const decision = execute(state, { ...input, now, seed: randomUUID() } as Command);
  if (!decision.ok) throw new Error(`${input.type} refused: ${decision.rejection.code} ${decision.rejection.message}`);
  return decision.events;
}
