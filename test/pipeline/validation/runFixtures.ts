import { attributeNotExists } from '../../../src/ports/expressions.js';
import type { Table } from '../../../src/ports/table.js';
import { type CompactionState, compactionRunKey, compactionRunToItem, createCompactionRun } from '../../../src/pipeline/entities/compactionRun.js';
import { imageId } from '../ingest/ingestWorld.js';

/** CompactionRuns of receipt 1 as ingest creates them, and the compactor's state changes. */
export const runId = '9b2e6c1d-8f4a-4c3b-a1d2-0e5f6a7b8c9d';

export async function putRun(table: Table, id = runId): Promise<void> {
  const run = createCompactionRun({
    run_id: id,
    image_id: imageId,
    receipt_id: 1,
    lines_delta_prefix: `lines/delta/${id}/`,
    words_delta_prefix: `words/delta/${id}/`,
    created_at: '2025-11-14T12:00:00.000Z',
  });
  await table.putItem({ item: compactionRunToItem(run), condition: attributeNotExists('PK') });
}

export async function setState(table: Table, collection: 'lines' | 'words', state: CompactionState, id = runId): Promise<void> {
  await table.updateItem({ key: compactionRunKey(imageId, 1, id), update: { set: { [`${collection}_state`]: state } } });
}
