import type { Violation } from '../harness/scenario.js';
import type { CompactionCollection } from '../pipeline/compaction/compactionMessage.js';
import type { PipelineInspection } from './pipelineInspection.js';
import { type CurrentSnapshot, completedRunVectors } from './completedRuns.js';
import { DynamoState } from './dynamoState.js';
import { provenanceOf } from './snapshotProvenance.js';
import { snapshotCollections } from './snapshotKeys.js';
import { type SnapshotTimeline, recordsAt, snapshotTimeline } from './snapshotTimeline.js';
import { stepList } from './traceSteps.js';

/**
 * `noLostUpdates` (design.md "Invariants", spec §7):
 * (a) the pointer only moves to a version built on the version it replaces (provenance from the trace:
 *     what the promoting invocation downloaded or copied before it uploaded, snapshotProvenance.ts);
 * (b) every delta whose CompactionRun is COMPLETED for a collection has its vectors in the collection's
 *     current snapshot, except for entities DynamoDB no longer has;
 * (c) every word and row of such a delta has exactly one vector there (one record for its id, and for a
 *     row no second record for another of its lines).
 * (b) and (c) need a readable current snapshot; when it is not, snapshotIntegrity reports it.
 */
const name = 'noLostUpdates';

export function checkNoLostUpdates(inspection: PipelineInspection, timeline: SnapshotTimeline = snapshotTimeline(inspection)): Violation[] {
  const state = new DynamoState(inspection.era, inspection.items);
  return snapshotCollections.flatMap((collection) => [...pointerMoveViolations(timeline, collection), ...completedRunViolations(inspection, timeline, state, collection)]);
}

function pointerMoveViolations(timeline: SnapshotTimeline, collection: CompactionCollection): Violation[] {
  const violations: Violation[] = [];
  let previous: { readonly version: string; readonly step: number } | undefined;
  for (const move of timeline.moves.filter((m) => m.collection === collection)) {
    const provenance = provenanceOf(timeline, move);
    const replaced = previous?.version ?? null;
    if (provenance.base !== replaced) {
      const base = provenance.base === undefined ? 'a store the trace does not explain' : (provenance.base ?? 'an empty store');
      violations.push({
        invariant: name,
        entity: `${collection} pointer ${replaced ?? '(none)'} → ${move.version}`,
        expected: `a version built on ${replaced ?? 'no snapshot (an empty store)'}`,
        actual: `${move.invocation} promoted ${move.version} built on ${base} (${provenance.how}${provenance.step === undefined ? '' : ` at step ${provenance.step}`})`,
        steps: stepList(provenance.step, previous?.step, move.step),
      });
    }
    previous = move;
  }
  return violations;
}

function completedRunViolations(inspection: PipelineInspection, timeline: SnapshotTimeline, state: DynamoState, collection: CompactionCollection): Violation[] {
  const current = currentSnapshotOf(timeline, collection);
  if (current === undefined) return [];
  return completedRunVectors(inspection, timeline, state, collection, current).flatMap((run): Violation[] => {
    const violations: Violation[] = [];
    const where = stepList(...run.completedSteps, run.lostAt, current.step);
    if (run.missing.length > 0) {
      violations.push({
        invariant: name,
        entity: `run ${run.runId} (${collection})`,
        expected: `the ${run.expected} vectors of its COMPLETED delta in ${collection} snapshot ${current.version}`,
        actual: `${run.missing.length} missing (e.g. ${run.missing[0]!})${lossText(run.lostAt, run.neverMerged)}`,
        steps: where,
      });
    }
    if (run.duplicated.length > 0) {
      violations.push({
        invariant: name,
        entity: `run ${run.runId} (${collection})`,
        expected: 'exactly one vector per word or row of its COMPLETED delta',
        actual: `${run.duplicated.length} with more than one (e.g. ${run.duplicated[0]!})`,
        steps: stepList(...run.completedSteps, current.step),
      });
    }
    return violations;
  });
}

function lossText(lostAt: number | undefined, neverMerged: boolean): string {
  if (lostAt === undefined) return '';
  return neverMerged ? `; never merged: the version promoted at step ${lostAt}, before the run was marked COMPLETED, lacks them` : `; lost by the pointer move at step ${lostAt}`;
}

function currentSnapshotOf(timeline: SnapshotTimeline, collection: CompactionCollection): CurrentSnapshot | undefined {
  const move = timeline.moves.findLast((m) => m.collection === collection);
  if (move === undefined) return undefined;
  const records = recordsAt(timeline, move, Infinity);
  return records === undefined ? undefined : { version: move.version, step: move.step, records };
}
