import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../../src/adapters/memory/s3/memoryObjectStore.js';
import { ConditionalRequestConflict, PreconditionFailed } from '../../../../src/ports/errors.js';
import type { PutObjectRequest } from '../../../../src/ports/objectStore.js';
import { createSimulation } from '../../../../src/sim/createSimulation.js';
import { testEpochMs } from '../../../support/simulate.js';

type Outcome = 'won' | '412' | '409';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** N actors each issue one conditional put of the pointer; returns each actor's outcome and the final body. */
async function race(
  seed: number,
  actors: number,
  initial: boolean,
  request: (name: string, initialEtag: string | undefined) => PutObjectRequest,
): Promise<{ outcomes: Map<string, Outcome>; finalBody: string | undefined }> {
  const sim = createSimulation({ seed, strategy: 'random', epochMs: testEpochMs });
  const store = new MemoryObjectStore(sim, { bucket: 'chroma' });
  const outcomes = new Map<string, Outcome>();
  sim.spawn('setup', async () => {
    const etag = initial ? (await store.putObject({ key: 'pointer', body: bytes('initial') })).etag : undefined;
    for (let i = 0; i < actors; i++) {
      const name = `compactor-${i}`;
      sim.spawn(name, async () => {
        try {
          await store.putObject(request(name, etag));
          outcomes.set(name, 'won');
        } catch (error) {
          if (error instanceof PreconditionFailed) outcomes.set(name, '412');
          else if (error instanceof ConditionalRequestConflict) outcomes.set(name, '409');
          else throw error;
        }
      });
    }
  });
  await sim.run(Infinity);
  const body = store.peek('pointer')?.body;
  return { outcomes, finalBody: body === undefined ? undefined : new TextDecoder().decode(body) };
}

const seeds = fc.integer({ min: 0, max: 0xffffffff });
const actorCounts = fc.integer({ min: 2, max: 6 });

describe('conditional put races', () => {
  it('If-None-Match: * puts racing from N actors have exactly one winner; the others get 412 or 409', async () => {
    let conflicts = 0;
    await fc.assert(
      fc.asyncProperty(seeds, actorCounts, async (seed, actors) => {
        const { outcomes, finalBody } = await race(seed, actors, false, (name) => ({ key: 'pointer', body: bytes(name), ifNoneMatch: '*' }));
        expect(outcomes.size).toBe(actors);
        const winners = [...outcomes].filter(([, outcome]) => outcome === 'won').map(([name]) => name);
        expect(winners).toHaveLength(1);
        expect(finalBody).toBe(winners[0]);
        conflicts += [...outcomes.values()].filter((o) => o === '409').length;
      }),
      { numRuns: 40 },
    );
    expect(conflicts).toBeGreaterThan(0);
  });

  it('If-Match updates racing from N actors on the same ETag have at most one winner', async () => {
    let conflicts = 0;
    await fc.assert(
      fc.asyncProperty(seeds, actorCounts, async (seed, actors) => {
        const { outcomes, finalBody } = await race(seed, actors, true, (name, etag) => ({ key: 'pointer', body: bytes(name), ifMatch: etag }));
        expect(outcomes.size).toBe(actors);
        const winners = [...outcomes].filter(([, outcome]) => outcome === 'won').map(([name]) => name);
        expect(winners.length).toBeLessThanOrEqual(1);
        expect(finalBody).toBe(winners[0] ?? 'initial');
        conflicts += [...outcomes.values()].filter((o) => o === '409').length;
      }),
      { numRuns: 40 },
    );
    expect(conflicts).toBeGreaterThan(0);
  });
});
