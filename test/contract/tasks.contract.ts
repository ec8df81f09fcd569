import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/ports/clock.js';
import type { Tasks } from '../../src/ports/tasks.js';
import type { ContractBackend } from './backend.js';

/** The Tasks port: background work that runs alongside its host and can be joined with a timeout. */
export function tasksContract(backend: ContractBackend<{ readonly tasks: Tasks; readonly clock: Clock }>): void {
  describe(`Tasks contract (${backend.name})`, () => {
    it('runs a task alongside its host and joins it when it ends', async () => {
      await backend.run(async ({ tasks, clock }) => {
        const seen: string[] = [];
        const handle = tasks.spawn('worker', async () => {
          await clock.sleep(10);
          seen.push('task');
        });
        seen.push('host');
        expect(await handle.join()).toBe(true);
        expect(handle.done).toBe(true);
        expect(seen).toEqual(['host', 'task']);
      });
    });

    it('gives up a join after its timeout while the task goes on', async () => {
      await backend.run(async ({ tasks, clock }) => {
        let finished = false;
        const handle = tasks.spawn('slow', async () => {
          await clock.sleep(5_000);
          finished = true;
        });
        expect(await handle.join(100)).toBe(false);
        expect(finished).toBe(false);
        expect(await handle.join()).toBe(true);
        expect(finished).toBe(true);
      });
    });
  });
}
