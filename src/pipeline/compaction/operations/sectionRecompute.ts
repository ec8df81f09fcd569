import type { Collection } from '../../../ports/vectorStore.js';
import type { ReceiptSection } from '../../entities/receiptSection.js';
import { errorText } from '../../snapshot/errorText.js';
import type { ReceiptUpdateResult } from '../results.js';
import { receiptWhere, rowLineIds } from './chromaRecords.js';
import type { CompactionPorts } from './compactionPorts.js';
import { listSectionsForReceipt } from './dynamoReads.js';
import { type ReceiptRef, receiptKeyOf } from './messageFields.js';

/**
 * (e) Section recompute on LINES (spec §3.9), per receipt: the receipt's ReceiptSections are read strongly
 * consistent; every line gets the section that claims it (INVALID sections skipped; of two claims the
 * higher confidence wins, the first on equal confidence); a row's `section_label` is the plurality over its
 * lines' sections (a tie, or no line with a section, leaves it unset). Only rows whose label changes are
 * written, with the delta payload `{section_label: value|null}`. No rows → no-op. A DynamoDB or Chroma
 * failure is the receipt's error (its messages are retried, §3.10).
 */
export async function recomputeSections(ports: CompactionPorts, snapshot: Collection, receipts: readonly ReceiptRef[]): Promise<ReceiptUpdateResult[]> {
  const unique = new Map(receipts.map((r) => [receiptKeyOf(r), { image_id: r.image_id, receipt_id: r.receipt_id }]));
  const results: ReceiptUpdateResult[] = [];
  for (const receipt of unique.values()) {
    try {
      const sections = await listSectionsForReceipt(ports.table, receipt);
      const updated = await relabelRows(snapshot, receipt, lineSections(sections));
      results.push({ kind: 'section', ...receipt, updated, error: null });
    } catch (error) {
      ports.log('error', 'Section recompute failed', { ...receipt, error: errorText(error) });
      results.push({ kind: 'section', ...receipt, updated: 0, error: errorText(error) });
    }
  }
  return results;
}

/** line id → section type. */
export function lineSections(sections: readonly ReceiptSection[]): Map<number, string> {
  const claims = new Map<number, ReceiptSection>();
  for (const section of sections) {
    if (section.validation_status === 'INVALID') continue;
    for (const lineId of section.line_ids) {
      const claim = claims.get(lineId);
      if (claim === undefined || section.confidence > claim.confidence) claims.set(lineId, section);
    }
  }
  return new Map([...claims].map(([lineId, section]) => [lineId, section.section_type]));
}

/** The plurality section of a row's lines; null on a tie or when none of its lines has a section. */
export function rowSection(lineIds: readonly number[], sections: ReadonlyMap<number, string>): string | null {
  const counts = new Map<string, number>();
  for (const lineId of lineIds) {
    const section = sections.get(lineId);
    if (section !== undefined) counts.set(section, (counts.get(section) ?? 0) + 1);
  }
  const best = Math.max(0, ...counts.values());
  const leaders = [...counts].filter(([, count]) => count === best);
  return leaders.length === 1 ? leaders[0]![0] : null;
}

async function relabelRows(snapshot: Collection, receipt: ReceiptRef, sections: ReadonlyMap<number, string>): Promise<number> {
  const rows = await snapshot.get({ where: receiptWhere(receipt), include: ['metadatas'] });
  const ids: string[] = [];
  const labels: (string | null)[] = [];
  for (const [i, rowId] of rows.ids.entries()) {
    const metadata = rows.metadatas?.[i] ?? null;
    const label = rowSection(rowLineIds(metadata), sections);
    if ((metadata?.section_label ?? null) === label) continue;
    ids.push(rowId);
    labels.push(label);
  }
  if (ids.length > 0) await snapshot.update({ ids, metadatas: labels.map((label) => ({ section_label: label })) });
  return ids.length;
}
