import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEEKDAYS, type FlowDocument } from '@switchboard/engine';
import { ADMIN_SECURITY_PROFILE_ID } from '@switchboard/engine';
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
  /** The menu's queues (absent from demo.json files written before the menu). */
  salesQueueId?: string;
  supportQueueId?: string;
  /** The customer queue flow the menu sets (position and wait while queued). */
  customerQueueFlowId?: string;
  hoursOfOperationId?: string;
  routingProfileId: string;
  widgetId: string;
  agents: { username: string; password: string }[];
  urls: { ccp: string; chat: string; call: string; phone: string; api: string; admin?: string };
  /** The admin console's administrator (Admin security profile); absent from demo.json files written before the console. */
  admin?: { username: string; password: string };
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

/** What the demo's queues are called, as the menu offers them. */
export const DEMO_QUEUES = { basic: 'BasicQueue', sales: 'Sales', support: 'Support' } as const;

/** How long the menu waits for a key on a call, and for a message in a chat. */
export const MENU_VOICE_SECONDS = 8;
export const MENU_CHAT_SECONDS = 120;

const say = (id: string, text: string, nextAction: string) => ({
  Identifier: id, Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: { NextAction: nextAction, Errors: [{ NextAction: nextAction, ErrorType: 'NoMatchingError' }] },
});

/**
 * The demo's inbound flow, a menu for chat and voice: flow logging on; greet; check BasicQueue's hours
 * (closed: say so, goodbye); set the customer queue flow (position and wait while queued); "Press 1 or
 * type 1 for sales, 2 for support" (DTMF on a call, the next message in a chat); the chosen queue
 * becomes the working queue. Another answer asks again (twice); no answer in time, or a third wrong
 * one, goes to BasicQueue. Then queue (a full queue has its own message, a closed one the closed one).
 */
