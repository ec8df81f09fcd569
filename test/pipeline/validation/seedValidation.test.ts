import { describe, expect, it } from 'vitest';
import { seedProfile } from '../../../src/harness/profiles.js';
import { receiptWordLabelFromItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { ocrEntities } from '../../../src/pipeline/ingest/ocrEntities.js';
import { storeOcrResults } from '../../../src/pipeline/ingest/storeOcrResults.js';
import type { LlmRates } from '../../../src/pipeline/validation/deterministicLlm.js';
import type { ReceiptLlm } from '../../../src/pipeline/validation/receiptLlm.js';
import {
  type SeedValidationOptions,
  type SeedValidationReport,
  runSeedValidation,
  seedValidationOptions,
  seedValidationVariants,
} from '../../../src/pipeline/validation/seedValidation.js';
import type { Simulation } from '../../../src/sim/simulation.js';
import { simulate } from '../../support/simulate.js';
import { type IngestWorld, imageId, ingestWorld, itemsOfType, nonNoiseWords, receiptWhere } from '../ingest/ingestWorld.js';
import { zeroLatencies } from '../lock/lockWorld.js';
import { putRun, runId, setState } from './runFixtures.js';

const receipt = receiptWhere((r) => r.merchant !== undefined);
const quiet = { input: { kind: 'fastCheck', values: [] }, latencies: zeroLatencies } as const;

interface Outcome {
  readonly world: IngestWorld;
  readonly report: SeedValidationReport | undefined;
  readonly returnedAt: number;
  readonly analyses: number;
  readonly labelWrites: number[];
}

async function validate(
  options: SeedValidationOptions,
  rates: Partial<LlmRates>,
  setup: { readonly analyzeMs?: number; readonly runCompletesAt?: number; readonly withRun?: boolean } = {},
): Promise<Outcome> {
  let world: IngestWorld | undefined;
  let report: SeedValidationReport | undefined;
  let returnedAt = -1;
  let analyses = 0;
  await simulate(
    quiet,
    (s: Simulation) => {
      world = ingestWorld(s, { llmRates: rates, llmLatencyMs: { analyze: setup.analyzeMs ?? 0 } });
      const completesAt = setup.runCompletesAt;
      if (completesAt !== undefined) {
        s.spawn('compactor', async () => {
          await s.sleep(completesAt);
          await setState(world!.table, 'lines', 'COMPLETED');
          await setState(world!.table, 'words', 'COMPLETED');
        });
      }
      return world;
    },
    async (w, s) => {
      const entities = ocrEntities(receipt, w.ports.clock.nowIso());
      await storeOcrResults(w.ports, entities);
      if (setup.withRun !== false) await putRun(w.table);
      const start = s.now;
      const counting: ReceiptLlm = {
        analyzeReceipt: (input) => {
          analyses++;
          return w.llm.analyzeReceipt(input);
        },
        validateLabels: (input) => w.llm.validateLabels(input),
      };
      report = await runSeedValidation(
        { ...w.ports, llm: counting },
        { imageId, receiptId: 1, runId, lines: entities.lines, words: entities.words, metadata: undefined },
        options,
      );
      returnedAt = s.now - start;
    },
  );
  const labelWrites = world!.changes.filter((c) => c.sk.includes('#LABEL#')).map((c) => c.t);
  return { world: world!, report, returnedAt, analyses, labelWrites };
}

const words = nonNoiseWords(receipt).length;

describe('seed-era validation variants (spec §6.3, §8.6)', () => {
  it('E: joined without a wait, it saves the labels before returning and reports them', async () => {
    const { report, labelWrites, returnedAt } = await validate(seedValidationVariants.E, { labelPerWord: 1 }, { analyzeMs: 25_000 });
    expect(report?.run?.labels?.added).toBe(words);
    expect(report?.wait).toBeUndefined();
    expect(labelWrites.every((t) => t <= returnedAt)).toBe(true);
  });

  it('B: returns at once and saves the labels only after both states are COMPLETED', async () => {
    const { report, returnedAt, labelWrites, world } = await validate(seedValidationVariants.B, { labelPerWord: 1 }, { runCompletesAt: 41_000 });
    expect(report).toBeUndefined();
    expect(returnedAt).toBe(0);
    expect(labelWrites).toHaveLength(words);
    expect(Math.min(...labelWrites)).toBeGreaterThanOrEqual(42_000);
    expect(world.recorder.counts.get('CompactionWait_completed')).toBe(1);
  });

  it('B: when the compactor never marks the run, saves the labels after the 120 s timeout', async () => {
    const { labelWrites, world } = await validate(seedValidationVariants.B, { labelPerWord: 1 });
    expect(Math.min(...labelWrites)).toBeGreaterThanOrEqual(120_000);
    expect(world.recorder.counts.get('CompactionWait_timeout')).toBe(1);
  });

  it('C: a dry run first, nothing written before the wait ends, then the first run saved (one analysis) or the graph re-run (two)', async () => {
    const saved = await validate(seedValidationVariants.C, { labelPerWord: 1 }, { runCompletesAt: 41_000 });
    expect(saved.analyses).toBe(1);
    expect(saved.labelWrites).toHaveLength(words);
    expect(Math.min(...saved.labelWrites)).toBeGreaterThanOrEqual(42_000);
    const rerun = await validate({ ...seedValidationVariants.C, rerunGraph: true }, { labelPerWord: 1 }, { runCompletesAt: 41_000 });
    expect(rerun.analyses).toBe(2);
    expect(Math.min(...rerun.labelWrites)).toBeGreaterThanOrEqual(42_000);
  });

  it('D: joined for at most 480 s; a slower validation is left running, counted, and still writes later', async () => {
    const { report, returnedAt, labelWrites, world } = await validate(seedValidationVariants.D, { labelPerWord: 1 }, { analyzeMs: 600_000, withRun: false });
    expect(returnedAt).toBe(480_000);
    expect(report).toBeUndefined();
    expect(world.recorder.counts.get('ValidationJoinTimeout')).toBe(1);
    expect(Math.min(...labelWrites)).toBeGreaterThanOrEqual(600_000);
  });

  it('A: save_labels=False writes no label, whatever the model proposes', async () => {
    const { labelWrites, world } = await validate(seedValidationVariants.A, { labelPerWord: 1 });
    expect(labelWrites).toEqual([]);
    expect(itemsOfType(world, 'RECEIPT_WORD_LABEL').map(receiptWordLabelFromItem)).toEqual([]);
  });

  it('logs and counts a failed validation instead of raising it into the handler', async () => {
    const { report, world } = await validate(seedValidationVariants.E, { failure: 1 });
    expect(report).toBeUndefined();
    expect(world.recorder.counts.get('ValidationFailed')).toBe(1);
  });

  it("maps the seed profile's flags to Variant E, and a joined poll to D's 480 s worker", () => {
    expect(seedValidationOptions(seedProfile.flags)).toEqual(seedValidationVariants.E);
    expect(seedValidationOptions({ validationWait: 'poll', validationTiming: 'joined', saveLabels: true, correctMetadata: true })).toEqual(
      seedValidationVariants.D,
    );
  });
});
