import type { Clock } from '../../ports/clock.js';

/** The Clock port on a real host: the wall clock and real timers. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  sleep(milliseconds: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, milliseconds));
  }
}
