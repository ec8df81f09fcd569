import type { ReportInput, ReportSummary } from '../../../src/report/html/reportInput.js';
import type { TraceEntry } from '../../../src/sim/trace.js';

/** A small run for report tests: three actors, a failed step, lifecycle events, and one violation. */
export function smallTrace(): TraceEntry[] {
  const entry = (step: number, t: number, actor: string, op: string, entities: string[], parent: number | null, outcome = 'ok'): TraceEntry => ({
    step,
    t,
    actor,
    op,
    entities,
    outcome,
    parent,
    events: step === 1 ? [{ machine: 'lambdaInvocation', id: 'inv-1', type: 'start' }] : [],
    ...(step === 2 ? { detail: { key: 'words/snapshot/latest-pointer.txt', page: 3, retried: [1, 2] } } : {}),
    hash: `${step}`.padStart(16, '0'),
  });
  return [
    entry(0, 0, 'client receipt-1', 'dynamodb.PutItem', ['IMAGE#1#RECEIPT#00001'], null),
    entry(1, 12.5, 'lambda compaction', 'lambda.Invoke', ['inv-1'], 0),
    entry(2, 40, 'lambda compaction', 's3.getObject', ['s3://chromadb-vectors/words/snapshot/latest-pointer.txt'], 1, 'NoSuchKey'),
    entry(3, 90_000, 'lambda compaction/chroma-flush', 'fs.write', ['fs://compaction/tmp/chroma.sqlite3'], 2),
    entry(4, 90_010, 'lambda compaction', 's3.putObject', ['s3://chromadb-vectors/words/snapshot/latest-pointer.txt'], 2),
  ];
}

export function smallSummary(trace: readonly TraceEntry[]): ReportSummary {
  return {
    scenario: 'seed-pipeline',
    profile: 'seed',
    seed: 7,
    strategy: 'random',
    flags: { closeBeforeTar: false, queueType: 'fifoPerEntity' },
    replayable: true,
    replay: 'npx receipt-sim replay eyJ0b2tlbiI6dHJ1ZX0',
    build: '0.1.0-abcdef012345',
    hash: trace[trace.length - 1]!.hash,
    end: 'idle',
    steps: trace.length,
    schedulingChoices: 2,
    schedulingPoints: [1, 3],
    virtualMs: 90_010,
    violations: [
      { invariant: 'snapshotIntegrity', entity: 'words snapshot 20251114_090211', expected: 'a sound store', actual: 'quick_check: SQLITE_CORRUPT', steps: [3, 4] },
    ],
    nondeterminism: null,
    faultCoverage: [
      { fault: 'lambda.crash', enabled: true, rate: 0.001, opportunities: 40, fired: 0 },
      { fault: 's3.throttle', enabled: false, rate: 0, opportunities: 0, fired: 0 },
    ],
    modelCoverage: [
      {
        machine: 'lambdaInvocation',
        reachedStates: ['idle', 'running'],
        unreachedStates: ['timeout'],
        takenTransitions: ['idle --start--> running'],
        untakenTransitions: ['running --timeout--> timeout'],
      },
    ],
    observations: { receiptsUploaded: 1 },
  };
}

export function smallRun(): ReportInput {
  const trace = smallTrace();
  return { summary: smallSummary(trace), trace };
}
