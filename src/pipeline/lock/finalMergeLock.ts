import type { Clock } from '../../ports/clock.js';
import { type ChromaCollection, parseLockTimestamp } from '../entities/compactionLock.js';
import type { LockManager } from './lockManager.js';
import { staticUpdateLockId } from './lockMode.js';
import { type LockLog, errorCode } from './lockPorts.js';

/**
 * The embedding step function's final merge as a lock user (§4.6, §8.4). It is a second snapshot writer
 * and locks the row `chroma-{database}-update` (`{database}` = the collection name), which is the
 * compactor's static-id row but not the head compactor's `chroma-{c}-compaction` row.
 *
 * Head: up to 10 attempts, sleeping `min(3·1.5^(n−1), 10)` s after failed attempt n, never sleeping past
 * 60 s since the first attempt; after each failed attempt the holder's row is read (eventually
 * consistent, §1.1) and the wait is given up at once when its heartbeat is less than 120 s old by this
 * host's clock. A row without a heartbeat, or no row, does not stop the wait. With those numbers the 60 s
 * budget ends the wait after the 8th attempt, before the 10-attempt cap.
 *
 * Seed era: `chroma-final-merge-{batch_id}`, a new row per batch; busy → HTTP-style status 423, no wait.
 */
export const finalMergeMaxAttempts = 10;
export const finalMergeMaxWaitMs = 60_000;
export const finalMergeFreshHeartbeatMs = 120_000;

export const finalMergeLockId = staticUpdateLockId;

export const seedFinalMergeLockId = (batchId: string): string => `chroma-final-merge-${batchId}`;

/** Delay after failed attempt `attempt` (1-based), in milliseconds. */
export function finalMergeDelayMs(attempt: number): number {
  return Math.min(3 * 1.5 ** (attempt - 1), 10) * 1000;
}

export type FinalMergeLockOutcome =
  | { readonly acquired: true; readonly attempts: number }
  | { readonly acquired: false; readonly reason: 'holderAlive' | 'waitExhausted'; readonly attempts: number };

export async function acquireFinalMergeLock(
  manager: LockManager,
  collection: ChromaCollection,
  clock: Clock,
  log: LockLog = () => undefined,
): Promise<FinalMergeLockOutcome> {
  const lockId = finalMergeLockId(collection);
  const startedMs = clock.now();
  let attempt = 1;
  for (;;) {
    if (await manager.acquire(lockId)) return { acquired: true, attempts: attempt };
    if (await holderIsAlive(manager, lockId, clock, log)) return { acquired: false, reason: 'holderAlive', attempts: attempt };
    const delayMs = finalMergeDelayMs(attempt);
    if (attempt === finalMergeMaxAttempts || clock.now() - startedMs + delayMs > finalMergeMaxWaitMs) {
      return { acquired: false, reason: 'waitExhausted', attempts: attempt };
    }
    log('finalMerge.lock.waiting', { lockId, attempt, delayMs });
    await clock.sleep(delayMs);
    attempt++;
  }
}

export type SeedFinalMergeLockOutcome = { readonly acquired: true } | { readonly acquired: false; readonly status: 423 };

export async function acquireSeedFinalMergeLock(manager: LockManager, batchId: string): Promise<SeedFinalMergeLockOutcome> {
  return (await manager.acquire(seedFinalMergeLockId(batchId))) ? { acquired: true } : { acquired: false, status: 423 };
}

async function holderIsAlive(manager: LockManager, lockId: string, clock: Clock, log: LockLog): Promise<boolean> {
  let heartbeat: string | null | undefined;
  try {
    heartbeat = (await manager.readLock(lockId))?.heartbeat;
  } catch (error) {
    // A failed read says nothing about the holder: keep waiting.
    log('finalMerge.lock.readFailed', { lockId, error: errorCode(error) });
    return false;
  }
  const heartbeatMicros = heartbeat === null || heartbeat === undefined ? undefined : parseLockTimestamp(heartbeat);
  return heartbeatMicros !== undefined && Math.round(clock.now() * 1000) - heartbeatMicros < finalMergeFreshHeartbeatMs * 1000;
}
