import { ConditionalCheckFailed } from '../../ports/errors.js';
import { type Condition, and, attributeExists, attributeNotExists, compare, equals, or } from '../../ports/expressions.js';
import type { TaskHandle } from '../../ports/tasks.js';
import type { Item } from '../../ports/values.js';
import {
  type ChromaCollection,
  type CompactionLock,
  compactionLockFromItem,
  compactionLockItem,
  compactionLockKey,
  lockTimestamp,
  parseLockTimestamp,
} from '../entities/compactionLock.js';
import { type LockLog, type LockPorts, type LogValue, errorCode } from './lockPorts.js';
import { type LockSettings, codeDefaultLockSettings } from './lockSettings.js';

/** §4.2: `stop_heartbeat` waits this long for the task, then returns anyway. */
export const heartbeatStopWaitMs = 2_000;

export interface LockHolding {
  readonly lockId: string;
  readonly owner: string;
}

interface HeartbeatRun {
  readonly state: { stopped: boolean; waiting: boolean };
  readonly handle: TaskHandle;
}

/**
 * The compaction LockManager of spec §4.1–§4.3, one per collection and attempt.
 *
 * - `acquire`: PutItem of a fresh row (new owner UUID, `expires = now + duration`, `heartbeat = now`)
 *   under `attribute_not_exists(PK) OR expires < :now`, ISO strings compared as strings.
 * - The heartbeat is a background task: `updateHeartbeat()` at once, then after every interval. It is a
 *   full PUT under `attribute_exists(PK) AND attribute_exists(SK)`: it does NOT check the owner, so a
 *   holder whose lease lapsed and was taken over overwrites the new owner's row (§7 fault point).
 * - `stopHeartbeat` sets the task's stop flag and waits at most 2 s for a heartbeat write in flight. A
 *   task waiting for its next interval is not waited for: Python's `Event.wait` would return at once;
 *   the ports cannot interrupt a sleep, so the task wakes at the end of its interval and exits without
 *   writing. Callers observe the same writes and the same timing as with Python's thread.
 * - `release`: DeleteItem under `#owner = :owner`; the local state is cleared whatever happens.
 * - With `settings.margins` (flag `leaseTiming: skewTolerant`, ours) acquire, heartbeat and ownership
 *   checks keep the margins of `LeaseMargins` (lockSettings.ts).
 */
export class LockManager {
  protected holding: LockHolding | undefined;
  private heartbeatRun: HeartbeatRun | undefined;
  private readonly log: LockLog;

  constructor(
    protected readonly ports: LockPorts,
    readonly collection: ChromaCollection,
    readonly settings: LockSettings = codeDefaultLockSettings,
  ) {
    this.log = ports.log ?? (() => undefined);
  }

  get lockId(): string | undefined {
    return this.holding?.lockId;
  }

  get owner(): string | undefined {
    return this.holding?.owner;
  }

  get isHeld(): boolean {
    return this.holding !== undefined;
  }

  /** A heartbeat task was started and neither stopped nor given up. */
  get heartbeatRunning(): boolean {
    return this.heartbeatRun !== undefined && !this.heartbeatRun.handle.done;
  }

  /** §4.1. False when this manager already holds a lock, when the lock is busy, or on any error. */
  async acquire(lockId: string): Promise<boolean> {
    if (this.holding !== undefined) {
      this.emit('lock.acquire.alreadyHeld', { lockId, held: this.holding.lockId });
      return false;
    }
    const owner = this.ports.random.uuid();
    const nowMs = this.ports.clock.now();
    const record: CompactionLock = {
      lockId,
      owner,
      expires: lockTimestamp(nowMs + this.settings.lockDurationMs),
      collection: this.collection,
      heartbeat: lockTimestamp(nowMs),
    };
    try {
      await this.grant(record, lockTimestamp(nowMs - (this.settings.margins?.takeoverMs ?? 0)));
    } catch (error) {
      this.emit(error instanceof ConditionalCheckFailed ? 'lock.acquire.busy' : 'lock.acquire.error', { lockId, error: errorCode(error) });
      return false;
    }
    this.holding = { lockId, owner };
    this.emit('lock.acquired', { lockId, owner, expires: record.expires });
    return true;
  }

  /** §4.2: starts the heartbeat task unless one is running. */
  startHeartbeat(): void {
    if (this.heartbeatRunning) return;
    const state = { stopped: false, waiting: false };
    const handle = this.ports.tasks.spawn('lock-heartbeat', async () => {
      let failures = 0;
      while (!state.stopped) {
        const updated = await this.updateHeartbeat();
        if (state.stopped) return;
        failures = updated ? 0 : failures + 1;
        if (failures >= this.settings.maxHeartbeatFailures) {
          this.emit('lock.heartbeat.gaveUp', { lockId: this.holding?.lockId ?? null, failures });
          // §4.2: the local state is cleared; the DynamoDB row stays until it expires or is overwritten.
          this.holding = undefined;
          return;
        }
        state.waiting = true;
        await this.ports.clock.sleep(this.settings.heartbeatIntervalMs);
        state.waiting = false;
      }
    });
    this.heartbeatRun = { state, handle };
  }

