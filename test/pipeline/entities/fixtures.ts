import { createCompactionRun } from '../../../src/pipeline/entities/compactionRun.js';
import type { OcrElementInput } from '../../../src/pipeline/entities/ocrElement.js';
import { createReceipt } from '../../../src/pipeline/entities/receipt.js';
import { createReceiptLine } from '../../../src/pipeline/entities/receiptLine.js';
import { createReceiptMetadata, type ReceiptMetadataInput } from '../../../src/pipeline/entities/receiptMetadata.js';
import { createReceiptPlace, type ReceiptPlaceInput } from '../../../src/pipeline/entities/receiptPlace.js';
import { createReceiptSection, type ReceiptSection } from '../../../src/pipeline/entities/receiptSection.js';
import { createReceiptSummary } from '../../../src/pipeline/entities/receiptSummary.js';
import { createReceiptWord } from '../../../src/pipeline/entities/receiptWord.js';
import { createReceiptWordLabel, type ReceiptWordLabelInput } from '../../../src/pipeline/entities/receiptWordLabel.js';
import type { CompactionRunInput } from '../../../src/pipeline/entities/compactionRun.js';

/** One valid example of each entity, for tests that need a specific value rather than a property. */
export const img = '3f52804b-2fad-4e00-92c8-b593da3a8ed3';
export const runId = '9b2e6c1d-8f4a-4c3b-a1d2-0e5f6a7b8c9d';
export const at = '2025-11-14T12:00:00.000Z';

export const geometry: OcrElementInput = {
  text: 'TOTAL',
  bounding_box: { x: 0.1, y: 0.2, width: 0.3, height: 0.05 },
  top_left: { x: 0.1, y: 0.25 },
  top_right: { x: 0.4, y: 0.25 },
  bottom_left: { x: 0.1, y: 0.2 },
  bottom_right: { x: 0.4, y: 0.2 },
  angle_degrees: 0,
  angle_radians: 0,
  confidence: 0.98,
};

export const receipt = (receiptId = 1) => createReceipt({ image_id: img, receipt_id: receiptId, timestamp_added: at });
export const line = (lineId = 2) => createReceiptLine({ image_id: img, receipt_id: 1, line_id: lineId, ...geometry });
export const word = (lineId = 2, wordId = 3) =>
  createReceiptWord({ image_id: img, receipt_id: 1, line_id: lineId, word_id: wordId, extracted_data: null, ...geometry });

export const label = (overrides: Partial<ReceiptWordLabelInput> = {}) =>
  createReceiptWordLabel({
    image_id: img,
    receipt_id: 1,
    line_id: 2,
    word_id: 3,
    label: 'TAX',
    timestamp_added: at,
    validation_status: 'PENDING',
    ...overrides,
  });

export const metadata = (overrides: Partial<ReceiptMetadataInput> = {}) =>
  createReceiptMetadata({ image_id: img, receipt_id: 1, merchant_name: 'Sprouts Farmers Market', timestamp: at, ...overrides });

export const place = (overrides: Partial<ReceiptPlaceInput> = {}) =>
  createReceiptPlace({ image_id: img, receipt_id: 1, merchant_name: 'Sprouts Farmers Market', timestamp: at, ...overrides });

export const section = (overrides: Partial<ReceiptSection> = {}) =>
  createReceiptSection({
    image_id: img,
    receipt_id: 1,
    section_type: 'ITEMS',
    line_ids: [4, 5],
    confidence: 0.9,
    validation_status: 'VALID',
    ...overrides,
  });

export const summary = (timestamp = at) => createReceiptSummary({ image_id: img, receipt_id: 1, timestamp_computed: timestamp });

export const run = (overrides: Partial<CompactionRunInput> = {}) =>
  createCompactionRun({
    run_id: runId,
    image_id: img,
    receipt_id: 1,
    lines_delta_prefix: `lines/delta/${runId}/`,
    words_delta_prefix: `words/delta/${runId}/`,
    created_at: at,
    ...overrides,
  });
