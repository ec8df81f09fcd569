import { pipelineScenario } from '../src/harness/world/pipelineScenario.js';
import { seedOneCause } from './profileWith.js';

/**
 * Seed 003: "S3 upload: Partial uploads if Lambda times out", "Snapshot upload: Incomplete upload if
 * Lambda times out", "Partial uploads: If Lambda times out mid-upload, only some files uploaded", "Temp
 * directory cleanup: If Lambda times out, temp dirs might be incomplete". The seed profile with closed
 * clients and invocations killed where they stand (a timeout kills the invocation's actors as a crash
 * does, §3.1). One receipt and no labels written (`seedOneCause`), so that neither concurrent compactions
 * (`003-concurrent-compactions`) nor the label path (`001-labels-without-wait`) shows through.
 */
export const lambdaTimeoutPartialUpload = {
  ...pipelineScenario(seedOneCause, {
    name: '003-lambda-timeout-partial-upload',
    summary: 'seed profile with closed clients; one receipt whose invocations are killed (timeout or crash) in the middle of uploads',
    faults: { 'lambda.crash': { rate: 0.0015, always: true }, 'lambda.coldStart': { rate: 0.3 } },
    expectation: { kind: 'holds' },
    mechanism:
      'A timeout or crash kills the invocation where it stands and leaves every effect so far applied (§3.1, §7). ' +
      "The seed upload writes the version's files under a new `{c}/snapshot/timestamped/{v}/` prefix and puts the pointer only after them (§8.5, §5.2 step 5), so a version killed mid-upload is a set of objects no pointer names; the messages are retried and the next cycle uploads a new version, and a run killed after promotion but before being marked COMPLETED is merged again idempotently (§3.5 step 6). " +
      'Work directories are fresh per run (`/tmp/lines_{run_id}`, §8.6) and per cycle (`chroma-{c}-…`, §3.4 step 4), and an EFS fill downloads into a temporary directory and renames it (§5.4), so a half-written directory left on a warm container is never read again (snapshotIntegrity holds). ' +
      'This does not cover the off-lock EFS publish after promotion (§8.3 step 5): a kill there leaves a partial directory under a version name (`003-efs-partial-copy`), a window that the measured seeds of this one-receipt workload did not hit. ' +
      'The mutant `saveLabels=true` writes labels that no message carries to Chroma (§8.2, §8.6), breaking convergence.',
    configure: (builder) => builder.receipts(1),
  }),
  mutant: { flag: 'saveLabels', value: true, breaks: ['convergence'] },
};
