import Database from 'better-sqlite3';
import { guard, quickCheck } from '../adapters/chroma/sqliteErrors.js';
import { StoreDatabase } from '../adapters/chroma/storeDatabase.js';
import type { StoredRecordView } from '../adapters/chroma/storeFiles.js';

/**
 * The records of a store database image per collection name, as a Chroma client opening it would return
 * them, without the store's consistency checks (a checker that needs them judged the image already, and
 * a delta is merged from exactly these rows, §3.5). Undefined when SQLite cannot read the image.
 */
export function storeRecords(image: Uint8Array): Map<string, StoredRecordView[]> | undefined {
  if (quickCheck(image) !== 'ok') return undefined;
  const db = new Database(Buffer.from(image.buffer, image.byteOffset, image.byteLength), { readonly: true });
  try {
    const database = new StoreDatabase(db, () => 0);
    return guard(() => {
      const records = new Map<string, StoredRecordView[]>();
      for (const collection of database.collections()) {
        const rows = database.select(collection.id, undefined, undefined, undefined);
        records.set(collection.name, rows.map((r) => ({ id: r.id, document: r.document, metadata: r.metadata ?? {} })));
      }
      return records;
    });
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}
