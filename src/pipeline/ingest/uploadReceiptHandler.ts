import type { InvocationContext } from '../../ports/lambda.js';
import { headIngest } from './headIngest.js';
import type { UploadReceiptConfig, UploadReceiptPorts, UploadReceiptResult } from './ingestPorts.js';
import type { OcrReceipt } from './ocrReceipt.js';
import { seedIngest } from './seedIngest.js';

/**
 * The upload/OCR container Lambda (600 s, 2048 MB): one receipt per event, handled as its era does it
 * (seed: §8.6, seedIngest.ts; head: §6.1, headIngest.ts).
 */
export interface UploadReceiptEvent {
  readonly receipt: OcrReceipt;
}

export function uploadReceiptHandler(
  ports: UploadReceiptPorts,
  config: UploadReceiptConfig,
): (event: UploadReceiptEvent, context: InvocationContext) => Promise<UploadReceiptResult> {
  return (event, context) =>
    config.era === 'seed' ? seedIngest(ports, config, event.receipt, context) : headIngest(ports, config, event.receipt, context);
}
