import fc from 'fast-check';
import type { CompactionRunInput } from '../../../src/pipeline/entities/compactionRun.js';
import { compactionStates } from '../../../src/pipeline/entities/compactionRun.js';
import { embeddingStatuses, type OcrElementInput } from '../../../src/pipeline/entities/ocrElement.js';
import type { ReceiptLineInput } from '../../../src/pipeline/entities/receiptLine.js';
import type { ReceiptMetadataInput } from '../../../src/pipeline/entities/receiptMetadata.js';
import type { ReceiptPlaceInput } from '../../../src/pipeline/entities/receiptPlace.js';
import type { ReceiptSection } from '../../../src/pipeline/entities/receiptSection.js';
import type { ReceiptWordInput } from '../../../src/pipeline/entities/receiptWord.js';
import type { ReceiptWordLabelInput } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { validationStatuses } from '../../../src/pipeline/entities/validationStatus.js';

/** Constructor inputs over the whole valid range of each entity (spec §1.3, §1.4). */
export const uuid = fc.uuid({ version: 4 });
export const positiveId = fc.integer({ min: 1, max: 200_000 });
export const nonNegativeId = fc.integer({ min: 0, max: 200_000 });
export const iso = fc
  .date({ min: new Date(Date.UTC(2025, 0, 1)), max: new Date(Date.UTC(2027, 0, 1)), noInvalidDate: true })
  .map((d) => d.toISOString());
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const unit = fc.double({ noNaN: true, min: 0, max: 1 });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const point = fc.record({ x: finite, y: finite });

const ocr: fc.Arbitrary<OcrElementInput> = fc.record({
  text: fc.string(),
  bounding_box: fc.record({ x: finite, y: finite, width: finite, height: finite }),
  top_left: point,
  top_right: point,
  bottom_left: point,
  bottom_right: point,
  angle_degrees: finite,
  angle_radians: finite,
  confidence: unit.filter((c) => c > 0),
  embedding_status: fc.constantFrom(...embeddingStatuses),
  is_noise: fc.boolean(),
});

export const receiptInput = fc.record({ image_id: uuid, receipt_id: positiveId, timestamp_added: iso });

export const receiptLineInput: fc.Arbitrary<ReceiptLineInput> = fc
  .tuple(fc.record({ image_id: uuid, receipt_id: positiveId, line_id: nonNegativeId }), ocr)
  .map(([ids, element]) => ({ ...ids, ...element }));

export const receiptWordInput: fc.Arbitrary<ReceiptWordInput> = fc
  .tuple(
    fc.record({
      image_id: uuid,
      receipt_id: positiveId,
      line_id: nonNegativeId,
      word_id: nonNegativeId,
      extracted_data: nullable(fc.dictionary(fc.string({ minLength: 1 }), fc.string())),
    }),
    ocr,
  )
  .map(([ids, element]) => ({ ...ids, ...element }));

export const labelName = fc.string({ minLength: 1, maxLength: 50 });

export const receiptWordLabelInput: fc.Arbitrary<ReceiptWordLabelInput> = fc.record({
  image_id: uuid,
  receipt_id: positiveId,
  line_id: positiveId,
  word_id: positiveId,
  label: labelName,
  reasoning: nullable(fc.string({ minLength: 1 })),
  timestamp_added: iso,
  validation_status: nullable(fc.constantFrom(...validationStatuses)),
  label_proposed_by: nullable(fc.string()),
  label_consolidated_from: nullable(fc.string()),
  confidence: nullable(unit),
});

const optionalString = fc.oneof(fc.constant(''), fc.string());

export const receiptMetadataInput: fc.Arbitrary<ReceiptMetadataInput> = fc.record({
  image_id: uuid,
  receipt_id: positiveId,
  place_id: optionalString,
  merchant_name: optionalString,
  merchant_category: optionalString,
  address: optionalString,
  phone_number: optionalString,
  validated_by: optionalString,
  reasoning: optionalString,
  canonical_place_id: optionalString,
  canonical_merchant_name: optionalString,
  canonical_address: optionalString,
  canonical_phone_number: optionalString,
  matched_fields: fc.array(fc.constantFrom('name', 'phone', 'address', 'website'), { maxLength: 4 }),
  timestamp: iso,
});

export const receiptPlaceInput: fc.Arbitrary<ReceiptPlaceInput> = fc.record({
  image_id: uuid,
  receipt_id: positiveId,
  merchant_name: fc.string({ minLength: 1 }),
  place_id: optionalString,
  merchant_category: optionalString,
  merchant_types: fc.array(fc.string(), { maxLength: 3 }),
  formatted_address: optionalString,
  address_components: fc.dictionary(fc.string({ minLength: 1 }), fc.string(), { maxKeys: 3 }),
  latitude: nullable(fc.double({ noNaN: true, min: -90, max: 90 })),
  longitude: nullable(fc.double({ noNaN: true, min: -180, max: 180 })),
  phone_number: optionalString,
  open_now: nullable(fc.boolean()),
  matched_fields: fc.array(fc.string(), { maxLength: 3 }),
  validation_status: fc.constantFrom('', 'MATCHED', 'UNSURE', 'NO_MATCH'),
  confidence: unit,
  timestamp: iso,
});

export const receiptSectionInput: fc.Arbitrary<ReceiptSection> = fc.record({
  image_id: uuid,
  receipt_id: positiveId,
  section_type: fc.constantFrom('HEADER', 'items', 'TOTALS', 'Footer'),
  line_ids: fc.array(nonNegativeId, { maxLength: 6 }),
  confidence: unit,
  validation_status: fc.constantFrom(...validationStatuses),
});

export const receiptSummaryInput = fc.record({ image_id: uuid, receipt_id: positiveId, timestamp_computed: iso });

const progress = (c: 'lines' | 'words') =>
  fc.record({
    [`${c}_state`]: fc.constantFrom(...compactionStates),
    [`${c}_started_at`]: nullable(iso),
    [`${c}_finished_at`]: nullable(iso),
    [`${c}_error`]: optionalString,
    [`${c}_merged_vectors`]: fc.nat(),
  });

export const compactionRunInput: fc.Arbitrary<CompactionRunInput> = fc
  .tuple(
    fc.record({ run_id: uuid, image_id: uuid, receipt_id: positiveId, created_at: iso, updated_at: nullable(iso) }),
    progress('lines'),
    progress('words'),
  )
  .map(([ids, lines, words]) => ({
    ...ids,
    lines_delta_prefix: `lines/delta/${ids.run_id}/`,
    words_delta_prefix: `words/delta/${ids.run_id}/`,
    ...lines,
    ...words,
  }));
