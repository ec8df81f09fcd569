import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';

/**
 * The CompactionLock entity (spec §1.2, §1.5): one row per lock id and collection,
 * PK `LOCK#{collection}#{lock_id}`, SK `LOCK`, GSI1 `LOCK#{collection}` / `EXPIRES#{expires}`.
 * `lock_id` is not stored as an attribute: it is the rest of the PK (and may itself contain `#`).
 * Timestamps are written as Python's `datetime.isoformat()` writes an aware UTC datetime, because the
 * acquire condition compares them as strings (§4.1).
 */
export type ChromaCollection = 'lines' | 'words';

export const compactionLockType = 'COMPACTION_LOCK';

export interface CompactionLock {
  readonly lockId: string;
  /** UUID v4 of the LockManager that wrote the row. */
  readonly owner: string;
  /** `lockTimestamp` form, e.g. `2025-11-14T12:03:00.123456+00:00`. */
  readonly expires: string;
  readonly collection: ChromaCollection;
  readonly heartbeat: string | null;
}

export class InvalidCompactionLock extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCompactionLock';
  }
}

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const isoTimestamp = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/;

export function isChromaCollection(value: unknown): value is ChromaCollection {
  return value === 'lines' || value === 'words';
}

export function compactionLockKey(collection: ChromaCollection, lockId: string): TableKey {
  return { PK: `LOCK#${collection}#${lockId}`, SK: 'LOCK' };
}

/**
 * `datetime.isoformat()` of an aware UTC datetime: microseconds, `+00:00`, and no fraction at all when
 * the microseconds are 0. (`+` sorts before `.`, so the short form still sorts before every later instant
 * of the same second.) The virtual clock has sub-millisecond precision; it is rounded to microseconds.
 */
export function lockTimestamp(epochMs: number): string {
  const epochMicros = Math.round(epochMs * 1000);
  const secondMicros = epochMicros % 1_000_000;
  const wholeSeconds = new Date((epochMicros - secondMicros) / 1000).toISOString().slice(0, 19);
  return secondMicros === 0 ? `${wholeSeconds}+00:00` : `${wholeSeconds}.${String(secondMicros).padStart(6, '0')}+00:00`;
}

/** Epoch microseconds of an ISO-8601 timestamp with an offset (`datetime.fromisoformat`); undefined if malformed. */
export function parseLockTimestamp(text: string): number | undefined {
  const match = isoTimestamp.exec(text);
  if (match === null) return undefined;
  const [, base, fraction, offset] = match;
  const baseMs = Date.parse(`${base!}Z`);
  if (Number.isNaN(baseMs)) return undefined;
  const micros = fraction === undefined ? 0 : Number(fraction.padEnd(6, '0'));
  let offsetMicros = 0;
  if (offset !== 'Z') {
    const sign = offset!.startsWith('-') ? -1 : 1;
    offsetMicros = sign * (Number(offset!.slice(1, 3)) * 60 + Number(offset!.slice(4, 6))) * 60_000_000;
  }
  return baseMs * 1000 + micros - offsetMicros;
}

/** The checks of the entity's constructor (§1.5); throws InvalidCompactionLock. */
export function validateCompactionLock(lock: CompactionLock): void {
  if (typeof lock.lockId !== 'string' || lock.lockId.length === 0) throw new InvalidCompactionLock('lock_id must be a non-empty string');
  if (typeof lock.owner !== 'string' || !uuidV4.test(lock.owner)) throw new InvalidCompactionLock(`owner must be a UUID v4, got ${String(lock.owner)}`);
  if (!isChromaCollection(lock.collection)) throw new InvalidCompactionLock(`collection must be lines or words, got ${String(lock.collection)}`);
  if (typeof lock.expires !== 'string' || parseLockTimestamp(lock.expires) === undefined) {
    throw new InvalidCompactionLock(`expires must be an ISO-8601 timestamp, got ${String(lock.expires)}`);
  }
  if (lock.heartbeat !== null && (typeof lock.heartbeat !== 'string' || parseLockTimestamp(lock.heartbeat) === undefined)) {
    throw new InvalidCompactionLock(`heartbeat must be an ISO-8601 timestamp or null, got ${String(lock.heartbeat)}`);
  }
}

/** The stored attributes of §1.5, after validation. */
export function compactionLockItem(lock: CompactionLock): Item {
  validateCompactionLock(lock);
  return {
    ...compactionLockKey(lock.collection, lock.lockId),
    GSI1PK: `LOCK#${lock.collection}`,
    GSI1SK: `EXPIRES#${lock.expires}`,
    TYPE: compactionLockType,
    owner: lock.owner,
    expires: lock.expires,
    collection: lock.collection,
    heartbeat: lock.heartbeat,
  };
}

/** Reads a stored row back (extra attributes are ignored); throws InvalidCompactionLock. */
export function compactionLockFromItem(item: Item): CompactionLock {
  if (item.TYPE !== compactionLockType) throw new InvalidCompactionLock(`not a compaction lock: TYPE ${String(item.TYPE)}`);
  const { PK, collection, owner, expires, heartbeat } = item;
  if (!isChromaCollection(collection)) throw new InvalidCompactionLock(`collection must be lines or words, got ${String(collection)}`);
  const prefix = `LOCK#${collection}#`;
  if (typeof PK !== 'string' || !PK.startsWith(prefix)) throw new InvalidCompactionLock(`PK ${String(PK)} does not start with ${prefix}`);
  const storedHeartbeat = heartbeat ?? null;
  if (typeof owner !== 'string' || typeof expires !== 'string' || (storedHeartbeat !== null && typeof storedHeartbeat !== 'string')) {
    throw new InvalidCompactionLock('owner, expires and heartbeat must be strings (heartbeat may be NULL or absent)');
  }
  const lock: CompactionLock = { lockId: PK.slice(prefix.length), owner, expires, collection, heartbeat: storedHeartbeat };
  validateCompactionLock(lock);
  return lock;
}
