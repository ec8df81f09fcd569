import { imageReceiptKey, pad5, wordPath } from './keys.js';

/** Chroma record ids (spec §3.11). */

/** `IMAGE#{img}#RECEIPT#{rid5}#LINE#{lid5}#WORD#{wid5}` */
export function wordChromaId(imageId: string, receiptId: number, lineId: number, wordId: number): string {
  return wordPath(imageId, receiptId, lineId, wordId);
}

/**
 * `IMAGE#{img}#RECEIPT#{rid5}#LINE#{primary_lid5}`: a visual row is keyed by its primary (leftmost)
 * line; before 2026-01-22 there was one record per line with the same format.
 */
export function lineChromaId(imageId: string, receiptId: number, primaryLineId: number): string {
  return `${imageReceiptKey(imageId, receiptId)}#LINE#${pad5(primaryLineId)}`;
}
