import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { profileWith, seedClientsClosed } from './profileWith.js';

/**
 * Seed 002: "Wait for the initial compaction to complete before creating ReceiptWordLabels … No Race
 * Conditions: Labels are only created after compaction finishes". Variant B (poll the CompactionRun every
 * 2 s up to 120 s, then save labels), in the background, with closed clients; four receipts at once so
 * that compactions queue behind the lock.
 */
export const validationPollWait = pipelineScenario(profileWith(seedClientsClosed, { validationWait: 'poll', validationTiming: 'background', correctMetadata: true }), {
  name: '002-validation-poll-wait',
  summary: 'seed profile with the 2 s / 120 s compaction wait (Variant B): are labels written after the run completed, and do they reach Chroma?',
  faults: { 'process.pause': { rate: 0.005 }, 'sqs.duplicate': { rate: 0.05 } },
  expectation: { kind: 'violates', invariants: ['convergence', 'noLostUpdates', 'snapshotIntegrity', 'modelConformance'] },
  mechanism:
    'Variant B polls `get_compaction_run` every 2 s up to 120 s before saving labels (§6.3). ' +
    'The poll is an eventually consistent GetItem issued right after the run\'s put, so it can read "not found" and proceed at once (§1.1, §6.3); and a compaction failed by a busy two-phase lock comes back only after the 1200 s visibility timeout (§8.2), far beyond 120 s, so most waits time out with the run PENDING (per receipt: completed 17 %, timed out 60 %, not found 23 %). ' +
    'However the wait ends, the labels are then written as INSERTs, which send no message (§8.2), for words whose delta carries no label keys (§8.6), so Chroma never gets them (convergence, in every seed). ' +
    "In the witness one receipt's wait reads the run once at 1.4 s, finds it missing and proceeds; its labels are written at 21.5 s and the last words snapshot, promoted at 1213 s, has none of them. " +
    'The rarer noLostUpdates / snapshotIntegrity / modelConformance breaks are the EFS and two-phase-lock races of `003-concurrent-compactions`.',
  configure: (builder) => builder.receipts(4).llmRates({ labelPerWord: 0.8 }),
});
