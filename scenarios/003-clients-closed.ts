import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedOneCause } from './profileWith.js';

/**
 * Seed 003's solution: "Ensure ChromaDB clients are properly closed before any file operations"; also its
 * step checks "Delta creation: Local ChromaDB delta should be valid", "Snapshot download: Corrupted
 * download from S3", "Delta extraction: Corrupted tarball extraction", "ChromaDB merge: SQLite corruption
 * during upsert". The seed profile with closed clients under crashes, cold starts and throttling. One
 * receipt and no labels written (`seedOneCause`), so that neither concurrent compactions
 * (`003-concurrent-compactions`) nor the label path (`001-labels-without-wait`) shows through.
 */
export const clientsClosed = {
  ...pipelineScenario(seedOneCause, {
    name: '003-clients-closed',
    summary: 'seed profile with every Chroma client closed before its files are archived, copied or uploaded; one receipt, crashes and throttling',
    faults: { 'lambda.crash': { rate: 0.001 }, 's3.throttle': { rate: 0.02 }, 'dynamodb.throttle': { rate: 0.005 }, 'lambda.coldStart': { rate: 0.3 } },
    expectation: { kind: 'holds' },
    mechanism:
      "With `closeBeforeTar` every Chroma client is closed before its directory is used: ingest closes each delta client before tarring it, and the compactor closes its work-directory client before the upload and the EFS copy (§3.12; seed 003's `line_client = None`). " +
      "Closing waits for the store's flusher, so every tarball, upload, EFS copy, download and extraction reads files that no longer change and sees one consistent database. " +
      'S3 objects are immutable and strongly consistent (§7), extraction rejects only unsafe paths, and the merge upserts into a private `/tmp` copy (§3.5, §8.3), so crashes, cold starts and throttling only fail or retry steps and never publish a torn store (snapshotIntegrity holds). ' +
      'One receipt and no labels keep the other causes out; the mutant `saveLabels=true` makes Variant E write labels whose INSERTs send no message (§8.2) and which no delta carries (§8.6), so the Chroma metadata of labelled words never converges (`001-labels-without-wait`).',
    configure: (builder) => builder.receipts(1),
  }),
  mutant: { flag: 'saveLabels', value: true, breaks: ['convergence'] },
};
