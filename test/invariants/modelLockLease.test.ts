import { describe, expect, it } from 'vitest';
import type { LockLeaseEvent } from '../../models/lockLease.js';
import type { DerivedLifecycleEvent } from '../../src/invariants/lifecycleFromTable.js';
import { checkPipelineModelConformance } from '../../src/invariants/modelConformance.js';

const row = 'LOCK#lines#chroma-lines-compaction';

/** One derived lock-lease event per step, in order. */
function lease(events: readonly LockLeaseEvent[], id = row): DerivedLifecycleEvent[] {
  return events.map((event, step) => ({ step, machine: 'lockLease', id, event }));
}

const acquire = (owner: string): LockLeaseEvent => ({ type: 'acquire', owner });
const takeover = (owner: string): LockLeaseEvent => ({ type: 'takeover', owner });
const heartbeat = (owner: string): LockLeaseEvent => ({ type: 'heartbeat', owner });
const release = (owner: string): LockLeaseEvent => ({ type: 'release', owner });
const expire: LockLeaseEvent = { type: 'expire' };

const violationsOf = (events: readonly LockLeaseEvent[]) => checkPipelineModelConformance([], lease(events)).violations;

describe('the lock lease model', () => {
  it('accepts acquire, heartbeats and release by the owner, then a new acquire by another owner', () => {
    expect(violationsOf([acquire('A'), heartbeat('A'), heartbeat('A'), release('A'), acquire('B'), release('B')])).toEqual([]);
  });

  it('accepts a takeover of an expired lease, and the expired owner renewing a lease nobody took', () => {
    expect(violationsOf([acquire('A'), expire, takeover('B'), heartbeat('B'), release('B')])).toEqual([]);
    expect(violationsOf([acquire('A'), expire, heartbeat('A'), expire, release('A')])).toEqual([]);
  });

  it('flags a heartbeat by the holder whose expired lease another owner took over (§4.2, §7), listing the new lease', () => {
    expect(violationsOf([acquire('A'), heartbeat('A'), expire, takeover('B'), heartbeat('B'), heartbeat('A')])).toEqual([
      {
        invariant: 'modelConformance',
        entity: `lockLease:${row}`,
        expected: 'in state held (owner B), one of: heartbeat, release, expire',
        actual: 'heartbeat by owner A',
        steps: [3, 4, 5],
      },
    ]);
  });

  it('flags a takeover of a lease that is still live (a second live owner)', () => {
    const [violation] = violationsOf([acquire('A'), takeover('B')]);
    expect(violation?.actual).toBe('takeover by owner B');
    expect(violation?.expected).toBe('in state held (owner A), one of: heartbeat, release, expire');
  });

  it('flags an acquire while a lease exists, and a release or heartbeat by a non-owner', () => {
    expect(violationsOf([acquire('A'), acquire('B')]).map((v) => v.actual)).toEqual(['acquire by owner B']);
    expect(violationsOf([acquire('A'), release('B')]).map((v) => v.actual)).toEqual(['release by owner B']);
    expect(violationsOf([acquire('A'), expire, release('B')]).map((v) => v.actual)).toEqual(['release by owner B']);
    expect(violationsOf([acquire('A'), expire, heartbeat('B')]).map((v) => v.actual)).toEqual(['heartbeat by owner B']);
  });

  it('flags a heartbeat or release of a row nobody holds', () => {
    expect(violationsOf([heartbeat('A')])).toHaveLength(1);
    expect(violationsOf([acquire('A'), release('A'), heartbeat('A')])).toHaveLength(1);
    expect(violationsOf([acquire('A'), release('A'), release('A')])).toHaveLength(1);
  });

  it('keeps lock rows apart and reports every transition it defines in its coverage', () => {
    const events = [...lease([acquire('A')]), ...lease([acquire('B')], 'LOCK#words#chroma-words-compaction')];
    const { violations, coverage } = checkPipelineModelConformance([], events);
    expect(violations).toEqual([]);
    const lockCoverage = coverage.find((c) => c.machine === 'lockLease')!;
    expect(lockCoverage.reachedStates).toEqual(['free', 'held']);
    expect(lockCoverage.takenTransitions).toEqual(['free --acquire--> held']);
    expect([...lockCoverage.takenTransitions, ...lockCoverage.untakenTransitions]).toHaveLength(8);
  });
});
