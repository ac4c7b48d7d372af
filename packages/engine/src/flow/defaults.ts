import type { FlowAction, FlowDocument } from '../model/instance.ts';
import type { RunnableFlow } from './interpreter.ts';

/**
 * Our own versions of Amazon Connect's default flows (flow-language.md §3), written in the flow
 * language. Every new instance is created holding them as its own flows (CreateInstance), with these
 * fixed ids (which cannot clash with created flows: those are UUIDs), so they are listed, described and
 * edited like any other; where no flow of a type is set (no hook), the instance's default of that type
 * runs. An instance created before that (an old event log) has none stored: the built-in ones here answer
 * for their ids.
 */

const doc = (start: string, actions: FlowAction[]): FlowDocument => ({ Version: '2019-10-30', StartAction: start, Actions: actions });
const end: FlowAction = { Identifier: 'end', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} };
const bye = (id: string, text: string): FlowAction[] => [
  { Identifier: id, Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: { NextAction: `${id}-hangup`, Errors: [{ NextAction: `${id}-hangup`, ErrorType: 'NoMatchingError' }] } },
  { Identifier: `${id}-hangup`, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
];

export const DEFAULT_FLOWS: readonly RunnableFlow[] = [
  {
    id: 'default-customer-queue', name: 'Default customer queue', type: 'CUSTOMER_QUEUE',
    content: doc('loop', [{
      Identifier: 'loop', Type: 'MessageParticipantIteratively',
      Parameters: { Messages: [{ Text: 'Thank you for calling. Your call is very important to us and will be answered in the order it was received.' }, { PromptId: 'queue-music' }] },
      Transitions: { Errors: [], Conditions: [] },
    }]),
  },
  {
    id: 'default-customer-hold', name: 'Default customer hold', type: 'CUSTOMER_HOLD',
    content: doc('loop', [{ Identifier: 'loop', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ PromptId: 'hold-music' }] }, Transitions: { Errors: [], Conditions: [] } }]),
  },
  {
    id: 'default-agent-hold', name: 'Default agent hold', type: 'AGENT_HOLD',
    content: doc('loop', [{ Identifier: 'loop', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ SSML: '<speak>You are on hold <break time="10s"/></speak>' }] }, Transitions: { Errors: [], Conditions: [] } }]),
  },
  {
    id: 'default-agent-whisper', name: 'Default agent whisper', type: 'AGENT_WHISPER',
    content: doc('say-queue', [
      { Identifier: 'say-queue', Type: 'MessageParticipant', Parameters: { Text: '$.Queue.Name' }, Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
      end,
    ]),
  },
  { id: 'default-customer-whisper', name: 'Default customer whisper', type: 'CUSTOMER_WHISPER', content: doc('end', [end]) },
  {
    id: 'default-outbound', name: 'Default outbound', type: 'OUTBOUND_WHISPER',
    content: doc('recording', [
      { Identifier: 'recording', Type: 'UpdateContactRecordingBehavior', Parameters: { RecordingBehavior: { RecordedParticipants: [] } }, Transitions: { NextAction: 'end' } },
      end,
    ]),
  },
  {
    id: 'default-agent-transfer', name: 'Default agent transfer', type: 'AGENT_TRANSFER',
    content: doc('say', [
      { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: 'Transferring now…' }, Transitions: { NextAction: 'transfer', Errors: [{ NextAction: 'transfer', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'transfer', Type: 'TransferContactToAgent', Parameters: {}, Transitions: {} },
    ]),
  },
  {
    id: 'default-queue-transfer', name: 'Default queue transfer', type: 'QUEUE_TRANSFER',
    content: doc('hours', [
      {
        Identifier: 'hours', Type: 'CheckHoursOfOperation', Parameters: {},
        Transitions: {
          NextAction: 'closed', Errors: [{ NextAction: 'closed', ErrorType: 'NoMatchingError' }],
          Conditions: [{ NextAction: 'staffed', Condition: { Operator: 'Equals', Operands: ['True'] } }, { NextAction: 'closed', Condition: { Operator: 'Equals', Operands: ['False'] } }],
        },
      },
      {
        Identifier: 'staffed', Type: 'CheckMetricData', Parameters: { MetricType: 'NumberOfAgentsStaffed' },
        Transitions: {
          NextAction: 'nobody', Errors: [{ NextAction: 'nobody', ErrorType: 'NoMatchingCondition' }, { NextAction: 'nobody', ErrorType: 'NoMatchingError' }],
          Conditions: [{ NextAction: 'now', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } }],
        },
      },
      { Identifier: 'now', Type: 'MessageParticipant', Parameters: { Text: 'Now transferring your call.' }, Transitions: { NextAction: 'transfer', Errors: [{ NextAction: 'transfer', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'transfer', Type: 'TransferContactToQueue', Transitions: { NextAction: 'failed', Errors: [{ NextAction: 'failed', ErrorType: 'NoMatchingError' }] } },
      ...bye('closed', 'We are currently out of hours. Goodbye.'),
      ...bye('nobody', 'There are currently no agents staffed. Goodbye.'),
      ...bye('failed', 'Failed to transfer to queue. Goodbye.'),
    ]),
  },
];

/**
 * Our version of Amazon Connect's "Sample inbound flow (first contact experience)", much shortened: a new
 * instance has no queue of ours to send to, so it greets (by channel), says what to do next, and ends.
 */
export const SAMPLE_INBOUND_FLOW: RunnableFlow = {
  id: 'sample-inbound-flow', name: 'Sample inbound flow (first contact experience)', type: 'CONTACT_FLOW',
  content: doc('channel', [
    {
      Identifier: 'channel', Type: 'Compare', Parameters: { ComparisonValue: '$.Channel' },
      Transitions: { NextAction: 'voice', Conditions: [{ NextAction: 'chat', Condition: { Operator: 'Equals', Operands: ['CHAT'] } }], Errors: [{ NextAction: 'voice', ErrorType: 'NoMatchingCondition' }] },
    },
    ...bye('chat', 'Hello, thanks for contacting us. This is the sample flow of a new Switchboard instance: create your own flow and start chats with it. Goodbye.'),
    ...bye('voice', 'Hello, thanks for calling. This is the sample flow of a new Switchboard instance: create your own flow and call it. Goodbye.'),
  ]),
};

/** Every flow a new instance is created with (CreateInstance): the default flows and the sample inbound flow, with these fixed ids. */
export const INSTANCE_FLOWS: readonly RunnableFlow[] = [...DEFAULT_FLOWS, SAMPLE_INBOUND_FLOW];

/** What Connect's console says of each default flow (their Description). */
export const flowDescription = (flow: RunnableFlow): string =>
  flow.type === 'CONTACT_FLOW' ? 'A sample flow a new instance starts with' : `The flow of type ${flow.type} that runs where no other is set`;

const byId = new Map(DEFAULT_FLOWS.map((f) => [f.id, f]));
const byType = new Map(DEFAULT_FLOWS.map((f) => [f.type, f]));

export const defaultFlow = (id: string): RunnableFlow | undefined => byId.get(id);
/** The default flow of a type (CUSTOMER_QUEUE, AGENT_WHISPER, …), if Connect has one. */
export const defaultFlowOfType = (type: string): RunnableFlow | undefined => byType.get(type);
