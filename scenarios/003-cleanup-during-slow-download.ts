import { headProfile } from '../src/harness/profiles.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { profileWith } from './profileWith.js';

/**
 * Seed 003: "S3 eventual consistency: Reading snapshot while it's being written". S3 is strongly
 * consistent; what a slow reader can meet is the version cleanup (§5.2 step 6, keep 4) of a second
 * writer. The head profile with the step functions' final merge (its own lock row, §4.6), stalling hosts,
 * three receipts 10 s apart, each followed by a final merge.
 */
export const cleanupDuringSlowDownload = pipelineScenario(profileWith(headProfile, { finalMerge: true }), {
  name: '003-cleanup-during-slow-download',
  summary: 'head profile with the final merge: a reader stalls between reading the pointer and fetching the version while other writers publish and clean up',
  faults: { 'process.pause': { rate: 0.02, always: true } },
  expectation: { kind: 'violates', invariants: ['noLostUpdates', 'modelConformance'] },
  mechanism:
    "With `finalMerge` the step functions' final merge locks `chroma-{c}-update` (§4.6) and the head compactor `chroma-{c}-compaction`, so two snapshot writers run without excluding each other, on hosts that stall at 2 % of their steps for up to 90 s. " +
    "The claim's path is a reader that reads the pointer and stalls while the other writer promotes and its cleanup (§5.2 step 6, keep the 4 newest names) deletes the version; the download then meets NoSuchKey, and §5.3 step 3 creates and promotes an empty snapshot with no lock manager, so with no ownership check, discarding every vector. " +
    'In the committed witness and in seeds 1–12, however, no download met a deleted version: the lost updates come from the two writers themselves. ' +
    "In the witness the compactor and the final merge each find no words pointer (at 30.8 s and 46.0 s) and initialise an empty snapshot through §5.3 step 3; the compactor stalls 90 s between its empty upload and its pointer put and promotes the empty store at 121 s over the final merge's version, and later the final merge's unconditional put at 137 s replaces a version holding run 38b124c2, COMPLETED at 122 s, with one built on its own older version (noLostUpdates). " +
    'S3 itself is strongly consistent (§7): what a slow reader can meet is a deletion, not a stale object.',
  configure: (builder) => builder.llmRates({ labelPerWord: 0 }).receipts(3).uploadSpacingMs(10_000).finalMergeRuns(3),
});
