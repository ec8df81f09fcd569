import type { Clock } from '../../ports/clock.js';
import type { BatchWriteRequest, Table } from '../../ports/table.js';

/**
 * The batch helpers of the DynamoDB client: requests go in chunks of 25 (the BatchWriteItem and the
 * pipeline's transaction chunk size); unprocessed items are retried with exponential backoff
 * (50 ms doubling), and a batch that still has unprocessed items after 8 attempts raises.
 */
export const chunkSize = 25;
const maxAttempts = 8;
const firstBackoffMs = 50;

export class BatchWriteIncomplete extends Error {
  override readonly name = 'BatchWriteIncomplete';
}

export function chunked<T>(items: readonly T[], size = chunkSize): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export async function batchWriteAll(ports: { readonly table: Table; readonly clock: Clock }, requests: readonly BatchWriteRequest[]): Promise<void> {
  for (const chunk of chunked(requests)) {
    let pending: readonly BatchWriteRequest[] = chunk;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) throw new BatchWriteIncomplete(`${pending.length} requests still unprocessed after ${maxAttempts} attempts`);
      if (attempt > 1) await ports.clock.sleep(firstBackoffMs * 2 ** (attempt - 2));
      pending = (await ports.table.batchWriteItem(pending)).unprocessed;
    }
  }
}
