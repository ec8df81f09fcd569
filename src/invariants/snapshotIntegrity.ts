import type { Violation } from '../harness/scenario.js';
import { versionedPrefix } from '../pipeline/snapshot/layout.js';
import type { EfsCopy } from './efsCopies.js';
import type { PipelineInspection } from './pipelineInspection.js';
import { type PointerMove, relativeTo, uploadedObjects } from './pointerMoves.js';
import type { SnapshotRead } from './snapshotReads.js';
import { snapshotCollections } from './snapshotKeys.js';
import { type SnapshotTimeline, problemsText, readProblem, snapshotTimeline } from './snapshotTimeline.js';
import { stepList } from './traceSteps.js';

/**
 * `snapshotIntegrity` (design.md "Invariants"): every version the pointer ever named, and every version a
 * reader got, is complete and sound, judged on the bytes the bucket held then (so a version cleanup
 * deleted later is still judged as it was):
 * - each pointer move: the version's objects as they were at the promotion are all the objects its
 *   uploader put, and they form a sound store; and none of them is deleted or replaced while the pointer
 *   still names the version (§5.2 step 6's cleanup does not look at the pointer);
 * - each download (compactor, final merge, EFS fill, post-upload validation): no file it needed was deleted
 *   before it fetched it, and what it fetched is a sound store (one violation per version read badly: a
 *   compactor retrying a version cleanup deleted would otherwise report every retry);
 * - each EFS copy (§5.4, seed era): no other actor changed the directory while it was copied, and the
 *   directory held a sound version (the download that filled it, or the published version, untorn).
 */
const name = 'snapshotIntegrity';
const soundStore = 'a complete and sound store (quick_check ok, index files agree with the database)';

export function checkSnapshotIntegrity(inspection: PipelineInspection, timeline: SnapshotTimeline = snapshotTimeline(inspection)): Violation[] {
  const violations: Violation[] = [];
  for (const collection of snapshotCollections) {
    const moves = timeline.moves.filter((m) => m.collection === collection);
    moves.forEach((move, i) => {
      const violation = namedVersionViolation(timeline, move, moves[i + 1]?.step);
      if (violation !== undefined) violations.push(violation);
    });
  }
  // One violation per version read badly: its first bad read, with how many others read it as badly.
  const badReads = new Map<string, { readonly read: SnapshotRead; readonly problem: string; readonly step: number; others: number }>();
  for (const read of timeline.reads) {
    const problem = readProblem(timeline, read);
    if (problem === undefined) continue;
    const key = `${read.collection}|${read.version}`;
    const first = badReads.get(key);
    if (first === undefined) badReads.set(key, { read, ...problem, others: 0 });
    else first.others++;
  }
  for (const { read, problem, step, others } of badReads.values()) {
    violations.push({
      invariant: name,
      entity: `${read.collection} snapshot ${read.version} read by ${read.invocation}`,
      expected: 'every file of the version, forming a sound store',
      actual: others === 0 ? problem : `${problem}; ${others} later reads of it as bad`,
      steps: stepList(read.steps[0], step, read.steps.at(-1)),
    });
  }
  for (const copy of timeline.copies) {
    const problem = copyProblem(timeline, copy);
    if (problem === undefined) continue;
    violations.push({
      invariant: name,
      entity: `${copy.collection} EFS copy of ${copy.name} by ${copy.invocation}`,
      expected: 'a copy of an unchanging directory holding a sound version',
      actual: problem.problem,
      steps: stepList(problem.cause, copy.steps[0], copy.steps.at(-1)),
    });
  }
  return violations;
}

function namedVersionViolation(timeline: SnapshotTimeline, move: PointerMove, until: number | undefined): Violation | undefined {
  const { history, judge } = timeline;
  const prefix = versionedPrefix(move.collection, move.version);
  const uploaded = uploadedObjects(history, prefix, move.step);
  const uploads = history.keysUnder(prefix).flatMap((key) => history.writesOf(key).filter((w) => !w.deleted && w.step < move.step).map((w) => w.step));
  const report = (actual: string, ...more: (number | undefined)[]): Violation => ({
    invariant: name,
    entity: `${move.collection} snapshot ${move.version} named by the pointer`,
    expected: soundStore,
    actual,
    steps: stepList(Math.min(...uploads), Math.max(...uploads), move.step, ...more),
  });
  if (uploaded.size === 0) return report(`the pointer names a version with no objects (put at step ${move.step} by ${move.invocation})`);
  const present = relativeTo(prefix, history.prefixBefore(prefix, move.step));
  const gone = [...uploaded.keys()].filter((path) => !present.has(path));
  if (gone.length > 0) {
    const deletion = history.writesOf(`${prefix}${gone[0]!}`).findLast((w) => w.deleted && w.step < move.step);
    return report(`incomplete when promoted: ${gone.length} of ${uploaded.size} objects deleted (first ${gone[0]!}, step ${deletion?.step} by ${deletion?.invocation})`, deletion?.step);
  }
  const integrity = judge.integrity(present);
  if (!integrity.sound) return report(problemsText(integrity.problems));
  const end = until ?? Infinity;
  const change = history.keysUnder(prefix).flatMap((key) => history.writesOf(key).filter((w) => w.step > move.step && w.step < end)).sort((a, b) => a.step - b.step)[0];
  if (change === undefined) return undefined;
  const what = change.deleted ? 'deleted' : 'overwritten';
  const relative = change.key.slice(prefix.length);
  return report(`${relative} ${what} at step ${change.step} by ${change.invocation} while the pointer named the version`, change.step);
}

function copyProblem(timeline: SnapshotTimeline, copy: EfsCopy): { readonly problem: string; readonly cause: number } | undefined {
  const first = copy.disturbances[0];
  if (first !== undefined) return { problem: `copied while ${first.actor} changed the directory (${copy.disturbances.length} changes, first at step ${first.step})`, cause: first.step };
  const label = copy.label;
  if (label === undefined) return undefined;
  if (label.kind === 'filled') {
    const problem = label.read === undefined ? undefined : readProblem(timeline, label.read);
    return problem === undefined ? undefined : { problem: `the directory was filled by a bad download: ${problem.problem}`, cause: label.step };
  }
  if (label.torn !== undefined) {
    return { problem: `the directory was published while ${label.torn.actor} wrote a file the publish copied (step ${label.torn.step})`, cause: label.torn.step };
  }
  const published = uploadedObjects(timeline.history, versionedPrefix(copy.collection, label.version), label.step);
  if (published.size === 0) return undefined;
  const integrity = timeline.judge.integrity(published);
  return integrity.sound ? undefined : { problem: `the directory holds published version ${label.version}, unsound: ${problemsText(integrity.problems)}`, cause: label.step };
}
