import { headProfile } from '../src/harness/profiles.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';

/**
 * Seed 004: the compaction handler "Uses distributed locks for concurrency". The head profile's single
 * lock with heartbeat (after the migration), three receipts at once so that the two invocations per queue
 * contend for the lock, stalls, duplicates and S3 throttling, and no labels (the label path is `head-label-validation-before-merge`).
 */
export const distributedLock = {
  ...pipelineScenario(headProfile, {
    name: '004-distributed-lock',
    summary: 'head profile, 3 receipts at once, no labels: the single compaction lock serialises snapshot writers',
    faults: { 'process.pause': { rate: 0.01 }, 'sqs.duplicate': { rate: 0.05 }, 's3.throttle': { rate: 0.01 } },
    expectation: { kind: 'holds' },
    mechanism:
      'The head compactor takes the single lock `chroma-{c}-compaction` before downloading the snapshot and releases it only after promoting the pointer and marking the runs COMPLETED, renewing a 3 min lease every 30 s (§3.4, §4.2, §4.5 "Single lock"). ' +
      'The second invocation of a queue finds the lock busy and fails its whole batch at once (§3.4 step 2, §4.4); its messages return after the 900 s visibility timeout and are merged by a later holder, so every promotion is built on the version the pointer names (noLostUpdates holds). ' +
      'A single stall here lasts at most 90 s, inside a lease renewed every 30 s; duplicates merge the same delta again idempotently (§3.5 step 6), and a throttled S3 call fails the cycle before its pointer put. ' +
      'No labels are written, so the label race of `head-label-validation-before-merge` does not show. ' +
      "The mutant `lockMode=none` takes no lock: two invocations download the same version and both put the pointer unconditionally (§5.2), so the later promotion drops the other's runs although they are COMPLETED (noLostUpdates).",
    configure: (builder) => builder.llmRates({ labelPerWord: 0 }),
  }),
  mutant: { flag: 'lockMode', value: 'none', breaks: ['noLostUpdates'] },
};
