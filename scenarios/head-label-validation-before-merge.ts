import { headProfile } from '../src/harness/profiles.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';

/**
 * Our suspicion (spec §6.2, §3.7): the async LLM validation's label MODIFY "updates a word only if its
 * Chroma record exists when the message is processed". The head profile, labels on most words, and the
 * validation consumer racing the run's delta merge through Standard queues (duplicates, late records).
 */
export const labelValidationBeforeMerge = pipelineScenario(headProfile, {
  name: 'head-label-validation-before-merge',
  summary: 'head profile: a label validated before its word was merged is skipped, and the merge then writes the labels as read at embed time',
  faults: { 'stream.recordDelay': { rate: 0.3, always: true }, 'sqs.duplicate': { rate: 0.05 } },
  expectation: { kind: 'violates', invariants: ['convergence'] },
  mechanism:
    'Ingest writes the word delta with the labels as read at embed time (PENDING: `label_status=auto_suggested`), puts the CompactionRun and then queues the async LLM validation (§6.1 phase 3b), whose consumer sets the labels VALID or INVALID with full PUTs within seconds (§6.2). ' +
    "Each PUT is a label MODIFY that the stream sends to the WORDS and LINES queues (§2.4, §2.6); the run's INSERT is another item, and late stream records, Standard queues and busy locks leave the two messages in any order. " +
    'When the label message is compacted first, `update_word_labels` finds no Chroma record, returns 0 and the message is acknowledged (§3.7, §6.2: "only if its Chroma record exists"); when the run\'s delta is merged later, the upsert replaces the record with the embed-time metadata (§3.5, §3.12), and nothing ever sends the validated label again (convergence). ' +
    'In the witness a MERCHANT_NAME label turns VALID at 4 s, while the words merge of its receipt runs only at 1872 s, after its messages came back from 900 s visibility timeouts: Chroma keeps `auto_suggested` and no `valid_labels_array` entry for a label DynamoDB holds VALID.',
  configure: (builder) => builder.llmRates({ labelPerWord: 0.8 }),
});
