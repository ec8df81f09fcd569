import { ConditionalCheckFailed } from '../../ports/errors.js';
import { attributeExists, attributeNotExists } from '../../ports/expressions.js';
import { type ReceiptWordLabel, receiptWordLabelToItem } from '../entities/receiptWordLabel.js';
import { chunked } from '../ingest/tableWrites.js';
import type { ValidationPorts } from './validationPorts.js';

/**
 * Label writes of the client (spec §1.3, §6.3): adds are create-only (`attribute_not_exists(PK)`),
 * updates are full PUTs of the label under `attribute_exists(PK)`. Both go as TransactWriteItems in
 * chunks of 25; a chunk whose transaction fails (a condition, a conflict, throttling) falls back to one
 * conditional put per label, and a label whose own condition fails is reported, not raised.
 */
export interface LabelWriteOutcome {
  readonly written: readonly ReceiptWordLabel[];
  readonly refused: readonly ReceiptWordLabel[];
}

export const addLabels = (ports: ValidationPorts, labels: readonly ReceiptWordLabel[]): Promise<LabelWriteOutcome> =>
  writeLabels(ports, labels, 'add');

export const updateLabels = (ports: ValidationPorts, labels: readonly ReceiptWordLabel[]): Promise<LabelWriteOutcome> =>
  writeLabels(ports, labels, 'update');

async function writeLabels(ports: ValidationPorts, labels: readonly ReceiptWordLabel[], mode: 'add' | 'update'): Promise<LabelWriteOutcome> {
  const condition = mode === 'add' ? attributeNotExists('PK') : attributeExists('PK');
  const written: ReceiptWordLabel[] = [];
  const refused: ReceiptWordLabel[] = [];
  for (const chunk of chunked(labels)) {
    try {
      await ports.table.transactWriteItems(chunk.map((label) => ({ kind: 'put', item: receiptWordLabelToItem(label), condition })));
      written.push(...chunk);
      continue;
    } catch (error) {
      ports.log('warning', `Batch label ${mode} failed, writing one by one`, { labels: chunk.length, error: String(error) });
    }
    for (const label of chunk) {
      try {
        await ports.table.putItem({ item: receiptWordLabelToItem(label), condition });
        written.push(label);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailed)) throw error;
        ports.log('warning', `Label ${mode} refused by its condition`, { label: label.label, line_id: label.line_id, word_id: label.word_id });
        refused.push(label);
      }
    }
  }
  ports.metrics.count(mode === 'add' ? 'LabelsAdded' : 'LabelsUpdated', written.length);
  return { written, refused };
}
