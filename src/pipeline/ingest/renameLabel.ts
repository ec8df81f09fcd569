import { attributeExists, attributeNotExists } from '../../ports/expressions.js';
import type { Table } from '../../ports/table.js';
import { type ReceiptWordLabel, createReceiptWordLabel, receiptWordLabelKey, receiptWordLabelToItem } from '../entities/receiptWordLabel.js';

/**
 * A label rename as a workload operation (spec §1.3): the label is part of the SK, so a rename is the
 * REMOVE of the old label (it must exist) and the INSERT of the new one (it must not), here in one
 * TransactWriteItems so no reader sees both or neither. The new label keeps every other field.
 */
export async function renameLabel(ports: { readonly table: Table }, label: ReceiptWordLabel, newName: string): Promise<ReceiptWordLabel> {
  const renamed = createReceiptWordLabel({ ...label, label: newName });
  await ports.table.transactWriteItems([
    { kind: 'delete', key: receiptWordLabelKey(label.image_id, label.receipt_id, label.line_id, label.word_id, label.label), condition: attributeExists('PK') },
    { kind: 'put', item: receiptWordLabelToItem(renamed), condition: attributeNotExists('PK') },
  ]);
  return renamed;
}
