import type { Table } from '../../ports/table.js';
import { type CompactionRun, compactionRunFromItem, compactionRunKey, compactionRunSkPrefix } from '../entities/compactionRun.js';
import { imagePk } from '../entities/keys.js';

/**
 * CompactionRun reads (spec §1.4): `get_compaction_run` by key and the listing of a receipt's runs
 * (`PK=IMAGE#{img} AND begins_with(SK, RECEIPT#{rid5}#COMPACTION_RUN#)`, ordered by the text of `run_id`).
 * Both are eventually consistent: a run created a moment ago can still read as missing.
 */
export async function getCompactionRun(table: Table, imageId: string, receiptId: number, runId: string): Promise<CompactionRun | undefined> {
  const item = await table.getItem({ key: compactionRunKey(imageId, receiptId, runId) });
  return item === undefined ? undefined : compactionRunFromItem(item);
}

/** One page of the receipt's runs: with `limit` 1, the first run in SK order. */
export async function listReceiptCompactionRuns(table: Table, imageId: string, receiptId: number, limit: number): Promise<CompactionRun[]> {
  const page = await table.query({
    key: {
      partitionKey: { name: 'PK', value: imagePk(imageId) },
      sortKey: { name: 'SK', condition: { op: 'beginsWith', prefix: compactionRunSkPrefix(receiptId) } },
    },
    limit,
  });
  return page.items.map(compactionRunFromItem);
}

export const bothCompleted = (run: CompactionRun): boolean => run.lines_state === 'COMPLETED' && run.words_state === 'COMPLETED';
