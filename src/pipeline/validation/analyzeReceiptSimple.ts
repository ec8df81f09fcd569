import { attributeExists } from '../../ports/expressions.js';
import { type ReceiptMetadata, createReceiptMetadata, receiptMetadataToItem } from '../entities/receiptMetadata.js';
import type { ReceiptLine } from '../entities/receiptLine.js';
import type { ReceiptWord } from '../entities/receiptWord.js';
import type { ReceiptAnalysis, ReceiptLlm } from './receiptLlm.js';
import { getReceiptMetadata, listReceiptLines, listReceiptWords } from './receiptReads.js';
import { type SaveCounts, saveProposedLabels } from './saveProposedLabels.js';
import type { ValidationPorts } from './validationPorts.js';

/**
 * `analyze_receipt_simple(client, image_id, receipt_id, save_labels, dry_run, …)` (spec §6.3, §8.6):
 * read the receipt (or take the pre-fetched lines, words and ReceiptMetadata), run the graph, then
 * - on a critical merchant mismatch, when `correctMetadata` (the handler's `update_metadata`) and not
 *   `dryRun`: `update_receipt_metadata`, a full PUT of the metadata as read with the corrected
 *   `merchant_name` and its `reasoning`, under `attribute_exists(PK)` (→ MODIFY → §3.6); without a
 *   ReceiptMetadata there is nothing to correct;
 * - `saveLabels`: the save rules of `saveProposedLabels` (`dryRun` counts only); otherwise no label
 *   access at all.
 */
export interface AnalyzeReceiptOptions {
  readonly imageId: string;
  readonly receiptId: number;
  readonly saveLabels: boolean;
  readonly dryRun: boolean;
  readonly correctMetadata: boolean;
  readonly llm: ReceiptLlm;
  readonly prefetched?: {
    readonly lines: readonly ReceiptLine[];
    readonly words: readonly ReceiptWord[];
    /** Present only when the metadata was pre-fetched too (undefined inside = there is none). */
    readonly metadata?: { readonly value: ReceiptMetadata | undefined };
  };
}

export interface AnalyzeReceiptResult {
  readonly analysis: ReceiptAnalysis;
  readonly metadataCorrected: boolean;
  readonly labels?: SaveCounts;
}

export async function analyzeReceiptSimple(ports: ValidationPorts, options: AnalyzeReceiptOptions): Promise<AnalyzeReceiptResult> {
  const { imageId, receiptId } = options;
  const lines = options.prefetched?.lines ?? (await listReceiptLines(ports.table, imageId, receiptId));
  const words = options.prefetched?.words ?? (await listReceiptWords(ports.table, imageId, receiptId));
  const metadata = options.prefetched?.metadata !== undefined ? options.prefetched.metadata.value : await getReceiptMetadata(ports.table, imageId, receiptId);
  const analysis = await options.llm.analyzeReceipt({
    image_id: imageId,
    receipt_id: receiptId,
    lines,
    words,
    merchant_name: metadata?.merchant_name ?? '',
  });
  let metadataCorrected = false;
  const correction = analysis.merchantCorrection;
  if (correction !== undefined && options.correctMetadata && !options.dryRun) {
    if (metadata === undefined) {
      ports.log('warning', 'Merchant mismatch found but the receipt has no ReceiptMetadata', { image_id: imageId, receipt_id: receiptId });
    } else {
      const corrected = createReceiptMetadata({ ...metadata, merchant_name: correction.merchant_name, reasoning: correction.reasoning });
      await ports.table.putItem({ item: receiptMetadataToItem(corrected), condition: attributeExists('PK') });
      ports.metrics.count('ReceiptMetadataCorrected');
      metadataCorrected = true;
    }
  }
  if (!options.saveLabels) return { analysis, metadataCorrected };
  const labels = await saveProposedLabels(ports, { imageId, receiptId }, analysis.proposals, { dryRun: options.dryRun });
  return { analysis, metadataCorrected, labels };
}
