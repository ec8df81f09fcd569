/**
 * Timers of the scheduler itself (Lambda deadlines, visibility expiries, wait timeouts): callbacks that run
 * at a virtual time in the scheduler's context, in order of time and then of creation.
 */
export interface TimerHandle {
  cancel(): void;
}

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly label: string;
  readonly fire: () => void;
  cancelled: boolean;
}

export class TimerQueue {
  private timers: Timer[] = [];
  private seq = 0;

  add(at: number, label: string, fire: () => void): TimerHandle {
    const timer: Timer = { at, seq: this.seq++, label, fire, cancelled: false };
    const index = this.timers.findIndex((t) => t.at > timer.at);
    if (index === -1) this.timers.push(timer);
    else this.timers.splice(index, 0, timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** The time of the next live timer, or undefined. */
  nextAt(): number | undefined {
    while (this.timers[0]?.cancelled === true) this.timers.shift();
    return this.timers[0]?.at;
  }

  /** Removes the next live timer and returns it. */
  take(): { readonly at: number; readonly fire: () => void } | undefined {
    this.nextAt();
    return this.timers.shift();
  }
}
