import type { Clock } from '../../ports/clock.js';
import { attributeNotExists } from '../../ports/expressions.js';
import type { Table } from '../../ports/table.js';
import { type CompactionRun, compactionRunToItem, createCompactionRun } from '../entities/compactionRun.js';
import { deltaPrefix } from '../delta/deltaLocation.js';

/**
 * `add_compaction_run` (spec §1.4, §6.1 phase 3, §8.6 step 5): PENDING/PENDING with the ingest prefixes
 * `lines/delta/{run_id}/` and `words/delta/{run_id}/`, created under `attribute_not_exists(PK)`. Its
 * INSERT is what starts compaction (§2.4).
 */
export async function addCompactionRun(
  ports: { readonly table: Table; readonly clock: Clock },
  ids: { readonly run_id: string; readonly image_id: string; readonly receipt_id: number },
): Promise<CompactionRun> {
  const run = createCompactionRun({
    ...ids,
    lines_delta_prefix: deltaPrefix('lines', ids.run_id),
    words_delta_prefix: deltaPrefix('words', ids.run_id),
    created_at: ports.clock.nowIso(),
  });
  await ports.table.putItem({ item: compactionRunToItem(run), condition: attributeNotExists('PK') });
  return run;
}
