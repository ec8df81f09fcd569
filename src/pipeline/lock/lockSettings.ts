/**
 * Lock timing (spec §4.2, §3.1, §8.4). A setting group is what the LockManager is built with; the
 * environment variables are those of the compaction Lambda (§3.1).
 */
export interface LockSettings {
  readonly heartbeatIntervalMs: number;
  readonly lockDurationMs: number;
  readonly maxHeartbeatFailures: number;
  /** Ours (flag `leaseTiming: skewTolerant`); absent = the spec's plain expiry checks. */
  readonly margins?: LeaseMargins;
}

/**
 * Margins that keep a lease exclusive when host clocks disagree and hosts stall (flag `leaseTiming`, ours).
 * An `expires` is written on the holder's clock; every other host reads it on its own.
 * - `takeoverMs`: an acquire overwrites a row only when `expires < now − takeoverMs`. With clocks within
 *   ±B of true time, 2B makes the old lease over by any host's clock, the holder's included.
 * - `renewalMs`: a heartbeat renews (and ownership validates) only while `expires > now + renewalMs`, so a
 *   request that stalls up to P on its way still lands before the lease ended on any clock: B + P.
 * Ownership is then read strongly consistent, so a stale read cannot fail a holder that just acquired.
 */
export interface LeaseMargins {
  readonly takeoverMs: number;
  readonly renewalMs: number;
}

const seconds = 1_000;
const minutes = 60 * seconds;

/** §4.2: the LockManager's defaults when no settings are passed. */
export const codeDefaultLockSettings: LockSettings = { heartbeatIntervalMs: 60 * seconds, lockDurationMs: 5 * minutes, maxHeartbeatFailures: 3 };

/** §3.1 / §4.2: the production environment (also the seed era's environment, §8.4). */
export const productionLockSettings: LockSettings = { heartbeatIntervalMs: 30 * seconds, lockDurationMs: 3 * minutes, maxHeartbeatFailures: 3 };

/** §4.2 Historical / §8.4: the two-phase handler's own fallbacks when the environment supplies nothing. */
export const twoPhaseHandlerFallbackLockSettings: LockSettings = { heartbeatIntervalMs: 120 * seconds, lockDurationMs: 1 * minutes, maxHeartbeatFailures: 2 };

/** The fault catalog's bounds: clock skew within ±90 s (`clock.skew`), a stall of at most 90 s per request (`process.pause`). */
const skewBoundMs = 90 * seconds;
const stallBoundMs = 90 * seconds;

/**
 * `leaseTiming: skewTolerant`: a 10 min lease, heartbeat every 30 s, 3 failures; takeover 2B = 180 s after
 * expiry; renewal only with B + P + 10 s = 190 s left, which leaves 410 s for a heartbeat to land.
 */
export const skewTolerantLockSettings: LockSettings = {
  heartbeatIntervalMs: 30 * seconds,
  lockDurationMs: 10 * minutes,
  maxHeartbeatFailures: 3,
  margins: { takeoverMs: 2 * skewBoundMs, renewalMs: skewBoundMs + stallBoundMs + 10 * seconds },
};

export type LockEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * `HEARTBEAT_INTERVAL_SECONDS`, `LOCK_DURATION_MINUTES`, `MAX_HEARTBEAT_FAILURES` (§3.1), each falling
 * back on its own to `fallback` when absent (as `int(os.environ.get(name, default))`).
 */
export function lockSettingsFromEnvironment(environment: LockEnvironment, fallback: LockSettings): LockSettings {
  const read = (name: string, fallbackValue: number, unitMs: number): number => {
    const raw = environment[name];
    if (raw === undefined) return fallbackValue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${raw}`);
    return value * unitMs;
  };
  return {
    heartbeatIntervalMs: read('HEARTBEAT_INTERVAL_SECONDS', fallback.heartbeatIntervalMs, seconds),
    lockDurationMs: read('LOCK_DURATION_MINUTES', fallback.lockDurationMs, minutes),
    maxHeartbeatFailures: read('MAX_HEARTBEAT_FAILURES', fallback.maxHeartbeatFailures, 1),
  };
}

/** The §3.1 environment of the compaction Lambda. */
export const productionLockEnvironment: LockEnvironment = {
  HEARTBEAT_INTERVAL_SECONDS: '30',
  LOCK_DURATION_MINUTES: '3',
  MAX_HEARTBEAT_FAILURES: '3',
};
