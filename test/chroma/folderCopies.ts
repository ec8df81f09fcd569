import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Judging copies of a real Chroma data folder (`chroma.sqlite3` in rollback-journal mode, plus one HNSW
 * folder per collection, which is not judged here). SQLite judges the copied database read-only, as the
 * copy was taken: only a `quick_check` of exactly `ok` is sound (toolchain.md). A copy that caught a
 * transaction in flight also holds its journal `chroma.sqlite3-journal`; when the journal is hot a
 * read-only open refuses (SQLITE_READONLY_ROLLBACK) rather than roll it back, so a copy with a journal is
 * judged as copied and then, separately, after letting SQLite roll the journal back on a scratch copy.
 */
export interface CopyVerdict {
  /** `ok`, or SQLite's report or error for the database as copied. */
  readonly asCopied: string;
  /** A non-empty journal file was copied along (hot or not). */
  readonly journal: boolean;
  /** The same check after a read-write open rolled the copied journal back; undefined without a journal. */
  readonly afterRollback?: string;
  /** Rows of `embeddings` in a sound copy. */
  readonly records?: number;
}

export const databaseName = 'chroma.sqlite3';
const journalName = `${databaseName}-journal`;

/**
 * fs.cpSync of the folder. A file can vanish between cpSync's listing and its copy (SQLite deletes the
 * journal at each commit): that attempt is discarded and the copy taken again; returns the attempts made.
 */
export function copyFolder(from: string, to: string): number {
  for (let attempt = 1; ; attempt++) {
    try {
      cpSync(from, to, { recursive: true });
      return attempt;
    } catch (error) {
      rmSync(to, { recursive: true, force: true });
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT') || attempt === 10) throw error;
    }
  }
}

export function judgeCopy(folder: string): CopyVerdict {
  const journal = join(folder, journalName);
  const copiedJournal = existsSync(journal) && statSync(journal).size > 0;
  const asCopied = quickCheck(join(folder, databaseName), true);
  const records = asCopied.verdict === 'ok' ? asCopied.records : undefined;
  if (!copiedJournal) return { asCopied: asCopied.verdict, journal: false, records };
  const scratch = mkdtempSync(join(tmpdir(), 'receipt-sim-chroma-rollback-'));
  try {
    copyFileSync(join(folder, databaseName), join(scratch, databaseName));
    copyFileSync(journal, join(scratch, journalName));
    return { asCopied: asCopied.verdict, journal: true, afterRollback: quickCheck(join(scratch, databaseName), false).verdict, records };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function quickCheck(file: string, readonly: boolean): { readonly verdict: string; readonly records?: number } {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly, fileMustExist: true });
    const verdict = db
      .prepare<[], { readonly quick_check: string }>('PRAGMA quick_check')
      .all()
      .map((row) => row.quick_check)
      .join('\n');
    if (verdict !== 'ok') return { verdict };
    return { verdict, records: db.prepare<[], { readonly n: number }>('SELECT COUNT(*) AS n FROM embeddings').get()?.n ?? 0 };
  } catch (error) {
    if (error instanceof Database.SqliteError) return { verdict: `${error.code}: ${error.message}` };
    throw error;
  } finally {
    db?.close();
  }
}
