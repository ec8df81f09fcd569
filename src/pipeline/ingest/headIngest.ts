import type { InvocationContext } from '../../ports/lambda.js';
import { errorText } from '../snapshot/errorText.js';
import { addCompactionRun } from './addCompactionRun.js';
import { type HeadPipelineContext, linesPipeline, wordsPipeline } from './headPipelines.js';
import type { HeadIngestConfig, UploadReceiptPorts, UploadReceiptResult } from './ingestPorts.js';
import { addOrUpdateReceiptPlace } from './merchantRecords.js';
import { ocrEntities } from './ocrEntities.js';
import type { OcrReceipt } from './ocrReceipt.js';
import { stageLlmValidation } from './stageLlmValidation.js';
import { storeOcrResults } from './storeOcrResults.js';
import { spawnWithResult } from './taskResult.js';
import { visualRows } from './visualRows.js';

/**
 * The head-era upload handler per receipt (spec §6.1), after OCR stored the receipt, lines and words:
 * 1. phase 1: the rows and words to embed (embeddings are computed when the payloads are built; the
 *    optional snapshot download is skipped, as with Chroma Cloud as the query backend);
 * 2. phase 2: the lines and words pipelines as two tasks (headPipelines.ts), joined;
 * 3. phase 3: `add_compaction_run` only if both deltas were uploaded; otherwise the handler raises and no
 *    run exists (the Chroma Cloud publish is out of scope);
 * 4. phase 3b: the async LLM validation pointer, after the deltas and the run exist (inline fallback);
 * 5. phase 4: log the merchant resolution and add/update the ReceiptPlace, after the CompactionRun.
 * The handler does not wait for compaction.
 */
export class IngestFailed extends Error {
  override readonly name = 'IngestFailed';
}

export async function headIngest(
  ports: UploadReceiptPorts,
  config: HeadIngestConfig,
  ocr: OcrReceipt,
  context: InvocationContext,
): Promise<UploadReceiptResult> {
  const entities = ocrEntities(ocr, ports.clock.nowIso());
  await storeOcrResults(ports, entities);
  const ids = { image_id: ocr.image_id, receipt_id: ocr.receipt_id };
  const runId = ports.random.uuid();
  const merchant = spawnWithResult(ports.tasks, 'merchant-resolution', () => ports.merchants.resolve(ocr));
  const pipeline: HeadPipelineContext = {
    entities,
    rows: visualRows(entities.lines),
    runId,
    fs: context.container.tmp,
    closeBeforeTar: config.closeBeforeTar,
    llmValidation: config.llmValidation,
    merchant,
  };
  const lines = spawnWithResult(ports.tasks, 'lines-pipeline', () => linesPipeline(ports, pipeline));
  const words = spawnWithResult(ports.tasks, 'words-pipeline', () => wordsPipeline(ports, pipeline));
  const linesOutcome = await lines.settled();
  const wordsOutcome = await words.settled();
  for (const outcome of [linesOutcome, wordsOutcome]) {
    if (!outcome.ok) {
      ports.log('error', 'A delta was not uploaded; no CompactionRun', { run_id: runId, error: errorText(outcome.error) });
      ports.metrics.count('IngestDeltaFailed');
      throw new IngestFailed(`ingest of ${ocr.image_id}/${ocr.receipt_id} failed: ${errorText(outcome.error)}`, { cause: outcome.error });
    }
  }
  await addCompactionRun(ports, { run_id: runId, ...ids });
  const asyncPayload = wordsOutcome.ok ? wordsOutcome.value.asyncPayload : undefined;
  if (asyncPayload !== undefined) await stageLlmValidation(ports, asyncPayload, config.llmValidationQueueUrl);
  const resolved = await merchant.value();
  ports.log('info', 'Merchant resolution', { run_id: runId, merchant_name: resolved?.merchant_name ?? null, place_id: resolved?.place_id ?? null });
  if (resolved === undefined) ports.metrics.count('MerchantResolutionFailed');
  else await addOrUpdateReceiptPlace(ports, ids, resolved);
  return { ...ids, run_id: runId, merchant_name: resolved?.merchant_name ?? '', deltas: { lines: 'uploaded', words: 'uploaded' } };
}
