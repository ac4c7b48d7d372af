/**
 * Builds a whole contact center on a running Switchboard with the Amazon Connect API, through the official
 * AWS SDK client (@aws-sdk/client-connect) and nothing else: an instance with multi-party chats and calls on,
 * queues Support and Sales, a routing profile with both (chat 3, voice 1), agents (security profile Agent)
 * and a supervisor (CallCenterManager), quick connects to the queues and to each agent on both queues, and
 * an inbound flow (greeting, working queue Support, transfer to the queue) that the instance's chat widget
 * runs. Then it prints the instance, the users and their passwords, the CCP and the customer chat page.
 *
 *   SWITCHBOARD_DEMO=0 npm start                 # writes data/credentials (profile switchboard) on first start
 *   npm run provision -- --alias acme --agent alice:Alice-pass-1 --agent bob --supervisor carol
 *
 * Credentials come from the AWS SDK's default chain. With none set, it uses `data/credentials` (or
 * `$SWITCHBOARD_DATA_DIR/credentials`), exactly as if you had set
 *   AWS_SHARED_CREDENTIALS_FILE=data/credentials AWS_PROFILE=switchboard
 * (that profile also names the region). AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION work too.
 * The server: --url, else SWITCHBOARD_URL, AWS_ENDPOINT_URL_CONNECT or AWS_ENDPOINT_URL, else http://127.0.0.1:8080.
 *
 * Options: --alias NAME (default `switchboard`); --agent NAME[:PASSWORD] and --supervisor NAME[:PASSWORD]
 * (repeatable; default agents alice and bob, supervisor carol); a password left out is generated (Connect's
 * rule: 8–64 characters, upper and lower case and a digit); --json prints the result as JSON.
 *
 * It can run again: what exists (found by name) is kept, what is missing is made — an existing user keeps
 * their password (Amazon Connect has no API to read or reset one). Run it with `npm run provision` or
 * `node --import tsx examples/provision.ts` (Node 20 has no type stripping of its own; the file is erasable
 * TypeScript, so Node 23.6+ also runs it as `node examples/provision.ts`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AssociateQueueQuickConnectsCommand, ConnectClient, CreateInstanceCommand, CreateQueueCommand, CreateQuickConnectCommand,
  CreateRoutingProfileCommand, CreateUserCommand, UpdateContactFlowContentCommand, UpdateInstanceAttributeCommand,
  paginateListContactFlows, paginateListHoursOfOperations, paginateListInstances, paginateListQueueQuickConnects, paginateListQueues,
  paginateListQuickConnects, paginateListRoutingProfiles, paginateListSecurityProfiles, paginateListUsers,
} from '@aws-sdk/client-connect';

const { values: args } = parseArgs({
  options: {
    alias: { type: 'string', default: 'switchboard' },
    agent: { type: 'string', multiple: true },
    supervisor: { type: 'string', multiple: true },
    url: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const endpoint = (args.url ?? process.env.SWITCHBOARD_URL ?? process.env.AWS_ENDPOINT_URL_CONNECT ?? process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
// No credentials in the environment: the file a SWITCHBOARD_DEMO=0 server writes, through the SDK's own profile loading.
if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_SHARED_CREDENTIALS_FILE && !process.env.AWS_PROFILE) {
  const file = resolve(join(process.env.SWITCHBOARD_DATA_DIR ?? 'data', 'credentials'));
  if (existsSync(file)) Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'switchboard' });
}
const connect = new ConnectClient({ endpoint });

/** What a person gets to sign in with. */
interface Person { username: string; password: string | undefined; given: boolean; profile: 'Agent' | 'CallCenterManager' }

/** Connect's password rule: 8–64 characters with an upper-case letter, a lower-case letter and a digit. */
const newPassword = () => `Sb-${randomBytes(9).toString('base64url')}7a`;
const person = (spec: string, profile: Person['profile']): Person => {
  const [username, ...rest] = spec.split(':');
  const password = rest.join(':');
  return { username: username!, password: password || newPassword(), given: password !== '', profile };
};
const people: Person[] = [
  ...(args.agent ?? ['alice', 'bob']).map((s) => person(s, 'Agent')),
  ...(args.supervisor ?? ['carol']).map((s) => person(s, 'CallCenterManager')),
];

