import { seedProfile } from '../src/harness/profiles.js';
import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';

/**
 * Seed 003's "Most Likely Cause of Corruption: ChromaDB SQLite database files are being uploaded while
 * they're still open/locked by ChromaDB" (also: "Concurrent writes: ChromaDB writing while we're
 * uploading", "Hash calculation: If files change during hash calculation", "Tarball creation: If ChromaDB files
 * are open/locked during tar creation"). The seed profile as it was (the client is never closed, neither
 * for the delta tarballs nor for the snapshot upload), five receipts at once, hosts that stall now and then.
 */
export const sqliteOpenDuringUpload = pipelineScenario(seedProfile, {
  name: '003-sqlite-open-during-upload',
  summary: 'seed profile: deltas are tarred and snapshots uploaded and hashed while the open Chroma client still flushes pages',
  faults: { 'process.pause': { rate: 0.01, always: true } },
  expectation: { kind: 'violates', invariants: ['snapshotIntegrity', 'noLostUpdates', 'modelConformance'] },
  mechanism:
    'The seed profile never closes a Chroma client before archiving, copying or uploading its directory (§8.3, §8.6), and the store writes its pages to disk through a flusher that keeps running after the operation returned (§3.12: a copy of open files can capture partially written SQLite files). ' +
    'The compactor uploads its `/tmp` work directory file by file (§8.5) while that flusher is still writing: in the witness it puts `index.bin` and `chroma.sqlite3` of `20251114_090253` at 173.1–173.4 s, the flusher writes two more pages and a new index file at 173.8 s, and the pointer names the version at 177.1 s. ' +
    'The promoted store is a database image of no state it was ever in ("database disk image is malformed"), and the EFS copy of it that the next cycle starts from is just as torn (snapshotIntegrity). ' +
    'The `.snapshot_hash` is computed after the upload over files that kept changing, and nothing reads it back (§5.3, §8.5), so nothing notices. ' +
    'A delta tarred from an open client can be torn the same way; its merge then raises, and the seed era keeps the result with count 0 and marks the run COMPLETED (§8.3), which noLostUpdates reports.',
  configure: (builder) => builder.llmRates({ labelPerWord: 0 }).receipts(5),
});
