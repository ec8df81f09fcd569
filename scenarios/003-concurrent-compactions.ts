import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedClientsClosed } from './profileWith.js';

/**
 * Seed 003: "Concurrent compaction: Multiple compactions modifying same snapshot", "Atomic pointer update:
 * Race condition if multiple compactions finish", "Concurrent operations". Eight receipts at once on the
 * seed profile (closed clients), hosts that stall, so that many compactions of one collection overlap.
 */
export const concurrentCompactions = pipelineScenario(seedClientsClosed, {
  name: '003-concurrent-compactions',
  summary: 'seed profile with closed clients, 8 receipts at once and stalling hosts: many compactions of one collection overlap',
  faults: { 'process.pause': { rate: 0.02, always: true }, 'sqs.duplicate': { rate: 0.05 } },
  expectation: { kind: 'violates', invariants: ['noLostUpdates', 'snapshotIntegrity', 'modelConformance'] },
  mechanism:
    'Eight receipts at once put up to eight compactions of one collection in flight (one FIFO group per receipt, §8.2) behind the two-phase lock on `chroma-{c}-update` (§4.5, §8.4). ' +
    "Each cycle reads the pointer off-lock, makes sure the EFS cache holds that version (filling it from S3 when missing), passes phase 1's pointer comparison, copies the EFS directory to `/tmp` and merges there off-lock; after promoting in phase 3 it republishes its new version to EFS off-lock by removing the directory and copying into it file by file (§5.4, §8.3 steps 1–5). " +
    'Nothing orders that republish against the next cycle: in the witness compaction~21 promotes `20251114_092347`, removes its EFS directory and stalls, compaction~25 finds the directory missing, fills it from S3 and copies it to `/tmp` while compaction~21 wakes up and writes its own copy into the same directory (snapshotIntegrity). ' +
    "A cycle that copied a half-written directory merges into it and promotes it, because phase 3 compares only the pointer's name, which has not moved; the runs missing from that base are lost (noLostUpdates). " +
    'Stalls also delay two-phase heartbeat writes past a release and the next acquire (modelConformance).',
  configure: (builder) => builder.llmRates({ labelPerWord: 0 }).receipts(8),
});
