import { CORE_LABELS } from '../pipeline/entities/coreLabels.js';
import type { Era } from '../pipeline/config/flags.js';
import type { Metadata, MetadataValue } from '../ports/vectorStore.js';
import type { Item } from '../ports/values.js';
import { numeric, text } from './dynamoState.js';
import type { KeyClause } from './keyClause.js';

/**
 * The label keys of `expectedMetadata` (see expectedMetadata.ts for the whole list), from the labels
 * DynamoDB holds now. Absent keys stand for empty: compaction writes an empty array as null, which Chroma's
 * update deletes (§3.7, §3.12), and a label REMOVE nulls every label key (§3.7).
 */
export interface LabelView {
  readonly name: string;
  readonly status: string;
  readonly timestampAdded: string;
  readonly proposedBy: string | undefined;
  readonly confidence: number | undefined;
}

/** A word's labels in SK (label name) order, as `list_receipt_word_labels_for_word` returns them (§3.7). */
export function labelViews(items: readonly Item[]): LabelView[] {
  return [...items]
    .sort((a, b) => compareText(String(a.SK), String(b.SK)))
    .map((item) => ({
      // The label's name is part of its SK (§1.2).
      name: text(item, 'label') ?? String(item.SK).slice(String(item.SK).indexOf('#LABEL#') + '#LABEL#'.length),
      // §1.3: validation_status null is read as NONE.
      status: text(item, 'validation_status') ?? 'NONE',
      timestampAdded: text(item, 'timestamp_added') ?? '',
      proposedBy: text(item, 'label_proposed_by'),
      confidence: numeric(item, 'confidence'),
    }));
}

/** §3.7: `validated` if any label is VALID, else `auto_suggested` if any is PENDING, else `unvalidated`. */
function wordStatus(labels: readonly LabelView[]): string {
  if (labels.some((l) => l.status === 'VALID')) return 'validated';
  if (labels.some((l) => l.status === 'PENDING')) return 'auto_suggested';
  return 'unvalidated';
}

/** The first label with the greatest `timestamp_added` (Python's `max`). */
function newest(labels: readonly LabelView[]): LabelView | undefined {
  let best: LabelView | undefined;
  for (const label of labels) if (best === undefined || label.timestampAdded > best.timestampAdded) best = label;
  return best;
}

/** §3.7: trimmed, upper-cased, de-duplicated names. */
const names = (labels: readonly LabelView[]): Set<string> => new Set(labels.map((l) => l.name.trim().toUpperCase()));

/**
 * A stored label list as a set of names: head keeps JSON text (`["DATE","TAX"]`, the pipeline's encoding
 * of Chroma's list value), the seed era a comma list with leading and trailing commas (§8.3); absent or
 * null is empty.
 */
export function storedNames(value: MetadataValue | undefined): Set<string> {
  if (typeof value !== 'string' || value === '') return new Set();
  if (value.startsWith('[')) {
    try {
      return new Set((JSON.parse(value) as unknown[]).map(String));
    } catch {
      return new Set([value]);
    }
  }
  return new Set(value.split(',').filter((name) => name !== ''));
}

const setText = (set: ReadonlySet<string>): string => (set.size === 0 ? '{}' : `{${[...set].sort().join(',')}}`);
const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));
const shown = (value: MetadataValue | undefined): string => (value === undefined ? 'absent' : JSON.stringify(value));

/** `key` must hold `value`; absent stands for `absentMeans`. */
function equals(key: string, value: MetadataValue, spec: string, absentMeans?: MetadataValue): KeyClause {
  return {
    keys: [key],
    spec,
    expected: `${key}=${JSON.stringify(value)}`,
    check: (metadata) => {
      const actual = metadata[key] ?? absentMeans;
      return actual === value ? undefined : `${key}=${shown(metadata[key])}`;
    },
  };
}

/** The key's stored list must name exactly these labels. */
function nameSet(key: string, expected: ReadonlySet<string>, spec: string): KeyClause {
  return {
    keys: [key],
    spec,
    expected: `${key}=${setText(expected)}`,
    check: (metadata) => (sameSet(storedNames(metadata[key]), expected) ? undefined : `${key}=${setText(storedNames(metadata[key]))}`),
  };
}

