import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEEKDAYS, type FlowDocument } from '@switchboard/engine';
import { hashPassword } from './auth/passwords.ts';
import type { CommandInput } from './pipeline.ts';
import type { Services } from './services.ts';

/** What the demo instance's users need, written to <data dir>/demo.json (mode 0600) on first start. */
export interface DemoInfo {
  instanceId: string;
  instanceArn: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  contactFlowId: string;
  queueId: string;
  hoursOfOperationId?: string;
  routingProfileId: string;
  widgetId: string;
  agents: { username: string; password: string }[];
  urls: { ccp: string; chat: string; call: string; phone: string; api: string };
}

export const DEMO_AGENT_COUNT = 5;

/** Amazon Connect's "Basic Hours": open all day, every day. */
const ALL_DAY_EVERY_DAY = WEEKDAYS.map((day) => ({ day, startTime: { hours: 0, minutes: 0 }, endTime: { hours: 0, minutes: 0 } }));

/**
 * The demo's inbound chat flow: set the working queue to BasicQueue; if its hours say closed, say so
 * and end; else greet and transfer to the queue (a full queue gets its own message).
 */
export function demoInboundFlow(queueArn: string): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'set-queue',
    Actions: [
      { Identifier: 'set-queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: { NextAction: 'check-hours', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
      {
        Identifier: 'check-hours', Type: 'CheckHoursOfOperation', Parameters: {},
        Transitions: {
          NextAction: 'sorry',
          Conditions: [
            { NextAction: 'greet', Condition: { Operator: 'Equals', Operands: ['True'] } },
            { NextAction: 'closed', Condition: { Operator: 'Equals', Operands: ['False'] } },
          ],
          Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }],
        },
      },
      { Identifier: 'greet', Type: 'MessageParticipant', Parameters: { Text: 'Thanks for contacting us. An agent will be with you shortly.' }, Transitions: { NextAction: 'to-queue', Errors: [{ NextAction: 'to-queue', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'to-queue', Type: 'TransferContactToQueue', Transitions: { NextAction: 'sorry', Errors: [{ NextAction: 'full', ErrorType: 'QueueAtCapacity' }, { NextAction: 'closed', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'closed', Type: 'MessageParticipant', Parameters: { Text: 'We are closed right now. Please come back during our opening hours.' }, Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'full', Type: 'MessageParticipant', Parameters: { Text: 'All our agents are busy and the queue is full. Please try again in a few minutes.' }, Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'sorry', Type: 'MessageParticipant', Parameters: { Text: 'Sorry, we cannot take your chat right now. Goodbye.' }, Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

/** The quick connects' flow: seed 001's "Inviting new agent…" prompt before the other agent is added. */
export function demoTransferFlow(): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'prompt',
    Actions: [
      { Identifier: 'prompt', Type: 'MessageParticipant', Parameters: { Text: 'Inviting new agent…' }, Transitions: { NextAction: 'to-agent', Errors: [{ NextAction: 'to-agent', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'to-agent', Type: 'TransferContactToAgent', Parameters: {}, Transitions: {} },
    ],
  };
}

const alnum = (n: number, upper = false) => {
  const chars = upper ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567' : 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(n)].map((b) => chars[b % chars.length]).join('');
};

/**
 * On first start (no instance yet) creates the demo instance: queue BasicQueue, a routing profile with
 * chat concurrency 3, voice 1 and task 1, agents agent1..agent5, the inbound chat flow and the chat widget.
 * On later starts it reads demo.json back (passwords are only kept hashed, so that file is the record).
 */
export async function seedDemo(services: Services): Promise<DemoInfo | undefined> {
  const file = join(services.config.dataDir, 'demo.json');
  if (services.state.instances.size > 0) {
    return existsSync(file) ? withUrls(JSON.parse(readFileSync(file, 'utf8')) as DemoInfo, services) : undefined;
  }
  const env = process.env;
  const region = 'us-east-1';
  const instanceId = randomUUID();
  const accountId = String(100000000000 + (randomBytes(5).readUIntBE(0, 5) % 900000000000));
  const queueId = randomUUID(), routingProfileId = randomUUID(), flowId = randomUUID(), widgetId = randomUUID(), hoursId = randomUUID();
  const accessKeyId = env.SWITCHBOARD_ADMIN_ACCESS_KEY_ID || `AKIA${alnum(16, true)}`;
  const secretAccessKey = env.SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY || randomBytes(30).toString('base64').replace(/[+/=]/g, 'x');
  const agents = Array.from({ length: DEMO_AGENT_COUNT }, (_, i) => ({ username: `agent${i + 1}`, password: env.SWITCHBOARD_DEMO_PASSWORD || alnum(14) }));
  const queueArn = `arn:aws:connect:${region}:${accountId}:instance/${instanceId}/queue/${queueId}`;

  const commands: CommandInput[] = [
    { type: 'CreateInstance', instanceId, alias: 'demo', region, accountId, tokenKey: randomBytes(32).toString('hex') },
    { type: 'CreateAccessKey', instanceId, accessKeyId, secretAccessKey },
    { type: 'CreateAgentStatus', instanceId, agentStatusId: randomUUID(), name: 'Available', statusType: 'ROUTABLE' },
    { type: 'CreateAgentStatus', instanceId, agentStatusId: randomUUID(), name: 'Offline', statusType: 'OFFLINE' },
    { type: 'CreateAgentStatus', instanceId, agentStatusId: randomUUID(), name: 'Break', statusType: 'CUSTOM' },
    { type: 'CreateAgentStatus', instanceId, agentStatusId: randomUUID(), name: 'Lunch', statusType: 'CUSTOM' },
    { type: 'CreateHoursOfOperation', instanceId, hoursOfOperationId: hoursId, name: 'Basic Hours', timeZone: 'UTC', config: ALL_DAY_EVERY_DAY },
    { type: 'CreateQueue', instanceId, queueId, name: 'BasicQueue', description: 'The default queue' },
    { type: 'UpdateQueue', instanceId, queueId, hoursOfOperationId: hoursId },
    {
      type: 'CreateRoutingProfile', instanceId, routingProfileId, name: 'Basic Routing Profile', description: 'Chat 3, voice 1, task 1',
      defaultOutboundQueueId: queueId,
      mediaConcurrencies: [
        { channel: 'CHAT', concurrency: 3, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'VOICE', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'TASK', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
      ],
      queues: [
        { queueId, channel: 'CHAT', priority: 1, delaySeconds: 0 },
        { queueId, channel: 'VOICE', priority: 1, delaySeconds: 0 },
        { queueId, channel: 'TASK', priority: 1, delaySeconds: 0 },
      ],
    },
    { type: 'CreateContactFlow', instanceId, flowId, name: 'Sample inbound flow', flowType: 'CONTACT_FLOW', content: demoInboundFlow(queueArn) },
    { type: 'CreateChatWidget', instanceId, widgetId, name: 'Demo chat', contactFlowId: flowId, approvedOrigins: [] },
  ];
  // Quick connects: each agent, and BasicQueue, through the agent/queue transfer flows; all on BasicQueue.
  const transferFlowId = randomUUID();
  commands.push({ type: 'CreateContactFlow', instanceId, flowId: transferFlowId, name: 'Default agent transfer', flowType: 'AGENT_TRANSFER', content: demoTransferFlow() });
  const quickConnectIds: string[] = [];
  for (const [i, agent] of agents.entries()) {
    const userId = randomUUID();
    commands.push({
      type: 'CreateUser', instanceId, userId, username: agent.username, passwordHash: await hashPassword(agent.password),
      firstName: `Agent${i + 1}`, lastName: 'Demo', routingProfileId,
    });
    const quickConnectId = randomUUID();
    quickConnectIds.push(quickConnectId);
    commands.push({ type: 'CreateQuickConnect', instanceId, quickConnectId, name: `Agent${i + 1}`, description: `Transfer to ${agent.username}`, quickConnectType: 'USER', userId, contactFlowId: transferFlowId });
  }
  const queueQuickConnectId = randomUUID();
  quickConnectIds.push(queueQuickConnectId);
  commands.push(
    { type: 'CreateQuickConnect', instanceId, quickConnectId: queueQuickConnectId, name: 'BasicQueue', description: 'The next agent of BasicQueue', quickConnectType: 'QUEUE', queueId, contactFlowId: transferFlowId },
    { type: 'AssociateQueueQuickConnects', instanceId, queueId, quickConnectIds },
    // The demo shows multi-party chat; a new instance has it off, as Amazon Connect does.
    { type: 'UpdateInstanceAttribute', instanceId, attributeType: 'MULTI_PARTY_CHAT_CONFERENCE', value: 'true' },
    // And attachments: off until an ATTACHMENTS storage config is associated (the files stay in the data directory).
    {
      type: 'AssociateInstanceStorageConfig', instanceId, associationId: randomUUID(), resourceType: 'ATTACHMENTS', storageType: 'S3',
      s3Config: { bucketName: 'switchboard-demo', bucketPrefix: 'attachments' },
    },
  );
  for (const command of commands) {
    const outcome = await services.pipeline.submit(command);
    if (!outcome.ok) throw new Error(`demo setup failed at ${command.type}: ${outcome.rejection.message}`);
  }
  const info: DemoInfo = {
    instanceId, instanceArn: `arn:aws:connect:${region}:${accountId}:instance/${instanceId}`, region, accessKeyId, secretAccessKey,
    contactFlowId: flowId, queueId, hoursOfOperationId: hoursId, routingProfileId, widgetId, agents, urls: { ccp: '', chat: '', call: '', phone: '', api: '' },
  };
  writeFileSync(file, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return withUrls(info, services);
}

/** The development phone's number in the demo's address (any E.164 number works; the page can change it). */
export const DEV_PHONE_NUMBER = '+12065550199';

/** URLs depend on where this run listens, so they are filled in each start. */
export function withUrls(info: DemoInfo, services: Services, base?: string): DemoInfo {
  const host = services.config.host === '0.0.0.0' || services.config.host === '::' ? '127.0.0.1' : services.config.host;
  const root = base ?? services.config.publicUrl ?? `http://${host}:${services.config.port}`;
  return {
    ...info,
    urls: {
      ccp: `${root}/ccp/`, chat: `${root}/chat/?widget=${info.widgetId}`, call: `${root}/call/?widget=${info.widgetId}`,
      phone: `${root}/phone/?instance=${info.instanceId}&number=${encodeURIComponent(DEV_PHONE_NUMBER)}`, api: root,
    },
  };
}
