import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';

/**
 * Snapshot version ids (spec §5.1, §8.5), from the uploading host's clock in UTC:
 * - `microsecondsUuid` (head, since 2026-07-14): `YYYYmmdd_HHMMSS_ffffff_{8 hex}`, microseconds plus a
 *   UUID fragment, so two uploads never share an id;
 * - `seconds` (seed era): `YYYYmmdd_HHMMSS`, so two uploads in the same second get the same id and
 *   write into the same versioned prefix.
 * Both sort as strings in time order (of each host's clock), which is what cleanup relies on.
 */
export type VersionIdFormat = 'microsecondsUuid' | 'seconds';

export function generateVersionId(clock: Clock, random: Random, format: VersionIdFormat): string {
  const epochMs = clock.now();
  const seconds = secondsStamp(epochMs);
  if (format === 'seconds') return seconds;
  const microseconds = String(Math.floor(epochMs * 1000) % 1_000_000).padStart(6, '0');
  return `${seconds}_${microseconds}_${random.hex(8)}`;
}

/** `strftime("%Y%m%d_%H%M%S")` of an epoch in UTC. */
function secondsStamp(epochMs: number): string {
  const iso = new Date(Math.floor(epochMs)).toISOString(); // 2025-11-14T12:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
