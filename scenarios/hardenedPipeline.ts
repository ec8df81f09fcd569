import { hardenedProfile } from '../src/harness/profiles.js';
import type { Scenario } from '../src/harness/scenario.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import type { FaultMenu } from '../src/sim/faults/faultPlan.js';

/**
 * Every fault of the catalog at a rate that makes it fire in most runs where the plan turns it on (the
 * plan draws per run which options are on, so runs see many combinations).
 */
const everyFault: FaultMenu = {
  'process.pause': { rate: 0.005 },
  'clock.skew': { rate: 0.5 },
  'lambda.crash': { rate: 0.0005 },
  'lambda.coldStart': { rate: 0.2 },
  'dynamodb.throttle': { rate: 0.01 },
  'dynamodb.staleWindow': { rate: 0.3 },
  'dynamodb.unprocessedItems': { rate: 0.1 },
  'dynamodb.transactionConflict': { rate: 0.05 },
  'stream.shardRollover': { rate: 0.02 },
  'stream.recordDelay': { rate: 0.05 },
  's3.throttle': { rate: 0.01 },
  's3.errorAfterEffect': { rate: 0.01 },
  'sqs.duplicate': { rate: 0.05 },
  'sqs.sendFailure': { rate: 0.02 },
  'sqs.emptyReceive': { rate: 0.05 },
  'sqs.throttle': { rate: 0.01 },
  'fs.full': { rate: 0.0002 },
  'esm.invokeThrottle': { rate: 0.05 },
};

const base = pipelineScenario(hardenedProfile, {
  name: 'hardened-pipeline',
  summary: 'hardened profile: 4 receipts 20 s apart, a deletion, two label renames, two final merges as a second writer; every catalog fault',
  faults: everyFault,
  expectation: { kind: 'holds' },
  mechanism:
    "The hardened profile keeps head's deployment, adds the final merge as a second writer (§4.6), and changes one flag per failure mode. " +
    "Both writers promote with a pointer put conditional on the ETag they downloaded, so a writer whose base was replaced meanwhile gets 412 and fails its messages for a retry instead of dropping a promotion (§5.2 step 5, §3.4 step 7); leases are fenced and sized for ±90 s skew and 90 s stalls (§4.1–§4.3); cleanup deletes only versions 4 promotions old by the pointer's promotion history, not by host-clock names (§5.2 step 6). " +
    "Convergence comes from rebuilding every touched receipt from strongly consistent DynamoDB reads (existence, place, labels; §3.6–§3.8), from place and label INSERTs that send messages (§2.4), and from strong reads when a deletion lists a receipt's children (§3.8); liveness from stream records retried until retention and a `maxReceiveCount` of 1000 (§2.1, §2.8). " +
    'The mutant `pointerPromotion=blindPut` removes the compare-and-swap: in its witness the compactor and the final merge both start from a missing pointer and each later promotion replaces a version it was not built on (noLostUpdates); the promotion history a blind put writes is then stale, so cleanup can delete a version another writer is still fetching (snapshotIntegrity).',
  configure: (builder) => builder.receipts(4).uploadSpacingMs(20_000).receiptDeletions(1).labelRenames(2).finalMergeRuns(2),
});

/** Our design under every fault: no invariant may break, no message may reach a DLQ, no vector may go missing. */
export const hardenedPipeline: Scenario = {
  ...base,
  // The final merge is part of the deployment here (§4.6, a second snapshot writer).
  flags: { ...base.flags, finalMerge: true },
  mutant: { flag: 'pointerPromotion', value: 'blindPut', breaks: ['noLostUpdates', 'snapshotIntegrity'] },
};
