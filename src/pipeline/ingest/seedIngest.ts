import type { InvocationContext } from '../../ports/lambda.js';
import { runSeedValidation } from '../validation/seedValidation.js';
import { addCompactionRun } from './addCompactionRun.js';
import { uploadOpenDelta, writeDelta } from './deltaStore.js';
import { seedLineRecords, seedWordRecords } from './embedRecords.js';
import type { SeedIngestConfig, UploadReceiptPorts, UploadReceiptResult } from './ingestPorts.js';
import { writeReceiptMetadata } from './merchantRecords.js';
import { ocrEntities } from './ocrEntities.js';
import type { OcrReceipt } from './ocrReceipt.js';
import { storeOcrResults } from './storeOcrResults.js';

/**
 * The seed-era upload handler per receipt (spec §8.6; seed 000's T0–T2, seed 003 steps 1–3):
 * 1. OCR stores the Receipt, ReceiptLines and ReceiptWords;
 * 2. merchant resolution writes ReceiptMetadata (unconditional batch put) before any delta and before the
 *    CompactionRun; on failure none is written and `merchant_name` is "";
 * 3. `run_id` = UUID v4; the deltas `/tmp/lines_{run_id}` and `/tmp/words_{run_id}` on the container's
 *    `/tmp`, one record per non-noise line and word;
 * 4. each delta packed (closing the client first only with `closeBeforeTar`) and put at
 *    `{c}/delta/{run_id}/delta.tar.gz`, lines then words; the upload status is not checked;
 * 5. `add_compaction_run` (PENDING/PENDING);
 * 6. validation, joined or in the background as configured.
 */
export async function seedIngest(
  ports: UploadReceiptPorts,
  config: SeedIngestConfig,
  ocr: OcrReceipt,
  context: InvocationContext,
): Promise<UploadReceiptResult> {
  const entities = ocrEntities(ocr, ports.clock.nowIso());
  await storeOcrResults(ports, entities);
  const ids = { image_id: ocr.image_id, receipt_id: ocr.receipt_id };
  const merchant = await ports.merchants.resolve(ocr);
  const metadata = merchant === undefined ? undefined : await writeReceiptMetadata(ports, ids, merchant);
  if (metadata === undefined) ports.metrics.count('MerchantResolutionFailed');
  const merchantName = metadata?.merchant_name ?? '';
  const runId = ports.random.uuid();
  const fs = context.container.tmp;
  const lines = await writeDelta(ports, fs, 'lines', runId, seedLineRecords(entities.lines, merchantName));
  const words = await writeDelta(ports, fs, 'words', runId, seedWordRecords(entities.words, merchantName));
  const upload = { runId, closeBeforeTar: config.closeBeforeTar, checkStatus: false };
  const linesUpload = await uploadOpenDelta(ports, lines, upload);
  const wordsUpload = await uploadOpenDelta(ports, words, upload);
  await addCompactionRun(ports, { run_id: runId, ...ids });
  await runSeedValidation(
    ports,
    { imageId: ocr.image_id, receiptId: ocr.receipt_id, runId, lines: entities.lines, words: entities.words, metadata },
    config.validation,
  );
  return { ...ids, run_id: runId, merchant_name: merchantName, deltas: { lines: linesUpload.status, words: wordsUpload.status } };
}
