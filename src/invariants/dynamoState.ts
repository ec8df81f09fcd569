import type { Era } from '../pipeline/config/flags.js';
import type { AttributeValue, Item } from '../ports/values.js';

/**
 * The table's items as the convergence and lost-update checkers look them up. A word's Chroma id is its
 * item's `PK#SK` (§1.2, §3.11: `IMAGE#{img}` + `#` + `RECEIPT#{rid5}#LINE#{lid5}#WORD#{wid5}`), and a line
 * row's id is its primary line's `PK#SK`, so records and items meet on that text.
 */
export class DynamoState {
  private readonly byKey = new Map<string, Item>();
  private readonly labels = new Map<string, Item[]>();
  private readonly sections = new Map<string, Item[]>();

  constructor(
    readonly era: Era,
    readonly items: readonly Item[],
  ) {
    for (const item of items) {
      const key = itemKey(item);
      if (key === undefined) continue;
      this.byKey.set(key, item);
      if (item.TYPE === 'RECEIPT_WORD_LABEL') push(this.labels, key.slice(0, key.indexOf('#LABEL#')), item);
      if (item.TYPE === 'RECEIPT_SECTION') push(this.sections, key.slice(0, key.indexOf('#SECTION#')), item);
    }
  }

  /** The item whose `PK#SK` is `key` (a word's or a line's Chroma id, a receipt's `IMAGE#{img}#RECEIPT#{rid5}`). */
  item(key: string): Item | undefined {
    return this.byKey.get(key);
  }

  /** The ReceiptWordLabels of a word (by its `PK#SK`). */
  labelsOf(wordKey: string): readonly Item[] {
    return this.labels.get(wordKey) ?? [];
  }

  /** The ReceiptSections of a receipt (by `IMAGE#{img}#RECEIPT#{rid5}`). */
  sectionsOf(receiptKey: string): readonly Item[] {
    return this.sections.get(receiptKey) ?? [];
  }

  /** The receipt's merchant record: ReceiptPlace (head, §1.3) or ReceiptMetadata (seed, §8.1). */
  merchantOf(receiptKey: string): Item | undefined {
    return this.byKey.get(`${receiptKey}#${this.era === 'head' ? 'PLACE' : 'METADATA'}`);
  }

  /** The word keys (`PK#SK` without the label part) of every word of a line that has labels. */
  labelledWordsOfLine(lineKey: string): string[] {
    return [...this.labels.keys()].filter((word) => word.startsWith(`${lineKey}#WORD#`));
  }
}

export function itemKey(item: Item): string | undefined {
  return typeof item.PK === 'string' && typeof item.SK === 'string' ? `${item.PK}#${item.SK}` : undefined;
}

/** How the table's trace steps name an item: `PK|SK`. */
export function tableEntity(item: Item): string {
  return `${String(item.PK)}|${String(item.SK)}`;
}

export function text(item: Item | undefined, field: string): string | undefined {
  const value: AttributeValue | undefined = item?.[field];
  return typeof value === 'string' ? value : undefined;
}

export function numeric(item: Item | undefined, field: string): number | undefined {
  const value: AttributeValue | undefined = item?.[field];
  return typeof value === 'number' ? value : undefined;
}

function push(map: Map<string, Item[]>, key: string, item: Item): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}
