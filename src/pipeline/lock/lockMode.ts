import type { Clock } from '../../ports/clock.js';
import type { ChromaCollection } from '../entities/compactionLock.js';
import { FencedLockManager } from './fencing/fencedLockManager.js';
import { LockManager } from './lockManager.js';
import type { LockPorts } from './lockPorts.js';
import type { LockSettings } from './lockSettings.js';

/**
 * The compactor's locking variants (design flag `lockMode`, spec §4.5):
 * - `none`: no lock at all (a mutant baseline; never in production).
 * - `perInvocation` (before 2025-09-26): `chroma-{c}-update-{unix_seconds}`, held across the cycle;
 *   invocations acquiring in different seconds use different rows, so they never exclude each other.
 * - `staticUpdate` (2025-09-26 → 2025-12-16): `chroma-{c}-update`, held across the cycle.
 * - `twoPhase` (2025-10-25 → 2025-12-16, seed profile): the static id taken twice, see `TwoPhaseLock`.
 * - `singleHeartbeat` (head, from 2025-12-16): `chroma-{c}-compaction` held across download, merge and
 *   upload (`SingleLockVariant` says whether the heartbeat runs).
 * - `leaseFencing` (our design, not in the spec): the head's single lock plus a fencing token checked
 *   by the pointer promotion, see `fencing/`.
 */
export type LockMode = 'none' | 'perInvocation' | 'staticUpdate' | 'twoPhase' | 'singleHeartbeat' | 'leaseFencing';

export const lockModes: readonly LockMode[] = ['none', 'perInvocation', 'staticUpdate', 'twoPhase', 'singleHeartbeat', 'leaseFencing'];

export function isLockMode(value: string): value is LockMode {
  return (lockModes as readonly string[]).includes(value);
}

/** §4.5 Static id and §4.6: also the final merge's lock row. */
export const staticUpdateLockId = (collection: ChromaCollection): string => `chroma-${collection}-update`;

/** §3.4 step 2 / §4.5 Single lock. */
export const singleLockId = (collection: ChromaCollection): string => `chroma-${collection}-compaction`;

/** The lock id the compactor acquires in this mode, or null for `none`. Reads the clock for `perInvocation`. */
export function compactionLockId(mode: LockMode, collection: ChromaCollection, clock: Clock): string | null {
  switch (mode) {
    case 'none':
      return null;
    case 'perInvocation':
      // §4.5: whole seconds of the acquiring host's clock.
      return `chroma-${collection}-update-${Math.floor(clock.now() / 1000)}`;
    case 'staticUpdate':
    case 'twoPhase':
      return staticUpdateLockId(collection);
    case 'singleHeartbeat':
    case 'leaseFencing':
      return singleLockId(collection);
  }
}

/** A LockManager of the kind the mode uses (a FencedLockManager for `leaseFencing`). */
export function createLockManager(mode: LockMode, ports: LockPorts, collection: ChromaCollection, settings: LockSettings): LockManager {
  return mode === 'leaseFencing' ? new FencedLockManager(ports, collection, settings) : new LockManager(ports, collection, settings);
}
