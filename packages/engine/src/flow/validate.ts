import type { FlowDocument } from '../model/instance.ts';
import { SUPPORTED_ACTIONS } from './interpreter.ts';

/** Flow-language limit: "a single Flow may have no more than 250 Actions". */
export const MAX_FLOW_ACTIONS = 250;

/** Checks a flow document before it is stored; returns what is wrong, or undefined. */
export function validateFlow(doc: FlowDocument): string | undefined {
  if (doc.Version !== '2019-10-30') return `Version must be "2019-10-30", got ${JSON.stringify(doc.Version)}`;
  if (!Array.isArray(doc.Actions) || doc.Actions.length === 0) return 'Actions must be a non-empty array';
  if (doc.Actions.length > MAX_FLOW_ACTIONS) return `a flow may have at most ${MAX_FLOW_ACTIONS} actions`;
  const ids = new Set<string>();
  for (const action of doc.Actions) {
    if (typeof action.Identifier !== 'string' || action.Identifier.length === 0) return 'every action needs an Identifier';
    if (ids.has(action.Identifier)) return `duplicate action Identifier ${action.Identifier}`;
    ids.add(action.Identifier);
    if (!SUPPORTED_ACTIONS.has(action.Type)) return `action type ${action.Type} is not supported yet`;
  }
  if (!ids.has(doc.StartAction)) return `StartAction ${doc.StartAction} is not an action of the flow`;
  for (const action of doc.Actions) {
    const t = action.Transitions ?? {};
    const targets = [t.NextAction, ...(t.Errors ?? []).map((e) => e.NextAction), ...(t.Conditions ?? []).map((c) => c.NextAction)];
    for (const target of targets) {
      if (target !== undefined && !ids.has(target)) return `action ${action.Identifier} points to unknown action ${target}`;
    }
  }
  return undefined;
}
