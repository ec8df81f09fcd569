import type { Clock } from '../../ports/clock.js';
import type { Simulation } from '../../sim/simulation.js';

/** The Clock port on virtual time: each actor reads its own host's clock (skew included). */
export class SimulatedClock implements Clock {
  constructor(private readonly sim: Simulation) {}

  now(): number {
    return this.sim.wallClock();
  }

  nowIso(): string {
    return new Date(this.sim.wallClock()).toISOString();
  }

  sleep(milliseconds: number): Promise<void> {
    return this.sim.sleep(milliseconds);
  }
}
