import { ConditionalCheckFailed, TransactionCanceled } from '../../../ports/errors.js';
import { type Condition, attributeNotExists, equals } from '../../../ports/expressions.js';
import type { TableKey } from '../../../ports/table.js';
import type { Item } from '../../../ports/values.js';
import { type ChromaCollection, type CompactionLock, compactionLockItem } from '../../entities/compactionLock.js';
import { type LockHolding, LockManager } from '../lockManager.js';

/**
 * `lockMode: leaseFencing`, OUR design (not in the spec). A lease alone cannot stop a holder that was
 * paused past its expiry from writing afterwards (§7 fault points); a fencing token can, if the store
 * that takes the protected write checks it (Kleppmann's "fencing tokens"). Design:
 *
 * 1. Token counter. Next to each lock row lives a counter item, PK `LOCK#{c}#{lock_id}`, SK `FENCE`,
 *    TYPE `COMPACTION_LOCK_FENCE`, attribute `fence_token` (the last token granted). It is never deleted:
 *    the lock row is deleted on release and replaced on every acquire, so it cannot hold the counter.
 * 2. Acquire = one grant. A strongly consistent GetItem reads the counter (N, 0 when absent), then one
 *    TransactWriteItems both puts the lock row (with `fence_token = N+1`) under the spec's acquire
 *    condition and advances the counter to N+1 under `fence_token = N` (`attribute_not_exists(PK)` for
 *    N = 0). Grants are atomic with their token, so tokens strictly increase in grant order; a
 *    transaction cancelled for any reason is a failed acquire, just as every error is in §4.1.
 * 3. Heartbeat checks the owner (`#owner = :owner`) instead of mere existence, so a stale holder can no
 *    longer overwrite a new owner's row; a lapsed lease nobody took is simply renewed (unless the
 *    settings' lease margins forbid it). Release retries a transient DeleteItem failure twice, so a
 *    throttled delete does not leave the row held until it expires.
 * 4. The protected write (the pointer promotion) carries the token: `FencedPointerGuard` keeps the last
 *    accepted token in the pointer object's metadata and writes with If-Match on the ETag it read, so a
 *    write with a lower token than the last accepted one is refused, atomically.
 *
 * What it does not prevent on its own: a stale holder's write that lands before the new holder's first
 * write is accepted (the store has not seen the newer token yet). Passing `expectedVersion` to the guard
 * (the version the cycle downloaded) closes that window too: the new holder's promotion is then refused
 * instead of silently discarding the stale holder's version.
 */
export const fenceCounterType = 'COMPACTION_LOCK_FENCE';

export function fenceCounterKey(collection: ChromaCollection, lockId: string): TableKey {
  return { PK: `LOCK#${collection}#${lockId}`, SK: 'FENCE' };
}

export class FencedLockManager extends LockManager {
  private token: number | undefined;

  /** The token of the lease this manager holds; undefined when it holds none. */
  get fencingToken(): number | undefined {
    return this.isHeld ? this.token : undefined;
  }

  protected override async grant(record: CompactionLock, nowIso: string): Promise<void> {
    const counterKey = fenceCounterKey(record.collection, record.lockId);
    const counter = await this.ports.table.getItem({ key: counterKey, consistentRead: true });
    const last = typeof counter?.fence_token === 'number' ? counter.fence_token : 0;
    const token = last + 1;
    try {
      await this.ports.table.transactWriteItems([
        { kind: 'put', item: { ...compactionLockItem(record), fence_token: token }, condition: this.acquireCondition(nowIso) },
        {
          kind: 'put',
          item: { ...counterKey, TYPE: fenceCounterType, collection: record.collection, fence_token: token },
          condition: last === 0 ? attributeNotExists('PK') : equals('fence_token', last),
        },
      ]);
    } catch (error) {
      if (error instanceof TransactionCanceled && error.reasons[0] === 'ConditionalCheckFailed') throw new ConditionalCheckFailed();
      throw error;
    }
    this.token = token;
  }

  protected override heartbeatCondition(holding: LockHolding): Condition {
    return equals('owner', holding.owner);
  }

  protected override item(record: CompactionLock): Item {
    return { ...compactionLockItem(record), fence_token: this.token ?? null };
  }

  protected override get releaseAttempts(): number {
    return 3;
  }
}
