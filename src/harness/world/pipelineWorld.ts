import { compactionRunType } from '../../pipeline/entities/compactionRun.js';
import type { CompactionCollection } from '../../pipeline/compaction/compactionMessage.js';
import { lockAcquisitionFailedMetric } from '../../pipeline/compaction/processCollection.js';
import type { PipelineFlags } from '../../pipeline/config/flags.js';
import { pointerKey, versionedPrefix } from '../../pipeline/snapshot/layout.js';
import type { RunEnd } from '../../sim/simulation.js';
import type { TraceEntry } from '../../sim/trace.js';
import type { Violation, World } from '../scenario.js';
import { type InvocationSpan, invocationSpans, overlapping, runningAt, throttledInvocations } from './invocationTimeline.js';
import type { PipelineFunctions } from './pipelineFunctions.js';
import type { PipelineQueues } from './pipelineQueues.js';
import type { PipelineServices } from './pipelineServices.js';
import type { UploadRecord } from './pipelineWorkload.js';
import { type SnapshotState, currentSnapshot, deltaIds } from './snapshotFiles.js';

/**
 * A whole simulated pipeline (built by `PipelineWorldBuilder`) with its inspection. `check` judges two
 * basic invariants once the run stopped, without stepping the simulation:
 * - `liveness`: the run ended idle within the horizon, no message is visible, in flight or delayed in a
 *   queue other than a DLQ, and no stream record is pending in the stream mapping;
 * - `snapshotIntegrity`: per collection, the version the pointer names at the end is readable and sound
 *   (SQLite `quick_check` and the store's own checks, on the bytes in the bucket).
 * `observations` summarises what the run saw, from the handlers' metrics and from the trace.
 */
export interface PipelineWorldParts {
  readonly services: PipelineServices;
  readonly queues: PipelineQueues;
  readonly functions: PipelineFunctions;
  readonly uploads: readonly UploadRecord[];
  readonly horizonMs: number;
}

export const collections: readonly CompactionCollection[] = ['lines', 'words'];

const tableWrites = new Set(['dynamodb.PutItem', 'dynamodb.UpdateItem', 'dynamodb.DeleteItem', 'dynamodb.TransactWriteItems', 'dynamodb.BatchWriteItem']);
/** The head era's validation consumer, and the seed era's validation task inside the upload Lambda. */
const validationActor = /^lambda llm-validation(~\d+)?(\/|$)|^lambda upload-ocr(~\d+)?\/validation(~\d+)?$/;
/** `s3.errorAfterEffect` answers InternalError to a put it applied. */
const appliedOutcomes = new Set(['ok', 'InternalError']);
const validatedEntity = (entity: string): boolean => entity.includes('#LABEL#') || entity.endsWith('#METADATA') || entity.endsWith('#PLACE');

export class PipelineWorld implements World {
  readonly horizonMs: number;
  readonly flags: PipelineFlags;
  readonly uploads: readonly UploadRecord[];
  private snapshots: { readonly steps: number; readonly byCollection: ReadonlyMap<CompactionCollection, SnapshotState | undefined> } | undefined;

  constructor(private readonly parts: PipelineWorldParts) {
    this.horizonMs = parts.horizonMs;
    this.flags = parts.services.flags;
    this.uploads = parts.uploads;
  }

  get services(): PipelineServices {
    return this.parts.services;
  }

  get queues(): PipelineQueues {
    return this.parts.queues;
  }

  check(end: RunEnd): Violation[] {
    return [...this.liveness(end), ...this.snapshotIntegrity()];
  }

  /** The version the pointer names for a collection now, judged (cached until the trace grows). */
  snapshot(collection: CompactionCollection): SnapshotState | undefined {
    const steps = this.services.sim.trace.length;
    if (this.snapshots?.steps !== steps) {
      this.snapshots = { steps, byCollection: new Map(collections.map((c) => [c, currentSnapshot(this.services.store, c)])) };
    }
    return this.snapshots.byCollection.get(collection);
  }

  /** The ids of a receipt's delta for a collection (undefined when it was never uploaded). */
  deltaIds(collection: CompactionCollection, runId: string): string[] | undefined {
    return deltaIds(this.services.store, collection, runId);
  }

  /** CompactionRuns whose state for the collection is COMPLETED now. */
  completedRuns(collection: CompactionCollection): number {
    return this.services.table.currentItems().filter((item) => item.TYPE === compactionRunType && item[`${collection}_state`] === 'COMPLETED').length;
  }

  /** Messages now in the dead-letter queues. */
  deadLetters(): number {
    return this.queues.all.reduce((sum, q) => sum + this.services.queues.messages(q.deadLetterUrl).length, 0);
  }

  /** Compaction invocations by the collection whose queue their mapping polls. */
  compactionSpans(): Map<CompactionCollection, InvocationSpan[]> {
    const spans = invocationSpans(this.services.sim.trace.steps).filter((s) => s.functionName === 'compaction');
    return new Map(collections.map((c) => [c, spans.filter((s) => s.invoker.startsWith(`esm ${c}`))]));
  }

