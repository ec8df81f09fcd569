import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CompactionLock,
  InvalidCompactionLock,
  compactionLockFromItem,
  compactionLockItem,
  compactionLockKey,
  lockTimestamp,
  parseLockTimestamp,
} from '../../../src/pipeline/entities/compactionLock.js';

const owner = '0b6f1c52-3d7e-4a51-9c0e-2f4b6a8d1e3f';
const lock: CompactionLock = {
  lockId: 'chroma-lines-compaction',
  owner,
  expires: '2025-11-14T12:03:00.123456+00:00',
  collection: 'lines',
  heartbeat: '2025-11-14T12:00:00.123456+00:00',
};

describe('CompactionLock entity (§1.2, §1.5)', () => {
  it('is keyed LOCK#{collection}#{lock_id} / LOCK with GSI1 LOCK#{collection} / EXPIRES#{expires}', () => {
    expect(compactionLockItem(lock)).toEqual({
      PK: 'LOCK#lines#chroma-lines-compaction',
      SK: 'LOCK',
      GSI1PK: 'LOCK#lines',
      GSI1SK: 'EXPIRES#2025-11-14T12:03:00.123456+00:00',
      TYPE: 'COMPACTION_LOCK',
      owner,
      expires: '2025-11-14T12:03:00.123456+00:00',
      collection: 'lines',
      heartbeat: '2025-11-14T12:00:00.123456+00:00',
    });
  });

  it('stores no lock_id attribute and reads a lock id containing # back from the PK', () => {
    const withHash = { ...lock, lockId: 'a#b#c', collection: 'words' as const, heartbeat: null };
    const item = compactionLockItem(withHash);
    expect(item).not.toHaveProperty('lock_id');
    expect(compactionLockKey('words', 'a#b#c')).toEqual({ PK: 'LOCK#words#a#b#c', SK: 'LOCK' });
    expect(compactionLockFromItem(item)).toEqual(withHash);
  });

  it('reads a row without a heartbeat attribute as heartbeat NULL and ignores extra attributes', () => {
    const { heartbeat: _dropped, ...item } = compactionLockItem(lock);
    expect(compactionLockFromItem({ ...item, fence_token: 3 }).heartbeat).toBeNull();
  });

  it.each([
    ['an empty lock id', { lockId: '' }, /lock_id/],
    ['an owner that is not a UUID', { owner: 'me' }, /UUID v4/],
    ['an owner that is a UUID of another version', { owner: '0b6f1c52-3d7e-1a51-9c0e-2f4b6a8d1e3f' }, /UUID v4/],
    ['a collection other than lines or words', { collection: 'receipts' }, /lines or words/],
    ['an expiry that is not ISO-8601', { expires: 'tomorrow' }, /expires/],
    ['a heartbeat that is not ISO-8601', { heartbeat: '12:00' }, /heartbeat/],
  ])('refuses %s', (_what, change, message) => {
    expect(() => compactionLockItem({ ...lock, ...change } as CompactionLock)).toThrow(InvalidCompactionLock);
    expect(() => compactionLockItem({ ...lock, ...change } as CompactionLock)).toThrow(message);
  });

  it('refuses a row of another type', () => {
    expect(() => compactionLockFromItem({ ...compactionLockItem(lock), TYPE: 'COMPACTION_RUN' })).toThrow(/not a compaction lock/);
  });
});

describe('lock timestamps (Python isoformat of an aware UTC datetime)', () => {
  it('have microseconds and +00:00', () => {
    expect(lockTimestamp(Date.UTC(2025, 10, 14, 12, 3, 0, 123) + 0.456)).toBe('2025-11-14T12:03:00.123456+00:00');
  });

  it('omit the fraction when the microseconds are 0, as isoformat does', () => {
    expect(lockTimestamp(Date.UTC(2025, 10, 14, 12, 3, 0))).toBe('2025-11-14T12:03:00+00:00');
  });

  it('parse offsets, Z and short fractions as instants', () => {
    expect(parseLockTimestamp('2025-11-14T11:00:00-05:00')).toBe(Date.UTC(2025, 10, 14, 16) * 1000);
    expect(parseLockTimestamp('2025-11-14T16:00:00.5Z')).toBe(Date.UTC(2025, 10, 14, 16) * 1000 + 500_000);
    expect(parseLockTimestamp('2025-11-14 16:00:00')).toBeUndefined();
  });

  const instantMicros = fc.oneof(
    fc.integer({ min: 1_700_000_000_000_000, max: 1_800_000_000_000_000 }),
    fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }).map((s) => s * 1_000_000),
  );

  it('round-trip through parsing to the microsecond', () => {
    fc.assert(
      fc.property(instantMicros, (micros) => {
        expect(parseLockTimestamp(lockTimestamp(micros / 1000))).toBe(micros);
      }),
    );
  });

  it('sort as strings exactly as the instants they name, which the acquire condition relies on (§4.1)', () => {
    fc.assert(
      fc.property(instantMicros, instantMicros, (a, b) => {
        const [x, y] = [lockTimestamp(a / 1000), lockTimestamp(b / 1000)];
        const byText = x < y ? -1 : x > y ? 1 : 0;
        expect(byText).toBe(Math.sign(a - b));
      }),
    );
  });
});
