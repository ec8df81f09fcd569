import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedClientsClosed } from './profileWith.js';

/**
 * Seed 000: "Locking system prevents concurrent ChromaDB updates … Other processes wait or retry".
 * Six receipts uploaded at once on the seed profile (closed clients): six per-receipt FIFO groups, so up
 * to six compactions of one collection run together behind the two-phase lock.
 */
export const lockWaitOrRetry = pipelineScenario(seedClientsClosed, {
  name: '000-lock-wait-or-retry',
  summary: 'seed profile, 6 receipts at once: concurrent compactions behind the two-phase lock; does every run reach the snapshot?',
  faults: { 'process.pause': { rate: 0.005 }, 'sqs.duplicate': { rate: 0.05 } },
  expectation: { kind: 'violates', invariants: ['noLostUpdates', 'snapshotIntegrity', 'modelConformance'] },
  mechanism:
    'Six receipts at once make six FIFO message groups per queue (§8.2), so up to six compactions of one collection run together under the two-phase protocol on `chroma-{c}-update` (§4.5, §8.3, §8.4). ' +
    'Nobody waits: a busy lock in phase 1, or in phase 3 after retries of 0.1 s and 0.2 s, or a moved pointer fails the whole batch, whose messages come back after the 1200 s visibility timeout and go to the DLQ after 3 receives (§8.2) without any invariant noticing (about 2 of 6 receipts per seed). ' +
    "Only the pointer checks and the upload are under the lock: the merge works on a `/tmp` copy of the EFS directory of the pointer's version, and after promoting, phase 4 republishes the new version to EFS off-lock by removing its directory and copying into it file by file (§5.4, §8.3 step 5). " +
    'In the witness compaction~10 promotes `20251114_090319` and stalls in the middle of that copy; compaction~11 reads the same pointer, finds the directory, passes phase 1 (the pointer has not moved) and copies it while compaction~10 keeps writing into it (snapshotIntegrity), and promoting a merge built on such a base drops the runs it lacks (noLostUpdates). ' +
    'The lock serialises pointer writes, not the state they are built on; heartbeat writes delayed past a release break the lease model now and then (modelConformance).',
  configure: (builder) => builder.llmRates({ labelPerWord: 0 }).receipts(6),
});
