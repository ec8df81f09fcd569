import type { DetailValue, LifecycleEvent } from './trace.js';

/**
 * What an adapter says about the step it is taking: the entities it touched, its outcome, lifecycle
 * events, a causal parent other than the actor's previous step (a receive names the send), and details.
 */
export class StepContext {
  readonly entities: string[];
  readonly events: LifecycleEvent[] = [];
  outcome: string | undefined;
  parentStep: number | null | undefined;
  details: Record<string, DetailValue> | undefined;

  constructor(entities: readonly string[] = []) {
    this.entities = [...entities];
  }

  entity(...ids: string[]): this {
    this.entities.push(...ids);
    return this;
  }

  event(event: LifecycleEvent): this {
    this.events.push(event);
    return this;
  }

  setOutcome(outcome: string): this {
    this.outcome = outcome;
    return this;
  }

  outcomeIfUnset(outcome: string): void {
    this.outcome ??= outcome;
  }

  causedBy(step: number | null | undefined): this {
    if (step !== undefined && step !== null) this.parentStep = step;
    return this;
  }

  detail(key: string, value: DetailValue): this {
    (this.details ??= {})[key] = value;
    return this;
  }
}
