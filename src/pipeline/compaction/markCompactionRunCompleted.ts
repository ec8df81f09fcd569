import type { Clock } from '../../ports/clock.js';
import { and, attributeExists } from '../../ports/expressions.js';
import type { Table } from '../../ports/table.js';
import type { CompactionCollection } from './compactionMessage.js';
import { compactionRunKey } from '../entities/compactionRun.js';
import type { Log } from '../observability.js';
import { errorText } from '../snapshot/errorText.js';

export interface CompletedRun {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly run_id: string;
  readonly merged_count: number;
}

/**
 * `mark_compaction_run_completed` (§1.4): UpdateItem `SET {c}_state=COMPLETED, {c}_finished_at=now,
 * {c}_merged_vectors=n, updated_at=now` under `attribute_exists(PK) AND attribute_exists(SK)`. It touches
 * only this collection's attributes, so the lines and words completions commute. Throws on any error
 * (the callers log it and still acknowledge the message).
 */
export async function markCompactionRunCompleted(table: Table, clock: Clock, collection: CompactionCollection, run: CompletedRun): Promise<void> {
  const now = clock.nowIso();
  await table.updateItem({
    key: compactionRunKey(run.image_id, run.receipt_id, run.run_id),
    update: {
      set: {
        [`${collection}_state`]: 'COMPLETED',
        [`${collection}_finished_at`]: now,
        [`${collection}_merged_vectors`]: run.merged_count,
        updated_at: now,
      },
    },
    condition: and(attributeExists('PK'), attributeExists('SK')),
  });
}

/** Marks each run in turn; a DynamoDB error is only logged (§3.4 step 8, §8.3 step 5). */
export async function markRunsCompleted(
  ports: { readonly table: Table; readonly clock: Clock; readonly log: Log },
  collection: CompactionCollection,
  runs: readonly CompletedRun[],
): Promise<void> {
  for (const run of runs) {
    try {
      await markCompactionRunCompleted(ports.table, ports.clock, collection, run);
    } catch (error) {
      ports.log('error', 'Failed to mark compaction run completed', { collection, run_id: run.run_id, error: errorText(error) });
    }
  }
}
