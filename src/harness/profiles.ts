import type { PipelineFlags } from '../pipeline/config/flags.js';
import { UsageError } from '../sim/errors.js';
import type { FlagSpec } from './scenario.js';

/**
 * Profiles are named presets of the pipeline flags (design.md "Profiles and flags"):
 * - `seed`: the system as it stood on 2025-11-14 (spec §8); where the spec is silent the seed documents
 *   decide (README "Seed-era decisions").
 * - `head`: the 2026 system of spec §§1–7.
 * - `hardened`: our design on head's deployment and concurrency, in which every invariant holds under
 *   every fault of the catalog; each change from head is one flag (README "Profiles and flags").
 */
export type ProfileName = 'seed' | 'head' | 'hardened';

export interface Profile {
  readonly name: ProfileName;
  readonly summary: string;
  /** Wall-clock epoch milliseconds of virtual time 0. */
  readonly epochMs: number;
  readonly flags: PipelineFlags;
}

export const seedProfile: Profile = {
  name: 'seed',
  summary: 'the pipeline as of 2025-11-14 (spec §8): ReceiptMetadata, FIFO queues, EFS cache, two-phase lock, validation Variant E',
  epochMs: Date.UTC(2025, 10, 14, 9, 0, 0),
  flags: {
    era: 'seed',
    closeBeforeTar: false,
    validationWait: 'none',
    saveLabels: true,
    correctMetadata: false,
    validationTiming: 'joined',
    lockMode: 'twoPhase',
    pointerPromotion: 'blindPut',
    queueType: 'fifoPerEntity',
    efsCache: true,
    postUploadValidation: false,
    unknownItemIdentifier: 'wholeBatchRetried',
    finalMerge: false,
    snapshotRetention: 'newestNames',
    leaseTiming: 'spec',
    streamInserts: false,
    streamRetries: 'spec',
    maxReceiveCount: 'spec',
    chromaReconcile: false,
    deleteReads: 'eventual',
  },
};

export const headProfile: Profile = {
  name: 'head',
  summary: 'the 2026 pipeline (spec §§1–7): ReceiptPlace, Standard queues, single lock with heartbeat, no EFS, async LLM validation',
  epochMs: Date.UTC(2026, 7, 3, 9, 0, 0),
  flags: {
    era: 'head',
    closeBeforeTar: true,
    validationWait: 'none',
    saveLabels: true,
    correctMetadata: false,
    validationTiming: 'background',
    lockMode: 'singleHeartbeat',
    pointerPromotion: 'blindPut',
    queueType: 'standard',
    efsCache: false,
    postUploadValidation: false,
    unknownItemIdentifier: 'wholeBatchRetried',
    finalMerge: false,
    snapshotRetention: 'newestNames',
    leaseTiming: 'spec',
    streamInserts: false,
    streamRetries: 'spec',
    maxReceiveCount: 'spec',
    chromaReconcile: false,
    deleteReads: 'eventual',
  },
};

export const hardenedProfile: Profile = {
  name: 'hardened',
  summary: "our design on head's deployment: fenced skew-tolerant leases, conditional pointer puts, cleanup by promotion history, Chroma rebuilt from strong DynamoDB reads, complete deletions, no discarded records or dead letters",
  epochMs: headProfile.epochMs,
  flags: {
    ...headProfile.flags,
    lockMode: 'leaseFencing',
    pointerPromotion: 'conditionalPut',
    snapshotRetention: 'promotionHistory',
    leaseTiming: 'skewTolerant',
    streamInserts: true,
    streamRetries: 'untilRetention',
    maxReceiveCount: 'max1000',
    chromaReconcile: true,
    deleteReads: 'strong',
  },
};

export const profiles: readonly Profile[] = [seedProfile, headProfile, hardenedProfile];

export function findProfile(name: string): Profile {
  const profile = profiles.find((p) => p.name === name);
  if (profile === undefined) {
    throw new UsageError(`unknown profile "${name}"; profiles: ${profiles.map((p) => p.name).join(', ')}`);
  }
  return profile;
}

