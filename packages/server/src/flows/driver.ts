import type { Event, FlowWait, State } from '@switchboard/engine';
import type { Pipeline } from '../pipeline.ts';
import { invokeLambda, type LambdaResolver } from './lambda.ts';

/**
 * The shell's side of flow runs that wait on a Lambda: it watches FlowAdvanced events (and, on start,
 * every contact whose run waits on one, so a restart mid-invocation invokes again), invokes the function
 * and answers with FlowLambdaResult. Timers (Wait, input timeouts, Loop prompts interrupts, a Lambda
 * that never answers) are engine deadlines: timers.ts fires them as FlowTimeout.
 */
export class FlowDriver {
  /** Requests being invoked (by wait id): one invocation each. */
  private readonly inFlight = new Set<string>();
  private stopped = false;

  constructor(private readonly pipeline: Pipeline, private readonly lambdas: LambdaResolver) {}

  start(state: State): void {
    for (const instance of state.instances.values()) {
      for (const contact of instance.contacts.values()) {
        if (contact.status !== 'ended' && contact.flowRun?.waiting?.kind === 'lambda') this.invoke(instance.id, contact.id, contact.flowRun.waiting);
      }
    }
    this.pipeline.subscribe((events) => this.onEvents(events));
  }

  stop(): void {
    this.stopped = true;
  }

  onEvents(events: readonly Event[]): void {
    for (const event of events) {
      if (event.type === 'FlowAdvanced' && event.run?.waiting?.kind === 'lambda') this.invoke(event.instanceId, event.contactId, event.run.waiting);
    }
  }

  private invoke(instanceId: string, contactId: string, wait: Extract<FlowWait, { kind: 'lambda' }>): void {
    if (this.inFlight.has(wait.id) || this.stopped) return;
    this.inFlight.add(wait.id);
    const target = this.lambdas.resolve(instanceId, wait.functionArn);
    const run = target
      ? invokeLambda(target, wait.payload, wait.timeoutSeconds * 1000)
      : Promise.resolve({ ok: false as const, error: `no handler for ${wait.functionArn} on this instance (see the README: Flows, Lambda functions)` });
    void run.then(async (outcome) => {
      if (this.stopped) return;
      // A stale answer (the run moved on, the contact ended) is refused by the engine; nothing to do then.
      await this.pipeline.submit({
        type: 'FlowLambdaResult', instanceId, contactId, requestId: wait.id, ok: outcome.ok,
        ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
      });
    }).catch((error) => console.error('switchboard: a flow Lambda answer failed', error)).finally(() => this.inFlight.delete(wait.id));
  }
}
