import Database from 'better-sqlite3';
import { VectorStoreError } from '../../ports/errors.js';

/** Runs a database call and reports SQLite's errors as VectorStoreError with SQLite's own code and words. */
export function guard<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof Database.SqliteError) throw new VectorStoreError(error.code, error.message);
    throw error;
  }
}

/** `PRAGMA quick_check` on a database image: exactly `ok` when sound, else SQLite's report or error. */
export function quickCheck(image: Uint8Array): string {
  let db: Database.Database | undefined;
  try {
    db = new Database(Buffer.from(image.buffer, image.byteOffset, image.byteLength), { readonly: true });
    const rows = db.prepare<[], { readonly quick_check: string }>('PRAGMA quick_check').all();
    return rows.map((row) => row.quick_check).join('\n');
  } catch (error) {
    if (error instanceof Database.SqliteError) return `${error.code}: ${error.message}`;
    throw error;
  } finally {
    db?.close();
  }
}
