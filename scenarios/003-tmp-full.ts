import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedOneCause } from './profileWith.js';

/**
 * Seed 003: "Memory/disk limits: Ephemeral storage full, causing corruption". The seed profile with closed
 * clients, a /tmp that refuses pages (ENOSPC) and invocations that die as if out of memory. One receipt
 * and no labels written (`seedOneCause`), so that neither concurrent compactions
 * (`003-concurrent-compactions`) nor the label path (`001-labels-without-wait`) shows through.
 */
export const tmpFull = {
  ...pipelineScenario(seedOneCause, {
    name: '003-tmp-full',
    summary: 'seed profile with closed clients; one receipt; /tmp writes fail with ENOSPC and invocations crash (out of memory)',
    faults: { 'fs.full': { rate: 0.002, always: true }, 'lambda.crash': { rate: 0.001 } },
    expectation: { kind: 'holds' },
    mechanism:
      '`fs.full` makes a page write to a size-limited `/tmp` fail with ENOSPC, and `lambda.crash` kills invocations as if out of memory. ' +
      "With the clients closed, closing waits for the store's flusher and reports a write that failed, so ENOSPC raises in the step that wrote: an ingest fails before its deltas are uploaded and before its CompactionRun exists (§8.6), and a compaction cycle fails before its upload, so nothing is promoted and its messages are retried (§8.3 step 4, §5.2 step 5 comes after the files). " +
      "The half-written work directory stays in the container's `/tmp`, but every run and every cycle uses a new one (§8.6, §3.4 step 4), so it is never published; EFS is not size-limited, and a version already named is never rewritten (snapshotIntegrity holds). " +
      'The mutant `saveLabels=true` writes labels that no message carries to Chroma (§8.2, §8.6), breaking convergence.',
    configure: (builder) => builder.receipts(1),
  }),
  mutant: { flag: 'saveLabels', value: true, breaks: ['convergence'] },
};
