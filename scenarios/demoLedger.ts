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
  mutant: { flag: 'guard', value: 'blindPut', breaks: ['noLostUpdates'] },
  mechanism:
    'Each worker Lambda (reserved concurrency 2) records its job in `ledger.json` by read-modify-write on S3: GetObject, append the job id, PutObject. ' +
    'With `conditionalPut` the put carries the ETag it read (`If-Match`, or `If-None-Match: *` while no ledger exists), so when two workers interleave, the later put fails with 412 or 409 and its worker re-reads the ledger, which now holds the other job, and writes again (up to 5 attempts; after that the invocation fails, the message is redelivered and reaches the DLQ after 5 receives, which the invariant accepts). ' +
    'No put can therefore replace a ledger its writer did not read, and every job ends in the ledger or in the DLQ. ' +
    "The mutant `guard=blindPut` drops the precondition, and the later of two interleaved puts silently overwrites the other's entry (`demo-ledger-blind`). " +
    'This world is not the pipeline: it is the harness\'s smallest example of S3 conditional writes (design.md, "Fidelity": `If-Match`, `If-None-Match`, 412 and 409).',
  build: buildLedgerWorld,
};

/** Demonstration mutant: blind puts lose jobs when two workers interleave their read-modify-write. */
export const demoLedgerBlind: Scenario = {
  ...withoutMutant(demoLedger),
  name: 'demo-ledger-blind',
  summary: 'demonstration world with blind ledger writes: concurrent workers overwrite each other (lost update)',
  flags: { guard: 'blindPut' },
  expectation: { kind: 'violates', invariants: ['noLostUpdates'] },
  mechanism:
    "Two worker invocations read `ledger.json` before either writes (in the witness both GETs find no ledger yet), each appends its own job and puts the whole object back without a precondition; S3 keeps the last put, so the first worker's job disappears although its invocation succeeded and its message was deleted. " +
    'The worker reports no batch-item failure, so nothing retries the lost job: it is neither in the ledger nor in the DLQ (noLostUpdates). ' +
    "Every later read-modify-write that straddles another worker's put loses an entry the same way (two jobs of six in the witness). " +
    'This is the lost update that `If-Match` prevents in `demo-ledger` (design.md, "Fidelity"); the world is the harness\'s smallest example, not a claim about the pipeline.',
};

function withoutMutant(scenario: Scenario): Scenario {
  const { mutant: _mutant, ...rest } = scenario;
  return rest;
}
