import type { MetadataValue } from '../ports/vectorStore.js';
import type { Item } from '../ports/values.js';
import { type DynamoState, numeric, text } from './dynamoState.js';
import type { KeyClause } from './keyClause.js';
import { disjointLists, labelViews, rowLabelClauses, wordLabelClauses } from './labelExpectations.js';

/**
 * `expectedMetadata(dynamoState, chromaId)`: what the Chroma record `chromaId` must hold once the pipeline
 * is quiet, with DynamoDB as the truth (design.md "Convergence"; spec §7: "Chroma label metadata equals its
 * reconstruction from DynamoDB"). It follows the spec's intent, not the pipeline's code.
 *
 * The record must not exist when DynamoDB no longer has its entity: the ReceiptWord (words), the row's
 * primary ReceiptLine (lines: a row is keyed by its primary line, §3.11, §3.8), or the Receipt (§3.8).
 *
 * Constrained keys (an absent key counts as empty where noted):
 * - `image_id`, `receipt_id`, `line_id`, `word_id` (words): the ids the record's id names (§3.11); the seed
 *   era stores `receipt_id` as a string (§8.6).
 * - `text` and the document: the word's text; a row's lines' texts, in `row_line_ids` order, joined by
 *   single spaces (§3.11); a seed-era line's text (§8.6).
 * - `merchant_name`: the `merchant_name` of the receipt's ReceiptPlace (head, §1.3) or ReceiptMetadata
 *   (seed, §8.1), `""` when there is none; absent counts as `""` (§3.6 REMOVE nulls it). Rows compare
 *   case-insensitively: embedding title-cases it (§3.11), a place update writes it as stored (§3.6).
 * - `merchant_category`, `address` (ReceiptPlace `formatted_address`; seed `address`), `phone_number`,
 *   `place_id`, and in the seed era `canonical_merchant_name`: when present, the merchant record's value
 *   (`""` or null when it has none). Their absence is allowed: embedding does not write them (§3.11,
 *   §8.6), and a ReceiptPlace INSERT sends no message (§2.4), so they appear only after a MODIFY (§3.6).
 * - Words, labels (head §3.7; seed §8.3 under `validated_labels` / `invalid_labels`): `label_status`
 *   (absent = `unvalidated`), the VALID and INVALID name lists (absent = empty), and, only when DynamoDB
 *   gives them a value, `label_validated_at` (newest VALID) and `label_proposed_by` / `label_confidence`
 *   (newest PENDING; no `label_confidence` in the seed era, §8.1) — §3.7 writes those only when non-null,
 *   so a previous value may legitimately stay otherwise. Compaction-time reconstruction does not filter to
 *   CORE_LABELS (§3.7), so neither does this.
 * - Head rows: `label_status` by the LINES rule of §3.7, and the row's VALID / INVALID CORE_LABELS stated
 *   by `label_{LABEL}` flags and the embed-time arrays together (labelExpectations.ts).
 * - Head rows: `section_label` = the plurality section of the row's lines (§3.9; absent when none or tied).
 * - §7: no label in both the valid and the invalid list.
 *
 * Unconstrained, with why:
 * - geometry and OCR facts written at embed time (`x, y, width, height, confidence, avg_word_confidence,
 *   left, right`, anchors `normalized_*`, `row_line_ids`, `source`, `embedding_type`): DynamoDB's words and
 *   lines never change after ingest here, and nothing in the pipeline maintains these keys afterwards;
 * - the pipeline's own timestamps (`last_place_update`, `place_removed_at`, `last_metadata_update`,
 *   `metadata_removed_at`, `last_label_update`, `labels_removed_at`): bookkeeping, no DynamoDB value;
 * - seed-era lines' label keys: the seed era sends labels to WORDS only (§8.3);
 * - any other key.
 */
export type MetadataExpectation =
  | { readonly exists: false; readonly reason: string }
  | { readonly exists: true; readonly clauses: readonly KeyClause[] };

