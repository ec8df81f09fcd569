import { readFileSync } from 'node:fs';

/**
 * The record of a passing real-Chroma differential run (test/chroma/differential.test.ts with
 * `CHROMA_DIFF_RECORD=1` writes it after every sequence agreed). Verdicts that rest on the Chroma model are
 * provisional until such a record is committed.
 */
export interface ChromaDifferentialRecord {
  readonly result: 'passed';
  readonly sequences: number;
  readonly operations: number;
  /** Version of the `chromadb` package whose server the store was compared with. */
  readonly chromadb: string;
}

export const chromaDifferentialFile = 'reports/chroma-differential.json';

/** The committed record, or undefined when there is none (or it is not a passing record). */
export function readChromaDifferential(path: string): ChromaDifferentialRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Partial<ChromaDifferentialRecord>;
  if (record.result !== 'passed' || typeof record.sequences !== 'number' || typeof record.operations !== 'number' || typeof record.chromadb !== 'string') {
    return undefined;
  }
  return record as ChromaDifferentialRecord;
}
