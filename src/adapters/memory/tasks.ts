import type { TaskHandle, Tasks } from '../../ports/tasks.js';
import type { Simulation } from '../../sim/simulation.js';

/** Background tasks as child actors in the caller's scope: a crash or timeout of the host ends them too. */
export class SimulatedTasks implements Tasks {
  constructor(private readonly sim: Simulation) {}

  spawn(name: string, body: () => Promise<void>): TaskHandle {
    const parent = this.sim.current;
    const actor = this.sim.spawn(parent === undefined ? name : `${parent.name}/${name}`, body, {
      scope: parent?.scope,
      clockSkewMs: parent?.clockSkewMs ?? 0,
      pausable: parent?.pausable ?? true,
      onError: () => undefined,
    });
    const sim = this.sim;
    return {
      name,
      get done() {
        return actor.finished;
      },
      async join(timeoutMilliseconds?: number): Promise<boolean> {
        if (actor.finished) return true;
        return sim.block(actor.done, timeoutMilliseconds);
      },
    };
  }
}
