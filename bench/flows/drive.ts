/**
 * Runs one deployed corpus flow as a customer would meet it, and returns its trace: as a chat
 * (StartChatContact with @aws-sdk/client-connect, the customer answering through
 * @aws-sdk/client-connectparticipant) or as a call (the phone simulator dialling in, with the simulator
 * playing the media layer's part: prompts reported played, digits pressed). Each contact starts in a small
 * "bench start" flow that turns flow logging on and transfers to the flow under test (logging is inherited
 * by the flows a run goes to, and by the customer queue flow a queued contact runs: BENCH_QUEUE_START), so the
 * contact's flow log holds every action the flow ran. The customer
 * answers every input the flow waits for: the first branch's value the first time an action asks, the
 * next branch's the next time (a menu that loops is explored, not repeated), a number when input is stored;
 * in a chat, a Wait the customer's return ends is ended by the customer writing again.
 */
import { ConnectClient, CreateContactFlowCommand, StartChatContactCommand, StopContactCommand } from '@aws-sdk/client-connect';
import { ConnectParticipantClient, CreateParticipantConnectionCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { defaultFlow, type Contact, type FlowAction, type FlowLogEntry, type FlowWait } from '@switchboard/engine';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import type { RunningServer } from '../../packages/server/src/index.ts';

/** The flow every bench contact starts in: logging on, then the flow named by the contact attribute `benchTarget`. */
export const BENCH_START = {
  Version: '2019-10-30', StartAction: 'log',
  Actions: [
    { Identifier: 'log', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'queue' } },
    // A transfer flow runs on a contact whose working queue the quick connect set: `benchQueue` stands for it (absent: no queue).
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: '$.Attributes.benchQueue' }, Transitions: { NextAction: 'go', Errors: [{ NextAction: 'go', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'go', Type: 'TransferToFlow', Parameters: { ContactFlowId: '$.Attributes.benchTarget' }, Transitions: { NextAction: 'fail', Errors: [{ NextAction: 'fail', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'fail', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
};

/**
 * How a customer queue flow is run: a contact put in BasicQueue (`benchQueue`) with the flow under test as its
 * CustomerQueue hook; logging, turned on first, holds for the queue flow too.
 */
export const BENCH_QUEUE_START = {
  Version: '2019-10-30', StartAction: 'log',
  Actions: [
    { Identifier: 'log', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'hook' } },
    { Identifier: 'hook', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerQueue: '$.Attributes.benchTarget' } }, Transitions: { NextAction: 'queue', Errors: [{ NextAction: 'fail', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: '$.Attributes.benchQueue' }, Transitions: { NextAction: 'go', Errors: [{ NextAction: 'fail', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'go', Type: 'TransferContactToQueue', Transitions: { NextAction: 'fail', Errors: [{ NextAction: 'fail', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'fail', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
};

export type Channel = 'CHAT' | 'VOICE';

export interface Trace {
  channel: Channel;
  contactId: string;
  /** The flow log from the flow under test on, up to the first action that ended the run. */
  entries: FlowLogEntry[];
  /** The contact when the run was left: ended, queued, or still in the flow. */
  status: string;
  /** Still waiting when the time limit passed: the wait's kind and the action it waits in. */
  stuck?: { kind: FlowWait['kind']; actionType: string; actionId: string };
  /** What the customer answered, in order. */
  answers: string[];
}

export interface Bench {
  server: RunningServer;
  instanceId: string;
  connect: ConnectClient;
  participant: ConnectParticipantClient;
  phone: PhoneSimulator;
  startFlowId: string;
  queueStartFlowId: string;
  /** Per run. */
  timeLimitMs: number;
}

/** Creates the bench start flow and the clients. */
export async function benchOn(server: RunningServer, timeLimitMs: number): Promise<Bench> {
  const demo = server.demo!;
  const credentials = { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey };
  const connect = new ConnectClient({ endpoint: server.url, region: demo.region, maxAttempts: 1, credentials });
  const participant = new ConnectParticipantClient({ endpoint: server.url, region: demo.region, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const phone = new PhoneSimulator({ endpoint: server.url, region: demo.region, instanceId: demo.instanceId, credentials });
  const start = await connect.send(new CreateContactFlowCommand({ InstanceId: demo.instanceId, Name: 'bench start (logging on, then the flow under test)', Type: 'CONTACT_FLOW', Content: JSON.stringify(BENCH_START) }));
  const queueStart = await connect.send(new CreateContactFlowCommand({ InstanceId: demo.instanceId, Name: 'bench queue start (logging on, queued with the flow under test as its customer queue flow)', Type: 'CONTACT_FLOW', Content: JSON.stringify(BENCH_QUEUE_START) }));
  return { server, instanceId: demo.instanceId, connect, participant, phone, startFlowId: start.ContactFlowId!, queueStartFlowId: queueStart.ContactFlowId!, timeLimitMs };
}

export function closeBench(b: Bench): void {
  b.connect.destroy();
  b.participant.destroy();
}

/** Answers one run gives at most. */
export const MAX_ANSWERS = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function contactNow(b: Bench, contactId: string): Promise<Contact | undefined> {
  const live = b.server.services.state.instances.get(b.instanceId)?.contacts.get(contactId);
  return live ?? b.server.services.pipeline.archive.read(b.instanceId, contactId);
}

function actionOf(b: Bench, flowId: string, actionId: string): FlowAction | undefined {
  const instance = b.server.services.state.instances.get(b.instanceId)!;
  const flow = instance.flows.get(flowId) ?? instance.flowModules.get(flowId) ?? defaultFlow(flowId);
  return flow?.content.Actions.find((a) => a.Identifier === actionId);
}

/** The customer's answer to an input wait (see the header). */
export function answerFor(action: FlowAction | undefined, wait: Extract<FlowWait, { kind: 'input' }>, asked: number): string {
  const voice = wait.channel === 'VOICE';
  if (wait.storeInput) {
    const phone = ((action?.Parameters?.InputValidation ?? {}) as { PhoneNumberValidation?: { NumberFormat?: unknown } }).PhoneNumberValidation;
    // A phone number as the customer would give it: local (a US number without its country code) or with the country code.
    const digits = !phone ? '12345' : String(phone.NumberFormat).toLowerCase() === 'local' ? '2065550123' : voice ? '12065550123' : '+12065550123';
    return voice ? digits.slice(0, Math.max(1, wait.maxDigits - (wait.terminator ? 1 : 0))) + (wait.terminator ?? '') : digits;
  }
  const operands = (action?.Transitions?.Conditions ?? []).map((c) => String(c.Condition.Operands?.[0] ?? '')).filter((o) => o !== '');
  const usable = voice ? operands.filter((o) => /^[0-9*#]+$/.test(o)) : operands;
  const chosen = usable.length > 0 ? usable[asked % usable.length]! : '1';
  return voice && wait.bot ? `${chosen}#` : chosen;
}

/** Follows a contact until its flow ends, queues it, or the time limit passes; answers inputs on the way. */
async function follow(b: Bench, channel: Channel, contactId: string, queueFlow: boolean, answer: (wait: FlowWait, action: FlowAction | undefined, asked: number) => Promise<string | undefined>): Promise<Trace> {
  const until = Date.now() + b.timeLimitMs;
  const handled = new Set<string>();
  const asked = new Map<string, number>();
  const answers: string[] = [];
  let contact: Contact | undefined;
  let stuck: Trace['stuck'];
  let plays = 0;
  for (;;) {
    contact = await contactNow(b, contactId);
    // A customer queue flow runs while its contact is queued: it ends when the flow does (or the contact).
    if (!contact || contact.status === 'ended' || (contact.status === 'queued' && !queueFlow) || !contact.flowRun) break;
    const run = contact.flowRun;
    const wait = run.waiting;
    const key = wait ? `${wait.id}:${wait.kind === 'iterate' ? wait.played : ''}` : '';
    if (wait && !handled.has(key)) {
      handled.add(key);
      if (wait.kind === 'iterate') plays++;
      const action = actionOf(b, run.flowId, run.actionId);
      const n = asked.get(`${run.flowId}:${run.actionId}`) ?? 0;
      try {
        const said = await answer(wait, action, n);
        if (said !== undefined) {
          answers.push(said);
          asked.set(`${run.flowId}:${run.actionId}`, n + 1);
        }
      } catch {
        // The wait moved on meanwhile (a timer): the next look sees where the run is.
      }
    }
    // A conversation only its Lambda or bot would end: the customer stops after MAX_ANSWERS (a chat's message rate limit would stop them anyway).
    if (Date.now() > until || answers.length >= MAX_ANSWERS || plays > MAX_ANSWERS) {
      if (wait) stuck = { kind: wait.kind, actionType: actionOf(b, run.flowId, run.actionId)?.Type ?? '?', actionId: run.actionId };
      break;
    }
    await sleep(20);
  }
  if (contact && contact.status !== 'ended') {
    await b.connect.send(new StopContactCommand({ InstanceId: b.instanceId, ContactId: contactId })).catch(() => undefined);
  }
  return { channel, contactId, entries: traceOf(contact?.flowLog ?? [], [b.startFlowId, b.queueStartFlowId]), status: contact?.status ?? 'gone', ...(stuck ? { stuck } : {}), answers };
}

const TERMINAL = new Set(['queued', 'disconnect', 'end']);

/** The flow log without the bench start flow's entries, up to the first terminal one. */
export function traceOf(log: FlowLogEntry[], startFlowIds: string[]): FlowLogEntry[] {
  const out: FlowLogEntry[] = [];
  for (const e of log) {
    if (startFlowIds.includes(e.flowId) && e.actionType !== 'DisconnectParticipant') continue;
    out.push(e);
    if (e.result !== undefined && TERMINAL.has(e.result)) break;
  }
  return out;
}

/** The flow as a chat: the customer sends what each input wait asks for. */
/** `queueFlow`: the flow is a customer queue flow, run on the contact queued in `queueArn`. */
export async function runChat(b: Bench, flowArn: string, queueArn?: string, queueFlow = false): Promise<Trace> {
  const started = await b.connect.send(new StartChatContactCommand({
    InstanceId: b.instanceId, ContactFlowId: queueFlow ? b.queueStartFlowId : b.startFlowId, Attributes: { benchTarget: flowArn, ...(queueArn ? { benchQueue: queueArn } : {}) }, ParticipantDetails: { DisplayName: 'Bench Customer' },
  }));
  let token: string | undefined;
  const connection = async () => (token ??= (await b.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: started.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'], ConnectParticipant: true }))).ConnectionCredentials!.ConnectionToken!);
  return follow(b, 'CHAT', started.ContactId!, queueFlow, async (wait, action, asked) => {
    // A Wait that a customer's return ends (a disconnect flow's "are you still there?"): the customer writes again.
    const returning = wait.kind === 'timer' && wait.events.includes('CustomerReturned');
    if (!returning && (wait.kind !== 'input' || wait.channel !== 'CHAT')) return undefined;
    const said = wait.kind === 'input' ? answerFor(action, wait, asked) : 'I am back';
    await b.participant.send(new SendMessageCommand({ ConnectionToken: await connection(), ContentType: 'text/plain', Content: said }));
    return said;
  });
}

/** The flow as a call: prompts are reported played, digits pressed for each input. */
export async function runCall(b: Bench, flowArn: string, queueArn?: string, queueFlow = false): Promise<Trace> {
  const { ContactId } = await b.phone.dialInWith('+12065550100', { contactFlowId: queueFlow ? b.queueStartFlowId : b.startFlowId, attributes: { benchTarget: flowArn, ...(queueArn ? { benchQueue: queueArn } : {}) }, to: '+18005550199', media: true });
  return follow(b, 'VOICE', ContactId, queueFlow, async (wait, action, asked) => {
    if (wait.kind === 'prompt' || wait.kind === 'iterate') {
      await b.phone.promptPlayed(ContactId);
      return undefined;
    }
    if (wait.kind !== 'input' || wait.channel !== 'VOICE') return undefined;
    const digits = answerFor(action, wait, asked);
    await b.phone.pressDigits(ContactId, digits);
    return digits;
  });
}
