/**
 * Small worlds the routing, rules and metrics tests start from: agents made Available, and an agent
 * on a profile that serves both chats and tasks.
 */
import type { CrossChannelBehavior, Event } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, eventsOfType } from './decisions.ts';

/** The offers among a decision's events. */
export const offersIn = (events: readonly Event[]) => eventsOfType(events, 'ContactOffered');

/** The named agents become Available in order, one second apart; then another second passes. */
export function availableInTurn(world: World, agents: readonly string[]): World {
  for (const agent of agents) {
    world.advance(1000);
    eventsOf(world.setStatus(agent, 'Available'));
  }
  world.advance(1000);
  return world;
}

/** A world where the named agents become Available in order, one second apart. */
export function availableWorld(agents: string[], options: { chatConcurrency?: number } = {}): World {
  return availableInTurn(new World({ agents, ...options }), agents);
}

/** A routing profile taking chats and tasks from BasicQueue, with the given cross-channel behaviours (and concurrencies). */
export function chatAndTaskProfile(
  world: World,
  name: string,
  crossChannel: { CHAT: CrossChannelBehavior; TASK: CrossChannelBehavior },
  concurrency?: { CHAT: number; TASK: number },
): string {
  return world.addProfile(name, {
    queues: [{ queueId: world.queueId, channel: 'CHAT' }, { queueId: world.queueId, channel: 'TASK' }],
    ...(concurrency ? { concurrency } : {}),
    crossChannel,
  });
}

/** Adds an agent on the routing profile and makes them Available. */
export function availableAgent(world: World, name: string, routingProfileId: string): void {
  world.addAgent(name, routingProfileId);
  eventsOf(world.setStatus(name, 'Available'));
}
