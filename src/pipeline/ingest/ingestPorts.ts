import type { Queue } from '../../ports/queue.js';
import type { Random } from '../../ports/random.js';
import type { Tasks } from '../../ports/tasks.js';
import type { PipelineFlags } from '../config/flags.js';
import type { ReceiptLlm } from '../validation/receiptLlm.js';
import { type SeedValidationOptions, seedValidationOptions } from '../validation/seedValidation.js';
import type { ValidationPorts } from '../validation/validationPorts.js';
import type { DeltaStorePorts } from './deltaStore.js';
import type { MerchantResolver } from './merchantResolution.js';

/**
 * What the upload/OCR Lambda runs on (spec §0, §6.1, §8.6): the table, the vectors bucket, the LLM
 * validation queue (head), the host's clock, ids and background tasks, the Chroma provider for the
 * deltas, and the two external services (merchant resolution, the LLM).
 */
export interface UploadReceiptPorts extends ValidationPorts, DeltaStorePorts {
  readonly random: Random;
  readonly tasks: Tasks;
  readonly merchants: MerchantResolver;
  readonly llm: ReceiptLlm;
  readonly queue?: Queue;
}

export interface SeedIngestConfig {
  readonly era: 'seed';
  readonly closeBeforeTar: boolean;
  readonly validation: SeedValidationOptions;
}

export interface HeadIngestConfig {
  readonly era: 'head';
  readonly closeBeforeTar: boolean;
  /** Validate the PENDING labels inside the words pipeline, or stage them for the async consumer (§6.1, §6.2). */
  readonly llmValidation: 'sync' | 'async';
  /** The LLM validation queue (`-llm-validation-queue`); without it enqueueing fails and validation runs inline. */
  readonly llmValidationQueueUrl?: string;
}

export type UploadReceiptConfig = SeedIngestConfig | HeadIngestConfig;

/**
 * The configuration a profile's flags select. Head: `validationTiming` `background` is the async
 * consumer, `joined` the synchronous validation.
 */
export function uploadReceiptConfig(flags: PipelineFlags, llmValidationQueueUrl?: string): UploadReceiptConfig {
  if (flags.era === 'seed') return { era: 'seed', closeBeforeTar: flags.closeBeforeTar, validation: seedValidationOptions(flags) };
  return {
    era: 'head',
    closeBeforeTar: flags.closeBeforeTar,
    llmValidation: flags.validationTiming === 'joined' ? 'sync' : 'async',
    ...(llmValidationQueueUrl === undefined ? {} : { llmValidationQueueUrl }),
  };
}

export interface UploadReceiptResult {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly run_id: string;
  /** The resolved merchant name, "" when resolution failed. */
  readonly merchant_name: string;
  readonly deltas: { readonly lines: 'uploaded' | 'failed'; readonly words: 'uploaded' | 'failed' };
}
