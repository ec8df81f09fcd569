import { modestPipelineFaults, pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedProfile } from '../src/harness/profiles.js';

/** The seed profile's whole pipeline: 3 receipts uploaded at once, modest faults. */
export const seedPipeline = pipelineScenario(seedProfile, {
  name: 'seed-pipeline',
  summary: 'seed profile (2025-11-14): 3 receipts through ingest, FIFO queues, two-phase compaction with the EFS cache; modest faults',
  faults: modestPipelineFaults,
  expectation: { kind: 'violates', invariants: ['snapshotIntegrity', 'convergence', 'noLostUpdates', 'liveness', 'modelConformance'] },
  mechanism:
    'Three receipts go through the pipeline as of 2025-11-14 (§8): the upload Lambda writes ReceiptMetadata, tars the lines and words deltas from Chroma clients it never closes, puts the CompactionRun and then runs Variant E validation, which saves its labels at once (§8.6). ' +
    'A label INSERT sends no stream message (§8.2) and the delta carries no label keys (§8.6), so no compaction ever writes those labels to Chroma: in the witness the validation writes its labels at 21 s and the words snapshot promoted at 142 s still has no `label_status` for those words (convergence, in most seeds). ' +
    "The compactor never closes its client either (§8.3), so a version uploaded file by file while the store's flusher is still writing pages can be torn (snapshotIntegrity, `003-sqlite-open-during-upload`). " +
    'The two-phase lock runs the merge and the EFS publish off-lock (§4.5, §5.4), so a cycle can copy and promote an EFS directory that another cycle is still rewriting (noLostUpdates, snapshotIntegrity, `003-concurrent-compactions`). ' +
    'Stalled hosts also delay two-phase heartbeat writes past a release and the next acquire, which writes a stale owner over the row (modelConformance) and now and then leaves a lock row held at the end (liveness).',
});
