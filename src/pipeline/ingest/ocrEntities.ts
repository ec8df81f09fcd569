import { type Receipt, createReceipt } from '../entities/receipt.js';
import { type ReceiptLine, createReceiptLine } from '../entities/receiptLine.js';
import { type ReceiptWord, createReceiptWord } from '../entities/receiptWord.js';
import type { OcrReceipt } from './ocrReceipt.js';

/**
 * The entities OCR stores for a receipt (spec §1.3, §8.6 step 1): the Receipt, one ReceiptLine per line
 * and one ReceiptWord per word. Noise elements keep `is_noise` and get `embedding_status` NOISE; the
 * others start at NONE.
 */
export interface OcrEntities {
  readonly receipt: Receipt;
  readonly lines: readonly ReceiptLine[];
  readonly words: readonly ReceiptWord[];
}

export function ocrEntities(ocr: OcrReceipt, timestampAdded: string): OcrEntities {
  const ids = { image_id: ocr.image_id, receipt_id: ocr.receipt_id };
  const receipt = createReceipt({ ...ids, timestamp_added: timestampAdded });
  const lines = ocr.lines.map((line) =>
    createReceiptLine({
      ...ids,
      line_id: line.line_id,
      text: line.text,
      ...line.geometry,
      confidence: line.confidence,
      is_noise: line.is_noise,
      embedding_status: line.is_noise ? 'NOISE' : 'NONE',
    }),
  );
  const words = ocr.lines.flatMap((line) =>
    line.words.map((word) =>
      createReceiptWord({
        ...ids,
        line_id: line.line_id,
        word_id: word.word_id,
        text: word.text,
        ...word.geometry,
        confidence: word.confidence,
        is_noise: word.is_noise,
        embedding_status: word.is_noise ? 'NOISE' : 'NONE',
        extracted_data: word.extracted_data,
      }),
    ),
  );
  return { receipt, lines, words };
}
