import { createLambdaTmp } from '../../adapters/memory/fs/memoryFileSystem.js';
import type { InvocationOutcome } from '../../adapters/memory/lambda/invocation.js';
import type { CompactionCollection } from '../../pipeline/compaction/compactionMessage.js';
import { deltaPrefix } from '../../pipeline/delta/deltaLocation.js';
import { CORE_LABELS } from '../../pipeline/entities/coreLabels.js';
import { finalMerge } from '../../pipeline/finalMerge/finalMerge.js';
import { deleteReceipt } from '../../pipeline/ingest/deleteReceipt.js';
import type { Draw } from '../../pipeline/ingest/draw.js';
import { generateOcrReceipt } from '../../pipeline/ingest/generateOcrReceipt.js';
import type { UploadReceiptResult } from '../../pipeline/ingest/ingestPorts.js';
import type { OcrReceipt } from '../../pipeline/ingest/ocrReceipt.js';
import { renameLabel } from '../../pipeline/ingest/renameLabel.js';
import { skewTolerantLockSettings } from '../../pipeline/lock/lockSettings.js';
import { listReceiptWordLabels } from '../../pipeline/validation/receiptReads.js';
import { PortError } from '../../ports/errors.js';
import type { PipelineFunctions } from './pipelineFunctions.js';
import type { PipelineServices } from './pipelineServices.js';

/**
 * The workload of a pipeline world. Planned when the world is built, every decision a `workload` choice
 * (value 0 = the smallest, least eventful option): the receipts (generated, image ids from the world's
 * seeded ids), which receipts get deleted (each at most once), which get a label renamed, which deltas a
 * final merge merges again, and the delay before each follow-up (0 = at once).
 *
 * Run as one client actor per receipt, started `uploadSpacingMs` apart (0 = all at once): the client
 * invokes the upload Lambda and waits for it; once the upload returned it renames labels (a label of the
 * receipt, to a CORE_LABELS name the word does not carry yet), starts the final merges (each an actor of
 * its own, the embedding step functions' host, merging the receipt's delta of one collection, §4.6), and
 * deletes the receipt last. Port errors of these operations are counted (`WorkloadOperationFailed`).
 */
export interface WorkloadOptions {
  readonly receipts: number;
  readonly uploadSpacingMs: number;
  readonly deletions: number;
  readonly renames: number;
  readonly finalMerges: number;
}

export type FollowUp =
  | { readonly kind: 'rename'; readonly delayMs: number }
  | { readonly kind: 'finalMerge'; readonly delayMs: number; readonly collection: CompactionCollection }
  | { readonly kind: 'delete'; readonly delayMs: number };

export interface PlannedReceipt {
  readonly receipt: OcrReceipt;
  readonly startMs: number;
  readonly followUps: readonly FollowUp[];
}

/** What a client saw of its upload. */
export interface UploadRecord {
  readonly receipt: OcrReceipt;
  outcome: InvocationOutcome<UploadReceiptResult>['kind'] | undefined;
  result: UploadReceiptResult | undefined;
}

const followUpDelaysMs = [0, 2_000, 10_000, 60_000, 300_000];
const finalMergeTmpBytes = 10 * 1024 * 1024 * 1024;

export function planWorkload(services: PipelineServices, options: WorkloadOptions): PlannedReceipt[] {
  const draw: Draw = (arity) => services.sim.choices.draw('workload', arity);
  const delay = (): number => followUpDelaysMs[draw(followUpDelaysMs.length)]!;
  const receipts = Array.from({ length: options.receipts }, () => generateOcrReceipt(draw, { imageId: services.random.uuid(), receiptId: 1 }));
  const followUps: FollowUp[][] = receipts.map(() => []);
  const anyReceipt = (): FollowUp[] => followUps[draw(receipts.length)]!;
  for (let i = 0; i < options.renames && receipts.length > 0; i++) anyReceipt().push({ kind: 'rename', delayMs: delay() });
  for (let i = 0; i < options.finalMerges && receipts.length > 0; i++) {
    anyReceipt().push({ kind: 'finalMerge', delayMs: delay(), collection: draw(2) === 0 ? 'words' : 'lines' });
  }
  const undeleted = receipts.map((_, index) => index);
  for (let i = 0; i < options.deletions && undeleted.length > 0; i++) {
    const [index] = undeleted.splice(draw(undeleted.length), 1);
    followUps[index!]!.push({ kind: 'delete', delayMs: delay() });
  }
  return receipts.map((receipt, index) => ({ receipt, startMs: index * options.uploadSpacingMs, followUps: followUps[index]! }));
}

