import type { ObjectStore } from '../../ports/objectStore.js';
import { ConditionalRequestConflict, NoSuchKey, PreconditionFailed } from '../../ports/errors.js';

/**
 * The demonstration world's application code: a worker that records a job in a JSON ledger object with a
 * read-modify-write on S3. With `blindPut` two workers can overwrite each other's entries (a lost update);
 * with `conditionalPut` the write carries the ETag it read and retries on 412/409.
 */
export type LedgerGuard = 'blindPut' | 'conditionalPut';

export const ledgerKey = 'ledger.json';

export interface Ledger {
  readonly applied: readonly string[];
}

export function parseLedger(body: Uint8Array): Ledger {
  return JSON.parse(new TextDecoder().decode(body)) as Ledger;
}

export async function recordJob(store: ObjectStore, jobId: string, guard: LedgerGuard): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let ledger: Ledger = { applied: [] };
    let etag: string | undefined;
    try {
      const object = await store.getObject(ledgerKey);
      ledger = parseLedger(object.body);
      etag = object.etag;
    } catch (error) {
      if (!(error instanceof NoSuchKey)) throw error;
    }
    if (ledger.applied.includes(jobId)) return;
    const body = new TextEncoder().encode(JSON.stringify({ applied: [...ledger.applied, jobId] }));
    const precondition = guard === 'blindPut' ? {} : etag === undefined ? { ifNoneMatch: '*' as const } : { ifMatch: etag };
    try {
      await store.putObject({ key: ledgerKey, body, contentType: 'application/json', ...precondition });
      return;
    } catch (error) {
      const lostRace = error instanceof PreconditionFailed || error instanceof ConditionalRequestConflict;
      if (!lostRace || attempt >= 5) throw error;
    }
  }
}
