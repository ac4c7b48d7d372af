import type { PlannedAudio } from '../voice/mediaPlan.ts';

/**
 * A flow run is state on the contact (`contact.flowRun`): which flow, which action it stands on, its
 * loop counters, stored input, $.External, flow attributes, the module call stack, logging, and what it
 * waits for. Commands step it (flow/resume.ts); every change is recorded by one `FlowAdvanced` event
 * carrying the new run (a small plain object), so replaying the events rebuilds the run exactly.
 */
export interface FlowRun {
  /** Unique per run (ids of waits, playbacks and Lambda requests derive from it). */
  id: string;
  /** The flow the run was started with (its type decides what ending it means). */
  rootFlowId: string;
  flowType: string;
  /** The flow (or module) the current action belongs to. */
  flowId: string;
  /** The action the run stands on: the one it waits in. */
  actionId: string;
  /** Actions performed so far (every wait id is `${id}:${step}`). */
  step: number;
  /** Loop counters by `${flowId}:${identifier}`. */
  loops: Record<string, number>;
  storedInput?: string;
  external: Record<string, string>;
  flowAttributes: Record<string, string>;
  /** The last bot answer: its intent, slots, and the session attributes it was given ($.Lex.SessionAttributes). */
  lex?: { intentName: string; slots: Record<string, string>; sessionAttributes?: Record<string, string> };
  metrics?: Record<string, string>;
  /** Callers of the modules being run (InvokeFlowModule), innermost last. */
  stack: FlowFrame[];
  logging: boolean;
  /** Who the flow speaks to on a call: the customer, or (whispers) the agent. */
  audience: 'customer' | 'agent';
  /** On a call: the party the flow speaks to (hold flows, transfer flows, flows on a leg); else the audience's first party. */
  partyId?: string;
  /** $.InitiationMethod for this run when the moment says (a disconnect flow: DISCONNECT), not the contact's. */
  initiationMethod?: string;
  waiting?: FlowWait;
}

/** Where a module returns to: the InvokeFlowModule action of the calling flow. */
export interface FlowFrame {
  flowId: string;
  actionId: string;
  flowAttributes: Record<string, string>;
}

/** What a run waits for; `id` is stable per wait (`${runId}:${step}`). */
export type FlowWait =
  | { kind: 'prompt'; id: string; audio: PlannedAudio }
  | {
    kind: 'input'; id: string; channel: 'VOICE' | 'CHAT';
    prompt?: PlannedAudio; maxDigits: number; terminator?: string; timeoutSeconds: number; interDigitSeconds: number;
    storeInput: boolean; deadline?: number;
    /** ConnectParticipantWithLexBot: the answer goes to this bot (a `bot` wait follows). */
    bot?: { ref: string; sessionAttributes: Record<string, string> };
  }
  /** A bot (ConnectParticipantWithLexBot) reads what the customer said: the shell's bot adapter answers with FlowBotResult. */
  | { kind: 'bot'; id: string; botRef: string; utterance: string; sessionAttributes: Record<string, string>; deadline: number }
  | {
    kind: 'lambda'; id: string; functionArn: string; timeoutSeconds: number; deadline: number;
    payload: { Details: { ContactData: Record<string, unknown>; Parameters: Record<string, string> }; Name: 'ContactFlowEvent' };
  }
  | { kind: 'timer'; id: string; deadline: number; events: string[] }
  /** MessageParticipantIteratively on a call: plays `messages` in a loop (`played` counts the plays). */
  | { kind: 'iterate'; id: string; messages: PlannedAudio[]; played: number; deadline?: number };

/** One entry of a contact's flow log (UpdateFlowLoggingBehavior), in Amazon Connect's flow-log terms. */
export interface FlowLogEntry {
  at: number;
  flowId: string;
  actionId: string;
  actionType: string;
  parameters?: Record<string, unknown>;
  result?: string;
  error?: string;
  /** Why an error branch was taken (unsupported action, channel), when the engine knows. */
  reason?: string;
}

/** Contact settings a flow changes (recorded by FlowAdvanced). */
export interface ContactFlowSettings {
  /** UpdateContactRecordingBehavior: the recorded participants (empty = not recorded). */
  recordedParticipants?: string[];
  /** UpdateContactEventHooks: hook name (CustomerQueue, CustomerRemaining, …) → flow id. */
  eventHooks?: Record<string, string>;
  voice?: { name: string; engine?: string; style?: string };
  mediaStreaming?: boolean;
  name?: string;
  description?: string;
  languageCode?: string;
  customerId?: string;
  tags?: Record<string, string>;
  queuePriority?: number;
  queueTimeAdjustmentSeconds?: number;
  /** UpdateContactCallbackNumber (E.164). */
  callbackNumber?: string;
  /**
   * UpdateFlowLoggingBehavior: "this same behavior remains … for the rest of the contact segment" — the
   * flows started on the contact later (customer queue, whisper, hold, disconnect flows) log, or not, alike.
   */
  flowLogging?: boolean;
}

/** A copy of plain JSON data (runs, logs and settings are plain JSON: they travel in events). */
export const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The playback id of GetParticipantInput's question on a call. */
export const inputPromptId = (waitId: string) => `${waitId}:prompt`;
/** The playback id of the n-th play of a Loop prompts wait. */
export const iteratePlaybackId = (waitId: string, played: number) => `${waitId}:${played}`;
