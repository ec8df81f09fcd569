import type { Tasks } from '../../ports/tasks.js';
import type { PipelineFlags, ValidationTiming, ValidationWait } from '../config/flags.js';
import type { ReceiptLine } from '../entities/receiptLine.js';
import type { ReceiptMetadata } from '../entities/receiptMetadata.js';
import type { ReceiptWord } from '../entities/receiptWord.js';
import { type AnalyzeReceiptResult, analyzeReceiptSimple } from './analyzeReceiptSimple.js';
import { type CompactionWaitResult, waitForCompactionRun } from './compactionWait.js';
import type { ReceiptLlm } from './receiptLlm.js';
import { type SaveCounts, saveProposedLabels } from './saveProposedLabels.js';
import type { ValidationPorts } from './validationPorts.js';

/**
 * Validation in the seed-era upload handler (spec §6.3, §8.6), after the CompactionRun exists. It always
 * runs as a task (an asyncio task or a thread in the code): `validationTiming` `background` is not joined
 * (the Lambda returns while it runs); `joined` is joined before the handler returns, with `joinTimeoutMs` (Variant D: 480 s)
 * or without a limit (Variant E). The lines and words are the ones OCR stored (pre-fetched); the
 * ReceiptMetadata is pre-fetched only with `prefetchMetadata` (Variant E), else read when the graph runs.
 *
 * Variants (dev commits of 2025-10-27, E from 2025-10-30):
 * - A: background, `save_labels=False`, the metadata corrected (seed 000);
 * - B: background, wait for the run (2 s / 120 s), then `save_labels=True` (seed 002);
 * - C: background, the graph first as a dry run, the wait, then the labels written: by re-running the
 *   graph (`rerunGraph`, its first form) or by saving the first run's proposals (its later form);
 * - D: B on a separate worker joined for at most 480 s;
 * - E: joined without limit, no wait, `save_labels=True`, `update_metadata` off (the seed profile).
 */
export interface SeedValidationOptions {
  readonly validationWait: ValidationWait;
  readonly validationTiming: ValidationTiming;
  readonly joinTimeoutMs?: number;
  readonly saveLabels: boolean;
  readonly correctMetadata: boolean;
  readonly prefetchMetadata: boolean;
  readonly dryRunFirst: boolean;
  readonly rerunGraph: boolean;
}

export type SeedValidationVariant = 'A' | 'B' | 'C' | 'D' | 'E';

const base = { prefetchMetadata: false, dryRunFirst: false, rerunGraph: false, correctMetadata: true } as const;

export const seedValidationVariants: Readonly<Record<SeedValidationVariant, SeedValidationOptions>> = {
  A: { ...base, validationWait: 'none', validationTiming: 'background', saveLabels: false },
  B: { ...base, validationWait: 'poll', validationTiming: 'background', saveLabels: true },
  C: { ...base, validationWait: 'poll', validationTiming: 'background', saveLabels: true, dryRunFirst: true },
  D: { ...base, validationWait: 'poll', validationTiming: 'joined', joinTimeoutMs: 480_000, saveLabels: true },
  E: { ...base, validationWait: 'none', validationTiming: 'joined', saveLabels: true, correctMetadata: false, prefetchMetadata: true },
};

/** The options a profile's flags select: a joined wait is Variant D's worker, a joined run without wait is E's. */
export function seedValidationOptions(
  flags: Pick<PipelineFlags, 'validationWait' | 'validationTiming' | 'saveLabels' | 'correctMetadata'>,
): SeedValidationOptions {
  const joined = flags.validationTiming === 'joined';
  return {
    validationWait: flags.validationWait,
    validationTiming: flags.validationTiming,
    ...(joined && flags.validationWait === 'poll' ? { joinTimeoutMs: 480_000 } : {}),
    saveLabels: flags.saveLabels,
    correctMetadata: flags.correctMetadata,
    prefetchMetadata: joined && flags.validationWait === 'none',
    dryRunFirst: false,
    rerunGraph: false,
  };
}

export interface SeedValidationPorts extends ValidationPorts {
  readonly tasks: Tasks;
  readonly llm: ReceiptLlm;
}

export interface SeedValidationInput {
  readonly imageId: string;
  readonly receiptId: number;
  readonly runId: string;
  readonly lines: readonly ReceiptLine[];
  readonly words: readonly ReceiptWord[];
  readonly metadata: ReceiptMetadata | undefined;
}

export interface SeedValidationReport {
  readonly wait?: CompactionWaitResult;
  readonly firstRun?: AnalyzeReceiptResult;
  readonly run?: AnalyzeReceiptResult;
  readonly savedFromFirstRun?: SaveCounts;
}

/**
 * Starts the validation task and, when joined, waits for it. Returns the report when the task finished
 * before the handler moved on; an error inside the task is logged and counted (`ValidationFailed`), never
 * raised into the handler.
 */
export async function runSeedValidation(
  ports: SeedValidationPorts,
  input: SeedValidationInput,
  options: SeedValidationOptions,
): Promise<SeedValidationReport | undefined> {
  let report: SeedValidationReport | undefined;
  const task = ports.tasks.spawn('validation', async () => {
    try {
      report = await validate(ports, input, options);
    } catch (error) {
      ports.log('error', 'Validation failed', { image_id: input.imageId, receipt_id: input.receiptId, error: String(error) });
      ports.metrics.count('ValidationFailed');
    }
  });
  if (options.validationTiming === 'background') return undefined;
  if (!(await task.join(options.joinTimeoutMs))) {
    ports.log('warning', 'Validation worker still running after the join timeout', { timeout_ms: options.joinTimeoutMs ?? null });
    ports.metrics.count('ValidationJoinTimeout');
  }
  return report;
}

async function validate(ports: SeedValidationPorts, input: SeedValidationInput, options: SeedValidationOptions): Promise<SeedValidationReport> {
  const ids = { imageId: input.imageId, receiptId: input.receiptId };
  const prefetched = {
    lines: input.lines,
    words: input.words,
    ...(options.prefetchMetadata ? { metadata: { value: input.metadata } } : {}),
  };
  const analyze = (saveLabels: boolean, dryRun: boolean): Promise<AnalyzeReceiptResult> =>
    analyzeReceiptSimple(ports, { ...ids, saveLabels, dryRun, correctMetadata: options.correctMetadata, llm: ports.llm, prefetched });
  const wait = (): Promise<CompactionWaitResult | undefined> =>
    options.validationWait === 'poll' ? waitForCompactionRun(ports, { ...ids, runId: input.runId }) : Promise.resolve(undefined);
  if (!options.dryRunFirst) {
    const waited = await wait();
    return { ...(waited === undefined ? {} : { wait: waited }), run: await analyze(options.saveLabels, false) };
  }
  const firstRun = await analyze(false, true);
  const waited = await wait();
  const report = { firstRun, ...(waited === undefined ? {} : { wait: waited }) };
  if (options.rerunGraph) return { ...report, run: await analyze(options.saveLabels, false) };
  if (!options.saveLabels) return report;
  return { ...report, savedFromFirstRun: await saveProposedLabels(ports, ids, firstRun.analysis.proposals, { dryRun: false }) };
}
