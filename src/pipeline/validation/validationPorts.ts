import type { Clock } from '../../ports/clock.js';
import type { Table } from '../../ports/table.js';
import type { Log, Metrics } from '../observability.js';

/** What validation reads and writes through: the table, the host's clock, logs and metrics. */
export interface ValidationPorts {
  readonly table: Table;
  readonly clock: Clock;
  readonly log: Log;
  readonly metrics: Metrics;
}
