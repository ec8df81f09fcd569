/**
 * The key fragments of spec §1.2 and the conventions section: `{rid5}` padding, the label GSI1 padding,
 * the merchant `{slug}` and `{conf4}`.
 */

/** `{rid5}`, `{lid5}`, `{wid5}`: zero-padded to 5 digits (longer numbers keep all their digits). */
export function pad5(id: number): string {
  return String(id).padStart(5, '0');
}

export function imagePk(imageId: string): string {
  return `IMAGE#${imageId}`;
}

export function receiptSk(receiptId: number): string {
  return `RECEIPT#${pad5(receiptId)}`;
}

/** `IMAGE#{img}#RECEIPT#{rid5}`: the GSI3/GSI4 partition of a receipt's lines, words and labels. */
export function imageReceiptKey(imageId: string, receiptId: number): string {
  return `IMAGE#${imageId}#RECEIPT#${pad5(receiptId)}`;
}

/** `IMAGE#{img}#RECEIPT#{rid5}#LINE#{lid5}#WORD#{wid5}` (also the word's Chroma id, §3.11). */
export function wordPath(imageId: string, receiptId: number, lineId: number, wordId: number): string {
  return `${imageReceiptKey(imageId, receiptId)}#LINE#${pad5(lineId)}#WORD#${pad5(wordId)}`;
}

/** GSI1PK of a ReceiptWordLabel: `LABEL#{LABEL}` right-padded with `_` to 40 characters (never cut). */
export function labelIndexPk(label: string): string {
  return `LABEL#${label}`.padEnd(40, '_');
}

/**
 * `{slug}`: upper-cased, every run of characters outside `A-Z0-9` replaced by one `_`, leading and
 * trailing `_` removed.
 */
export function merchantSlug(merchantName: string): string {
  return merchantName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * `{conf4}`: exactly four decimals, as Python's `f"{confidence:.4f}"`. `toFixed` rounds an exact tie up
 * where Python rounds it to even; at four decimals a double is an exact tie only when it is an odd
 * multiple of 1/32, so only those values are corrected.
 */
export function conf4(confidence: number): string {
  const thirtySeconds = confidence * 32;
  if (Number.isInteger(thirtySeconds) && Math.abs(thirtySeconds % 2) === 1) {
    const scaled = confidence * 10_000;
    const below = Math.floor(scaled);
    const even = below % 2 === 0 ? below : below + 1;
    return (even / 10_000).toFixed(4);
  }
  return confidence.toFixed(4);
}
