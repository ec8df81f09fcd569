import type { Choices } from '../choices/choiceSource.js';
import { type FaultName, faultNames } from './catalog.js';

export interface FaultSetting {
  /** Probability per opportunity, in [0, 1]. */
  readonly rate: number;
  /** On in every run instead of drawn per run. */
  readonly always?: boolean;
}

export type FaultMenu = Readonly<Partial<Record<FaultName, FaultSetting>>>;

export interface FaultCoverage {
  readonly fault: FaultName;
  readonly enabled: boolean;
  readonly rate: number;
  readonly opportunities: number;
  readonly fired: number;
}

/**
 * The faults of one run, drawn from the seed at the start. `fire` is asked at each opportunity; it draws
 * only for enabled faults so a run without faults has no fault decisions in its choice log.
 */
export class FaultPlan {
  private readonly rates = new Map<FaultName, number>();
  private readonly opportunities = new Map<FaultName, number>();
  private readonly fired = new Map<FaultName, number>();

  constructor(
    private readonly menu: FaultMenu,
    private readonly choices: Choices,
  ) {
    for (const name of faultNames) {
      const setting = menu[name];
      if (setting === undefined || setting.rate <= 0) continue;
      const enabled = setting.always === true || choices.draw('fault', 2) === 1;
      if (enabled) this.rates.set(name, setting.rate);
    }
  }

  isEnabled(name: FaultName): boolean {
    return this.rates.has(name);
  }

  fire(name: FaultName): boolean {
    const rate = this.rates.get(name);
    if (rate === undefined) return false;
    this.opportunities.set(name, (this.opportunities.get(name) ?? 0) + 1);
    const fires = this.choices.chance('fault', rate);
    if (fires) this.fired.set(name, (this.fired.get(name) ?? 0) + 1);
    return fires;
  }

  /** Draws a magnitude bucket in [0, buckets) for a fault that fired (0 = the mildest). */
  magnitude(buckets: number): number {
    return this.choices.draw('fault', buckets);
  }

  coverage(): FaultCoverage[] {
    return faultNames
      .filter((name) => this.menu[name] !== undefined)
      .map((name) => ({
        fault: name,
        enabled: this.rates.has(name),
        rate: this.rates.get(name) ?? 0,
        opportunities: this.opportunities.get(name) ?? 0,
        fired: this.fired.get(name) ?? 0,
      }));
  }

  /** Enabled faults that had no opportunity or never fired: a test at rate 1 must not leave any. */
  unfired(): FaultName[] {
    return [...this.rates.keys()].filter((name) => (this.fired.get(name) ?? 0) === 0);
  }
}
