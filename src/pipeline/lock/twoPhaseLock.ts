import type { ChromaCollection } from '../entities/compactionLock.js';
import { LockManager } from './lockManager.js';
import { staticUpdateLockId } from './lockMode.js';
import type { LockPorts } from './lockPorts.js';
import type { LockSettings } from './lockSettings.js';

/**
 * The two-phase protocol (§4.5 Two-phase, 2025-10-25 → 2025-12-16; §8.3 steps 2 and 4; §8.4) on the
 * static lock row `chroma-{c}-update`. The heavy merge runs off-lock between the phases; each phase takes
 * the lock, runs a heartbeat, re-reads the pointer and compares it with the version the merge started
 * from. Settings are the environment's 30 s / 3 min / 3 or the handler's fallbacks 120 s / 1 min / 2
 * (`twoPhaseHandlerFallbackLockSettings`).
 *
 * - EFS mode: phase 1 (busy → fail; mismatch → fail), one LockManager for both phases, phase 3 with
 *   delays 0.1 s then 0.2 s (busy or upload failure → sleep, retry; mismatch → fail at once).
 * - S3-only mode: no phase 1; phase 3 with delays 0.15 s then 0.3 s, a new LockManager per attempt,
 *   and a pointer mismatch sleeps and retries like a busy lock.
 *
 * Not determined by the spec, decided here: the delay of an attempt is slept after its failure, the
 * last attempt's included, and after the heartbeat was stopped and the lock released.
 */
export type TwoPhaseStorage = 'efs' | 's3';

export const twoPhaseRetryDelaysMs: Readonly<Record<TwoPhaseStorage, readonly number[]>> = {
  efs: [100, 200],
  s3: [150, 300],
};

export interface TwoPhaseOptions {
  readonly ports: LockPorts;
  readonly collection: ChromaCollection;
  readonly storage: TwoPhaseStorage;
  readonly settings: LockSettings;
  /** The pointer version the off-lock step read (or `latest-direct`). */
  readonly expectedVersion: string;
  /** Re-reads the pointer under the lock; the caller maps a read error to `latest-direct` (§8.3 step 2). */
  readonly readPointer: () => Promise<string>;
}

export type PhaseFailure = 'busy' | 'pointerMismatch' | 'notPublished';

export type PhaseOneOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: PhaseFailure };

/** What the caller's upload (§8.5 with the lock manager) reports. */
export type PublishAttempt<T> = { readonly published: true; readonly value: T } | { readonly published: false };

export type PhaseThreeOutcome<T> =
  | { readonly published: true; readonly value: T; readonly attempts: number }
  | { readonly published: false; readonly reason: PhaseFailure; readonly attempts: number };

export class TwoPhaseLock {
  readonly lockId: string;
  private readonly sharedManager: LockManager | undefined;

  constructor(private readonly options: TwoPhaseOptions) {
    this.lockId = staticUpdateLockId(options.collection);
    this.sharedManager = options.storage === 'efs' ? this.newManager() : undefined;
  }

  /** §8.3 step 2 (EFS mode only): acquire, heartbeat, compare the pointer, stop, release. */
  async phaseOne(): Promise<PhaseOneOutcome> {
    if (this.sharedManager === undefined) throw new Error('S3-only mode has no phase 1 (§8.3)');
    const manager = this.sharedManager;
    if (!(await manager.acquire(this.lockId))) return { ok: false, reason: 'busy' };
    try {
      manager.startHeartbeat();
      if ((await this.options.readPointer()) !== this.options.expectedVersion) return { ok: false, reason: 'pointerMismatch' };
      return { ok: true };
    } finally {
      await manager.stopHeartbeat();
      await manager.release();
    }
  }

  /** §8.3 step 4: up to two attempts to publish under the lock. Errors thrown by `publish` propagate. */
  async phaseThree<T>(publish: (manager: LockManager) => Promise<PublishAttempt<T>>): Promise<PhaseThreeOutcome<T>> {
    const delays = twoPhaseRetryDelaysMs[this.options.storage];
    let failure: PhaseFailure = 'busy';
    for (let attempt = 1; attempt <= delays.length; attempt++) {
      const manager = this.sharedManager ?? this.newManager();
      if (await manager.acquire(this.lockId)) {
        try {
          manager.startHeartbeat();
          if ((await this.options.readPointer()) !== this.options.expectedVersion) {
            if (this.options.storage === 'efs') return { published: false, reason: 'pointerMismatch', attempts: attempt };
            failure = 'pointerMismatch';
          } else {
            const result = await publish(manager);
            if (result.published) return { published: true, value: result.value, attempts: attempt };
            failure = 'notPublished';
          }
        } finally {
          await manager.stopHeartbeat();
          await manager.release();
        }
      } else {
        failure = 'busy';
      }
      await this.options.ports.clock.sleep(delays[attempt - 1]!);
    }
    return { published: false, reason: failure, attempts: delays.length };
  }

  private newManager(): LockManager {
    return new LockManager(this.options.ports, this.options.collection, this.options.settings);
  }
}
