import { compactionRunType } from '../../pipeline/entities/compactionRun.js';
import type { CompactionCollection } from '../../pipeline/compaction/compactionMessage.js';
import { lockAcquisitionFailedMetric } from '../../pipeline/compaction/processCollection.js';
import type { PipelineFlags } from '../../pipeline/config/flags.js';
import { pointerKey, versionedPrefix } from '../../pipeline/snapshot/layout.js';
import { checkConvergence } from '../../invariants/convergence.js';
import { checkLiveness } from '../../invariants/liveness.js';
import { type ModelCoverage, pipelineModelConformance } from '../../invariants/modelConformance.js';
import { checkNoLostUpdates } from '../../invariants/noLostUpdates.js';
import type { PipelineInspection } from '../../invariants/pipelineInspection.js';
import { relativeTo } from '../../invariants/pointerMoves.js';
import { checkSnapshotIntegrity } from '../../invariants/snapshotIntegrity.js';
import { SnapshotJudge } from '../../invariants/snapshotJudge.js';
import { type SnapshotTimeline, snapshotTimeline } from '../../invariants/snapshotTimeline.js';
import type { RunEnd } from '../../sim/simulation.js';
import type { TraceEntry } from '../../sim/trace.js';
import type { Violation, World } from '../scenario.js';
import { type InvocationSpan, invocationSpans, overlapping, runningAt, throttledInvocations } from './invocationTimeline.js';
import type { PipelineFunctions } from './pipelineFunctions.js';
import type { PipelineQueues } from './pipelineQueues.js';
import type { PipelineServices } from './pipelineServices.js';
import type { UploadRecord } from './pipelineWorkload.js';
import { type SnapshotState, deltaIds } from './snapshotFiles.js';
import { inspectPipeline } from './worldInspection.js';

/**
 * A whole simulated pipeline (built by `PipelineWorldBuilder`) with its inspection. `check` runs the
 * invariant checkers of `src/invariants` on what the run left (no step taken): `liveness`,
 * `snapshotIntegrity`, `noLostUpdates`, `convergence` and `modelConformance`; `modelCoverage` reports the
 * lifecycle models' coverage of the last check. Snapshot judgements are cached by object version for the
 * world's lifetime, so the checkers, `snapshot` and `observations` judge each version once.
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
  private readonly judge = new SnapshotJudge();
  private timelineCache: { readonly steps: number; readonly timeline: SnapshotTimeline } | undefined;
  private coverage: readonly ModelCoverage[] | undefined;

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

  /** What the checkers see of the run: a read-only inspection (tests doctor it to construct violations). */
  inspect(end: RunEnd): PipelineInspection {
    const { services, queues, functions } = this.parts;
    return inspectPipeline(services, queues, functions, this.horizonMs, end);
  }

  check(end: RunEnd): Violation[] {
    const inspection = this.inspect(end);
    const timeline = this.timeline();
    const models = pipelineModelConformance(inspection.trace, this.services.table.committedWrites(), inspection.epochMs);
    this.coverage = models.coverage;
    return [
      ...checkLiveness(inspection),
      ...checkSnapshotIntegrity(inspection, timeline),
      ...checkNoLostUpdates(inspection, timeline),
      ...checkConvergence(inspection, timeline),
      ...models.violations,
    ];
  }

  modelCoverage(): readonly ModelCoverage[] {
    this.coverage ??= pipelineModelConformance(this.services.sim.trace.steps, this.services.table.committedWrites(), this.services.sim.epochMs).coverage;
    return this.coverage;
  }

  /** The version the pointer names for a collection now, judged on the bucket's current objects. */
  snapshot(collection: CompactionCollection): SnapshotState | undefined {
    const timeline = this.timeline();
    const move = timeline.moves.findLast((m) => m.collection === collection);
    if (move === undefined) return undefined;
    const prefix = versionedPrefix(collection, move.version);
    const objects = relativeTo(prefix, timeline.history.prefixBefore(prefix, Infinity));
    const integrity = this.judge.integrity(objects);
    return { versionId: move.version, inspection: { integrity, records: integrity.sound ? (this.judge.recordsOf(objects) ?? new Map()) : new Map() } };
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

  /** The snapshot timeline of the run so far (rebuilt when the trace grew). */
  private timeline(): SnapshotTimeline {
    const steps = this.services.sim.trace.length;
    if (this.timelineCache?.steps !== steps) {
      this.timelineCache = { steps, timeline: snapshotTimeline(this.inspect('idle'), this.judge) };
    }
    return this.timelineCache.timeline;
  }

  /** Pointer puts S3 applied (published versions), of one collection or both; an error after the effect counts. */
  private pointerWrites(collection?: CompactionCollection): number[] {
    const keys = (collection === undefined ? collections : [collection]).map((c) => `s3://${this.services.store.bucket}/${pointerKey(c)}`);
    return this.services.sim.trace.steps
      .filter((e) => e.op === 's3.putObject' && appliedOutcomes.has(e.outcome) && e.entities.some((x) => keys.includes(x)))
      .map((e) => e.step);
  }
}