  /** Table writes of validation (labels, metadata, places) by the validation consumer or task. */
  validationWrites(): TraceEntry[] {
    return this.services.sim.trace.steps.filter(
      (e) => tableWrites.has(e.op) && e.outcome === 'ok' && validationActor.test(e.actor) && e.entities.some(validatedEntity),
    );
  }

  observations(): Record<string, number> {
    const { telemetry, sim } = this.services;
    const byCollection = this.compactionSpans();
    const compaction = [...byCollection.values()].flat();
    const outcome = (kind: string): number => compaction.filter((s) => s.outcome === kind).length;
    const validation = this.validationWrites();
    const snapshots = collections.map((c) => this.snapshot(c));
    const vectors = (i: number): number => [...(snapshots[i]?.inspection.records.values() ?? [])].reduce((n, r) => n + r.length, 0);
    return {
      receiptsUploaded: this.uploads.filter((u) => u.outcome === 'success').length,
      uploadsFailed: this.uploads.filter((u) => u.outcome !== 'success').length,
      compactionInvocations: compaction.length,
      compactionSucceeded: outcome('success'),
      compactionErrors: outcome('error'),
      compactionTimeouts: outcome('timeout'),
      compactionCrashes: outcome('crash'),
      compactionThrottled: throttledInvocations(sim.trace.steps, 'compaction'),
      runsCompletedLines: this.completedRuns('lines'),
      runsCompletedWords: this.completedRuns('words'),
      snapshotVersionsPublished: this.pointerWrites().length,
      vectorsLines: vectors(0),
      vectorsWords: vectors(1),
      lockBusy: telemetry.metric(lockAcquisitionFailedMetric) + telemetry.logged('Phase 1 failed [busy]') + telemetry.logged('Phase 3 did not publish [busy]'),
      deadLetters: this.deadLetters(),
      validationWrites: validation.length,
      compactionOverlap: [...byCollection.values()].some(overlapping) ? 1 : 0,
      validationCompactionOverlap: validation.some((w) => runningAt(compaction, w.t)) ? 1 : 0,
      virtualSeconds: sim.now / 1000,
    };
  }

  private liveness(end: RunEnd): Violation[] {
    const { queues, sim } = this.services;
    const violations: Violation[] = [];
    const expected = 'idle within the horizon: every queue outside the DLQs drained, no pending stream record';
    for (const queue of this.queues.all) {
      const stats = queues.stats(queue.url);
      const left = stats.visible + stats.inFlight + stats.delayed;
      if (left === 0) continue;
      const name = queues.configOf(queue.url).name;
      const last = sim.trace.steps.findLast((e) => e.detail?.queue === name);
      violations.push({
        invariant: 'liveness',
        entity: `queue ${name}`,
        expected,
        actual: `${end}; ${stats.visible} visible, ${stats.inFlight} in flight, ${stats.delayed} delayed`,
        steps: last === undefined ? [] : [last.step],
      });
    }
    const pendingRecords = this.parts.functions.streamMapping.pendingRecords();
    if (pendingRecords > 0) {
      violations.push({ invariant: 'liveness', entity: 'stream mapping', expected, actual: `${end}; ${pendingRecords} stream records pending`, steps: [] });
    }
    if (end !== 'idle' && violations.length === 0) {
      violations.push({ invariant: 'liveness', entity: 'pipeline', expected, actual: `stopped at the ${this.horizonMs / 3_600_000} h horizon while still busy`, steps: [] });
    }
    return violations;
  }

  private snapshotIntegrity(): Violation[] {
    const violations: Violation[] = [];
    for (const collection of collections) {
      const state = this.snapshot(collection);
      if (state === undefined || state.inspection.integrity.sound) continue;
      const prefix = `s3://${this.services.store.bucket}/${versionedPrefix(collection, state.versionId)}`;
      const uploads = this.services.sim.trace.steps.filter((e) => e.op === 's3.putObject' && e.entities.some((x) => x.startsWith(prefix))).map((e) => e.step);
      const promotion = this.pointerWrites(collection).at(-1);
      violations.push({
        invariant: 'snapshotIntegrity',
        entity: `${collection} snapshot ${state.versionId}`,
        expected: 'a complete and sound store (quick_check ok, index files agree with the database)',
        actual: state.inspection.integrity.problems.slice(0, 3).join('; ').replaceAll('\n', ' / '),
        steps: [...uploads, ...(promotion === undefined ? [] : [promotion])],
      });
    }
    return violations;
  }

  /** Pointer puts S3 applied (published versions), of one collection or both; an error after the effect counts. */
  private pointerWrites(collection?: CompactionCollection): number[] {
    const keys = (collection === undefined ? collections : [collection]).map((c) => `s3://${this.services.store.bucket}/${pointerKey(c)}`);
    return this.services.sim.trace.steps
      .filter((e) => e.op === 's3.putObject' && appliedOutcomes.has(e.outcome) && e.entities.some((x) => keys.includes(x)))
      .map((e) => e.step);
  }
}
