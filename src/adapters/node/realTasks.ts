import type { TaskHandle, Tasks } from '../../ports/tasks.js';

/**
 * The Tasks port on a real host: a task is a plain promise on the event loop. Its failure is kept, not
 * raised (as a simulated task's `onError` swallows it); `join` with a timeout races a real timer.
 */
export class RealTasks implements Tasks {
  spawn(name: string, body: () => Promise<void>): TaskHandle {
    let done = false;
    const finished = body()
      .catch(() => undefined)
      .finally(() => {
        done = true;
      });
    return {
      name,
      get done() {
        return done;
      },
      async join(timeoutMilliseconds?: number): Promise<boolean> {
        if (done) return true;
        if (timeoutMilliseconds === undefined) {
          await finished;
          return true;
        }
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMilliseconds);
        });
        try {
          return await Promise.race([finished.then(() => true), timedOut]);
        } finally {
          clearTimeout(timer);
        }
      },
    };
  }
}
