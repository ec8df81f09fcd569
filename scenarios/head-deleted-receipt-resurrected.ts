import { headProfile } from '../src/harness/profiles.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';

/**
 * Our suspicion (spec §3.3, §3.8): a Receipt REMOVE drops same-batch messages of its receipt, but not a
 * run merge that arrives in a later batch. Three receipts, two deleted right after their upload returned,
 * through Standard queues with duplicates and late stream records.
 */
export const deletedReceiptResurrected = pipelineScenario(headProfile, {
  name: 'head-deleted-receipt-resurrected',
  summary: 'head profile: receipts deleted soon after upload; a delta merged after the deletion brings their vectors back',
  faults: { 'stream.recordDelay': { rate: 0.3, always: true }, 'sqs.duplicate': { rate: 0.05 } },
  expectation: { kind: 'violates', invariants: ['convergence'] },
  mechanism:
    'Deleting a receipt removes its words, lines, merchant records and Receipt item from DynamoDB, and each REMOVE reaches compaction as its own message (§2.4, §2.6). ' +
    '§3.3 drops only same-batch INSERT/MODIFY messages of a removed entity and never a run message, and the Receipt deletion takes its ids from DynamoDB (GSI3, eventually consistent) with a fallback `where` query on the snapshot (§3.8): both see only what exists at that moment. ' +
    "So when the run's message comes later than the deletion (a late stream record, or a batch failed on a busy lock and redelivered after the 900 s visibility timeout, §2.8), the deletion finds nothing, is acknowledged, and the later merge upserts the receipt's vectors from its delta (§3.5); nothing deletes them again. " +
    'In the witness the receipt is deleted at 66.9 s, its deletion messages are compacted between 107 s and 112 s, where the GSI3 lookups return nothing, and the run\'s words message, failed at 77 s on a busy lock, is merged at 977 s: 28 words of a receipt DynamoDB no longer has keep their vectors (convergence: "no vector exists for an entity DynamoDB no longer has").',
  configure: (builder) => builder.llmRates({ labelPerWord: 0 }).receiptDeletions(2),
});
