import type { TableKey } from '../../ports/table.js';
import type { Item } from '../../ports/values.js';
import type { ChromaCollection } from './compactionLock.js';
import {
  checkIsoTimestamp,
  checkNonEmpty,
  checkNonNegativeInteger,
  checkOneOf,
  checkPositiveInteger,
  checkUuid,
  checkUuidV4,
} from './fieldChecks.js';
import { ItemReader } from './itemReader.js';
import { imagePk, receiptSk } from './keys.js';

/**
 * CompactionRun (`COMPACTION_RUN`, spec §1.2, §1.4). SK `RECEIPT#{rid5}#COMPACTION_RUN#{run_id}`; GSI1
 * `RUNS` / `CREATED_AT#{created_at}`. Per collection `{c}_state` (default PENDING), `{c}_started_at`,
 * `{c}_finished_at`, `{c}_error` (stored as NULL when empty, read back as `""`) and `{c}_merged_vectors`
 * (>= 0). The ids and prefixes are stored as attributes too: the stream processor reads `run_id` and
 * `receipt_id` from the NewImage (§2.6).
 */
export const compactionRunType = 'COMPACTION_RUN';

export const compactionStates = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
export type CompactionState = (typeof compactionStates)[number];

type Progress<C extends ChromaCollection> = {
  readonly [field in `${C}_state`]: CompactionState;
} & { readonly [field in `${C}_started_at` | `${C}_finished_at`]: string | null } & { readonly [field in `${C}_error`]: string } & {
  readonly [field in `${C}_merged_vectors`]: number;
};

export type CompactionRun = {
  readonly run_id: string;
  readonly image_id: string;
  readonly receipt_id: number;
  readonly lines_delta_prefix: string;
  readonly words_delta_prefix: string;
  readonly created_at: string;
  readonly updated_at: string | null;
} & Progress<'lines'> &
  Progress<'words'>;

type Identity = 'run_id' | 'image_id' | 'receipt_id' | 'lines_delta_prefix' | 'words_delta_prefix' | 'created_at';
export type CompactionRunInput = Pick<CompactionRun, Identity> & Partial<Omit<CompactionRun, Identity>>;

const type = compactionRunType;
const collections: readonly ChromaCollection[] = ['lines', 'words'];

function nullableTimestamp(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : checkIsoTimestamp(type, field, value);
}

function progress(input: CompactionRunInput, c: ChromaCollection): Item {
  return {
    [`${c}_state`]: checkOneOf(type, `${c}_state`, input[`${c}_state`] ?? 'PENDING', compactionStates),
    [`${c}_started_at`]: nullableTimestamp(`${c}_started_at`, input[`${c}_started_at`]),
    [`${c}_finished_at`]: nullableTimestamp(`${c}_finished_at`, input[`${c}_finished_at`]),
    [`${c}_error`]: input[`${c}_error`] ?? '',
    [`${c}_merged_vectors`]: checkNonNegativeInteger(type, `${c}_merged_vectors`, input[`${c}_merged_vectors`] ?? 0),
  };
}

export function createCompactionRun(input: CompactionRunInput): CompactionRun {
  return {
    run_id: checkUuidV4(type, 'run_id', input.run_id),
    image_id: checkUuid(type, 'image_id', input.image_id),
    receipt_id: checkPositiveInteger(type, 'receipt_id', input.receipt_id),
    lines_delta_prefix: checkNonEmpty(type, 'lines_delta_prefix', input.lines_delta_prefix),
    words_delta_prefix: checkNonEmpty(type, 'words_delta_prefix', input.words_delta_prefix),
    ...progress(input, 'lines'),
    ...progress(input, 'words'),
    created_at: checkIsoTimestamp(type, 'created_at', input.created_at),
    updated_at: nullableTimestamp('updated_at', input.updated_at),
  } as CompactionRun;
}

export function compactionRunKey(imageId: string, receiptId: number, runId: string): TableKey {
  return { PK: imagePk(imageId), SK: `${compactionRunSkPrefix(receiptId)}${runId}` };
}

/** The SK prefix that lists a receipt's runs (§1.4): they come back ordered by run_id, not by time. */
export function compactionRunSkPrefix(receiptId: number): string {
  return `${receiptSk(receiptId)}#COMPACTION_RUN#`;
}

export function compactionRunToItem(run: CompactionRun): Item {
  const attributes: Record<string, Item[string]> = {
    ...compactionRunKey(run.image_id, run.receipt_id, run.run_id),
    GSI1PK: 'RUNS',
    GSI1SK: `CREATED_AT#${run.created_at}`,
    TYPE: type,
    run_id: run.run_id,
    image_id: run.image_id,
    receipt_id: run.receipt_id,
    lines_delta_prefix: run.lines_delta_prefix,
    words_delta_prefix: run.words_delta_prefix,
  };
  for (const c of collections) {
    attributes[`${c}_state`] = run[`${c}_state`];
    attributes[`${c}_started_at`] = run[`${c}_started_at`];
    attributes[`${c}_finished_at`] = run[`${c}_finished_at`];
    attributes[`${c}_error`] = run[`${c}_error`] === '' ? null : run[`${c}_error`];
    attributes[`${c}_merged_vectors`] = run[`${c}_merged_vectors`];
  }
  attributes.created_at = run.created_at;
  attributes.updated_at = run.updated_at;
  return attributes;
}

export function compactionRunFromItem(item: Item): CompactionRun {
  const reader = new ItemReader(item, type);
  const input: Record<string, string | number | null> = {
    run_id: reader.string('run_id'),
    image_id: reader.string('image_id'),
    receipt_id: reader.number('receipt_id'),
    lines_delta_prefix: reader.string('lines_delta_prefix'),
    words_delta_prefix: reader.string('words_delta_prefix'),
    created_at: reader.string('created_at'),
    updated_at: reader.nullableString('updated_at'),
  };
  for (const c of collections) {
    input[`${c}_state`] = reader.string(`${c}_state`);
    input[`${c}_started_at`] = reader.nullableString(`${c}_started_at`);
    input[`${c}_finished_at`] = reader.nullableString(`${c}_finished_at`);
    input[`${c}_error`] = reader.nullableString(`${c}_error`) ?? '';
    input[`${c}_merged_vectors`] = reader.number(`${c}_merged_vectors`);
  }
  return createCompactionRun(input as CompactionRunInput);
}