  /** §4.2: signal the task and wait up to 2 s for it. */
  async stopHeartbeat(): Promise<void> {
    const run = this.heartbeatRun;
    if (run === undefined) return;
    this.heartbeatRun = undefined;
    run.state.stopped = true;
    if (run.state.waiting) return;
    if (!(await run.handle.join(heartbeatStopWaitMs))) this.emit('lock.heartbeat.stopTimedOut', { waitedMs: heartbeatStopWaitMs });
  }

  /** §4.2: one full PUT of the row with a new expiry and heartbeat. False when not holding or on any error. */
  async updateHeartbeat(): Promise<boolean> {
    const holding = this.holding;
    if (holding === undefined) return false;
    const nowMs = this.ports.clock.now();
    const record: CompactionLock = {
      lockId: holding.lockId,
      owner: holding.owner,
      expires: lockTimestamp(nowMs + this.settings.lockDurationMs),
      collection: this.collection,
      heartbeat: lockTimestamp(nowMs),
    };
    const margins = this.settings.margins;
    const condition = this.heartbeatCondition(holding);
    try {
      await this.ports.table.putItem({
        item: this.item(record),
        condition: margins === undefined ? condition : and(condition, compare('expires', '>', lockTimestamp(nowMs + margins.renewalMs))),
      });
      return true;
    } catch (error) {
      this.emit('lock.heartbeat.failed', { lockId: holding.lockId, error: errorCode(error) });
      return false;
    }
  }

  /**
   * §4.3: eventually consistent GetItem; false if missing, owned by another, or `expires <= now`. With
   * lease margins: a strongly consistent read, and false unless `expires > now + renewal margin`.
   */
  async validateOwnership(): Promise<boolean> {
    const holding = this.holding;
    if (holding === undefined) return false;
    const margins = this.settings.margins;
    let current: CompactionLock | undefined;
    try {
      current = await this.readLock(holding.lockId, margins !== undefined);
    } catch (error) {
      this.emit('lock.validate.error', { lockId: holding.lockId, error: errorCode(error) });
      return false;
    }
    if (current === undefined || current.owner !== holding.owner) return false;
    const expiresMicros = parseLockTimestamp(current.expires);
    return expiresMicros !== undefined && expiresMicros > Math.round((this.ports.clock.now() + (margins?.renewalMs ?? 0)) * 1000);
  }

  /** §4.3: validate, then PUT (not used by the compactor). */
  async refreshLock(): Promise<boolean> {
    if (!(await this.validateOwnership())) return false;
    return this.updateHeartbeat();
  }

  /**
   * §4.3: conditional delete on the owner; failures are logged; local state cleared; idempotent. A
   * transient error is retried up to `releaseAttempts` times in all (1 in the spec); a conditional
   * failure (the row is gone or another owner's) never is.
   */
  async release(): Promise<void> {
    const holding = this.holding;
    if (holding === undefined) return;
    this.holding = undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ports.table.deleteItem({
          key: compactionLockKey(this.collection, holding.lockId),
          condition: equals('owner', holding.owner),
        });
        this.emit('lock.released', { lockId: holding.lockId, owner: holding.owner });
        return;
      } catch (error) {
        this.emit('lock.release.failed', { lockId: holding.lockId, owner: holding.owner, error: errorCode(error), attempt });
        if (error instanceof ConditionalCheckFailed || attempt >= this.releaseAttempts) return;
      }
    }
  }

  /** The row of `lockId` in this manager's collection as a read sees it (eventually consistent unless `consistentRead`, §1.1). */
  async readLock(lockId: string, consistentRead = false): Promise<CompactionLock | undefined> {
    const item = await this.ports.table.getItem({ key: compactionLockKey(this.collection, lockId), ...(consistentRead ? { consistentRead } : {}) });
    return item === undefined ? undefined : compactionLockFromItem(item);
  }

  /** How many times `release` tries a delete that failed with a transient error. */
  protected get releaseAttempts(): number {
    return 1;
  }

  /** The acquire write of §4.1; throws ConditionalCheckFailed when the lock is busy. */
  protected async grant(record: CompactionLock, nowIso: string): Promise<void> {
    await this.ports.table.putItem({ item: this.item(record), condition: this.acquireCondition(nowIso) });
  }

  protected acquireCondition(nowIso: string): Condition {
    return or(attributeNotExists('PK'), compare('expires', '<', nowIso));
  }

  /** §4.2 exactly: existence only, no owner check. */
  protected heartbeatCondition(_holding: LockHolding): Condition {
    return and(attributeExists('PK'), attributeExists('SK'));
  }

  protected item(record: CompactionLock): Item {
    return compactionLockItem(record);
  }

  protected emit(event: string, fields: Readonly<Record<string, LogValue>>): void {
    this.log(event, { collection: this.collection, ...fields });
  }
}
