import type { FileSystem } from '../../ports/fileSystem.js';
import { isCoreLabel } from '../entities/coreLabels.js';
import { type ReceiptWordLabel, createReceiptWordLabel } from '../entities/receiptWordLabel.js';
import type { DeltaUploadResult } from '../delta/uploadDelta.js';
import type { Log, Metrics } from '../observability.js';
import { errorText } from '../snapshot/errorText.js';
import { addLabels } from '../validation/labelWrites.js';
import { type LlmValidationPayload, applyLlmValidation } from '../validation/llmValidation.js';
import type { LabelProposal, ReceiptLlm } from '../validation/receiptLlm.js';
import { listReceiptWordLabels } from '../validation/receiptReads.js';
import type { ValidationPorts } from '../validation/validationPorts.js';
import { type DeltaStorePorts, uploadOpenDelta, writeDelta } from './deltaStore.js';
import { headRowRecords, headWordRecords } from './embedRecords.js';
import type { ResolvedMerchant } from './merchantResolution.js';
import type { OcrEntities } from './ocrEntities.js';
import type { TaskResult } from './taskResult.js';
import type { VisualRow } from './visualRows.js';

/**
 * The two worker processes of §6.1 phase 2. The merchant resolution (the first step of the lines
 * pipeline) runs as its own task so that the words pipeline can take `merchant_name` from it too.
 * - lines: wait for the merchant, read the receipt's labels, build the row payload (one record per
 *   visual row, keyed by its primary line), upload `lines/delta/{run_id}/delta.tar.gz`;
 * - words: write the proposed labels as PENDING (create-only), then either validate them with the LLM
 *   at once (`sync`) or keep them for the async payload (`async`); wait for the merchant, read the labels
 *   as they are now, build the word payload, upload `words/delta/{run_id}/delta.tar.gz`.
 * Uploads are checked (a failure raises). Chroma-similarity validation of PENDING labels is not modelled.
 */
export interface HeadPipelinePorts extends ValidationPorts, DeltaStorePorts {
  readonly llm: ReceiptLlm;
  readonly log: Log;
  readonly metrics: Metrics;
}

export interface HeadPipelineContext {
  readonly entities: OcrEntities;
  readonly rows: readonly VisualRow[];
  readonly runId: string;
  readonly fs: FileSystem;
  readonly closeBeforeTar: boolean;
  readonly llmValidation: 'sync' | 'async';
  readonly merchant: TaskResult<ResolvedMerchant | undefined>;
}

export interface WordsPipelineResult {
  readonly upload: DeltaUploadResult;
  /** The payload left for the async consumer (phase 3b), when labels were written in `async` mode. */
  readonly asyncPayload?: LlmValidationPayload;
}

const ids = (context: HeadPipelineContext) => ({ image_id: context.entities.receipt.image_id, receipt_id: context.entities.receipt.receipt_id });

export async function linesPipeline(ports: HeadPipelinePorts, context: HeadPipelineContext): Promise<DeltaUploadResult> {
  const merchant = await context.merchant.value();
  const { image_id, receipt_id } = ids(context);
  const labels = await listReceiptWordLabels(ports.table, image_id, receipt_id);
  const records = headRowRecords(context.rows, context.entities.words, merchant?.merchant_name ?? '', labels);
  const delta = await writeDelta(ports, context.fs, 'lines', context.runId, records);
  return uploadOpenDelta(ports, delta, { runId: context.runId, closeBeforeTar: context.closeBeforeTar, checkStatus: true });
}

export async function wordsPipeline(ports: HeadPipelinePorts, context: HeadPipelineContext): Promise<WordsPipelineResult> {
  const { image_id, receipt_id } = ids(context);
  const written = (await addLabels(ports, await proposePendingLabels(ports, context))).written;
  const payload: LlmValidationPayload = {
    run_id: context.runId,
    image_id,
    receipt_id,
    labels: written.map((label) => ({
      line_id: label.line_id,
      word_id: label.word_id,
      label: label.label,
      text: context.entities.words.find((w) => w.line_id === label.line_id && w.word_id === label.word_id)?.text ?? '',
    })),
  };
  let asyncPayload: LlmValidationPayload | undefined;
  if (written.length > 0 && context.llmValidation === 'sync') {
    try {
      await applyLlmValidation(ports, payload);
    } catch (error) {
      ports.log('error', 'Synchronous LLM validation failed; labels stay PENDING', { run_id: context.runId, error: errorText(error) });
    }
  } else if (written.length > 0) {
    asyncPayload = payload;
  }
  const merchant = await context.merchant.value();
  const labels = await listReceiptWordLabels(ports.table, image_id, receipt_id);
  const records = headWordRecords(context.entities.words, merchant?.merchant_name ?? '', labels);
  const delta = await writeDelta(ports, context.fs, 'words', context.runId, records);
  const upload = await uploadOpenDelta(ports, delta, { runId: context.runId, closeBeforeTar: context.closeBeforeTar, checkStatus: true });
  return { upload, ...(asyncPayload === undefined ? {} : { asyncPayload }) };
}

/** The model's proposals as new PENDING labels: CORE_LABELS only, one per (word, label). A failed call proposes nothing. */
async function proposePendingLabels(ports: HeadPipelinePorts, context: HeadPipelineContext): Promise<ReceiptWordLabel[]> {
  const { image_id, receipt_id } = ids(context);
  let proposals: readonly LabelProposal[];
  try {
    ({ proposals } = await ports.llm.analyzeReceipt({ image_id, receipt_id, lines: context.entities.lines, words: context.entities.words, merchant_name: '' }));
  } catch (error) {
    ports.log('error', 'Label proposal failed; no labels written', { run_id: context.runId, error: errorText(error) });
    return [];
  }
  const labels = new Map<string, ReceiptWordLabel>();
  for (const proposal of proposals) {
    const label = proposal.label.toUpperCase();
    const key = `${proposal.line_id}#${proposal.word_id}#${label}`;
    if (!isCoreLabel(label) || labels.has(key)) continue;
    labels.set(
      key,
      createReceiptWordLabel({
        image_id,
        receipt_id,
        line_id: proposal.line_id,
        word_id: proposal.word_id,
        label,
        reasoning: proposal.reasoning,
        timestamp_added: ports.clock.nowIso(),
        validation_status: 'PENDING',
        label_proposed_by: proposal.label_proposed_by,
        label_consolidated_from: proposal.label_consolidated_from,
      }),
    );
  }
  return [...labels.values()];
}
