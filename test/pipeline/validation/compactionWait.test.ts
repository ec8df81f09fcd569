import { describe, expect, it } from 'vitest';
import { type CompactionWaitResult, waitForCompactionRun } from '../../../src/pipeline/validation/compactionWait.js';
import type { RunSetup } from '../../../src/sim/createSimulation.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate } from '../../support/simulate.js';
import { type IngestWorld, imageId, ingestWorld } from '../ingest/ingestWorld.js';
import { zeroLatencies } from '../lock/lockWorld.js';
import { putRun, runId, setState } from './runFixtures.js';

const quiet: Partial<RunSetup> = { input: { kind: 'fastCheck', values: [] }, latencies: zeroLatencies };
const ids = { imageId, receiptId: 1, runId };

/** Runs the Variant B wait as the client, with `compactor` (if any) running beside it. */
async function wait(
  setup: Partial<RunSetup>,
  prepare: (world: IngestWorld) => Promise<void>,
  compactor?: (world: IngestWorld, sim: Simulation) => Promise<void>,
): Promise<{ result: CompactionWaitResult; sim: Simulation; polls: number[]; endedAt: number }> {
  let result: CompactionWaitResult | undefined;
  let endedAt = 0;
  const sim = await simulate(
    setup,
    (s) => {
      const world = ingestWorld(s);
      if (compactor !== undefined) s.spawn('compactor', () => compactor(world, s));
      return world;
    },
    async (w, s) => {
      await prepare(w);
      result = await waitForCompactionRun(w.ports, ids);
      endedAt = s.now;
    },
  );
  const polls = sim.trace.steps.filter((s) => s.op === 'dynamodb.GetItem' && s.actor === 'client').map((s) => s.t);
  return { result: result!, sim, polls, endedAt };
}

describe('the Variant B compaction wait (spec §6.3, seed 002)', () => {
  it('polls every 2 s and, when the run never completes, proceeds after 120 s (60 polls)', async () => {
    const { result, polls, endedAt } = await wait(quiet, (w) => putRun(w.table));
    expect(result).toEqual({ outcome: 'timeout', waitedSeconds: 120, polls: 60 });
    expect(polls).toEqual(Array.from({ length: 60 }, (_, i) => i * 2000));
    expect(endedAt).toBe(120_000);
  });

  it('proceeds at once when the run is not found', async () => {
    const { result, polls } = await wait(quiet, async () => undefined);
    expect(result).toEqual({ outcome: 'missing', waitedSeconds: 0, polls: 1 });
    expect(polls).toEqual([0]);
  });

  it('proceeds on the first poll that sees both states COMPLETED', async () => {
    const { result, endedAt } = await wait(
      quiet,
      (w) => putRun(w.table),
      async (w, sim) => {
        await sim.sleep(31_000);
        await setState(w.table, 'lines', 'COMPLETED');
        await sim.sleep(10_000);
        await setState(w.table, 'words', 'COMPLETED');
      },
    );
    expect(result).toEqual({ outcome: 'completed', waitedSeconds: 42, polls: 22 });
    expect(endedAt).toBe(42_000);
  });

  it('keeps polling through read errors and gives up once the counter is above 60 s (dynamodb.throttle at rate 1)', async () => {
    const { result, polls, sim } = await wait({ ...quiet, faults: { 'dynamodb.throttle': { rate: 1, always: true } } }, async () => undefined);
    expect(result).toEqual({ outcome: 'gaveUp', waitedSeconds: 62, polls: 32 });
    expect(polls).toHaveLength(32);
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('can read a run created a moment ago as missing (eventually consistent), and then does not wait at all', async () => {
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 30 && outcomes.size < 2; seed++) {
      const { result } = await wait({ seed, latencies: zeroLatencies }, (w) => putRun(w.table));
      outcomes.add(result.outcome);
    }
    expect([...outcomes].sort()).toEqual(['missing', 'timeout']);
  });
});
