import type { Clock } from '../../ports/clock.js';
import { ConditionalCheckFailed } from '../../ports/errors.js';
import { attributeExists } from '../../ports/expressions.js';
import type { Table } from '../../ports/table.js';
import { pad5 } from '../entities/keys.js';
import { receiptWordLabelFromItem, receiptWordLabelKey, receiptWordLabelToItem } from '../entities/receiptWordLabel.js';
import type { Log, Metrics } from '../observability.js';
import type { LabelToValidate, ReceiptLlm } from './receiptLlm.js';

/**
 * The async LLM validation of the head era (spec §6.1 phase 3b, §6.2): the upload Lambda stages a payload
 * at `llm-validation/{run_id}/{img}_{rid5}.json` and sends a pointer to the LLM validation queue; the
 * consumer (or the upload Lambda itself when enqueueing failed) asks the model for a decision per staged
 * label and applies it: a label still PENDING becomes VALID or INVALID (a full PUT of the label as read,
 * with the decision's `reasoning`, under `attribute_exists(PK)` → MODIFY → §3.7). A label that is gone or
 * no longer PENDING is left alone, so applying a payload twice changes nothing the second time. A failed
 * model call raises.
 */
export interface LlmValidationPayload {
  readonly run_id: string;
  readonly image_id: string;
  readonly receipt_id: number;
  readonly labels: readonly LabelToValidate[];
}

export interface LlmValidationPointer {
  readonly bucket: string;
  readonly key: string;
  readonly run_id: string;
  readonly image_id: string;
  readonly receipt_id: number;
}

export const llmValidationKey = (runId: string, imageId: string, receiptId: number): string =>
  `llm-validation/${runId}/${imageId}_${pad5(receiptId)}.json`;

export interface LlmValidationPorts {
  readonly table: Table;
  readonly clock: Clock;
  readonly llm: ReceiptLlm;
  readonly log: Log;
  readonly metrics: Metrics;
}

export interface LlmValidationOutcome {
  readonly validated: number;
  readonly invalidated: number;
  readonly skipped: number;
}

export async function applyLlmValidation(ports: LlmValidationPorts, payload: LlmValidationPayload): Promise<LlmValidationOutcome> {
  const decisions = await ports.llm.validateLabels({ image_id: payload.image_id, receipt_id: payload.receipt_id, labels: payload.labels });
  let validated = 0;
  let invalidated = 0;
  let skipped = 0;
  for (const decision of decisions) {
    const key = receiptWordLabelKey(payload.image_id, payload.receipt_id, decision.line_id, decision.word_id, decision.label);
    const item = await ports.table.getItem({ key });
    const label = item === undefined ? undefined : receiptWordLabelFromItem(item);
    if (label === undefined || label.validation_status !== 'PENDING') {
      skipped++;
      continue;
    }
    try {
      await ports.table.putItem({
        item: receiptWordLabelToItem({ ...label, validation_status: decision.validation_status, reasoning: decision.reasoning }),
        condition: attributeExists('PK'),
      });
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailed)) throw error;
      skipped++;
      continue;
    }
    if (decision.validation_status === 'VALID') validated++;
    else invalidated++;
  }
  ports.metrics.count('LlmLabelsValidated', validated);
  ports.metrics.count('LlmLabelsInvalidated', invalidated);
  ports.log('info', 'Applied LLM label decisions', { run_id: payload.run_id, validated, invalidated, skipped });
  return { validated, invalidated, skipped };
}

export function parseLlmValidationPayload(text: string): LlmValidationPayload {
  const value = JSON.parse(text) as Partial<LlmValidationPayload>;
  if (typeof value.run_id !== 'string' || typeof value.image_id !== 'string' || typeof value.receipt_id !== 'number' || !Array.isArray(value.labels)) {
    throw new SyntaxError('not an LLM validation payload');
  }
  return value as LlmValidationPayload;
}

export function parseLlmValidationPointer(text: string): LlmValidationPointer {
  const value = JSON.parse(text) as Partial<LlmValidationPointer>;
  if (typeof value.key !== 'string' || typeof value.run_id !== 'string' || typeof value.image_id !== 'string' || typeof value.receipt_id !== 'number') {
    throw new SyntaxError('not an LLM validation pointer');
  }
  return value as LlmValidationPointer;
}
