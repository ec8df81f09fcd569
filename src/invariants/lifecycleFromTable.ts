import type { CompactionRunEvent } from '../../models/compactionRun.js';
import type { LockLeaseEvent } from '../../models/lockLease.js';
import type { CommittedWrite } from '../adapters/memory/dynamodb/committedWrite.js';
import { parseLockTimestamp } from '../pipeline/entities/compactionLock.js';
import type { Item } from '../ports/values.js';
import type { TraceEntry } from '../sim/trace.js';

/**
 * The lock-lease and CompactionRun lifecycles, derived after the run from the writes the table applied
 * (the fakes emit no events for them: a lease or a run changes state through ordinary DynamoDB writes).
 * Each event carries the trace step of its write; events come in trace order.
 *
 * Lock rows (PK `LOCK#{c}#{lock_id}`, SK `LOCK`, §1.5), one instance per PK: a put where the row was absent
 * is an `acquire`; a put by an owner the row never named is a `takeover`; a put by an owner it named
 * before is a `heartbeat`; a delete is a `release` by the owner the row named. Before a write, when true
 * time (`epochMs` + the step's virtual time, not a host's skewed clock) has reached the row's `expires`,
 * an `expire` is announced first, once per lease.
 *
 * CompactionRuns (SK `…#COMPACTION_RUN#{run_id}`, §1.4), one instance per `{run_id}/{collection}`: a write
 * that sets `{c}_state` gives the event of that state (PENDING `create`, PROCESSING `start`, COMPLETED
 * `complete`, FAILED `fail`), also when the state stays but the collection's other attributes change
 * (a repeated completion); a put with a new `created_at` over an existing run is a second `create`; a
 * delete is a `remove`. Writes that leave the collection's attributes as they were give no event.
 */
export type DerivedLifecycleEvent =
  | { readonly step: number; readonly machine: 'lockLease'; readonly id: string; readonly event: LockLeaseEvent }
  | { readonly step: number; readonly machine: 'compactionRun'; readonly id: string; readonly event: CompactionRunEvent };

interface LockRow {
  readonly owners: Set<string>;
  /** `owner@expires` of the lease whose expiry was announced. */
  announced: string | undefined;
}

const runCollections = ['lines', 'words'] as const;
const runSk = /#COMPACTION_RUN#(.+)$/;
const stateEvents: Readonly<Record<string, CompactionRunEvent['type']>> = {
  PENDING: 'create',
  PROCESSING: 'start',
  COMPLETED: 'complete',
  FAILED: 'fail',
};

export function deriveTableLifecycles(
  trace: readonly TraceEntry[],
  writes: readonly CommittedWrite[],
  epochMs: number,
): DerivedLifecycleEvent[] {
  const events: DerivedLifecycleEvent[] = [];
  const lockRows = new Map<string, LockRow>();
  for (const write of writes) {
    const entry = trace[write.step];
    if (entry?.step !== write.step || !entry.op.startsWith('dynamodb.')) {
      throw new Error(`table write of ${write.key.PK}|${write.key.SK} names step ${write.step}, which is not a DynamoDB step of the trace`);
    }
    if (write.key.SK === 'LOCK' && write.key.PK.startsWith('LOCK#')) {
      let row = lockRows.get(write.key.PK);
      if (row === undefined) lockRows.set(write.key.PK, (row = { owners: new Set(), announced: undefined }));
      for (const event of lockEvents(row, write, epochMs + entry.t)) events.push({ step: write.step, machine: 'lockLease', id: write.key.PK, event });
      continue;
    }
    const runId = runSk.exec(write.key.SK)?.[1];
    if (runId === undefined) continue;
    for (const collection of runCollections) {
      const type = runEventType(collection, write.before, write.after);
      if (type !== undefined) events.push({ step: write.step, machine: 'compactionRun', id: `${runId}/${collection}`, event: { type } });
    }
  }
  return events;
}

function lockEvents(row: LockRow, { before, after }: CommittedWrite, nowMs: number): LockLeaseEvent[] {
  const events: LockLeaseEvent[] = [];
  if (before !== undefined) {
    const lease = `${String(before.owner)}@${String(before.expires)}`;
    const expiresMicros = typeof before.expires === 'string' ? parseLockTimestamp(before.expires) : undefined;
    // §4.3: a lease is live while now < expires.
    if (expiresMicros !== undefined && expiresMicros <= Math.round(nowMs * 1000) && row.announced !== lease) {
      row.announced = lease;
      events.push({ type: 'expire' });
    }
  }
  if (after === undefined) {
    if (before !== undefined) events.push({ type: 'release', owner: String(before.owner) });
    return events;
  }
  const owner = String(after.owner);
  events.push({ type: before === undefined ? 'acquire' : row.owners.has(owner) ? 'heartbeat' : 'takeover', owner });
  row.owners.add(owner);
  return events;
}

function runEventType(collection: string, before: Item | undefined, after: Item | undefined): CompactionRunEvent['type'] | undefined {
  if (after === undefined) return before === undefined ? undefined : 'remove';
  const state = after[`${collection}_state`];
  // An unknown state (not one of §1.4's) gives no event; the entity's own checks reject it.
  const stateEvent = typeof state === 'string' ? stateEvents[state] : undefined;
  if (before === undefined) return stateEvent;
  if (after.created_at !== before.created_at) return 'create';
  if (state !== before[`${collection}_state`]) return stateEvent;
  // The same state marked again (a new finished_at or merged count); PENDING is never marked.
  return state !== 'PENDING' && collectionChanged(collection, before, after) ? stateEvent : undefined;
}

function collectionChanged(collection: string, before: Item, after: Item): boolean {
  const prefix = `${collection}_`;
  const names = new Set([...Object.keys(before), ...Object.keys(after)].filter((name) => name.startsWith(prefix)));
  return [...names].some((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
}
