import type { Clock } from '../../ports/clock.js';
import { attributeNotExists } from '../../ports/expressions.js';
import type { Table } from '../../ports/table.js';
import { receiptToItem } from '../entities/receipt.js';
import { receiptLineToItem } from '../entities/receiptLine.js';
import { receiptWordToItem } from '../entities/receiptWord.js';
import type { OcrEntities } from './ocrEntities.js';
import { batchWriteAll } from './tableWrites.js';

/**
 * OCR stores the receipt, its lines and its words (spec §8.6 step 1, §6.1 before phase 1): `add_receipt`
 * (create-only put), then `add_receipt_lines` and `add_receipt_words` (batch puts).
 */
export async function storeOcrResults(ports: { readonly table: Table; readonly clock: Clock }, entities: OcrEntities): Promise<void> {
  await ports.table.putItem({ item: receiptToItem(entities.receipt), condition: attributeNotExists('PK') });
  await batchWriteAll(
    ports,
    entities.lines.map((line) => ({ kind: 'put', item: receiptLineToItem(line) })),
  );
  await batchWriteAll(
    ports,
    entities.words.map((word) => ({ kind: 'put', item: receiptWordToItem(word) })),
  );
}
