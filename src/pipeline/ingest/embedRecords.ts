import type { Metadata, VectorRecord } from '../../ports/vectorStore.js';
import { lineChromaId, wordChromaId } from '../entities/chromaIds.js';
import type { ReceiptLine } from '../entities/receiptLine.js';
import type { ReceiptWord } from '../entities/receiptWord.js';
import type { ReceiptWordLabel } from '../entities/receiptWordLabel.js';
import { deterministicEmbedding } from '../embedding/deterministicEmbedding.js';
import { anchorMetadata } from './anchors.js';
import { rowLabelEnrichment, wordLabelEnrichment } from './labelEnrichment.js';
import type { VisualRow } from './visualRows.js';

/**
 * The records of the embedding deltas: one per non-noise word, and per visual row (head) or per
 * non-noise line (seed), with the embedding of the document text (the stand-in for OpenAI
 * `text-embedding-3-small`).
 *
 * Head (spec §3.11): word metadata `image_id, receipt_id, line_id, word_id, source, text, x, y` (centre),
 * `width, height, confidence, left, right` (the neighbouring words' texts in the line, `<EDGE>` at either
 * end), `merchant_name` ("" if none), label enrichment and anchors; row metadata `image_id, receipt_id,
 * line_id` (primary), `text` (the lines' texts joined by spaces), `confidence` (mean over the lines),
 * `avg_word_confidence`, the union bounding box `x, y, width, height`, `source`, `row_line_ids` (JSON),
 * `merchant_name` (title-cased, only if set), anchors and row label enrichment. No section exists at
 * ingest, so `section_label` is never set.
 *
 * Seed (§8.6 step 3): `image_id, receipt_id` (a string), `line_id` (+ `word_id`), `embedding_type`,
 * `text`, `merchant_name`; no label, geometry or anchor keys.
 */
export const embeddingSource = 'upload_embedding';

const edge = '<EDGE>';

function record(id: string, text: string, metadata: Metadata): VectorRecord {
  return { id, embedding: deterministicEmbedding(text), document: text, metadata };
}

export function headWordRecords(words: readonly ReceiptWord[], merchantName: string, labels: readonly ReceiptWordLabel[]): VectorRecord[] {
  return words
    .filter((w) => !w.is_noise)
    .map((word, _, kept) => {
      const line = kept.filter((w) => w.line_id === word.line_id).sort((a, b) => a.word_id - b.word_id);
      const at = line.indexOf(word);
      const box = word.bounding_box;
      const own = labels.filter((l) => l.line_id === word.line_id && l.word_id === word.word_id);
      return record(wordChromaId(word.image_id, word.receipt_id, word.line_id, word.word_id), word.text, {
        image_id: word.image_id,
        receipt_id: word.receipt_id,
        line_id: word.line_id,
        word_id: word.word_id,
        source: embeddingSource,
        text: word.text,
        x: box.x + box.width / 2,
        y: box.y + box.height / 2,
        width: box.width,
        height: box.height,
        confidence: word.confidence,
        left: line[at - 1]?.text ?? edge,
        right: line[at + 1]?.text ?? edge,
        merchant_name: merchantName,
        ...wordLabelEnrichment(own),
        ...anchorMetadata([word.extracted_data]),
      });
    });
}

export function headRowRecords(
  rows: readonly VisualRow[],
  words: readonly ReceiptWord[],
  merchantName: string,
  labels: readonly ReceiptWordLabel[],
): VectorRecord[] {
  return rows.map(({ primary, lines }) => {
    const lineIds = lines.map((l) => l.line_id);
    const rowWords = words.filter((w) => !w.is_noise && lineIds.includes(w.line_id));
    const text = lines.map((l) => l.text).join(' ');
    const left = Math.min(...lines.map((l) => l.bounding_box.x));
    const bottom = Math.min(...lines.map((l) => l.bounding_box.y));
    const right = Math.max(...lines.map((l) => l.bounding_box.x + l.bounding_box.width));
    const top = Math.max(...lines.map((l) => l.bounding_box.y + l.bounding_box.height));
    return record(lineChromaId(primary.image_id, primary.receipt_id, primary.line_id), text, {
      image_id: primary.image_id,
      receipt_id: primary.receipt_id,
      line_id: primary.line_id,
      text,
      confidence: mean(lines.map((l) => l.confidence)),
      avg_word_confidence: mean(rowWords.map((w) => w.confidence)),
      x: left,
      y: bottom,
      width: right - left,
      height: top - bottom,
      source: embeddingSource,
      row_line_ids: JSON.stringify(lineIds),
      ...(merchantName === '' ? {} : { merchant_name: titleCase(merchantName) }),
      ...anchorMetadata(rowWords.map((w) => w.extracted_data)),
      ...rowLabelEnrichment(labels.filter((l) => lineIds.includes(l.line_id))),
    });
  });
}

export function seedLineRecords(lines: readonly ReceiptLine[], merchantName: string): VectorRecord[] {
  return lines
    .filter((l) => !l.is_noise)
    .map((line) =>
      record(lineChromaId(line.image_id, line.receipt_id, line.line_id), line.text, {
        image_id: line.image_id,
        receipt_id: String(line.receipt_id),
        line_id: line.line_id,
        embedding_type: 'line',
        text: line.text,
        merchant_name: merchantName,
      }),
    );
}

export function seedWordRecords(words: readonly ReceiptWord[], merchantName: string): VectorRecord[] {
  return words
    .filter((w) => !w.is_noise)
    .map((word) =>
      record(wordChromaId(word.image_id, word.receipt_id, word.line_id, word.word_id), word.text, {
        image_id: word.image_id,
        receipt_id: String(word.receipt_id),
        line_id: word.line_id,
        word_id: word.word_id,
        embedding_type: 'word',
        text: word.text,
        merchant_name: merchantName,
      }),
    );
}

/** Python's `str.title()`: each run of letters gets an upper-case first letter and lower-case rest. */
export function titleCase(text: string): string {
  return text.replace(/[A-Za-z]+/g, (run) => run[0]!.toUpperCase() + run.slice(1).toLowerCase());
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
