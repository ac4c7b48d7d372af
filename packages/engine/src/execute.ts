import type { Command } from './commands.ts';
import type { Event } from './events.ts';
import type { State } from './state.ts';
import type { Decision } from './decision.ts';
import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import { idsFrom } from './ids.ts';
import { mayEnableOffer } from './routing/route.ts';
import { nextOffer } from './routing/nextOffer.ts';
import { nextStatusFollowUps } from './agent/status.ts';
import { FLOW_ROUNDS, flowFollowUps } from './flow/resume.ts';

/**
 * Runs one command: decide, apply its events, then the follow-ups they call for — next statuses of
 * agents whose last contact went, then routing (offer waiting contacts to free agents) — applying each
 * as it is made. Returns every event in order; on rejection, state is untouched.
 */
export function execute(state: State, command: Command): Decision {
  const decision = decide(state, command, idsFrom(command.seed));
  if (!decision.ok) return decision;
  const events: Event[] = [];
  for (const event of decision.events) {
    evolve(state, event);
    events.push(event);
  }
  // Flow moments the events call for: a chat message answers a waiting flow, a queued contact starts its queue flow,
  // an agent leaving starts the disconnect flow, whispers follow an accept — and what those flows do in turn (a few rounds).
  for (let round = 0, batch: Event[] = [...events]; round < FLOW_ROUNDS && batch.length > 0; round++) {
    batch = flowFollowUps(state, command, batch, round);
    for (const event of batch) {
      evolve(state, event);
      events.push(event);
    }
  }
  const instance = state.instances.get(command.instanceId);
  if (instance && events.length > 0) {
    for (const event of nextStatusFollowUps(instance, command.now, events)) {
      evolve(state, event);
      events.push(event);
    }
  }
  if (instance && (command.type === 'RouteContacts' || events.some(mayEnableOffer))) {
    for (let offer = nextOffer(instance, command.now); offer; offer = nextOffer(instance, command.now)) {
      evolve(state, offer);
      events.push(offer);
    }
  }
  return { ok: true, events };
}

/** Rebuilds state from a history of events. */
export function replay(events: Iterable<Event>, state: State): State {
  for (const event of events) evolve(state, event);
  return state;
}
