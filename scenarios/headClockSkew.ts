import { headProfile } from '../src/harness/profiles.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';

/** The head profile with skewed Lambda clocks: 5 receipts 20 s apart, so each collection publishes enough versions for the cleanup to matter. */
export const headClockSkew = pipelineScenario(headProfile, {
  name: 'head-clock-skew',
  summary: 'head profile (2026): 5 receipts 20 s apart on Lambda containers whose clocks are off by up to ±90 s',
  faults: { 'clock.skew': { rate: 0.5, always: true } },
  // A container whose clock runs ahead names its versions later; the §5.2 cleanup keeps the 4 newest names and deletes the version another compactor just promoted.
  expectation: { kind: 'violates', invariants: ['snapshotIntegrity'] },
  configure: (builder) => builder.receipts(5).uploadSpacingMs(20_000),
});