/** Every item of a paginated list (`key`: the list in each page). */
type Item<L> = NonNullable<L> extends readonly (infer T)[] ? T : never;
async function all<P, K extends keyof P>(pages: AsyncIterable<P>, key: K): Promise<Item<P[K]>[]> {
  const items: Item<P[K]>[] = [];
  for await (const page of pages) items.push(...((page[key] ?? []) as Item<P[K]>[]));
  return items;
}

/** The inbound flow (flow language JSON): greet, set the working queue, transfer to it; a full or failing queue says so and ends. */
function inboundFlow(queueArn: string) {
  const say = (id: string, text: string, next: string) => ({
    Identifier: id, Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: { NextAction: next, Errors: [{ NextAction: next, ErrorType: 'NoMatchingError' }] },
  });
  return {
    Version: '2019-10-30',
    StartAction: 'greet',
    Actions: [
      say('greet', 'Thanks for contacting us. An agent will be with you shortly.', 'set-queue'),
      { Identifier: 'set-queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: { NextAction: 'to-queue', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'to-queue', Type: 'TransferContactToQueue', Transitions: { NextAction: 'sorry', Errors: [{ NextAction: 'full', ErrorType: 'QueueAtCapacity' }, { NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
      say('full', 'All our agents are busy and the queue is full. Please try again in a few minutes.', 'end'),
      say('sorry', 'Sorry, we cannot take your contact right now. Goodbye.', 'end'),
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

async function provision() {
  const made: string[] = [];
  // The instance: found by alias, else created.
  const instances = await all(paginateListInstances({ client: connect }, {}), 'InstanceSummaryList');
  let instanceId = instances.find((i) => i.InstanceAlias === args.alias)?.Id;
  if (!instanceId) {
    const out = await connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: args.alias, InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    instanceId = out.Id!;
    made.push(`instance ${args.alias}`);
  }
  const InstanceId = instanceId;
  // Multi-party: up to six people in a chat, and in a call (a new instance has both off, as Amazon Connect's has).
  for (const AttributeType of ['MULTI_PARTY_CHAT_CONFERENCE', 'MULTI_PARTY_CONFERENCE'] as const) {
    await connect.send(new UpdateInstanceAttributeCommand({ InstanceId, AttributeType, Value: 'true' }));
  }
  // Hours: a new instance has "Basic Hours" (all day, every day); the queues use them.
  const hours = await all(paginateListHoursOfOperations({ client: connect }, { InstanceId }), 'HoursOfOperationSummaryList');
  const hoursId = hours.find((h) => h.Name === 'Basic Hours')?.Id ?? hours[0]?.Id;
  if (!hoursId) throw new Error('the instance has no hours of operation');

  // Queues.
  const queues = new Map<string, { Id: string; Arn: string }>();
  const listed = await all(paginateListQueues({ client: connect }, { InstanceId, QueueTypes: ['STANDARD'] }), 'QueueSummaryList');
  for (const [Name, Description] of [['Support', 'Help with what customers have'], ['Sales', 'Customers who want to buy']] as const) {
    const found = listed.find((q) => q.Name === Name);
    if (found) queues.set(Name, { Id: found.Id!, Arn: found.Arn! });
    else {
      const out = await connect.send(new CreateQueueCommand({ InstanceId, Name, Description, HoursOfOperationId: hoursId }));
      queues.set(Name, { Id: out.QueueId!, Arn: out.QueueArn! });
      made.push(`queue ${Name}`);
    }
  }
  const support = queues.get('Support')!, sales = queues.get('Sales')!;

  // A routing profile with both queues, for chat (3 at once) and voice (1).
  const profileName = 'Support and Sales';
  const profiles = await all(paginateListRoutingProfiles({ client: connect }, { InstanceId }), 'RoutingProfileSummaryList');
  let routingProfileId = profiles.find((p) => p.Name === profileName)?.Id;
  if (!routingProfileId) {
    const out = await connect.send(new CreateRoutingProfileCommand({
      InstanceId, Name: profileName, Description: 'Support first, then Sales; chat 3, voice 1', DefaultOutboundQueueId: support.Id,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 3 }, { Channel: 'VOICE', Concurrency: 1 }],
      QueueConfigs: [support, sales].flatMap((q, i) => (['CHAT', 'VOICE'] as const).map((Channel) => ({ QueueReference: { QueueId: q.Id, Channel }, Priority: i + 1, Delay: 0 }))),
    }));
    routingProfileId = out.RoutingProfileId!;
    made.push(`routing profile ${profileName}`);
  }

  // Users: agents (security profile Agent) and supervisors (CallCenterManager). An existing one is kept as it is.
  const securityProfiles = await all(paginateListSecurityProfiles({ client: connect }, { InstanceId }), 'SecurityProfileSummaryList');
  const profileId = (name: string) => {
    const id = securityProfiles.find((p) => p.Name === name)?.Id;
    if (!id) throw new Error(`the instance has no security profile ${name}`);
    return id;
  };
  const users = await all(paginateListUsers({ client: connect }, { InstanceId }), 'UserSummaryList');
  const userIds = new Map<string, string>();
  const accounts: { username: string; password: string | undefined; profile: string; created: boolean }[] = [];
  for (const p of people) {
    const existing = users.find((u) => u.Username === p.username);
    if (existing) {
      userIds.set(p.username, existing.Id!);
      accounts.push({ username: p.username, password: p.given ? p.password : undefined, profile: p.profile, created: false });
      continue;
    }
    const [FirstName, LastName] = [p.username.charAt(0).toUpperCase() + p.username.slice(1), p.profile === 'Agent' ? 'Agent' : 'Supervisor'];
    const out = await connect.send(new CreateUserCommand({
      InstanceId, Username: p.username, Password: p.password, IdentityInfo: { FirstName, LastName },
      PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0 },
      SecurityProfileIds: [profileId(p.profile)], RoutingProfileId: routingProfileId,
    }));
    userIds.set(p.username, out.UserId!);
    accounts.push({ username: p.username, password: p.password, profile: p.profile, created: true });
    made.push(`user ${p.username}`);
  }

  // Quick connects: each queue (through the default queue transfer flow) and each agent (default agent transfer), on both queues.
  const flows = await all(paginateListContactFlows({ client: connect }, { InstanceId }), 'ContactFlowSummaryList');
  const flowOf = (type: string) => {
    const id = flows.find((f) => f.ContactFlowType === type)?.Id;
    if (!id) throw new Error(`the instance has no ${type} flow`);
    return id;
  };
  const quickConnects = await all(paginateListQuickConnects({ client: connect }, { InstanceId }), 'QuickConnectSummaryList');
  const quickConnectIds: string[] = [];
  const targets = [
    ...[...queues].map(([name, q]) => ({ Name: name, QuickConnectConfig: { QuickConnectType: 'QUEUE' as const, QueueConfig: { QueueId: q.Id, ContactFlowId: flowOf('QUEUE_TRANSFER') } } })),
    ...people.filter((p) => p.profile === 'Agent').map((p) => ({
      Name: p.username, QuickConnectConfig: { QuickConnectType: 'USER' as const, UserConfig: { UserId: userIds.get(p.username)!, ContactFlowId: flowOf('AGENT_TRANSFER') } },
    })),
  ];
  for (const target of targets) {
    const found = quickConnects.find((q) => q.Name === target.Name)?.Id;
    if (found) { quickConnectIds.push(found); continue; }
    const out = await connect.send(new CreateQuickConnectCommand({ InstanceId, ...target, Description: `Transfer to ${target.Name}` }));
    quickConnectIds.push(out.QuickConnectId!);
    made.push(`quick connect ${target.Name}`);
  }
  for (const q of queues.values()) {
    const on = new Set((await all(paginateListQueueQuickConnects({ client: connect }, { InstanceId, QueueId: q.Id }), 'QuickConnectSummaryList')).map((c) => c.Id));
    const missing = quickConnectIds.filter((id) => !on.has(id));
    if (missing.length > 0) await connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId, QueueId: q.Id, QuickConnectIds: missing }));
  }

  // The inbound flow. The instance's chat widget runs its "Sample inbound flow (first contact experience)", so
  // the Connect way to change what customers get is to publish new content into that flow
  // (UpdateContactFlowContent): nothing else has to be pointed anywhere, and running this again writes the same.
  const sample = flows.find((f) => f.Name === 'Sample inbound flow (first contact experience)');
  if (!sample?.Id) throw new Error('the instance has no "Sample inbound flow (first contact experience)"');
  await connect.send(new UpdateContactFlowContentCommand({ InstanceId, ContactFlowId: sample.Id, Content: JSON.stringify(inboundFlow(support.Arn)) }));

  return { instanceId: InstanceId, alias: args.alias, made, accounts, chatUrl: await chatUrl(InstanceId, accounts), ccpUrl: `${endpoint}/ccp/`, adminUrl: `${endpoint}/admin/` };
}

