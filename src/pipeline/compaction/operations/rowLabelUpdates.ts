import type { Collection, Metadata, MetadataValue } from '../../../ports/vectorStore.js';
import { isCoreLabel } from '../../entities/coreLabels.js';
import { imageReceiptKey } from '../../entities/keys.js';
import type { ReceiptWordLabel } from '../../entities/receiptWordLabel.js';
import { errorText } from '../../snapshot/errorText.js';
import type { CompactionMessage } from '../compactionMessage.js';
import type { LabelUpdateResult } from '../results.js';
import { receiptWhere, rowLineIds } from './chromaRecords.js';
import type { CompactionPorts } from './compactionPorts.js';
import { listLabelsForReceipt } from './dynamoReads.js';
import type { LabelStatus } from './labelMetadata.js';
import { type ReceiptRef, lineIdOf, receiptKeyOf, receiptOf } from './messageFields.js';

/**
 * (c) Label updates on the LINES collection (row embeddings, spec §3.7 second half), per `(image_id,
 * receipt_id)` group of messages: the receipt's rows and all its labels are read once; every row holding a
 * message's `line_id` gets the existing metadata minus its `label_*` keys plus boolean `label_{LABEL}` flags
 * of the CORE_LABELS on its lines and a `label_status`. Under Chroma's merging update (§3.12) the `label_*`
 * keys left out keep their stored values. A failed label read continues with no labels.
 */
const maxFlagKeyBytes = 36;

export async function updateRowLabels(ports: CompactionPorts, snapshot: Collection, messages: readonly CompactionMessage[]): Promise<LabelUpdateResult[]> {
  const groups = new Map<string, { receipt: ReceiptRef; lineIds: Set<number> }>();
  for (const message of messages) {
    const receipt = receiptOf(message);
    const key = receiptKeyOf(receipt);
    const group = groups.get(key) ?? { receipt, lineIds: new Set<number>() };
    group.lineIds.add(lineIdOf(message));
    groups.set(key, group);
  }
  const results: LabelUpdateResult[] = [];
  for (const { receipt, lineIds } of groups.values()) {
    try {
      results.push(...(await updateReceiptRows(ports, snapshot, receipt, lineIds)));
    } catch (error) {
      ports.log('error', 'Row label update failed', { ...receipt, error: errorText(error) });
      results.push({ chroma_id: imageReceiptKey(receipt.image_id, receipt.receipt_id), updated: 0, error: errorText(error) });
    }
  }
  return results;
}

async function updateReceiptRows(
  ports: CompactionPorts,
  snapshot: Collection,
  receipt: ReceiptRef,
  lineIds: ReadonlySet<number>,
): Promise<LabelUpdateResult[]> {
  const rows = await snapshot.get({ where: receiptWhere(receipt), include: ['metadatas'] });
  if (rows.ids.length === 0) return [];
  let labels: ReceiptWordLabel[] = [];
  try {
    labels = await listLabelsForReceipt(ports.table, receipt);
  } catch (error) {
    ports.log('warning', 'Could not list the receipt\'s labels; continuing with none', { ...receipt, error: errorText(error) });
  }
  const results: LabelUpdateResult[] = [];
  for (const [i, rowId] of rows.ids.entries()) {
    const existing = rows.metadatas?.[i] ?? null;
    const rowLines = new Set(rowLineIds(existing));
    if (![...lineIds].some((id) => rowLines.has(id))) continue;
    const metadata = rowLabelMetadata(existing, labels.filter((l) => rowLines.has(l.line_id)));
    await snapshot.update({ ids: [rowId], metadatas: [metadata] });
    results.push({ chroma_id: rowId, updated: 1, error: null });
  }
  return results;
}

/** The row's new metadata from the labels on its lines (CORE_LABELS only, flag key at most 36 bytes). */
export function rowLabelMetadata(existing: Metadata | null, labels: readonly ReceiptWordLabel[]): Metadata {
  const flags: Record<string, boolean> = {};
  let pending = false;
  let judged = false;
  for (const label of labels) {
    const key = `label_${label.label}`;
    if (!isCoreLabel(label.label) || new TextEncoder().encode(key).length > maxFlagKeyBytes) continue;
    if (label.validation_status === 'PENDING') pending = true;
    else if (label.validation_status === 'VALID') {
      flags[key] = true;
      judged = true;
    } else if (label.validation_status === 'INVALID') {
      if (flags[key] !== true) flags[key] = false;
      judged = true;
    }
  }
  const kept: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(existing ?? {})) if (!key.startsWith('label_')) kept[key] = value;
  const status: LabelStatus = judged ? 'validated' : pending ? 'auto_suggested' : 'unvalidated';
  return { ...kept, ...flags, label_status: status };
}
