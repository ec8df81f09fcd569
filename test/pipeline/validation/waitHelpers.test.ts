import { describe, expect, it } from 'vitest';
import type { CompactionState } from '../../../src/pipeline/entities/compactionRun.js';
import {
  CompactionFailed,
  CompactionWaitTimeout,
  combineReceiptsWait,
  waitForCompaction,
  waitForCompactionToFinish,
} from '../../../src/pipeline/validation/waitHelpers.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate } from '../../support/simulate.js';
import { type IngestWorld, imageId, ingestWorld } from '../ingest/ingestWorld.js';
import { zeroLatencies } from '../lock/lockWorld.js';
import { putRun, runId, setState } from './runFixtures.js';

const quiet = { input: { kind: 'fastCheck', values: [] }, latencies: zeroLatencies } as const;

/** Runs `wait` as the client after `prepare`; `compactor` runs beside it. Returns what it returned or raised, and when. */
async function timed<T>(
  prepare: (world: IngestWorld) => Promise<void>,
  wait: (world: IngestWorld) => Promise<T>,
  compactor?: (world: IngestWorld, sim: Simulation) => Promise<void>,
): Promise<{ value?: T; error?: unknown; at: number; polls: number[] }> {
  let outcome: { value?: T; error?: unknown; at: number } = { at: -1 };
  const sim = await simulate(
    quiet,
    (s) => {
      const world = ingestWorld(s);
      if (compactor !== undefined) s.spawn('compactor', () => compactor(world, s));
      return world;
    },
    async (w, s) => {
      await prepare(w);
      try {
        outcome = { value: await wait(w), at: s.now };
      } catch (error) {
        outcome = { error, at: s.now };
      }
    },
  );
  const polls = sim.trace.steps.filter((s) => s.actor === 'client' && (s.op === 'dynamodb.Query' || s.op === 'dynamodb.GetItem')).map((s) => s.t);
  return { ...outcome, polls };
}

const completeAt =
  (ms: number, lines: CompactionState = 'COMPLETED', words: CompactionState = 'COMPLETED') =>
  async (w: IngestWorld, sim: Simulation): Promise<void> => {
    await sim.sleep(ms);
    await setState(w.table, 'lines', lines);
    await setState(w.table, 'words', words);
  };

describe('wait_for_compaction (spec §6.4)', () => {
  it('sleeps the initial wait, then polls the first run every 5 s until both states are COMPLETED', async () => {
    const result = await timed((w) => putRun(w.table), (w) => waitForCompaction(w.ports, { imageId, receiptId: 1 }), completeAt(22_000));
    expect(result.error).toBeUndefined();
    expect(result.polls).toEqual([10_000, 15_000, 20_000, 25_000]);
    expect(result.at).toBe(25_000);
  });

  it('raises CompactionFailed on a FAILED state and CompactionWaitTimeout after the maximum wait', async () => {
    const failed = await timed((w) => putRun(w.table), (w) => waitForCompaction(w.ports, { imageId, receiptId: 1 }), completeAt(12_000, 'FAILED', 'PENDING'));
    expect(failed.error).toBeInstanceOf(CompactionFailed);
    const timeout = await timed((w) => putRun(w.table), (w) => waitForCompaction(w.ports, { imageId, receiptId: 1 }, combineReceiptsWait));
    expect(timeout.error).toBeInstanceOf(CompactionWaitTimeout);
    expect(timeout.at).toBe(300_000);
  });

  it('watches only the first run in SK (run_id) order, so a newer completed run does not end the wait', async () => {
    const earlier = '00000000-0000-4000-8000-000000000000';
    const result = await timed(
      async (w) => {
        await putRun(w.table, earlier);
        await putRun(w.table);
        await setState(w.table, 'lines', 'COMPLETED');
        await setState(w.table, 'words', 'COMPLETED');
      },
      (w) => waitForCompaction(w.ports, { imageId, receiptId: 1 }),
    );
    expect(result.error).toBeInstanceOf(CompactionWaitTimeout);
  });
});

describe('EmbeddingResult.wait_for_compaction_to_finish (spec §6.4)', () => {
  const ids = { imageId, receiptId: 1, runId };

  it('is true once both states are COMPLETED, false when one FAILED, and false at once for a missing run', async () => {
    expect((await timed((w) => putRun(w.table), (w) => waitForCompactionToFinish(w.ports, ids), completeAt(12_000))).value).toBe(true);
    expect((await timed((w) => putRun(w.table), (w) => waitForCompactionToFinish(w.ports, ids), completeAt(12_000, 'FAILED'))).value).toBe(false);
    const missing = await timed(async () => undefined, (w) => waitForCompactionToFinish(w.ports, ids));
    expect(missing).toMatchObject({ value: false, at: 0, polls: [0] });
  });

  it('gives up with false after 300 s of polls every 5 s', async () => {
    const result = await timed((w) => putRun(w.table), (w) => waitForCompactionToFinish(w.ports, ids));
    expect(result.value).toBe(false);
    expect(result.polls).toEqual(Array.from({ length: 61 }, (_, i) => i * 5_000));
    expect(result.at).toBe(300_000);
  });
});
