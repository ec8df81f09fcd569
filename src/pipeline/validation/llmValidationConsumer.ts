import { NoSuchKey } from '../../ports/errors.js';
import type { ObjectStore } from '../../ports/objectStore.js';
import type { SqsBatch, SqsBatchResponse, SqsRecord } from '../../ports/queue.js';
import { type LlmValidationPorts, applyLlmValidation, parseLlmValidationPayload, parseLlmValidationPointer } from './llmValidation.js';

/**
 * The async LLM validation consumer (spec §6.2): the upload container Lambda, selected when the event's
 * `eventSourceARN` ends with `-llm-validation-queue` (batch 1, visibility 960 s, DLQ after 3 receives).
 * Per record: read the staged payload (NoSuchKey → an already settled redelivery: success), apply the
 * model's decisions, delete the payload. A failed model call raises, failing the invocation, so SQS
 * delivers the message again after its visibility timeout.
 */
export interface LlmValidationConsumerPorts extends LlmValidationPorts {
  readonly store: ObjectStore;
}

export const isLlmValidationRecord = (record: SqsRecord): boolean => record.eventSourceARN.endsWith('-llm-validation-queue');

export function llmValidationConsumer(ports: LlmValidationConsumerPorts): (event: SqsBatch) => Promise<SqsBatchResponse> {
  return async (event) => {
    for (const record of event.records) {
      const pointer = parseLlmValidationPointer(record.body);
      let body: Uint8Array;
      try {
        body = (await ports.store.getObject(pointer.key)).body;
      } catch (error) {
        if (!(error instanceof NoSuchKey)) throw error;
        ports.log('info', 'LLM validation payload already settled', { key: pointer.key, message_id: record.messageId });
        ports.metrics.count('LlmValidationPayloadMissing');
        continue;
      }
      await applyLlmValidation(ports, parseLlmValidationPayload(new TextDecoder().decode(body)));
      await ports.store.deleteObject(pointer.key);
    }
    return undefined;
  };
}
