import type { Clock } from '../../../../src/ports/clock.js';
import type { SqsBatch, SqsBatchResponse } from '../../../../src/ports/queue.js';
import type { CompactionHandler } from '../../../../src/pipeline/compaction/compactionHandler.js';
import type { CompactionWorld } from './compactionWorld.js';

/** Runs the bodies as concurrent child actors of the caller and returns their results in order. */
export async function concurrently<T>(world: CompactionWorld, bodies: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  const errors: unknown[] = [];
  const handles = bodies.map((body, i) =>
    world.ports.tasks.spawn(`host-${i + 1}`, async () => {
      try {
        results[i] = await body();
      } catch (error) {
        errors.push(error);
      }
    }),
  );
  for (const handle of handles) await handle.join();
  if (errors.length > 0) throw errors[0];
  return results;
}

/** Invokes each handler with its batch on its own container, all at once. */
export function invokeConcurrently(
  world: CompactionWorld,
  invocations: readonly { readonly handler: CompactionHandler; readonly batch: SqsBatch }[],
): Promise<SqsBatchResponse[]> {
  return concurrently(
    world,
    invocations.map(({ handler, batch }, i) => () => handler(batch, world.context(`container-${i + 1}`))),
  );
}

/** A host clock `offsetMs` ahead of (or behind) the simulated one: clock skew between Lambda instances (§7). */
export class SkewedClock implements Clock {
  constructor(
    private readonly inner: Clock,
    private readonly offsetMs: number,
  ) {}
  now(): number {
    return this.inner.now() + this.offsetMs;
  }
  nowIso(): string {
    return new Date(this.now()).toISOString();
  }
  sleep(milliseconds: number): Promise<void> {
    return this.inner.sleep(milliseconds);
  }
}

export const failedIds = (response: SqsBatchResponse): string[] => (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