/** Allowed values of every pipeline flag, with the one-line reason the README repeats. */
export const pipelineFlagSpecs: readonly FlagSpec[] = [
  { name: 'era', summary: 'which spec era the code follows where the eras differ', allowed: ['seed', 'head'] },
  { name: 'closeBeforeTar', summary: 'close the Chroma client before archiving or copying its directory (§3.12, seed 003)', allowed: [true, false] },
  { name: 'validationWait', summary: 'validation polls the CompactionRun every 2 s up to 120 s before saving labels (seed 002)', allowed: ['none', 'poll'] },
  { name: 'saveLabels', summary: 'validation writes the labels it proposes (save_labels, §6.3)', allowed: [true, false] },
  { name: 'correctMetadata', summary: 'validation corrects ReceiptMetadata on a merchant mismatch (seed 000, T7)', allowed: [true, false] },
  { name: 'validationTiming', summary: 'validation runs in the background (Variant A, head consumer) or joined before the upload Lambda returns', allowed: ['background', 'joined'] },
  { name: 'lockMode', summary: 'how compaction serialises snapshot writers (§4.5, and our lease fencing)', allowed: ['none', 'perInvocation', 'staticUpdate', 'twoPhase', 'singleHeartbeat', 'leaseFencing'] },
  { name: 'pointerPromotion', summary: 'pointer put unconditional (§5.2 head) or conditional on the ETag read', allowed: ['blindPut', 'conditionalPut'] },
  { name: 'queueType', summary: 'Standard queues (head) or FIFO grouped per receipt (seed) or per collection (from 2025-12-22)', allowed: ['standard', 'fifoPerEntity', 'fifoPerCollection'] },
  { name: 'efsCache', summary: "the seed era's EFS snapshot cache (§5.4)", allowed: [true, false] },
  { name: 'postUploadValidation', summary: 'download and open the new version before promoting it (Nov 2025 → Feb 2026, §5.2)', allowed: [true, false] },
  { name: 'unknownItemIdentifier', summary: 'what the SQS mapping does with a batchItemFailures id that is no messageId (§8.3: not determined)', allowed: ['wholeBatchRetried', 'unknownIgnored'] },
  { name: 'finalMerge', summary: "the embedding step functions' final merge runs as a second snapshot writer (§4.6)", allowed: [true, false] },
  { name: 'snapshotRetention', summary: 'cleanup deletes versions after the 4 newest names (§5.2), or only versions 4 promotions old by the pointer\'s history (host clocks name versions)', allowed: ['newestNames', 'promotionHistory'] },
  { name: 'leaseTiming', summary: "3 min lease with plain expiry checks (§4), or a 10 min lease taken over and renewed only with margins for ±90 s skew and 90 s stalls", allowed: ['spec', 'skewTolerant'] },
  { name: 'streamInserts', summary: 'ReceiptPlace and label INSERTs send messages too (§2.4 sends none, so a place written after the merge never reaches Chroma)', allowed: [true, false] },
  { name: 'streamRetries', summary: 'the stream mapping discards records after 3 retries or 1 h (§2.1), or retries them until the stream retention ends', allowed: ['spec', 'untilRetention'] },
  { name: 'maxReceiveCount', summary: 'redrive after the receives of §2.8/§6.2 (3 for summary, line-item, LLM queues), or after 1000 (the AWS maximum)', allowed: ['spec', 'max1000'] },
  { name: 'deleteReads', summary: 'a receipt deletion lists its children eventually consistent (GSI3 misses fresh words, which outlive the deleted Receipt) or strongly from the base table', allowed: ['eventual', 'strong'] },
  { name: 'chromaReconcile', summary: 'compactor and final merge rebuild touched receipts from strong DynamoDB reads (existence, place, labels) and fail messages they cannot apply', allowed: [true, false] },
];
