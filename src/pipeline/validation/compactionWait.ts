import { getCompactionRun, bothCompleted } from './compactionRunReads.js';
import type { ValidationPorts } from './validationPorts.js';

/**
 * The compaction wait of Variant B (spec §6.3, seed 002): poll `get_compaction_run(img, rid, run_id)`,
 * sleep 2 s and add 2 to a counter per poll, while the counter is below 120.
 * - both states COMPLETED → proceed (`completed`);
 * - the run is not found → proceed at once (`missing`);
 * - the read raises → log and keep polling, but give up (`gaveUp`) when the counter is already above 60;
 * - the counter reaches 120 → log and proceed (`timeout`).
 * The counter counts sleeps only, not the time the reads take, as in the code.
 */
export type CompactionWaitOutcome = 'completed' | 'missing' | 'gaveUp' | 'timeout';

export interface CompactionWaitResult {
  readonly outcome: CompactionWaitOutcome;
  /** The counter when the wait ended. */
  readonly waitedSeconds: number;
  readonly polls: number;
}

export interface CompactionWaitSettings {
  readonly pollIntervalSeconds: number;
  readonly maxWaitSeconds: number;
  readonly giveUpOnErrorsAfterSeconds: number;
}

export const seedCompactionWait: CompactionWaitSettings = { pollIntervalSeconds: 2, maxWaitSeconds: 120, giveUpOnErrorsAfterSeconds: 60 };

export async function waitForCompactionRun(
  ports: ValidationPorts,
  ids: { readonly imageId: string; readonly receiptId: number; readonly runId: string },
  settings: CompactionWaitSettings = seedCompactionWait,
): Promise<CompactionWaitResult> {
  let waited = 0;
  let polls = 0;
  const end = (outcome: CompactionWaitOutcome): CompactionWaitResult => {
    ports.log(outcome === 'completed' ? 'info' : 'warning', `Compaction wait ended: ${outcome}`, { run_id: ids.runId, waited_seconds: waited, polls });
    ports.metrics.count(`CompactionWait_${outcome}`);
    return { outcome, waitedSeconds: waited, polls };
  };
  while (waited < settings.maxWaitSeconds) {
    polls++;
    try {
      const run = await getCompactionRun(ports.table, ids.imageId, ids.receiptId, ids.runId);
      if (run === undefined) return end('missing');
      if (bothCompleted(run)) return end('completed');
    } catch (error) {
      ports.log('warning', 'Error checking compaction', { run_id: ids.runId, error: String(error) });
      if (waited > settings.giveUpOnErrorsAfterSeconds) return end('gaveUp');
    }
    await ports.clock.sleep(settings.pollIntervalSeconds * 1000);
    waited += settings.pollIntervalSeconds;
  }
  return end('timeout');
}
