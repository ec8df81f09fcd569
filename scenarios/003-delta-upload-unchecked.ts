import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedOneCause } from './profileWith.js';

/**
 * Seed 003: "Delta upload: Tarball creation/upload could corrupt files" and "Verify S3 upload completes
 * successfully". The seed profile (closed clients) with S3 requests throttled and puts answered with an
 * error after they were applied. One receipt and no labels written (`seedOneCause`), so that neither
 * concurrent compactions (`003-concurrent-compactions`) nor the label path (`001-labels-without-wait`)
 * shows through.
 */
export const deltaUploadUnchecked = {
  ...pipelineScenario(seedOneCause, {
    name: '003-delta-upload-unchecked',
    summary: 'seed profile with closed clients; one receipt; S3 throttles and errors after writes: ingest does not check its delta upload (§8.6)',
    faults: { 's3.throttle': { rate: 0.05, always: true }, 's3.errorAfterEffect': { rate: 0.02 } },
    expectation: { kind: 'holds' },
    mechanism:
      'Seed ingest tars each delta into one object, `{c}/delta/{run_id}/delta.tar.gz`, and does not check the upload (§8.6 step 4): a throttled put (503 before the effect) leaves no object, and a put answered with an error after it was applied leaves a complete one, so no delta is ever torn. ' +
      'Ingest then creates the CompactionRun anyway (§8.6 step 5), and the seed-era merge treats a missing `delta.tar.gz` as a skipped run with no result: not marked, message not failed (§8.3). ' +
      'The run stays PENDING and its words never get vectors, which no invariant reports: noLostUpdates judges COMPLETED runs only, and liveness accepts the acknowledged message (claims.md, "What no invariant sees yet"). ' +
      'Snapshots are built only from deltas that exist, so they stay sound (snapshotIntegrity holds). ' +
      'The mutant `saveLabels=true` writes labels that no message carries to Chroma (§8.2, §8.6), breaking convergence.',
    configure: (builder) => builder.receipts(1),
  }),
  mutant: { flag: 'saveLabels', value: true, breaks: ['convergence'] },
};
