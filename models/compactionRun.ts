import { setup } from 'xstate';

/**
 * One CompactionRun per collection (spec §1.4), identified as `{run_id}/{collection}`. The events are
 * derived from the table's writes after the run (`src/invariants/lifecycleFromTable.ts`), one per
 * write that sets the collection's `{c}_state`: `create` (to PENDING), `start` (PROCESSING),
 * `complete` (COMPLETED), `fail` (FAILED), and `remove` when the item is deleted.
 *
 * Ingest creates the run once, PENDING, under `attribute_not_exists(PK)`; the compactor marks it
 * COMPLETED under `attribute_exists(PK) AND attribute_exists(SK)`, again whenever a redelivered message
 * merges the delta again. `mark_compaction_run_started` (a full PUT with PROCESSING) and `..._failed`
 * exist but the pipeline never calls them; the model allows what they would do, and a failed run that
 * SQS retries may start or complete again. Forbidden: any event before the creation (completing an absent
 * run), a second creation, and any way back to PENDING or out of COMPLETED other than another completion
 * or removal (a re-put or a full PUT carrying a stale state).
 */
export const compactionRunStates = ['absent', 'PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'removed'] as const;

export const compactionRunEvents = ['create', 'start', 'complete', 'fail', 'remove'] as const;

export type CompactionRunEvent = { readonly type: (typeof compactionRunEvents)[number] };

export const compactionRunMachine = setup({
  types: { events: {} as CompactionRunEvent },
}).createMachine({
  id: 'compactionRun',
  initial: 'absent',
  states: {
    absent: { on: { create: 'PENDING' } },
    PENDING: { on: { start: 'PROCESSING', complete: 'COMPLETED', fail: 'FAILED', remove: 'removed' } },
    PROCESSING: { on: { start: 'PROCESSING', complete: 'COMPLETED', fail: 'FAILED', remove: 'removed' } },
    FAILED: { on: { start: 'PROCESSING', complete: 'COMPLETED', remove: 'removed' } },
    COMPLETED: { on: { complete: 'COMPLETED', remove: 'removed' } },
    removed: { type: 'final' },
  },
});
