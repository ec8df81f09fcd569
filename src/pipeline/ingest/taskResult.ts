import type { Tasks } from '../../ports/tasks.js';

/**
 * A background task whose result other actors can wait for (the worker processes of §6.1 phase 2). The
 * task's own error is kept, not lost: `settled()` reports it and `value()` raises it.
 */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export interface TaskResult<T> {
  settled(): Promise<Settled<T>>;
  value(): Promise<T>;
}

export function spawnWithResult<T>(tasks: Tasks, name: string, body: () => Promise<T>): TaskResult<T> {
  let outcome: Settled<T> | undefined;
  const handle = tasks.spawn(name, async () => {
    try {
      outcome = { ok: true, value: await body() };
    } catch (error) {
      outcome = { ok: false, error };
    }
  });
  const settled = async (): Promise<Settled<T>> => {
    await handle.join();
    return outcome ?? { ok: false, error: new Error(`task ${name} ended without a result`) };
  };
  return {
    settled,
    async value() {
      const result = await settled();
      if (result.ok) return result.value;
      throw result.error;
    },
  };
}
