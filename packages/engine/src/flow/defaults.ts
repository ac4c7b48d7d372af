import type { FlowAction, FlowDocument } from '../model/instance.ts';
import type { RunnableFlow } from './interpreter.ts';

/**
 * Our own versions of Amazon Connect's default flows (flow-language.md §3), written in the flow
 * language. Every instance has them: where no flow of a type is set (no hook), the default of that type
 * runs. Their ids are fixed and cannot clash with created flows (which are UUIDs).
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

const byId = new Map(DEFAULT_FLOWS.map((f) => [f.id, f]));
const byType = new Map(DEFAULT_FLOWS.map((f) => [f.type, f]));

export const defaultFlow = (id: string): RunnableFlow | undefined => byId.get(id);
/** The default flow of a type (CUSTOMER_QUEUE, AGENT_WHISPER, …), if Connect has one. */
export const defaultFlowOfType = (type: string): RunnableFlow | undefined => byType.get(type);
