import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/ports/clock.js';
import type { Random } from '../../../src/ports/random.js';
import {
  hashKey,
  latestDirectPrefix,
  pointerKey,
  tarballKey,
  timestampedPrefix,
  versionedPrefix,
} from '../../../src/pipeline/snapshot/layout.js';
import { generateVersionId } from '../../../src/pipeline/snapshot/versionId.js';

const clockAt = (epochMs: number): Clock => ({
  now: () => epochMs,
  nowIso: () => new Date(epochMs).toISOString(),
  sleep: () => Promise.resolve(),
});
let hexCalls = 0;
const random: Random = {
  uuid: () => '00000000-0000-4000-8000-000000000000',
  hex: (length) => (hexCalls++).toString(16).padStart(length, '0').slice(-length),
};

describe('S3 layout (spec §5.1)', () => {
  it('puts the pointer, the versions, the tarball and its hash under the collection', () => {
    expect(pointerKey('lines')).toBe('lines/snapshot/latest-pointer.txt');
    expect(timestampedPrefix('words')).toBe('words/snapshot/timestamped/');
    expect(versionedPrefix('lines', '20251114_120000')).toBe('lines/snapshot/timestamped/20251114_120000/');
    expect(tarballKey('lines', 'v')).toBe('lines/snapshot/timestamped/v/snapshot.tar.gz');
    expect(hashKey('lines', 'v')).toBe('lines/snapshot/timestamped/v/.snapshot_hash');
    expect(latestDirectPrefix('words')).toBe('words/snapshot/latest/');
  });
});

describe('version ids', () => {
  const at = Date.UTC(2025, 10, 14, 9, 5, 7, 123) + 0.456;

  it('head ids are YYYYmmdd_HHMMSS_ffffff_{8 hex} in UTC with microseconds', () => {
    const id = generateVersionId(clockAt(at), random, 'microsecondsUuid');
    expect(id).toMatch(/^20251114_090507_123456_[0-9a-f]{8}$/);
  });

  it('seed-era ids are YYYYmmdd_HHMMSS in whole UTC seconds', () => {
    expect(generateVersionId(clockAt(at), random, 'seconds')).toBe('20251114_090507');
  });

  it('two seed-era ids taken in the same second are equal; head ids taken at the same instant differ', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }), fc.integer({ min: 0, max: 999 }), (second, ms) => {
        const start = Math.floor(second / 1000) * 1000;
        expect(generateVersionId(clockAt(start), random, 'seconds')).toBe(generateVersionId(clockAt(start + ms), random, 'seconds'));
        expect(generateVersionId(clockAt(start + ms), random, 'microsecondsUuid')).not.toBe(
          generateVersionId(clockAt(start + ms), random, 'microsecondsUuid'),
        );
      }),
    );
  });

  it('sort as strings in the order of the clock readings they were taken at', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.integer({ min: 1, max: 10 * 24 * 3600 * 1000 }),
        fc.constantFrom('seconds' as const, 'microsecondsUuid' as const),
        (earlier, gap, format) => {
          const first = generateVersionId(clockAt(earlier), random, format);
          const second = generateVersionId(clockAt(earlier + gap), random, format);
          if (format === 'seconds' && Math.floor(earlier / 1000) === Math.floor((earlier + gap) / 1000)) expect(first).toBe(second);
          else expect(first < second).toBe(true);
        },
      ),
    );
  });
});
