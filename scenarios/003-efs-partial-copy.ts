import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedClientsClosed } from './profileWith.js';

/**
 * Seed 003, step 6: "Partial downloads: If download fails mid-way" and "EFS write conflicts: Multiple
 * Lambdas writing to same EFS path". The seed profile's EFS cache (closed clients) with compactions that
 * crash or time out while filling or publishing EFS directories, eight receipts 30 s apart.
 */
export const efsPartialCopy = pipelineScenario(seedClientsClosed, {
  name: '003-efs-partial-copy',
  summary: 'seed profile with closed clients; compactions die while filling or publishing the shared EFS cache',
  faults: { 'lambda.crash': { rate: 0.001, always: true }, 'process.pause': { rate: 0.01 } },
  expectation: { kind: 'violates', invariants: ['noLostUpdates', 'snapshotIntegrity', 'modelConformance'] },
  mechanism:
    'After a promotion the seed compactor republishes the version to EFS off-lock, removing its directory and copying the `/tmp` work directory into it file by file, and marks its runs COMPLETED only after that copy (§5.4, §8.3 step 5). ' +
    'A compactor that dies mid-copy (`lambda.crash`), or one that is only slow, leaves a partial directory under a real version name; the next cycle reads the pointer, finds that directory, passes phase 1, copies it to `/tmp`, merges its own runs into the partial base and promotes it, since phase 3 checks only that the pointer did not move (§4.5). ' +
    "In the witness compaction promotes `20251114_090117` (holding run d28dfac9) at 115 s and starts republishing it; compaction~4 copies the half-published directory at 127 s and promotes `20251114_090207` at 128 s without that run's vectors; the slow publisher marks d28dfac9 COMPLETED at 149 s, and the final words snapshot lacks its 10 vectors (noLostUpdates). " +
    'A copy of an incomplete or changing directory is also a snapshotIntegrity break. ' +
    'EFS fills, by contrast, download into a temporary directory and rename it (§5.4), so a failed download leaves nothing behind.',
  configure: (builder) => builder.llmRates({ labelPerWord: 0 }).receipts(8).uploadSpacingMs(30_000),
});
