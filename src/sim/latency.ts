import type { Choices } from './choices/choiceSource.js';

/**
 * Per-operation latencies in virtual milliseconds. Each request draws a bucket in [0, 8) from the choice
 * source; bucket 0 is the minimum and the spread is quadratic, so most requests are fast and a few are
 * slow, as on a real network. Profiles override the table.
 */
export interface LatencyRange {
  readonly minMs: number;
  readonly maxMs: number;
}

export type LatencyClass =
  | 'dynamodb'
  | 'dynamodbStream'
  | 's3'
  | 'sqs'
  | 'lambdaInvoke'
  | 'fileSystemPage'
  | 'efsPage'
  | 'vectorStore'
  | 'compute';

export type LatencyTable = Readonly<Record<LatencyClass, LatencyRange>>;

export const defaultLatencies: LatencyTable = {
  dynamodb: { minMs: 3, maxMs: 40 },
  dynamodbStream: { minMs: 5, maxMs: 200 },
  s3: { minMs: 10, maxMs: 250 },
  sqs: { minMs: 5, maxMs: 60 },
  lambdaInvoke: { minMs: 10, maxMs: 400 },
  fileSystemPage: { minMs: 0.01, maxMs: 0.2 },
  efsPage: { minMs: 0.5, maxMs: 20 },
  vectorStore: { minMs: 0.2, maxMs: 10 },
  compute: { minMs: 1, maxMs: 50 },
};

const buckets = 8;

export function drawLatency(table: LatencyTable, latencyClass: LatencyClass, choices: Choices): number {
  const range = table[latencyClass];
  const bucket = choices.draw('latency', buckets);
  const fraction = (bucket / (buckets - 1)) ** 2;
  return range.minMs + (range.maxMs - range.minMs) * fraction;
}

/** Every class at the same fixed latency: with 0, virtual elapsed time is only what the code sleeps. */
export function fixedLatencies(milliseconds: number): LatencyTable {
  const fixed = { minMs: milliseconds, maxMs: milliseconds };
  return Object.fromEntries(Object.keys(defaultLatencies).map((name) => [name, fixed])) as Record<LatencyClass, LatencyRange>;
}
