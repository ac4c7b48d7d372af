/** Test helpers for flows: a World with flows of any type, chats and calls started on them, and the shell's answers to waits. */
import { evolve, type Contact, type Decision, type Event, type FlowAction, type FlowDocument, type FlowRun, type FlowWait } from '../src/index.ts';
import { World, uuidCounter } from './fixtures.ts';
import { eventsOf } from './decisions.ts';

const nextFlow = uuidCounter('f10a');
const nextCall = uuidCounter('ca11');

/** A flow document from its actions; the first action starts it. */
export function flowOf(actions: FlowAction[], start = actions[0]!.Identifier): FlowDocument {
  return { Version: '2019-10-30', StartAction: start, Actions: actions };
}

/** An action; `next` is its NextAction and its NoMatchingError target. */
export function act(Identifier: string, Type: string, Parameters: Record<string, unknown> = {}, next?: string, more: Partial<NonNullable<FlowAction['Transitions']>> = {}): FlowAction {
  return {
    Identifier, Type, Parameters,
    Transitions: { ...(next ? { NextAction: next, Errors: [{ NextAction: next, ErrorType: 'NoMatchingError' }] } : {}), ...more },
  };
}

export const say = (id: string, text: string, next?: string) => act(id, 'MessageParticipant', { Text: text }, next);
export const hangup = (id = 'bye') => act(id, 'DisconnectParticipant');
export const cond = (value: string, NextAction: string, Operator = 'Equals') => ({ NextAction, Condition: { Operator, Operands: [value] } });

export class FlowWorld extends World {
  /**
   * Stores a flow as an import would (the ContactFlowCreated event, not CreateContactFlow: today's
   * validator still refuses flows with actions outside its first seven).
   */
  addTypedFlow(content: FlowDocument, flowType = 'CONTACT_FLOW', name = 'flow', flowId = nextFlow()): string {
    const event: Event = { type: 'ContactFlowCreated', instanceId: this.instanceId, at: this.now, flowId, name, flowType, content };
    evolve(this.state, event);
    this.events.push(event);
    return flowId;
  }

  /** Starts a chat on a flow (a document is added as a CONTACT_FLOW first). */
  chatOn(flow: string | FlowDocument, attributes: Record<string, string> = {}) {
    const contactFlowId = typeof flow === 'string' ? flow : this.addTypedFlow(flow);
    const chat = this.startChat('Ann', { contactFlowId, attributes });
    return chat;
  }

  /** An inbound call on a flow; `media` says media plays its prompts. */
  callOn(flow: string | FlowDocument, options: { media?: boolean; number?: string } = {}): { contactId: string; partyId: string; decision: Decision } {
    const contactFlowId = typeof flow === 'string' ? flow : this.addTypedFlow(flow);
    const contactId = nextCall(), partyId = nextCall();
    const decision = this.run({
      type: 'StartVoiceContact', contactId, partyId, contactFlowId, customerPhoneNumber: options.number ?? '+15550100', attributes: {},
      ...(options.media ? { media: true } : {}), systemPhoneNumber: '+18005550199',
    });
    return { contactId, partyId, decision };
  }

  run$(contactId: string): FlowRun | undefined {
    return this.contact(contactId).flowRun;
  }

  wait(contactId: string): FlowWait {
    const wait = this.contact(contactId).flowRun?.waiting;
    if (!wait) throw new Error(`no flow waits on ${contactId}`);
    return wait;
  }

  /** The system messages of a chat (what its flows said). */
  said(contactId: string): string[] {
    return this.contact(contactId).transcript.filter((i) => i.role === 'SYSTEM' && i.type === 'MESSAGE').map((i) => i.content ?? '');
  }

  lambda(contactId: string, ok: boolean, result?: Record<string, unknown>, error?: string): Decision {
    const wait = this.wait(contactId);
    return this.run({ type: 'FlowLambdaResult', contactId, requestId: wait.id, ok, ...(result ? { result } : {}), ...(error ? { error } : {}) });
  }

  /** The bot adapter answers what the customer said. */
  bot(contactId: string, intentName: string | undefined, slots: Record<string, string> = {}): Decision {
    const wait = this.wait(contactId);
    return this.run({ type: 'FlowBotResult', contactId, requestId: wait.id, ok: intentName !== undefined, ...(intentName !== undefined ? { intentName, slots } : { error: 'bot down' }) });
  }

  digits(contactId: string, digits: string, reason: 'maxDigits' | 'terminator' | 'timeout' | 'stopped' = 'maxDigits'): Decision {
    return this.run({ type: 'FlowDigitsReceived', contactId, collectionId: this.wait(contactId).id, digits, reason });
  }

  played(contactId: string, playbackId = this.wait(contactId).id): Decision {
    return this.run({ type: 'FlowPromptPlayed', contactId, playbackId });
  }

  /** The deadline of the current wait passes (the clock moves to it). */
  timeout(contactId: string): Decision {
    const wait = this.wait(contactId);
    if (!('deadline' in wait) || wait.deadline === undefined) throw new Error(`wait ${wait.kind} has no deadline`);
    this.now = Math.max(this.now, wait.deadline);
    return this.run({ type: 'FlowTimeout', contactId, waitId: wait.id });
  }

  log(contactId: string) {
    return this.contact(contactId).flowLog ?? [];
  }
}

export const statusOf = (c: Contact) => c.status;
export const typesIn = (d: Decision): string[] => eventsOf(d).map((e: Event) => e.type);
