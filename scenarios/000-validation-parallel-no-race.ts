import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { profileWith, seedClientsClosed } from './profileWith.js';

/**
 * Seed 000: "No Race Condition! ✅ … ReceiptMetadata change triggers new compaction … ChromaDB stays in sync".
 * Seed 000's variant (validation in the background, labels not saved, metadata corrected on every receipt),
 * with closed clients and stream records that may arrive late.
 */
export const validationParallelNoRace = pipelineScenario(profileWith(seedClientsClosed, { saveLabels: false, correctMetadata: true, validationTiming: 'background' }), {
  name: '000-validation-parallel-no-race',
  summary: "seed 000's variant: metadata corrected in the background while the run's delta is merged; does Chroma end with the corrected merchant?",
  faults: { 'stream.recordDelay': { rate: 0.3, always: true }, 'process.pause': { rate: 0.005 }, 'sqs.duplicate': { rate: 0.05 } },
  expectation: { kind: 'violates', invariants: ['convergence', 'noLostUpdates', 'snapshotIntegrity', 'modelConformance'] },
  mechanism:
    "With seed 000's variant the upload Lambda puts the CompactionRun and returns while validation runs in the background, saves no labels, and corrects ReceiptMetadata's merchant on every receipt (§6.3 `update_receipt_metadata`): two different items change, the run (INSERT) and the ReceiptMetadata (MODIFY). " +
    "The stream is ordered per item key only (§2.1), so when the run's record arrives late the metadata MODIFY reaches the LINES and WORDS queues first (§8.2); compaction applies it to a snapshot that does not hold the receipt's vectors yet, finds nothing to update and acknowledges it (§3.6: nothing found is success). " +
    "The run's merge then upserts the delta, whose `merchant_name` was captured at embed time (§8.6, §3.5), and no later message corrects it (convergence). " +
    "In the witness the correction is written at 4 s, both stream records reach the stream processor only at 66 s, the MODIFY is compacted at 67.6 s against an empty words snapshot and the run's delta is merged at 69.7 s. " +
    'The rarer noLostUpdates / snapshotIntegrity / modelConformance breaks are the EFS and two-phase-lock races of `003-concurrent-compactions`.',
  configure: (builder) => builder.llmRates({ merchantMismatch: 1 }).merchantFailureRate(0),
});
