/**
 * How the stream processor behaves: the era (spec §2 for `head`, §8.2 for `seed`) and the dated
 * sub-variants of §2 as separate options, so a scenario can pick any historical combination.
 *
 * `era` governs the §8.2 bundle: the SK detection list (seed: `#METADATA`, `#LABEL#`,
 * `#COMPACTION_RUN#` only), publish failures (seed: a missing queue URL and `Failed` entries are only
 * logged; head: both raise), record errors (seed: a record that fails is skipped; head: the batch fails)
 * and the seed's 60 s run limit (a slower run raises after finishing).
 */
export type StreamEra = 'seed' | 'head';

/**
 * FIFO `MessageGroupId` (§2.7, §8.2): `none` for Standard queues (head); `perEntity`
 * `{entity_type}:{run_id|receipt_id|image_id|default}:{collection}` (FIFO era before 2025-10-30);
 * `perImage` `COMPACTION_RUN:{image_id}:{collection}` (seed, from 2025-10-30); `perCollection`
 * `compaction:{collection}` (from 2025-12-22 until Standard queues on 2026-01-04).
 */
export type MessageGroupIds = 'none' | 'perEntity' | 'perImage' | 'perCollection';

/**
 * A COMPACTION_RUN MODIFY whose NewImage shows both collections done: `buildError` (seed, §8.2: the
 * completion message fails to build, is counted and nothing is sent), `completionMessages` (head before
 * 2026-02-19: one completion message per collection is sent) or `none` (head since 2026-02-19).
 */
export type CompactionRunModify = 'buildError' | 'completionMessages' | 'none';

export interface StreamProcessorOptions {
  readonly era: StreamEra;
  /** Head SK rule 1 (§2.3): `#PLACE` → RECEIPT_PLACE, or `#METADATA` → RECEIPT_METADATA until 2025-12-19. */
  readonly merchantEntity: 'RECEIPT_PLACE' | 'RECEIPT_METADATA';
  /** Labels also go to LINES (row-based LINES, from 2026-01-22; §2.6). */
  readonly labelsToLines: boolean;
  /** Place and label messages also go to RECEIPT_SUMMARY (from 2026-01-28; §2.6). */
  readonly summaryTargets: boolean;
  readonly compactionRunModify: CompactionRunModify;
  readonly messageGroupIds: MessageGroupIds;
  /**
   * Ours (flag `streamInserts`, not in the spec): an INSERT of a ReceiptPlace, ReceiptMetadata or
   * ReceiptWordLabel sends a message as a MODIFY with those changes would, so a place or label written
   * after the embedding delta was merged still reaches Chroma (§2.4 sends none).
   */
  readonly insertMessages: boolean;
}

const presets: Readonly<Record<StreamEra, StreamProcessorOptions>> = {
  head: {
    era: 'head',
    merchantEntity: 'RECEIPT_PLACE',
    labelsToLines: true,
    summaryTargets: true,
    compactionRunModify: 'none',
    messageGroupIds: 'none',
    insertMessages: false,
  },
  seed: {
    era: 'seed',
    merchantEntity: 'RECEIPT_METADATA',
    labelsToLines: false,
    summaryTargets: false,
    compactionRunModify: 'buildError',
    messageGroupIds: 'perImage',
    insertMessages: false,
  },
};

/** The options of an era as of its profile's date (head: 2026; seed: 2025-11-14), with overrides. */
export function streamProcessorOptions(
  era: StreamEra,
  overrides: Partial<Omit<StreamProcessorOptions, 'era'>> = {},
): StreamProcessorOptions {
  return { ...presets[era], ...overrides };
}

/** `MAX_RECORDS_PER_INVOCATION` (§2.1, §2.2). */
export const maxRecordsPerInvocation = 10;

/** The seed era's run limit (§8.2). */
export const seedRunLimitMs = 60_000;

/** The queue URLs, under their environment variable names (§2.1; the seed era has only the first two). */
export interface StreamProcessorEnvironment {
  readonly LINES_QUEUE_URL?: string;
  readonly WORDS_QUEUE_URL?: string;
  readonly RECEIPT_SUMMARY_QUEUE_URL?: string;
  readonly LINE_ITEM_QUEUE_URL?: string;
}
