import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { Table } from '../../ports/table.js';
import type { Tasks } from '../../ports/tasks.js';

export type LogValue = string | number | boolean | null;

/** Structured log line (`logger.info/warning/error` of the production code); the default drops it. */
export type LockLog = (event: string, fields: Readonly<Record<string, LogValue>>) => void;

/** What a lock manager runs on: the table holding the lock rows, the host's clock, ids and background tasks. */
export interface LockPorts {
  readonly table: Table;
  readonly clock: Clock;
  readonly random: Random;
  readonly tasks: Tasks;
  readonly log?: LockLog;
}

export function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.name;
  }
  return String(error);
}
