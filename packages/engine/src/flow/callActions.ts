import type { FlowAction } from '../model/instance.ts';
import type { Outcome } from './interpreter.ts';
import { num } from './interpreter.ts';
import type { ActionContext } from './actions.ts';

/**
 * Flow actions that act on calls beyond the flow's own contact (flow-language.md §2):
 * - CreateCallbackContact ("Transfer to callback queue"): a new CALLBACK contact to the contact's
 *   callback number (UpdateContactCallbackNumber, else the caller's number), queued in QueueId or the
 *   working queue; when an agent accepts it, the agent whisper plays, the customer is dialled, and the
 *   outbound whisper plays to them when they answer (flow/callMoments.ts).
 * - TransferContactToAgent ("Transfer to agent", AGENT_TRANSFER and QUEUE_TRANSFER flows on calls):
 *   the leg a quick connect made already waits for its agent; the transfer flow ends and leaves it there.
 * Returns undefined for any other action type.
 */
export function callAction(c: ActionContext, action: FlowAction): Outcome | undefined {
  const { run, world, view, effects, text } = c;
  const p = action.Parameters ?? {};
  switch (action.Type) {
    case 'CreateCallbackContact': {
      if (view.channel !== 'VOICE') return { ok: false, error: 'NoMatchingError', reason: 'a callback calls a phone: it is made from voice contacts' };
      const ref = p.QueueId !== undefined ? text(p.QueueId) : view.targetQueueId;
      if (p.AgentId !== undefined && p.QueueId === undefined) return { ok: false, error: 'NoMatchingError', reason: 'agent queues (AgentId) are not supported' };
      const queue = ref ? world.queue(ref) : undefined;
      if (!queue) return { ok: false, error: 'NoMatchingError', reason: ref ? `no queue ${ref}` : 'no QueueId and no working queue set' };
      const number = view.callbackNumber ?? view.customerAddress;
      if (!number || !/^\+[1-9][0-9]{6,14}$/.test(number)) return { ok: false, error: 'NoMatchingError', reason: 'the contact has no callback number (UpdateContactCallbackNumber) and no caller number' };
      const flowRef = p.ContactFlowId !== undefined ? text(p.ContactFlowId) : undefined;
      const flow = flowRef ? world.flow(flowRef) : undefined;
      if (flowRef && !flow) return { ok: false, error: 'NoMatchingError', reason: `no flow ${flowRef}` };
      if (flow && flow.type !== '' && flow.type !== 'OUTBOUND_WHISPER') return { ok: false, error: 'NoMatchingError', reason: `a callback's flow is its outbound whisper (OUTBOUND_WHISPER); ${flow.id} is ${flow.type}` };
      effects.push({ kind: 'callback', queueId: queue.id, number, ...(flow ? { flowId: flow.id } : {}), delaySeconds: num(p.InitialCallDelaySeconds, 0) });
      return { ok: true };
    }
    case 'TransferContactToAgent': {
      if (run.flowType !== 'AGENT_TRANSFER' && run.flowType !== 'QUEUE_TRANSFER') {
        return { ok: false, error: 'NoMatchingError', reason: `Transfer to agent runs in agent and queue transfer flows; this is a ${run.flowType} flow` };
      }
      if (view.initiationMethod !== 'TRANSFER') return { ok: false, error: 'NoMatchingError', reason: 'no transfer leg to put through to its agent' };
      return { terminal: 'queued' };
    }
    default:
      return undefined;
  }
}
