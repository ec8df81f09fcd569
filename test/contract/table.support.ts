import type { Table, TableKey } from '../../src/ports/table.js';
import type { Item } from '../../src/ports/values.js';

/** What the Table contract suites get from a backend, and helpers they share. */
export interface TablePorts {
  readonly table: Table;
  /** Waits until earlier writes are visible to eventually consistent reads (about a second on DynamoDB). */
  settle(): Promise<void>;
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it succeeded');
}

export const pk = 'IMAGE#contract';
export const key = (sk: string): TableKey => ({ PK: pk, SK: sk });
export const item = (sk: string, attributes: Item = {}): Item => ({ PK: pk, SK: sk, TYPE: 'RECEIPT', ...attributes });

export type Run = (body: (ports: TablePorts) => Promise<void>) => () => Promise<void>;

export async function putAll(table: Table, items: readonly Item[]): Promise<void> {
  for (const i of items) await table.putItem({ item: i });
}
