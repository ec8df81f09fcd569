import type { Scenario } from '../src/harness/scenario.js';
import { UsageError } from '../src/sim/errors.js';
import { demoLedger, demoLedgerBlind } from './demoLedger.js';
import { headClockSkew } from './headClockSkew.js';
import { headPipeline } from './headPipeline.js';
import { seedPipeline } from './seedPipeline.js';
import { validationParallelNoRace } from './000-validation-parallel-no-race.js';
import { lockWaitOrRetry } from './000-lock-wait-or-retry.js';
import { labelsWithoutWait } from './001-labels-without-wait.js';
import { validationPollWait } from './002-validation-poll-wait.js';
import { sqliteOpenDuringUpload } from './003-sqlite-open-during-upload.js';
import { clientsClosed } from './003-clients-closed.js';
import { lambdaTimeoutPartialUpload } from './003-lambda-timeout-partial-upload.js';
import { tmpFull } from './003-tmp-full.js';
import { deltaUploadUnchecked } from './003-delta-upload-unchecked.js';
import { streamMissedMessages } from './003-stream-missed-messages.js';
import { concurrentCompactions } from './003-concurrent-compactions.js';
import { efsPartialCopy } from './003-efs-partial-copy.js';
import { leaseExpiryBeforePointerWrite } from './003-lease-expiry-before-pointer-write.js';
import { cleanupDuringSlowDownload } from './003-cleanup-during-slow-download.js';
import { partialBatchFailureIds } from './004-partial-batch-failure-ids.js';
import { distributedLock } from './004-distributed-lock.js';
import { labelValidationBeforeMerge } from './head-label-validation-before-merge.js';
import { finalMergeSecondWriter } from './head-final-merge-second-writer.js';
import { deletedReceiptResurrected } from './head-deleted-receipt-resurrected.js';
import { hardenedPipeline } from './hardenedPipeline.js';

/** The scenario catalogue, in the order `run` without arguments runs it. */
export const scenarioCatalog: readonly Scenario[] = [
  demoLedger,
  demoLedgerBlind,
  seedPipeline,
  headPipeline,
  headClockSkew,
  // Claims of the seed documents and our suspicions (scenarios/claims.md).
  validationParallelNoRace,
  lockWaitOrRetry,
  labelsWithoutWait,
  validationPollWait,
  sqliteOpenDuringUpload,
  clientsClosed,
  lambdaTimeoutPartialUpload,
  tmpFull,
  deltaUploadUnchecked,
  streamMissedMessages,
  concurrentCompactions,
  efsPartialCopy,
  leaseExpiryBeforePointerWrite,
  cleanupDuringSlowDownload,
  partialBatchFailureIds,
  distributedLock,
  labelValidationBeforeMerge,
  finalMergeSecondWriter,
  deletedReceiptResurrected,
  hardenedPipeline,
];

export function findScenario(name: string): Scenario {
  const scenario = scenarioCatalog.find((s) => s.name === name);
  if (scenario === undefined) {
    throw new UsageError(`unknown scenario "${name}"; list them with \`receipt-sim scenarios\``);
  }
  return scenario;
}
