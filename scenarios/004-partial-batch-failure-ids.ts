import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { profileWith, seedClientsClosed } from './profileWith.js';

/**
 * Seed 004: the Lambda handlers own "Error handling and retries" and "Partial batch failure handling", and
 * the migration keeps "all existing functionality working". The seed compactor reports failures with SQS
 * receipt handles, not message ids (§8.3); here the mapping ignores identifiers it does not know. Five
 * receipts at once on the seed profile (closed clients), so that busy locks and moved pointers fail batches.
 */
export const partialBatchFailureIds = pipelineScenario(profileWith(seedClientsClosed, { unknownItemIdentifier: 'unknownIgnored' }), {
  name: '004-partial-batch-failure-ids',
  summary: 'seed profile, batchItemFailures carrying receipt handles that the SQS mapping ignores: failed batches are deleted as if processed',
  faults: { 'process.pause': { rate: 0.005 } },
  expectation: { kind: 'violates', invariants: ['noLostUpdates', 'snapshotIntegrity', 'modelConformance'] },
  mechanism:
    'The seed compactor reports a failed collection with the SQS receipt handle in `batchItemFailures`, not the messageId (§8.3), and this scenario lets the mapping ignore identifiers it does not know (`unknownIgnored`, which §8.3 leaves undetermined). ' +
    'Five receipts at once make busy `chroma-{c}-update` locks and moved pointers fail whole batches in phase 1 or phase 3 (§4.5), and each such batch is then deleted as if processed: its runs are never merged and stay PENDING (about 3 of 5 runs per seed). ' +
    'No invariant reports that, since noLostUpdates judges COMPLETED runs and liveness accepts a deleted message (claims.md, "What no invariant sees yet"). ' +
    "The breaks measured are the EFS races of `003-concurrent-compactions` and the two-phase lock's late heartbeats: in the witness phase 1's first heartbeat write, held up by a stall beyond `stop_heartbeat`'s 2 s wait (§4.2), lands at 96.6 s just after phase 3 re-acquired the row under a new owner, and writes the old owner back (modelConformance).",
  configure: (builder) => builder.llmRates({ labelPerWord: 0 }).receipts(5),
});
