import { buildLedgerWorld } from '../src/harness/demo/ledgerWorld.js';
import type { Scenario } from '../src/harness/scenario.js';

const guardFlag = {
  name: 'guard',
  summary: 'how the worker writes the ledger: blindPut (last writer wins) or conditionalPut (If-Match, retry on 412/409)',
  allowed: ['blindPut', 'conditionalPut'],
} as const;

const faults = {
  'lambda.crash': { rate: 0.01 },
  'process.pause': { rate: 0.02 },
  'sqs.duplicate': { rate: 0.1 },
  's3.throttle': { rate: 0.05 },
} as const;

/** Demonstration (until the pipeline exists): conditional writes keep every job in the ledger. */
export const demoLedger: Scenario = {
  name: 'demo-ledger',
  summary: 'demonstration world: 6 jobs, 2 concurrent workers, S3 ledger with If-Match writes; no job is lost',
  profile: 'demo',
  epochMs: Date.UTC(2025, 10, 14),
  flagSpecs: [guardFlag],
  flags: { guard: 'conditionalPut' },
  faults,
  expectation: { kind: 'holds' },
  build: buildLedgerWorld,
};

/** Demonstration mutant: blind puts lose jobs when two workers interleave their read-modify-write. */
export const demoLedgerBlind: Scenario = {
  ...demoLedger,
  name: 'demo-ledger-blind',
  summary: 'demonstration world with blind ledger writes: concurrent workers overwrite each other (lost update)',
  flags: { guard: 'blindPut' },
  expectation: { kind: 'violates', invariants: ['noLostUpdates'] },
};
