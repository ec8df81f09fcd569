import { bothCompleted, getCompactionRun, listReceiptCompactionRuns } from './compactionRunReads.js';
import type { ValidationPorts } from './validationPorts.js';

/**
 * The head era's wait helpers (spec §6.4).
 *
 * `waitForCompaction` (agent lifecycle helper; the combine-receipts flow uses 300 s / 5 s / 15 s): sleep
 * the initial wait, then every poll interval list the receipt's runs with limit 1 (the first run in SK
 * order, §1.4, which need not be the newest); return when both its states are COMPLETED; raise
 * CompactionFailed on a FAILED state; raise CompactionWaitTimeout once the maximum wait has passed on the
 * host's clock. No run yet → keep polling.
 *
 * `waitForCompactionToFinish` (`EmbeddingResult.wait_for_compaction_to_finish`, the resegment Lambda):
 * `get_compaction_run` every 5 s for up to 300 s; finished when both states are COMPLETED or FAILED;
 * true only if both are COMPLETED; a missing run or the end of the wait → false.
 */
export class CompactionFailed extends Error {
  override readonly name = 'CompactionFailed';
}

export class CompactionWaitTimeout extends Error {
  override readonly name = 'CompactionWaitTimeout';
}

export interface WaitForCompactionSettings {
  readonly initialWaitSeconds: number;
  readonly pollIntervalSeconds: number;
  readonly maxWaitSeconds: number;
}

export const agentWaitDefaults: WaitForCompactionSettings = { initialWaitSeconds: 10, pollIntervalSeconds: 5, maxWaitSeconds: 300 };
export const combineReceiptsWait: WaitForCompactionSettings = { initialWaitSeconds: 15, pollIntervalSeconds: 5, maxWaitSeconds: 300 };

export async function waitForCompaction(
  ports: ValidationPorts,
  ids: { readonly imageId: string; readonly receiptId: number },
  settings: WaitForCompactionSettings = agentWaitDefaults,
): Promise<void> {
  const started = ports.clock.now();
  await ports.clock.sleep(settings.initialWaitSeconds * 1000);
  for (;;) {
    const [run] = await listReceiptCompactionRuns(ports.table, ids.imageId, ids.receiptId, 1);
    if (run !== undefined) {
      if (run.lines_state === 'FAILED' || run.words_state === 'FAILED') throw new CompactionFailed(`compaction run ${run.run_id} failed`);
      if (bothCompleted(run)) return;
    }
    if (ports.clock.now() - started >= settings.maxWaitSeconds * 1000) {
      throw new CompactionWaitTimeout(`compaction of ${ids.imageId}/${ids.receiptId} not done after ${settings.maxWaitSeconds} s`);
    }
    await ports.clock.sleep(settings.pollIntervalSeconds * 1000);
  }
}

export async function waitForCompactionToFinish(
  ports: ValidationPorts,
  ids: { readonly imageId: string; readonly receiptId: number; readonly runId: string },
  settings: { readonly pollIntervalSeconds: number; readonly maxWaitSeconds: number } = { pollIntervalSeconds: 5, maxWaitSeconds: 300 },
): Promise<boolean> {
  const settled = new Set(['COMPLETED', 'FAILED']);
  for (let waited = 0; ; waited += settings.pollIntervalSeconds) {
    const run = await getCompactionRun(ports.table, ids.imageId, ids.receiptId, ids.runId);
    if (run === undefined) return false;
    if (settled.has(run.lines_state) && settled.has(run.words_state)) return bothCompleted(run);
    if (waited + settings.pollIntervalSeconds > settings.maxWaitSeconds) return false;
    await ports.clock.sleep(settings.pollIntervalSeconds * 1000);
  }
}