export function startWorkload(services: PipelineServices, functions: PipelineFunctions, plan: readonly PlannedReceipt[]): UploadRecord[] {
  const { sim } = services;
  return plan.map((planned, index) => {
    const record: UploadRecord = { receipt: planned.receipt, outcome: undefined, result: undefined };
    sim.spawn(
      `client receipt-${index + 1}`,
      async () => {
        const outcome = await functions.upload({ receipt: planned.receipt });
        record.outcome = outcome.kind;
        if (outcome.kind === 'success') record.result = outcome.result;
        for (const followUp of planned.followUps) await perform(services, record, followUp);
      },
      { startDelayMs: planned.startMs },
    );
    return record;
  });
}

async function perform(services: PipelineServices, record: UploadRecord, followUp: FollowUp): Promise<void> {
  const { sim, telemetry } = services;
  const { image_id: imageId, receipt_id: receiptId } = record.receipt;
  if (followUp.kind === 'finalMerge') {
    const runId = record.result?.run_id;
    if (runId !== undefined) startFinalMerge(services, runId, followUp);
    return;
  }
  await sim.sleep(followUp.delayMs);
  try {
    if (followUp.kind === 'delete') {
      await deleteReceipt(services, imageId, receiptId, services.flags.deleteReads);
      telemetry.count('ReceiptsDeleted');
    } else {
      await renameOneLabel(services, imageId, receiptId);
    }
  } catch (error) {
    if (!(error instanceof PortError)) throw error;
    telemetry.count('WorkloadOperationFailed');
  }
}

async function renameOneLabel(services: PipelineServices, imageId: string, receiptId: number): Promise<void> {
  const draw: Draw = (arity) => services.sim.choices.draw('workload', arity);
  const labels = await listReceiptWordLabels(services.table, imageId, receiptId);
  if (labels.length === 0) {
    services.telemetry.count('LabelRenameSkipped');
    return;
  }
  const label = labels[draw(labels.length)]!;
  const taken = new Set(labels.filter((l) => l.line_id === label.line_id && l.word_id === label.word_id).map((l) => l.label));
  const names = CORE_LABELS.filter((name) => !taken.has(name));
  await renameLabel(services, label, names[draw(names.length)]!);
  services.telemetry.count('LabelsRenamed');
}

function startFinalMerge(services: PipelineServices, runId: string, followUp: Extract<FollowUp, { kind: 'finalMerge' }>): void {
  const { sim, flags, telemetry } = services;
  sim.spawn(
    'final-merge',
    async () => {
      const fs = createLambdaTmp(sim, `final-merge/${runId}/${followUp.collection}`, finalMergeTmpBytes);
      const { table, store, clock, vectorStores, tasks, random } = services;
      try {
        const result = await finalMerge(
          { table, store, fs, clock, vectorStores, tasks, random, log: telemetry.log, metrics: telemetry },
          {
            collection: followUp.collection,
            deltaPrefixes: [deltaPrefix(followUp.collection, runId)],
            era: flags.era,
            closeBeforeTar: flags.closeBeforeTar,
            pointerPromotion: flags.pointerPromotion,
            lockMode: flags.lockMode,
            snapshotRetention: flags.snapshotRetention,
            reconcile: flags.chromaReconcile,
            ...(flags.leaseTiming === 'skewTolerant' ? { lockSettings: skewTolerantLockSettings } : {}),
          },
        );
        telemetry.count(`FinalMerge_${result.status}`);
      } catch (error) {
        if (!(error instanceof PortError)) throw error;
        telemetry.count('WorkloadOperationFailed');
      }
    },
    { startDelayMs: followUp.delayMs },
  );
}
