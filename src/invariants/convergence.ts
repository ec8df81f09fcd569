import type { StoredRecordView } from '../adapters/chroma/storeFiles.js';
import type { Violation } from '../harness/scenario.js';
import type { TraceEntry } from '../sim/trace.js';
import { DynamoState } from './dynamoState.js';
import { expectedMetadata } from './expectedMetadata.js';
import type { PipelineInspection } from './pipelineInspection.js';
import { snapshotCollections } from './snapshotKeys.js';
import { type SnapshotTimeline, recordsAt, snapshotTimeline } from './snapshotTimeline.js';
import { stepList } from './traceSteps.js';

/**
 * `convergence` (design.md "Invariants", spec §7), judged only when the run ended idle: every record of the
 * current snapshot of each collection holds what `expectedMetadata` says DynamoDB implies (a record whose
 * entity DynamoDB no longer has must not exist), and no record lists a label as both valid and invalid.
 * One violation per record, naming the keys that differ. A collection whose current snapshot cannot be
 * read is left to snapshotIntegrity.
 */
const name = 'convergence';
const shownDifferences = 3;

export function checkConvergence(inspection: PipelineInspection, timeline: SnapshotTimeline = snapshotTimeline(inspection)): Violation[] {
  if (inspection.end !== 'idle') return [];
  const state = new DynamoState(inspection.era, inspection.items);
  const violations: Violation[] = [];
  for (const collection of snapshotCollections) {
    const move = timeline.moves.findLast((m) => m.collection === collection);
    const records = move === undefined ? undefined : recordsAt(timeline, move, Infinity);
    if (move === undefined || records === undefined) continue;
    for (const record of records) {
      const problem = recordProblem(state, record);
      if (problem === undefined) continue;
      violations.push({
        invariant: name,
        entity: record.id,
        expected: problem.expected,
        actual: problem.actual,
        steps: stepList(...lastWritesOf(inspection.trace, record.id), move.step),
      });
    }
  }
  return violations;
}

function recordProblem(state: DynamoState, record: StoredRecordView): { readonly expected: string; readonly actual: string } | undefined {
  const expectation = expectedMetadata(state, record.id, rowLineIds(record));
  if (!expectation.exists) return { expected: `no vector (${expectation.reason})`, actual: 'a vector exists' };
  const differing = expectation.clauses.flatMap((clause) => {
    const actual = clause.check(record.metadata, record.document);
    return actual === undefined ? [] : [{ clause, actual }];
  });
  if (differing.length === 0) return undefined;
  const more = differing.length > shownDifferences ? ` (+${differing.length - shownDifferences} more)` : '';
  const shown = differing.slice(0, shownDifferences);
  return {
    expected: shown.map((d) => `${d.clause.expected} [${d.clause.spec}]`).join('; '),
    actual: shown.map((d) => d.actual).join('; ') + more,
  };
}

function rowLineIds(record: StoredRecordView): number[] | undefined {
  const listed = record.metadata.row_line_ids;
  if (typeof listed !== 'string') return undefined;
  try {
    return (JSON.parse(listed) as unknown[]).map(Number);
  } catch {
    return undefined;
  }
}

/** The last table writes to the record's entity or its labels and merchant record (`PK|SK` entities), oldest first. */
function lastWritesOf(trace: readonly TraceEntry[], chromaId: string): number[] {
  const hash = chromaId.indexOf('#RECEIPT#');
  const pk = chromaId.slice(0, hash);
  const sk = chromaId.slice(hash + 1);
  const receipt = /^RECEIPT#\d+/.exec(sk)?.[0] ?? sk;
  const related = (entity: string): boolean =>
    entity.startsWith(`${pk}|${sk}`) || entity === `${pk}|${receipt}#PLACE` || entity === `${pk}|${receipt}#METADATA` || entity === `${pk}|${receipt}`;
  const steps: number[] = [];
  for (let i = trace.length - 1; i >= 0 && steps.length < 3; i--) {
    const entry = trace[i]!;
    if (entry.op.startsWith('dynamodb.') && entry.op !== 'dynamodb.GetItem' && entry.op !== 'dynamodb.Query' && entry.outcome === 'ok' && entry.entities.some(related)) steps.push(entry.step);
  }
  return steps;
}
