/**
 * The flags of the system under test (design.md "Profiles and flags"). A profile is a preset of these;
 * scenarios and `--flag name=value` override single flags. Each flag is one switch between behaviours the
 * spec documents (or, for the hardened profile, our fixes); the README lists them with one-line reasons.
 */
export type Era = 'seed' | 'head';
export type ValidationWait = 'none' | 'poll';
export type PointerPromotion = 'blindPut' | 'conditionalPut';
export type QueueType = 'standard' | 'fifoPerEntity' | 'fifoPerCollection';
export type LockModeFlag = 'none' | 'perInvocation' | 'staticUpdate' | 'twoPhase' | 'singleHeartbeat' | 'leaseFencing';
export type UnknownItemIdentifier = 'wholeBatchRetried' | 'unknownIgnored';
export type ValidationTiming = 'background' | 'joined';
export type SnapshotRetention = 'newestNames' | 'promotionHistory';
export type LeaseTiming = 'spec' | 'skewTolerant';
export type StreamRetries = 'spec' | 'untilRetention';
export type MaxReceiveCount = 'spec' | 'max1000';
export type DeleteReads = 'eventual' | 'strong';

export interface PipelineFlags {
  /** Which spec era the code follows where the eras differ (entities, stream rules, handler steps). */
  readonly era: Era;
  /** Close the Chroma client (flush its files) before archiving or copying its directory (spec §3.12). */
  readonly closeBeforeTar: boolean;
  /** Validation waits for the CompactionRun: `poll` = every 2 s up to 120 s, then proceed (seed 002). */
  readonly validationWait: ValidationWait;
  /** Validation writes the labels it proposes (`save_labels`, spec §6.3). */
  readonly saveLabels: boolean;
  /** Validation corrects ReceiptMetadata on a merchant mismatch (seed 000's T7; `dry_run=False`). */
  readonly correctMetadata: boolean;
  /** Validation runs in the background in parallel with compaction (Variant A) or joined before return. */
  readonly validationTiming: ValidationTiming;
  /** How compaction serialises snapshot writers (spec §4.5 and our lease fencing). */
  readonly lockMode: LockModeFlag;
  /** How the pointer is promoted: one unconditional put, or a put conditional on the ETag read (§5.2). */
  readonly pointerPromotion: PointerPromotion;
  /** SQS queue type and FIFO message grouping of the compaction queues (§2.7, §8.2). */
  readonly queueType: QueueType;
  /** The seed era's EFS snapshot cache (§5.4). */
  readonly efsCache: boolean;
  /** The Historical post-upload validation between upload and promotion (§5.2). */
  readonly postUploadValidation: boolean;
  /** How the SQS mapping treats batchItemFailures identifiers that are no messageId (§8.3). */
  readonly unknownItemIdentifier: UnknownItemIdentifier;
  /** The embedding step functions' final merge runs as a second snapshot writer (§4.6). */
  readonly finalMerge: boolean;
  /**
   * Which versions the upload's cleanup deletes (§5.2 step 6): every version after the 4 newest names
   * (`newestNames`), or only versions at least 4 promotions old by the pointer's own history
   * (`promotionHistory`, ours). Head era only.
   */
  readonly snapshotRetention: SnapshotRetention;
  /**
   * Lease timing (§4): the environment's 3 min lease with plain expiry checks (`spec`), or a 10 min lease
   * whose takeover and renewal keep margins for clock skew and stalls, with strongly consistent ownership
   * reads (`skewTolerant`, ours). Head era only.
   */
  readonly leaseTiming: LeaseTiming;
  /** ReceiptPlace and ReceiptWordLabel INSERTs produce messages as a MODIFY does (ours; §2.4 sends none). */
  readonly streamInserts: boolean;
  /** The stream mapping discards records after 3 retries or 1 h (`spec`, §2.1) or retries them until the stream's retention ends. */
  readonly streamRetries: StreamRetries;
  /** maxReceiveCount of every queue's redrive policy: as §2.8 and §6.2 say (`spec`), or 1000 (the AWS maximum). */
  readonly maxReceiveCount: MaxReceiveCount;
  /**
   * The compactor and the final merge rebuild each touched receipt's vectors from strongly consistent
   * DynamoDB reads (ours): merge only records whose word or line exists, set merchant and label metadata
   * from the current ReceiptPlace and labels, delete vectors of entities that are gone, and fail the
   * messages when that cannot be done. Head era only.
   */
  readonly chromaReconcile: boolean;
  /**
   * How a receipt deletion lists the children it deletes: eventually consistent as the accessors read
   * (`eventual`; GSI3 can miss fresh words, leaving them behind a deleted Receipt) or strongly consistent
   * from the base table (`strong`, ours).
   */
  readonly deleteReads: DeleteReads;
}