const idPattern = /^(IMAGE#(.+)#RECEIPT#(\d+))#LINE#(\d+)(?:#WORD#(\d+))?$/;

/**
 * `rowLineIds`: a head row's `row_line_ids` as its record states them (the visual row is fixed at embed
 * time from the lines' geometry, which DynamoDB never changes); a record without it stands for its line.
 */
export function expectedMetadata(state: DynamoState, chromaId: string, rowLineIds?: readonly number[]): MetadataExpectation {
  const match = idPattern.exec(chromaId);
  if (match === null) return { exists: false, reason: 'not a word or line id (§3.11)' };
  const [, receiptKey, imageId, rid, lid, wid] = match as unknown as [string, string, string, string, string, string | undefined];
  if (state.item(receiptKey) === undefined) return { exists: false, reason: 'the receipt is not in DynamoDB' };
  const entity = state.item(chromaId);
  if (entity === undefined) return { exists: false, reason: `the ${wid === undefined ? 'line' : 'word'} is not in DynamoDB` };
  const head = state.era === 'head';
  const clauses: KeyClause[] = [
    ...identity({ image_id: imageId, receipt_id: head ? Number(rid) : String(Number(rid)), line_id: Number(lid), ...(wid === undefined ? {} : { word_id: Number(wid) }) }),
    ...merchantClauses(state.merchantOf(receiptKey), head, wid === undefined && head),
  ];
  if (wid !== undefined) {
    clauses.push(textClause(text(entity, 'text') ?? '', '§3.11'), ...wordLabelClauses(labelViews(state.labelsOf(chromaId)), state.era));
  } else if (head) {
    const lineIds = rowLineIds ?? [Number(lid)];
    const lineKey = (id: number): string => `${receiptKey}#LINE#${String(id).padStart(5, '0')}`;
    const texts = lineIds.flatMap((id) => text(state.item(lineKey(id)), 'text') ?? []);
    const labels = labelViews(lineIds.flatMap((id) => state.labelledWordsOfLine(lineKey(id)).flatMap((word) => state.labelsOf(word))));
    clauses.push(textClause(texts.join(' '), '§3.11'), ...rowLabelClauses(labels), sectionClause(state.sectionsOf(receiptKey), lineIds));
  } else {
    clauses.push(textClause(text(entity, 'text') ?? '', '§8.6'), disjointLists('validated_labels', 'invalid_labels'));
  }
  return { exists: true, clauses };
}

function identity(values: Readonly<Record<string, MetadataValue>>): KeyClause[] {
  return [
    {
      keys: Object.keys(values),
      spec: '§3.11, §8.6',
      expected: Object.entries(values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' '),
      check: (metadata) => {
        const wrong = Object.entries(values).filter(([key, value]) => metadata[key] !== value);
        return wrong.length === 0 ? undefined : wrong.map(([key]) => `${key}=${JSON.stringify(metadata[key] ?? null)}`).join(' ');
      },
    },
  ];
}

function textClause(expected: string, spec: string): KeyClause {
  return {
    keys: ['text', 'document'],
    spec,
    expected: `text=${JSON.stringify(expected)}`,
    check: (metadata, document) =>
      metadata.text === expected && document === expected ? undefined : `text=${JSON.stringify(metadata.text ?? null)} document=${JSON.stringify(document)}`,
  };
}

/** §1.3, §8.1: the merchant record's Chroma-relevant fields, by Chroma key. */
function merchantFields(merchant: Item | undefined, head: boolean): Record<string, string> {
  const value = (field: string): string => text(merchant, field) ?? '';
  const common = { merchant_category: value('merchant_category'), phone_number: value('phone_number'), place_id: value('place_id') };
  return head
    ? { ...common, address: value('formatted_address') }
    : { ...common, address: value('address'), canonical_merchant_name: value('canonical_merchant_name') };
}

function merchantClauses(merchant: Item | undefined, head: boolean, row: boolean): KeyClause[] {
  const name = text(merchant, 'merchant_name') ?? '';
  const fold = (v: MetadataValue | undefined): MetadataValue => (typeof v === 'string' && row ? v.toUpperCase() : (v ?? ''));
  const nameClause: KeyClause = {
    keys: ['merchant_name'],
    spec: head ? '§3.11, §3.6' : '§8.6, §8.3',
    expected: `merchant_name=${JSON.stringify(name)}${row ? ' (any case)' : ''}`,
    check: (metadata) => (fold(metadata.merchant_name) === fold(name) ? undefined : `merchant_name=${JSON.stringify(metadata.merchant_name ?? null)}`),
  };
  const details = Object.entries(merchantFields(merchant, head));
  const detailClause: KeyClause = {
    keys: details.map(([key]) => key),
    spec: head ? '§3.6, §1.3' : '§8.3, §8.1',
    expected: 'when present: the merchant record’s values',
    check: (metadata) => {
      const wrong = details.filter(([key, value]) => metadata[key] !== undefined && (metadata[key] ?? '') !== value);
      return wrong.length === 0 ? undefined : wrong.map(([key, value]) => `${key}=${JSON.stringify(metadata[key])} (DynamoDB ${JSON.stringify(value)})`).join(' ');
    },
  };
  return [nameClause, detailClause];
}

/** §3.9: line → section (INVALID skipped, the higher confidence wins), then the row's plurality; null on a tie or none. */
function sectionClause(sections: readonly Item[], lineIds: readonly number[]): KeyClause {
  const claims = new Map<number, { readonly type: string; readonly confidence: number }>();
  for (const section of sections) {
    if (text(section, 'validation_status') === 'INVALID') continue;
    const type = text(section, 'section_type') ?? '';
    const confidence = numeric(section, 'confidence') ?? 0;
    const lines = Array.isArray(section.line_ids) ? section.line_ids.filter((x): x is number => typeof x === 'number') : [];
    for (const lineId of lines) {
      const claim = claims.get(lineId);
      if (claim === undefined || confidence > claim.confidence) claims.set(lineId, { type, confidence });
    }
  }
  const counts = new Map<string, number>();
  for (const lineId of lineIds) {
    const type = claims.get(lineId)?.type;
    if (type !== undefined) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const best = Math.max(0, ...counts.values());
  const leaders = [...counts].filter(([, n]) => n === best);
  const expected = leaders.length === 1 ? leaders[0]![0] : null;
  return {
    keys: ['section_label'],
    spec: '§3.9',
    expected: `section_label=${JSON.stringify(expected)}`,
    check: (metadata) => ((metadata.section_label ?? null) === expected ? undefined : `section_label=${JSON.stringify(metadata.section_label ?? null)}`),
  };
}
