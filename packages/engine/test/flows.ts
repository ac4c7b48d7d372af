/** The flow documents the fixtures install: the inbound flow and the quick connects' (agent transfer) flow. */
import type { FlowDocument } from '../src/index.ts';

export const GREETING = 'Thanks for contacting us';

/** The inbound flow: greet, set the working queue, transfer to it; errors disconnect. */
export function inboundFlow(queueRef: string, greeting = GREETING): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'greet',
    Actions: [
      { Identifier: 'greet', Type: 'MessageParticipant', Parameters: { Text: greeting },
        Transitions: { NextAction: 'set-queue', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'set-queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueRef },
        Transitions: { NextAction: 'transfer', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'transfer', Type: 'TransferContactToQueue',
        Transitions: { Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {} },
    ],
  };
}

/** The prompt of the fixture's quick connect flow (seed 001's example). */
export const TRANSFER_PROMPT = 'Inviting new agent…';

/** A quick connect flow as Amazon Connect's Default agent transfer: Play prompt, then Transfer to agent (an AGENT_TRANSFER flow may not use End flow). */
export function transferFlow(prompt = TRANSFER_PROMPT): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'prompt',
    Actions: [
      { Identifier: 'prompt', Type: 'MessageParticipant', Parameters: { Text: prompt }, Transitions: { NextAction: 'to-agent', Errors: [{ NextAction: 'to-agent', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'to-agent', Type: 'TransferContactToAgent', Parameters: {}, Transitions: {} },
    ],
  };
}
