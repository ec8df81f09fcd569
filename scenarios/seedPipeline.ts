import { modestPipelineFaults, pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedProfile } from '../src/harness/profiles.js';

/** The seed profile's whole pipeline: 3 receipts uploaded at once, modest faults. */
export const seedPipeline = pipelineScenario(seedProfile, {
  name: 'seed-pipeline',
  summary: 'seed profile (2025-11-14): 3 receipts through ingest, FIFO queues, two-phase compaction with the EFS cache; modest faults',
  faults: modestPipelineFaults,
  // The compactor uploads its work directory while the never-closed Chroma client still flushes (closeBeforeTar false): a stalled flush tears the copy.
  expectation: { kind: 'violates', invariants: ['snapshotIntegrity'] },
});
