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
}
