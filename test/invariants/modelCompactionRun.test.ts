import { describe, expect, it } from 'vitest';
import type { CompactionRunEvent } from '../../models/compactionRun.js';
import type { DerivedLifecycleEvent } from '../../src/invariants/lifecycleFromTable.js';
import { checkPipelineModelConformance } from '../../src/invariants/modelConformance.js';

function run(types: readonly CompactionRunEvent['type'][], id = 'r1/lines'): DerivedLifecycleEvent[] {
  return types.map((type, step) => ({ step, machine: 'compactionRun', id, event: { type } }));
}

const violationsOf = (types: readonly CompactionRunEvent['type'][]) => checkPipelineModelConformance([], run(types)).violations;

describe('the CompactionRun model (one instance per run and collection)', () => {
  it('accepts creation then completion, and a completion repeated by a redelivered message', () => {
    expect(violationsOf(['create', 'complete'])).toEqual([]);
    expect(violationsOf(['create', 'complete', 'complete'])).toEqual([]);
  });

  it('accepts what the unused mark_started and mark_failed would do, and a retried failed run completing', () => {
    expect(violationsOf(['create', 'start', 'complete'])).toEqual([]);
    expect(violationsOf(['create', 'start', 'fail', 'start', 'complete', 'remove'])).toEqual([]);
  });

  it('flags completing a run that was never created', () => {
    expect(violationsOf(['complete'])).toEqual([
      { invariant: 'modelConformance', entity: 'compactionRun:r1/lines', expected: 'in state absent, one of: create', actual: 'complete', steps: [0] },
    ]);
  });

  it('flags a second creation, and going back from COMPLETED to PENDING', () => {
    expect(violationsOf(['create', 'create']).map((v) => v.expected)).toEqual(['in state PENDING, one of: start, complete, fail, remove']);
    expect(violationsOf(['create', 'complete', 'create']).map((v) => v.expected)).toEqual(['in state COMPLETED, one of: complete, remove']);
  });

  it('flags starting or failing a completed run, and any event after removal', () => {
    expect(violationsOf(['create', 'complete', 'start'])).toHaveLength(1);
    expect(violationsOf(['create', 'complete', 'fail'])).toHaveLength(1);
    expect(violationsOf(['create', 'remove', 'complete'])).toHaveLength(1);
  });

  it('keeps the lines and words instances of one run apart', () => {
    const events = [...run(['create', 'complete'], 'r1/lines'), ...run(['create'], 'r1/words')];
    expect(checkPipelineModelConformance([], events).violations).toEqual([]);
  });
});
