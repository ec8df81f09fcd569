import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedClientsClosed } from './profileWith.js';

/**
 * Seed 001: "We DON'T need to wait! … Labels saved immediately … Stream processor picks up labels →
 * separate compaction". The seed profile's own validation (Variant E: labels saved at once, joined), with
 * closed clients and a label proposed for most words.
 */
export const labelsWithoutWait = pipelineScenario(seedClientsClosed, {
  name: '001-labels-without-wait',
  summary: 'seed profile (Variant E): labels written at once after the run exists; do they reach the Chroma metadata of their words?',
  faults: { 'process.pause': { rate: 0.005 }, 'sqs.duplicate': { rate: 0.05 } },
  expectation: { kind: 'violates', invariants: ['convergence', 'noLostUpdates', 'snapshotIntegrity', 'modelConformance'] },
  mechanism:
    'Variant E validation runs joined inside the upload Lambda right after `add_compaction_run` and saves its labels at once, PENDING or VALID when the proposal is verified (§8.6). ' +
    "In the seed era a ReceiptWordLabel INSERT produces no SQS message (§8.2; head's §2.4 says the same), and the word delta was built before the labels existed and carries no label keys at all (§8.6), so the compaction merges vectors without labels and nothing ever sends them. " +
    'Every labelled word therefore lacks `label_status` and `validated_labels` in Chroma (convergence, in every seed): in the witness the labels are written at 32 s and the last words snapshot, promoted at 1297 s, still has none. ' +
    '"No race" holds only in the sense that the labels never arrive at all. ' +
    'The rarer noLostUpdates / snapshotIntegrity / modelConformance breaks are the EFS and two-phase-lock races of `003-concurrent-compactions`.',
  configure: (builder) => builder.llmRates({ labelPerWord: 0.8 }),
});