/**
 * The customer chat page of the instance's chat widget. Amazon Connect has no API for its hosted widget, so
 * Switchboard tells it to a signed-in user: POST /agent/login, then GET /admin/me (Instance.Widgets).
 */
async function chatUrl(instanceId: string, accounts: { username: string; password: string | undefined }[]): Promise<string | undefined> {
  const known = accounts.find((a) => a.password !== undefined);
  if (!known) return undefined;
  const login = await fetch(`${endpoint}/agent/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Username: known.username, Password: known.password, InstanceId: instanceId }),
  });
  if (!login.ok) return undefined;
  const { Token } = await login.json() as { Token: string };
  const me = await fetch(`${endpoint}/admin/me`, { headers: { authorization: `Bearer ${Token}` } });
  await fetch(`${endpoint}/agent/logout`, { method: 'POST', headers: { authorization: `Bearer ${Token}`, 'content-type': 'application/json' }, body: '{}' });
  if (!me.ok) return undefined;
  const widgets = ((await me.json()) as { Instance: { Widgets?: { Name: string; ChatUrl: string }[] } }).Instance.Widgets ?? [];
  return (widgets.find((w) => w.Name === 'Default chat widget') ?? widgets[0])?.ChatUrl;
}

try {
  const result = await provision();
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log([
      `instance ${result.alias}: ${result.instanceId}`,
      result.made.length > 0 ? `made: ${result.made.join(', ')}` : 'nothing new to make: everything was there already',
      'flow:          the chat widget\'s "Sample inbound flow (first contact experience)" greets and queues to Support',
      ...result.accounts.map((a) => `  ${a.profile === 'Agent' ? 'agent' : 'supervisor'} ${a.username} / ${a.password ?? '(existing user: password unchanged)'}`),
      `agent CCP:     ${result.ccpUrl}`,
      `customer chat: ${result.chatUrl ?? '(sign in to the admin console: GET /admin/me lists the instance\'s chat widgets; the server log has it too)'}`,
      `admin console: ${result.adminUrl}  (the supervisor's login)`,
    ].join('\n'));
  }
} catch (error) {
  const e = error as Error & { name: string };
  console.error(`provision failed: ${e.name}: ${e.message}`);
  if (e.name === 'UnrecognizedClientException' || e.name === 'InvalidSignatureException' || e.name === 'CredentialsProviderError') {
    console.error('Is the server running with SWITCHBOARD_DEMO=0, and do AWS_SHARED_CREDENTIALS_FILE=<data dir>/credentials AWS_PROFILE=switchboard name its key?');
  }
  process.exitCode = 1;
}
