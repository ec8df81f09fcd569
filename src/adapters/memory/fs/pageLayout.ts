import { isGzip, logicalContent } from '../s3/logicalContent.js';
import type { FileNode } from './fileNodes.js';

/** The file range one step writes or reads: [start, end). */
export interface PageRange {
  readonly start: number;
  readonly end: number;
}

/** A write at `offset` split at multiples of the page size, as a disk writes it. No data, no page. */
export function alignedPages(offset: number, length: number, pageSize: number): PageRange[] {
  const pages: PageRange[] = [];
  for (let start = offset; start < offset + length; ) {
    const end = Math.min(offset + length, (Math.floor(start / pageSize) + 1) * pageSize);
    pages.push({ start, end });
    start = end;
  }
  return pages;
}

/**
 * The page boundaries of a whole-file write of a gzip stream, or undefined for any other content. The
 * number of steps a write or a read takes ends up in the trace, and the compressed size depends on the
 * zlib version, so a gzip file is cut into as many pages as its uncompressed content has, each a
 * proportional slice of the compressed bytes (possibly empty).
 */
export function gzipPageBoundaries(data: Uint8Array, pageSize: number): number[] | undefined {
  if (!isGzip(data)) return undefined;
  const logical = logicalContent(data);
  if (logical === data) return undefined;
  const pages = Math.max(1, Math.ceil(logical.length / pageSize));
  return Array.from({ length: pages + 1 }, (_, i) => Math.round((i * data.length) / pages));
}

export function pagesBetween(boundaries: readonly number[]): PageRange[] {
  return boundaries.slice(1).map((end, i) => ({ start: boundaries[i]!, end }));
}

/**
 * The next read of a reader that has read `offset` bytes in `index` steps, and whether it is the last:
 * the reader stops at the end of the file as it is at that step (or after the pages a gzip write has
 * written so far), so a concurrent writer can leave it with a prefix.
 */
export function nextRead(file: FileNode, offset: number, index: number, pageSize: number): PageRange & { readonly last: boolean } {
  const gzip = file.gzipPages;
  if (gzip !== undefined) {
    const end = Math.min(file.size, Math.max(offset, gzip.boundaries[index + 1] ?? file.size));
    return { start: offset, end, last: index + 1 >= gzip.pagesWritten };
  }
  const end = Math.min(file.size, (Math.floor(offset / pageSize) + 1) * pageSize);
  return { start: offset, end: Math.max(offset, end), last: end >= file.size };
}
