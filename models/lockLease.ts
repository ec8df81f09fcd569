import { assign, setup } from 'xstate';

/**
 * The lease of one CompactionLock row (spec §1.5, §4), identified by its PK `LOCK#{c}#{lock_id}`. The
 * events are derived from the table's writes after the run (`src/invariants/lifecycleFromTable.ts`):
 * - `acquire`: the row is put where there was none (§4.1, `attribute_not_exists(PK)`);
 * - `takeover`: a new owner puts the row over an existing one (§4.1, `expires < :now`);
 * - `heartbeat`: an owner that already held the row puts it again (§4.2);
 * - `release`: the row is deleted (§4.3, `#owner = :owner`);
 * - `expire`: virtual time reached the row's `expires` (announced at the next write of the row).
 *
 * The model states §7's "a lock row has at most one live owner at any instant": a row is acquired
 * only when free, taken over only once its lease expired in true (virtual) time, and heartbeated or
 * released only by its owner. The §4.2 heartbeat checks only that the row exists, so a holder whose
 * lease expired and was taken over can still write it: that heartbeat is a violation here.
 * A heartbeat by the owner of an expired row nobody took renews the lease.
 */
export const lockLeaseStates = ['free', 'held', 'expired', 'released'] as const;

export const lockLeaseEvents = ['acquire', 'takeover', 'heartbeat', 'release', 'expire'] as const;

export type LockLeaseEvent =
  | { readonly type: 'acquire' | 'takeover' | 'heartbeat' | 'release'; readonly owner: string }
  | { readonly type: 'expire' };

export interface LockLeaseContext {
  /** The owner the row names; null while the row is absent. */
  readonly owner: string | null;
}

const ownerOf = (event: LockLeaseEvent): string | null => ('owner' in event ? event.owner : null);

export const lockLeaseMachine = setup({
  types: { events: {} as LockLeaseEvent, context: {} as LockLeaseContext },
  guards: {
    byOwner: ({ context, event }) => context.owner !== null && ownerOf(event) === context.owner,
  },
  actions: {
    grant: assign({ owner: ({ event }) => ownerOf(event) }),
    vacate: assign({ owner: null }),
  },
}).createMachine({
  id: 'lockLease',
  initial: 'free',
  context: { owner: null },
  states: {
    free: { on: { acquire: { target: 'held', actions: 'grant' } } },
    held: {
      on: {
        heartbeat: { target: 'held', guard: 'byOwner' },
        release: { target: 'released', guard: 'byOwner', actions: 'vacate' },
        expire: 'expired',
      },
    },
    expired: {
      on: {
        takeover: { target: 'held', actions: 'grant' },
        heartbeat: { target: 'held', guard: 'byOwner' },
        release: { target: 'released', guard: 'byOwner', actions: 'vacate' },
      },
    },
    released: { on: { acquire: { target: 'held', actions: 'grant' } } },
  },
});
