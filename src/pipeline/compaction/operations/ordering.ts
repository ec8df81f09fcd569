import type { AttributeValue } from '../../../ports/values.js';
import type { CompactionMessage } from '../compactionMessage.js';
import type { EraOption } from './compactionPorts.js';

/**
 * Ordering and categorisation of one batch (spec §3.3; the seed era has neither sort nor dedup, §8.3).
 *
 * An entity key is the JSON text of the key tuple, each part converted to a string as Python's `str()`
 * does (`None`, `True`, `1`), so equal tuples give equal keys.
 */
export type EntityKey = string;

export function entityKey(message: CompactionMessage): EntityKey {
  const parts = (...fields: string[]): string[] => fields.map((field) => pythonStr(message.entity_data[field]));
  switch (message.entity_type) {
    // No type prefix: a RECEIPT key and a RECEIPT_PLACE key of the same receipt are equal.
    case 'RECEIPT':
    case 'RECEIPT_PLACE':
      return JSON.stringify(parts('image_id', 'receipt_id'));
    case 'RECEIPT_LINE':
    case 'RECEIPT_LINE_LABEL':
      return JSON.stringify(parts('image_id', 'receipt_id', 'line_id'));
    // The label name is not part of the key: a REMOVE of one label drops the word's other label messages.
    case 'RECEIPT_WORD':
    case 'RECEIPT_WORD_LABEL':
      return JSON.stringify(parts('image_id', 'receipt_id', 'line_id', 'word_id'));
    case 'RECEIPT_SECTION':
      return JSON.stringify(['RECEIPT_SECTION', ...parts('image_id', 'receipt_id', 'section_type')]);
    default:
      return JSON.stringify([message.entity_type, canonicalEntityData(message.entity_data)]);
  }
}

/**
 * Stable sort by `(0 if REMOVE else 1, timestamp or "")`, then keep every REMOVE (recording its key) and
 * drop an INSERT or MODIFY whose key a REMOVE recorded earlier in the sorted order.
 */
export function sortAndDedup(messages: readonly CompactionMessage[]): CompactionMessage[] {
  const sorted = [...messages].sort((a, b) => rank(a) - rank(b) || compareText(a.context.timestamp || '', b.context.timestamp || ''));
  const removed = new Set<EntityKey>();
  const kept: CompactionMessage[] = [];
  for (const message of sorted) {
    const key = entityKey(message);
    if (message.event_name === 'REMOVE') removed.add(key);
    else if (removed.has(key)) continue;
    kept.push(message);
  }
  return kept;
}

/** The messages of one collection by update step, in the fixed order in which the steps run. */
export interface CategorizedMessages {
  /** 1. COMPACTION_RUN → delta merge (§3.5). */
  readonly compactionRuns: readonly CompactionMessage[];
  /** 2. RECEIPT_PLACE (seed era: RECEIPT_METADATA) → place / metadata updates (§3.6). */
  readonly placeUpdates: readonly CompactionMessage[];
  /** 3. RECEIPT_WORD_LABEL → label updates (§3.7). */
  readonly labelUpdates: readonly CompactionMessage[];
  /** 4. RECEIPT_SECTION → section recompute (§3.9), together with the receipts of step 1. */
  readonly sectionUpdates: readonly CompactionMessage[];
  /** 5. REMOVE of RECEIPT, RECEIPT_WORD, RECEIPT_LINE → deletions (§3.8). */
  readonly deletions: readonly CompactionMessage[];
}

const deletableTypes: ReadonlySet<string> = new Set(['RECEIPT', 'RECEIPT_WORD', 'RECEIPT_LINE']);

/**
 * Splits by type regardless of the sort. INSERT and MODIFY of RECEIPT, RECEIPT_WORD and RECEIPT_LINE, and
 * every other type, are ignored. The seed era has no section or deletion step (§8.3).
 */
export function categorize(messages: readonly CompactionMessage[], options: EraOption = { era: 'head' }): CategorizedMessages {
  const placeType = options.era === 'seed' ? 'RECEIPT_METADATA' : 'RECEIPT_PLACE';
  const head = options.era === 'head';
  return {
    compactionRuns: messages.filter((m) => m.entity_type === 'COMPACTION_RUN'),
    placeUpdates: messages.filter((m) => m.entity_type === placeType),
    labelUpdates: messages.filter((m) => m.entity_type === 'RECEIPT_WORD_LABEL'),
    sectionUpdates: head ? messages.filter((m) => m.entity_type === 'RECEIPT_SECTION') : [],
    deletions: head ? messages.filter((m) => deletableTypes.has(m.entity_type) && m.event_name === 'REMOVE') : [],
  };
}

const rank = (message: CompactionMessage): number => (message.event_name === 'REMOVE' ? 0 : 1);

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function pythonStr(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The entity_data key/value pairs sorted by key, as one canonical string. */
function canonicalEntityData(data: Readonly<Record<string, AttributeValue>>): string {
  return JSON.stringify(
    Object.keys(data)
      .sort(compareText)
      .map((key) => [key, data[key]]),
  );
}
