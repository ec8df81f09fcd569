import { isCoreLabel } from '../entities/coreLabels.js';
import { type ReceiptWordLabel, createReceiptWordLabel } from '../entities/receiptWordLabel.js';
import { addLabels, updateLabels } from './labelWrites.js';
import type { LabelProposal } from './receiptLlm.js';
import { listReceiptWordLabels } from './receiptReads.js';
import type { ValidationPorts } from './validationPorts.js';

/**
 * `save_labels=True` of `analyze_receipt_simple` (spec §6.3, §8.6). Load every existing label of the
 * receipt (paged). Per proposal, keyed by (img, rid, line, word, LABEL), the first proposal of a key
 * winning:
 * - missing → add: VALID when the proposal is verified, else PENDING; `timestamp_added` = now. Only
 *   CORE_LABELS names are minted;
 * - status outside {PENDING, NONE} → skip (validated labels are left as they are);
 * - otherwise update only if `reasoning`, `label_proposed_by` or `label_consolidated_from` changed, or
 *   if the proposal is verified (a VALID proposal upgrades a PENDING/NONE label to VALID); the update is a
 *   full PUT of the label as loaded with those fields, keeping `timestamp_added` (and
 *   `validation_status` unless upgraded).
 * Adds and updates go in chunks of 25 with per-record fallback. `dryRun` returns the counts only.
 */
export interface SaveCounts {
  readonly added: number;
  readonly updated: number;
  readonly skippedValidated: number;
  readonly unchanged: number;
  /** Writes refused by their condition (a label created or deleted meanwhile). */
  readonly refused: number;
}

export async function saveProposedLabels(
  ports: ValidationPorts,
  ids: { readonly imageId: string; readonly receiptId: number },
  proposals: readonly LabelProposal[],
  options: { readonly dryRun: boolean },
): Promise<SaveCounts> {
  const existing = new Map<string, ReceiptWordLabel>();
  for (const label of await listReceiptWordLabels(ports.table, ids.imageId, ids.receiptId)) existing.set(keyOf(label), label);
  const seen = new Set<string>();
  const toAdd: ReceiptWordLabel[] = [];
  const toUpdate: ReceiptWordLabel[] = [];
  let skippedValidated = 0;
  let unchanged = 0;
  for (const proposal of proposals) {
    const key = keyOf({ ...proposal, label: proposal.label.toUpperCase() });
    if (seen.has(key)) continue;
    seen.add(key);
    const current = existing.get(key);
    if (current === undefined) {
      if (isCoreLabel(proposal.label.toUpperCase())) toAdd.push(newLabel(ports, ids, proposal));
    } else if (current.validation_status !== 'PENDING' && current.validation_status !== 'NONE') {
      skippedValidated++;
    } else {
      const changed =
        current.reasoning !== proposal.reasoning ||
        current.label_proposed_by !== proposal.label_proposed_by ||
        current.label_consolidated_from !== proposal.label_consolidated_from;
      if (!changed && !proposal.verified) unchanged++;
      else {
        toUpdate.push({
          ...current,
          reasoning: proposal.reasoning,
          label_proposed_by: proposal.label_proposed_by,
          label_consolidated_from: proposal.label_consolidated_from,
          validation_status: proposal.verified ? 'VALID' : current.validation_status,
        });
      }
    }
  }
  if (options.dryRun) return { added: toAdd.length, updated: toUpdate.length, skippedValidated, unchanged, refused: 0 };
  const added = await addLabels(ports, toAdd);
  const updated = await updateLabels(ports, toUpdate);
  return {
    added: added.written.length,
    updated: updated.written.length,
    skippedValidated,
    unchanged,
    refused: added.refused.length + updated.refused.length,
  };
}

function keyOf(label: { readonly line_id: number; readonly word_id: number; readonly label: string }): string {
  return `${label.line_id}#${label.word_id}#${label.label}`;
}

function newLabel(ports: ValidationPorts, ids: { readonly imageId: string; readonly receiptId: number }, proposal: LabelProposal): ReceiptWordLabel {
  return createReceiptWordLabel({
    image_id: ids.imageId,
    receipt_id: ids.receiptId,
    line_id: proposal.line_id,
    word_id: proposal.word_id,
    label: proposal.label,
    reasoning: proposal.reasoning,
    timestamp_added: ports.clock.nowIso(),
    validation_status: proposal.verified ? 'VALID' : 'PENDING',
    label_proposed_by: proposal.label_proposed_by,
    label_consolidated_from: proposal.label_consolidated_from,
  });
}
