import { deadlinesOf, pendingDeadlines, type Deadline, type Event, type State } from '@switchboard/engine';
import type { Pipeline } from './pipeline.ts';

/**
 * Turns the engine's deadlines into commands when they pass. Deadlines come from events as they are
 * made durable, and from the whole state on start (so timers survive a restart).
 */
export class Timers {
  private readonly handles = new Map<string, NodeJS.Timeout>();

  constructor(private readonly pipeline: Pipeline) {}

  start(state: State): void {
    for (const deadline of pendingDeadlines(state)) this.apply(deadline);
    this.pipeline.subscribe((events) => this.onEvents(events));
  }

  onEvents(events: readonly Event[]): void {
    for (const event of events) for (const deadline of deadlinesOf(event)) this.apply(deadline);
  }

  stop(): void {
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }

  private apply(deadline: Deadline): void {
    const existing = this.handles.get(deadline.key);
    if (existing) clearTimeout(existing);
    this.handles.delete(deadline.key);
    if (deadline.at === undefined || !deadline.command) return;
    const command = deadline.command;
    // setTimeout holds at most ~24.8 days; chats last at most 7 days.
    // A few ms past the deadline, so the engine (which checks now >= deadline) never sees an early timer.
    const delay = Math.min(Math.max(0, deadline.at - this.pipeline.now() + 5), 2 ** 31 - 1);
    const handle = setTimeout(() => {
      this.handles.delete(deadline.key);
      // A stale timer (the offer was answered meanwhile) is refused by the engine; nothing to do then.
      void this.pipeline.submit(command);
    }, delay);
    handle.unref();
    this.handles.set(deadline.key, handle);
  }
}
