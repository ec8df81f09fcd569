import type { LockManager } from './lockManager.js';
import { type LockEnvironment, type LockSettings, codeDefaultLockSettings, lockSettingsFromEnvironment } from './lockSettings.js';

/**
 * One lock held across a whole compaction cycle (§3.4 steps 2, 3 and 9; §4.5 Per-invocation, Static
 * id and Single lock; also `leaseFencing`): acquire, optionally start the heartbeat, run the cycle, then
 * always stop the heartbeat (waiting at most 2 s) and release.
 */
export type HeldLockResult<T> = { readonly acquired: false } | { readonly acquired: true; readonly value: T };

export interface HeldLockOptions {
  readonly startHeartbeat: boolean;
}

export async function holdCompactionLock<T>(
  manager: LockManager,
  lockId: string,
  options: HeldLockOptions,
  cycle: (manager: LockManager) => Promise<T>,
): Promise<HeldLockResult<T>> {
  // §3.4 step 2: a busy lock fails the collection at once, no waiting or backoff.
  if (!(await manager.acquire(lockId))) return { acquired: false };
  try {
    if (options.startHeartbeat) manager.startHeartbeat();
    return { acquired: true, value: await cycle(manager) };
  } finally {
    await manager.stopHeartbeat();
    await manager.release();
  }
}

/**
 * §4.5 Single lock: from 2026-07-27 (`heartbeat`) the heartbeat runs with the environment's settings;
 * from 2025-12-16 until then (`noHeartbeat`) it was never started and the environment was not passed,
 * so the code defaults (5 min lease) applied.
 */
export type SingleLockVariant = 'heartbeat' | 'noHeartbeat';

export interface SingleLockPlan {
  readonly startHeartbeat: boolean;
  readonly settings: LockSettings;
}

export function singleLockPlan(variant: SingleLockVariant, environment: LockEnvironment): SingleLockPlan {
  return variant === 'heartbeat'
    ? { startHeartbeat: true, settings: lockSettingsFromEnvironment(environment, codeDefaultLockSettings) }
    : { startHeartbeat: false, settings: codeDefaultLockSettings };
}
