import type { TableKey } from '../../../ports/table.js';
import type { Item } from '../../../ports/values.js';

/**
 * One item write the table applied, as the invariant checkers inspect it after a run: the trace step of
 * the write and the item before and after it (undefined when absent). Every applied write is kept,
 * including one that left the item unchanged, for the whole run (unlike the version histories, which
 * reads prune, and the stream, which trims after 24 h).
 */
export interface CommittedWrite {
  readonly step: number;
  readonly key: TableKey;
  readonly before: Item | undefined;
  readonly after: Item | undefined;
}
