import { modestPipelineFaults, pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { headProfile } from '../src/harness/profiles.js';

/**
 * The head profile's whole pipeline: 3 receipts uploaded at once, modest faults. Seed 004's "Uses
 * distributed locks for concurrency" is `004-distributed-lock` (the same without labels).
 */
export const headPipeline = pipelineScenario(headProfile, {
  name: 'head-pipeline',
  summary: 'head profile (2026): 3 receipts through ingest, Standard queues, single-lock compaction, async LLM validation; modest faults',
  faults: modestPipelineFaults,
  expectation: { kind: 'violates', invariants: ['convergence', 'liveness'] },
  mechanism:
    'Three receipts go through the 2026 pipeline (§§1–7): ingest writes the word delta with the labels as read at embed time (PENDING), puts the CompactionRun and queues the async LLM validation (§6.1), whose consumer sets labels VALID or INVALID with full PUTs within seconds (§6.2). ' +
    "Each PUT is a label MODIFY that the stream sends to the WORDS and LINES queues (§2.4, §2.6); the run's INSERT is another item, and nothing orders the two messages at the compactor. " +
    "When the label message is compacted first, `update_word_labels` finds no Chroma record, returns 0 and the message is acknowledged (§3.7); when the run's delta is merged later, the upsert writes the embed-time metadata (§3.5, §3.12), and no message ever carries the validated label again (convergence). " +
    "In the witness a COUPON label turns VALID at 32 s and its message is compacted at 41 s against a words snapshot without the word, while the run's words message, failed at 41 s by the busy `chroma-words-compaction` lock (§3.4 step 2: no wait), is merged only at 941 s after the 900 s visibility timeout (§2.8, §4.4). " +
    'The rare liveness break (1 seed of 200) is a lock row still held when the run goes idle.',
});
