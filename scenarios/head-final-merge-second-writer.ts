import { headProfile } from '../src/harness/profiles.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { profileWith } from './profileWith.js';

/**
 * Our suspicion (spec §4.6): the step functions' final merge locks `chroma-{c}-update` while the head
 * compactor locks `chroma-{c}-compaction`, so the two writers never exclude each other. Three receipts
 * 20 s apart, each followed by a final merge of one of its deltas.
 */
export const finalMergeSecondWriter = pipelineScenario(profileWith(headProfile, { finalMerge: true }), {
  name: 'head-final-merge-second-writer',
  summary: 'head profile with the final merge: two snapshot writers on different lock rows promote versions built on the same base',
  faults: { 'process.pause': { rate: 0.005 } },
  expectation: { kind: 'violates', invariants: ['noLostUpdates', 'snapshotIntegrity'] },
  mechanism:
    "The step functions' final merge locks `chroma-{c}-update` (§4.6) while the head compactor locks `chroma-{c}-compaction` (§4.5), so the two snapshot writers never exclude each other: each downloads the pointer's version, merges, checks only its own lease and puts the pointer unconditionally (§5.2 steps 1, 4, 5). " +
    "Whichever promotes second replaces a version it was not built on, dropping the other's merge although those runs may be COMPLETED (noLostUpdates). " +
    'A missing pointer makes it worse: each writer then creates and promotes an empty snapshot through §5.3 step 3, which passes no lock manager and so checks nothing. ' +
    'In the witness the compactor finds no words pointer at 31.7 s and stalls; the final merge finds none at 51.5 s, initialises, merges and promotes its version at 52.9 s; the compactor wakes at 122 s and promotes its empty initial snapshot over it. ' +
    'snapshotIntegrity breaks in a few seeds (3 of 200) and is not shown by the witness.',
  configure: (builder) => builder.llmRates({ labelPerWord: 0 }).receipts(3).uploadSpacingMs(20_000).finalMergeRuns(3),
});
