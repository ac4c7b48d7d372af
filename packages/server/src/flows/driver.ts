import type { Event, FlowWait, State } from '@switchboard/engine';
import type { Pipeline } from '../pipeline.ts';
import { invokeLambda, type LambdaResolver } from './lambda.ts';
import { recognize, type BotResolver } from './bots.ts';
import { log } from '../log.ts';

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

  constructor(private readonly pipeline: Pipeline, private readonly lambdas: LambdaResolver, private readonly bots?: BotResolver) {}

  start(state: State): void {
    for (const instance of state.instances.values()) {
      for (const contact of instance.contacts.values()) {
        const wait = contact.status !== 'ended' ? contact.flowRun?.waiting : undefined;
        if (wait?.kind === 'lambda') this.invoke(instance.id, contact.id, wait);
        if (wait?.kind === 'bot') this.ask(instance.id, contact.id, wait);
      }
    }
    this.pipeline.subscribe((events) => this.onEvents(events));
  }

  stop(): void {
    this.stopped = true;
  }

  onEvents(events: readonly Event[]): void {
    for (const event of events) {
      if (event.type !== 'FlowAdvanced') continue;
      const wait = event.run?.waiting;
      if (wait?.kind === 'lambda') this.invoke(event.instanceId, event.contactId, wait);
      if (wait?.kind === 'bot') this.ask(event.instanceId, event.contactId, wait);
    }
  }

  /** The built-in bot adapter answers at once (it runs in process: no worker needed). */
  private ask(instanceId: string, contactId: string, wait: Extract<FlowWait, { kind: 'bot' }>): void {
    if (this.inFlight.has(wait.id) || this.stopped) return;
    this.inFlight.add(wait.id);
    const bot = this.bots?.resolve(instanceId, wait.botRef);
    const answer = bot ? { ok: true as const, ...recognize(bot, wait.utterance) } : { ok: false as const, error: `no bot ${wait.botRef} on this instance (see the README: Flows, bots)` };
    void this.pipeline.submit({ type: 'FlowBotResult', instanceId, contactId, requestId: wait.id, ...answer })
      .catch((error) => log().error({ err: error }, 'a flow bot answer failed')).finally(() => this.inFlight.delete(wait.id));
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
    }).catch((error) => log().error({ err: error }, 'a flow Lambda answer failed')).finally(() => this.inFlight.delete(wait.id));
  }
}
