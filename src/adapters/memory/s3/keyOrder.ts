/**
 * S3 lists keys in the binary order of their UTF-8 encoding, which is Unicode code point order. JavaScript
 * compares UTF-16 code units, which differs only between surrogates (D800–DFFF, code points above FFFF)
 * and E000–FFFF; remapping those two ranges restores code point order without encoding the strings.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Index of the first key in `sorted` that is not below `key` (`after`: strictly above it). */
export function lowerBound(sorted: readonly string[], key: string, after = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareKeys(sorted[middle]!, key);
    if (order < 0 || (after && order === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}