export function demoMenuFlow(queues: { basic: string; sales: string; support: string }, customerQueueFlowArn: string): FlowDocument {
  const menuTransitions = {
    NextAction: 'wrong',
    Conditions: [
      { NextAction: 'sales', Condition: { Operator: 'Equals', Operands: ['1'] } },
      { NextAction: 'support', Condition: { Operator: 'Equals', Operands: ['2'] } },
    ],
    Errors: [{ NextAction: 'to-basic', ErrorType: 'InputTimeLimitExceeded' }, { NextAction: 'wrong', ErrorType: 'NoMatchingCondition' }, { NextAction: 'to-basic', ErrorType: 'NoMatchingError' }],
  };
  const question = 'Press 1 or type 1 for sales, 2 for support.';
  return {
    Version: '2019-10-30',
    StartAction: 'logging',
    Actions: [
      { Identifier: 'logging', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'greet' } },
      say('greet', 'Thanks for contacting us.', 'set-basic'),
      { Identifier: 'set-basic', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queues.basic }, Transitions: { NextAction: 'check-hours', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
      {
        Identifier: 'check-hours', Type: 'CheckHoursOfOperation', Parameters: {},
        Transitions: {
          NextAction: 'sorry',
          Conditions: [
            { NextAction: 'queue-flow', Condition: { Operator: 'Equals', Operands: ['True'] } },
            { NextAction: 'closed', Condition: { Operator: 'Equals', Operands: ['False'] } },
          ],
          Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }],
        },
      },
      { Identifier: 'queue-flow', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerQueue: customerQueueFlowArn } }, Transitions: { NextAction: 'channel', Errors: [{ NextAction: 'channel', ErrorType: 'NoMatchingError' }] } },
      {
        Identifier: 'channel', Type: 'Compare', Parameters: { ComparisonValue: '$.Channel' },
        Transitions: { NextAction: 'menu-voice', Conditions: [{ NextAction: 'menu-chat', Condition: { Operator: 'Equals', Operands: ['CHAT'] } }], Errors: [{ NextAction: 'menu-voice', ErrorType: 'NoMatchingCondition' }] },
      },
      { Identifier: 'menu-voice', Type: 'GetParticipantInput', Parameters: { Text: question, StoreInput: 'False', InputTimeLimitSeconds: String(MENU_VOICE_SECONDS) }, Transitions: menuTransitions },
      { Identifier: 'menu-chat', Type: 'GetParticipantInput', Parameters: { Text: question, StoreInput: 'False', InputTimeLimitSeconds: String(MENU_CHAT_SECONDS) }, Transitions: menuTransitions },
      {
        Identifier: 'wrong', Type: 'Loop', Parameters: { LoopCount: '2' },
        Transitions: {
          NextAction: 'to-basic',
          Conditions: [
            { NextAction: 'again', Condition: { Operator: 'Equals', Operands: ['ContinueLooping'] } },
            { NextAction: 'to-basic', Condition: { Operator: 'Equals', Operands: ['DoneLooping'] } },
          ],
        },
      },
      say('again', 'Sorry, that is not an option.', 'channel'),
      { Identifier: 'sales', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queues.sales }, Transitions: { NextAction: 'connecting', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'support', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queues.support }, Transitions: { NextAction: 'connecting', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
      say('to-basic', 'Let us find you someone who can help.', 'connecting'),
      say('connecting', 'Connecting you to $.Queue.Name. An agent will be with you shortly.', 'to-queue'),
      { Identifier: 'to-queue', Type: 'TransferContactToQueue', Transitions: { NextAction: 'sorry', Errors: [{ NextAction: 'full', ErrorType: 'QueueAtCapacity' }, { NextAction: 'closed', ErrorType: 'NoMatchingError' }] } },
      say('closed', 'We are closed right now. Please come back during our opening hours. Goodbye.', 'end'),
      say('full', 'All our agents are busy and the queue is full. Please try again in a few minutes.', 'end'),
      say('sorry', 'Sorry, we cannot take your contact right now. Goodbye.', 'end'),
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

/** How often the demo's customer queue flow tells a waiting customer where they stand. */
export const QUEUE_UPDATE_SECONDS = 30;

/**
 * The demo's customer queue flow: reads the queue's metrics (Get queue metrics), tells the customer
 * how many are waiting and how long the longest has waited, then waits (chat: Wait; call: queue music,
 * interrupted) and tells again, until an agent takes the contact.
 */
export function demoCustomerQueueFlow(): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'metrics',
    Actions: [
      { Identifier: 'metrics', Type: 'GetMetricData', Parameters: {}, Transitions: { NextAction: 'position', Errors: [{ NextAction: 'pause', ErrorType: 'NoMatchingError' }] } },
      say('position', 'You are in the $.Queue.Name queue: $.Metrics.Queue.Size waiting, including you; the longest wait now is $.Metrics.Queue.OldestContactAge seconds.', 'pause'),
      {
        Identifier: 'pause', Type: 'Compare', Parameters: { ComparisonValue: '$.Channel' },
        Transitions: { NextAction: 'music', Conditions: [{ NextAction: 'wait', Condition: { Operator: 'Equals', Operands: ['CHAT'] } }], Errors: [{ NextAction: 'music', ErrorType: 'NoMatchingCondition' }] },
      },
      {
        Identifier: 'wait', Type: 'Wait', Parameters: { TimeLimitSeconds: String(QUEUE_UPDATE_SECONDS) },
        Transitions: { NextAction: 'metrics', Conditions: [{ NextAction: 'metrics', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }], Errors: [{ NextAction: 'metrics', ErrorType: 'NoMatchingError' }] },
      },
      {
        Identifier: 'music', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ PromptId: 'queue-music' }], InterruptFrequencySeconds: String(QUEUE_UPDATE_SECONDS) },
        Transitions: { Conditions: [{ NextAction: 'metrics', Condition: { Operator: 'Equals', Operands: ['MessagesInterrupted'] } }], Errors: [{ NextAction: 'metrics', ErrorType: 'NoMatchingError' }] },
      },
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
 * On first start (no instance yet) creates the demo instance: queues BasicQueue, Sales and Support, a
 * routing profile with all three and chat concurrency 3, voice 1 and task 1, agents agent1..agent5, the
 * inbound flow (the menu, or with SWITCHBOARD_DEMO_MENU=0 straight to BasicQueue), its customer queue flow
 * and the chat widget.
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
  const salesQueueId = randomUUID(), supportQueueId = randomUUID(), customerQueueFlowId = randomUUID();
  const queueId = randomUUID(), routingProfileId = randomUUID(), flowId = randomUUID(), widgetId = randomUUID(), hoursId = randomUUID();
  const accessKeyId = env.SWITCHBOARD_ADMIN_ACCESS_KEY_ID || `AKIA${alnum(16, true)}`;
  const secretAccessKey = env.SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY || randomBytes(30).toString('base64').replace(/[+/=]/g, 'x');
  const agents = Array.from({ length: DEMO_AGENT_COUNT }, (_, i) => ({ username: `agent${i + 1}`, password: env.SWITCHBOARD_DEMO_PASSWORD || alnum(14) }));
  const instanceArn = `arn:aws:connect:${region}:${accountId}:instance/${instanceId}`;
  const queueArn = `${instanceArn}/queue/${queueId}`;
  // The menu (SWITCHBOARD_DEMO_MENU=1, the default) or the one-step flow straight to BasicQueue (tests that want a chat queued at once).
  const inboundFlow = services.config.demoMenu
    ? demoMenuFlow({ basic: queueArn, sales: `${instanceArn}/queue/${salesQueueId}`, support: `${instanceArn}/queue/${supportQueueId}` }, `${instanceArn}/contact-flow/${customerQueueFlowId}`)
    : demoInboundFlow(queueArn);

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
    { type: 'CreateQueue', instanceId, queueId: salesQueueId, name: DEMO_QUEUES.sales, description: 'Menu option 1' },
    { type: 'UpdateQueue', instanceId, queueId: salesQueueId, hoursOfOperationId: hoursId },
    { type: 'CreateQueue', instanceId, queueId: supportQueueId, name: DEMO_QUEUES.support, description: 'Menu option 2' },
    { type: 'UpdateQueue', instanceId, queueId: supportQueueId, hoursOfOperationId: hoursId },
    {
      type: 'CreateRoutingProfile', instanceId, routingProfileId, name: 'Basic Routing Profile', description: 'Chat 3, voice 1, task 1',
      defaultOutboundQueueId: queueId,
      mediaConcurrencies: [
        { channel: 'CHAT', concurrency: 3, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'VOICE', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'TASK', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
      ],
      queues: [queueId, salesQueueId, supportQueueId].flatMap((id) => [
        { queueId: id, channel: 'CHAT' as const, priority: 1, delaySeconds: 0 },
        { queueId: id, channel: 'VOICE' as const, priority: 1, delaySeconds: 0 },
        { queueId: id, channel: 'TASK' as const, priority: 1, delaySeconds: 0 },
      ]),
    },
    { type: 'CreateContactFlow', instanceId, flowId: customerQueueFlowId, name: 'Demo customer queue', flowType: 'CUSTOMER_QUEUE', content: demoCustomerQueueFlow() },
    { type: 'CreateContactFlow', instanceId, flowId, name: 'Sample inbound flow', flowType: 'CONTACT_FLOW', content: inboundFlow },
    { type: 'CreateChatWidget', instanceId, widgetId, name: 'Demo chat', contactFlowId: flowId, approvedOrigins: [] },
  ];
  // Quick connects: each agent, and BasicQueue, through the agent transfer flow; all on BasicQueue.
  // That flow is the instance's own Default agent transfer, edited to say seed 001's prompt.
  const transferFlowId = 'default-agent-transfer';
  commands.push({ type: 'UpdateContactFlowContent', instanceId, flowId: transferFlowId, content: demoTransferFlow() });
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
  // Admin console (issue 18): an administrator with the built-in Admin security profile.
  const admin = { username: 'admin', password: env.SWITCHBOARD_DEMO_PASSWORD || alnum(14) };
  commands.push({
    type: 'CreateUser', instanceId, userId: randomUUID(), username: admin.username, passwordHash: await hashPassword(admin.password),
    firstName: 'Admin', lastName: 'Demo', routingProfileId,
    profile: { phoneConfig: { phoneType: 'SOFT_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 }, securityProfileIds: [ADMIN_SECURITY_PROFILE_ID], tags: {} },
  });
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
    instanceId, instanceArn, region, accessKeyId, secretAccessKey,
    contactFlowId: flowId, queueId, salesQueueId, supportQueueId, customerQueueFlowId, hoursOfOperationId: hoursId, routingProfileId, widgetId, agents, urls: { ccp: '', chat: '', call: '', phone: '', api: '' },
    admin,
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
      admin: `${root}/admin/`,
    },
  };
}
