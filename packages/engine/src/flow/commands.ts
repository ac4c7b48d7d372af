import type { Base } from '../commands.ts';

/** What the shell answers when a flow run waits on the outside world (flow/resume.ts decides them). */

/** Media finished playing a flow prompt. */
export interface FlowPromptPlayed extends Base {
  type: 'FlowPromptPlayed';
  contactId: string;
  playbackId: string;
}
/** Media collected the digits a flow waited for (GetParticipantInput on voice). */
export interface FlowDigitsReceived extends Base {
  type: 'FlowDigitsReceived';
  contactId: string;
  collectionId: string;
  digits: string;
  reason: 'maxDigits' | 'terminator' | 'timeout' | 'stopped';
}
/** The Lambda function a flow invoked answered (or failed, or timed out). */
export interface FlowLambdaResult extends Base {
  type: 'FlowLambdaResult';
  contactId: string;
  requestId: string;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: string;
}
/** The bot adapter classified what the customer said (ConnectParticipantWithLexBot): the intent and its slots. */
export interface FlowBotResult extends Base {
  type: 'FlowBotResult';
  contactId: string;
  requestId: string;
  ok: boolean;
  intentName?: string;
  slots?: Record<string, string>;
  error?: string;
}
/** A flow wait's deadline passed (Wait, input timeout, Loop prompts interrupt, a Lambda never answered). */
export interface FlowTimeout extends Base {
  type: 'FlowTimeout';
  contactId: string;
  waitId: string;
}
