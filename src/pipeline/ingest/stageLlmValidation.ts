import type { ObjectStore } from '../../ports/objectStore.js';
import type { Queue } from '../../ports/queue.js';
import { errorText } from '../snapshot/errorText.js';
import {
  type LlmValidationPayload,
  type LlmValidationPointer,
  type LlmValidationPorts,
  applyLlmValidation,
  llmValidationKey,
} from '../validation/llmValidation.js';

/**
 * §6.1 phase 3b, after the deltas and the CompactionRun exist: put the payload at
 * `llm-validation/{run_id}/{img}_{rid5}.json` and send its pointer to the LLM validation queue. When
 * either step fails (or no queue is configured) the upload Lambda validates inline instead and removes
 * the payload it may have staged; an inline model failure is logged, not raised (the receipt is ingested).
 */
export interface StagePorts extends LlmValidationPorts {
  readonly store: ObjectStore;
  readonly queue?: Queue;
}

export type StageOutcome = 'enqueued' | 'validatedInline' | 'inlineFailed';

export async function stageLlmValidation(ports: StagePorts, payload: LlmValidationPayload, queueUrl: string | undefined): Promise<StageOutcome> {
  const key = llmValidationKey(payload.run_id, payload.image_id, payload.receipt_id);
  try {
    if (ports.queue === undefined || queueUrl === undefined) throw new Error('no LLM validation queue configured');
    await ports.store.putObject({ key, body: new TextEncoder().encode(JSON.stringify(payload)), contentType: 'application/json' });
    const pointer: LlmValidationPointer = {
      bucket: ports.store.bucket,
      key,
      run_id: payload.run_id,
      image_id: payload.image_id,
      receipt_id: payload.receipt_id,
    };
    const sent = await ports.queue.sendMessageBatch(queueUrl, [{ id: '0', body: JSON.stringify(pointer) }]);
    if (sent.failed.length > 0) throw new Error(`SendMessageBatch failed: ${sent.failed.map((f) => f.code).join(', ')}`);
    ports.metrics.count('LlmValidationEnqueued');
    return 'enqueued';
  } catch (error) {
    ports.log('warning', 'Enqueueing LLM validation failed, validating inline', { key, error: errorText(error) });
  }
  try {
    await applyLlmValidation(ports, payload);
  } catch (error) {
    ports.log('error', 'Inline LLM validation failed', { key, error: errorText(error) });
    ports.metrics.count('LlmValidationInlineFailed');
    return 'inlineFailed';
  }
  await ports.store.deleteObject(key);
  return 'validatedInline';
}
