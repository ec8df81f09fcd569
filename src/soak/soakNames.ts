import { randomBytes } from 'node:crypto';

/**
 * The names a soak run's resources carry. Every name starts with the run prefix `rsim-soak-<run id>`
 * (lower case, within S3's 63 and SQS's 80 characters), so the IAM policy of docs/soak.md can scope
 * everything to `rsim-soak-*` and two runs never share a table, a queue or a key.
 */
export interface SoakNames {
  readonly runId: string;
  /** `rsim-soak-<run id>`: the key prefix inside the bucket and the stem of every other name. */
  readonly runPrefix: string;
  readonly table: string;
  readonly bucket: string;
  readonly queuePrefix: string;
}

/** Overrides from flags or the environment (existing resources, not created by the run). */
export interface NameOverrides {
  readonly table?: string;
  readonly bucket?: string;
  readonly queuePrefix?: string;
}

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export function soakNames(runId: string, overrides: NameOverrides = {}): SoakNames {
  const runPrefix = `rsim-soak-${runId}`;
  return {
    runId,
    runPrefix,
    table: overrides.table ?? runPrefix,
    bucket: overrides.bucket ?? runPrefix,
    queuePrefix: overrides.queuePrefix ?? runPrefix,
  };
}