/** §7: no label in both the valid and the invalid list of a record. */
export function disjointLists(validKey: string, invalidKey: string): KeyClause {
  return {
    keys: [validKey, invalidKey],
    spec: '§7',
    expected: `no label in both ${validKey} and ${invalidKey}`,
    check: (metadata) => {
      const invalid = storedNames(metadata[invalidKey]);
      const both = [...storedNames(metadata[validKey])].filter((name) => invalid.has(name));
      return both.length === 0 ? undefined : `both list ${both.join(',')}`;
    },
  };
}

/** The label keys of a word (head §3.7; seed §8.3), reconstructed from all its labels. */
export function wordLabelClauses(labels: readonly LabelView[], era: Era): KeyClause[] {
  const valid = labels.filter((l) => l.status === 'VALID');
  const invalid = labels.filter((l) => l.status === 'INVALID');
  const pending = newest(labels.filter((l) => l.status === 'PENDING'));
  const validated = newest(valid);
  const [validKey, invalidKey] = era === 'head' ? ['valid_labels_array', 'invalid_labels_array'] : ['validated_labels', 'invalid_labels'];
  const clauses: KeyClause[] = [
    equals('label_status', wordStatus(labels), era === 'head' ? '§3.7' : '§8.3, §3.7', 'unvalidated'),
    nameSet(validKey, names(valid), era === 'head' ? '§3.7' : '§8.3'),
    nameSet(invalidKey, names(invalid), era === 'head' ? '§3.7' : '§8.3'),
    disjointLists(validKey, invalidKey),
  ];
  // Written only when there is a value (§3.7), so otherwise a stored value may stay: unconstrained then.
  if (validated !== undefined) clauses.push(equals('label_validated_at', validated.timestampAdded, era === 'head' ? '§3.7' : '§8.3'));
  if (pending?.proposedBy !== undefined) clauses.push(equals('label_proposed_by', pending.proposedBy, era === 'head' ? '§3.7' : '§8.3'));
  if (era === 'head' && pending?.confidence !== undefined) clauses.push(equals('label_confidence', pending.confidence, '§3.7'));
  return clauses;
}

const coreLabels: ReadonlySet<string> = new Set(CORE_LABELS);

/**
 * The label keys of a head row (§3.7 LINES, §3.11), from the CORE_LABELS labels on the row's lines. A row
 * states its labels in two encodings: embed-time `valid_labels_array` / `invalid_labels_array` (§3.11) and
 * compaction's `label_{LABEL}` flags (true VALID, false INVALID, §3.7), which never rewrites the arrays;
 * together they must name exactly the row's VALID labels, and exactly its INVALID labels that are not
 * VALID on another word of the row.
 */
export function rowLabelClauses(labels: readonly LabelView[]): KeyClause[] {
  const core = labels.filter((l) => coreLabels.has(l.name));
  const valid = new Set(core.filter((l) => l.status === 'VALID').map((l) => l.name));
  const invalid = new Set(core.filter((l) => l.status === 'INVALID' && !valid.has(l.name)).map((l) => l.name));
  const judged = core.some((l) => l.status === 'VALID' || l.status === 'INVALID');
  const status = judged ? 'validated' : core.some((l) => l.status === 'PENDING') ? 'auto_suggested' : 'unvalidated';
  const claims = (metadata: Metadata, flag: boolean, arrayKey: string): Set<string> => {
    const claimed = storedNames(metadata[arrayKey]);
    for (const [key, value] of Object.entries(metadata)) if (key.startsWith('label_') && value === flag) claimed.add(key.slice('label_'.length));
    return claimed;
  };
  const stated = (expected: ReadonlySet<string>, flag: boolean, arrayKey: string, what: string): KeyClause => ({
    keys: [`label_{LABEL}=${String(flag)}`, arrayKey],
    spec: '§3.7, §3.11',
    expected: `${what} labels ${setText(expected)}`,
    check: (metadata) => {
      const claimed = claims(metadata, flag, arrayKey);
      return sameSet(claimed, expected) ? undefined : `${what} labels ${setText(claimed)}`;
    },
  });
  return [
    equals('label_status', status, '§3.7', 'unvalidated'),
    stated(valid, true, 'valid_labels_array', 'VALID'),
    stated(invalid, false, 'invalid_labels_array', 'INVALID'),
    disjointLists('valid_labels_array', 'invalid_labels_array'),
  ];
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
