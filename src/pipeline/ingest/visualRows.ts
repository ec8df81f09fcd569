import type { ReceiptLine } from '../entities/receiptLine.js';

/**
 * Visual rows of a receipt (spec §3.11, row-based LINES since 2026-01-22): non-noise lines whose
 * vertical centres lie within half a line height of each other form one row, read left to right; the
 * row's primary line is its first (leftmost) line and keys its Chroma record. Rows come top to bottom.
 */
export interface VisualRow {
  readonly primary: ReceiptLine;
  /** Left to right; the first is the primary line. */
  readonly lines: readonly ReceiptLine[];
}

const centreY = (line: ReceiptLine): number => line.bounding_box.y + line.bounding_box.height / 2;

export function visualRows(lines: readonly ReceiptLine[]): VisualRow[] {
  const ordered = lines.filter((l) => !l.is_noise).sort((a, b) => centreY(b) - centreY(a) || a.line_id - b.line_id);
  const groups: ReceiptLine[][] = [];
  for (const line of ordered) {
    const current = groups.at(-1);
    const anchor = current?.[0];
    const tolerance = anchor === undefined ? 0 : Math.min(anchor.bounding_box.height, line.bounding_box.height) / 2;
    if (current !== undefined && anchor !== undefined && Math.abs(centreY(anchor) - centreY(line)) <= tolerance) current.push(line);
    else groups.push([line]);
  }
  return groups.map((group) => {
    const row = [...group].sort((a, b) => a.bounding_box.x - b.bounding_box.x || a.line_id - b.line_id);
    return { primary: row[0]!, lines: row };
  });
}
