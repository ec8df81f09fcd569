import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactionRunFromItem, compactionRunToItem, createCompactionRun } from '../../../src/pipeline/entities/compactionRun.js';
import { createReceipt, receiptFromItem, receiptToItem } from '../../../src/pipeline/entities/receipt.js';
import { createReceiptLine, receiptLineFromItem, receiptLineToItem } from '../../../src/pipeline/entities/receiptLine.js';
import { createReceiptMetadata, receiptMetadataFromItem, receiptMetadataToItem } from '../../../src/pipeline/entities/receiptMetadata.js';
import { createReceiptPlace, receiptPlaceFromItem, receiptPlaceToItem } from '../../../src/pipeline/entities/receiptPlace.js';
import { createReceiptSection, receiptSectionFromItem, receiptSectionToItem } from '../../../src/pipeline/entities/receiptSection.js';
import { createReceiptSummary, receiptSummaryFromItem, receiptSummaryToItem } from '../../../src/pipeline/entities/receiptSummary.js';
import { createReceiptWord, receiptWordFromItem, receiptWordToItem } from '../../../src/pipeline/entities/receiptWord.js';
import {
  createReceiptWordLabel,
  receiptWordLabelFromItem,
  receiptWordLabelToItem,
} from '../../../src/pipeline/entities/receiptWordLabel.js';
import type { Item } from '../../../src/ports/values.js';
import {
  compactionRunInput,
  receiptInput,
  receiptLineInput,
  receiptMetadataInput,
  receiptPlaceInput,
  receiptSectionInput,
  receiptSummaryInput,
  receiptWordInput,
  receiptWordLabelInput,
} from './arbitraries.js';

interface Codec<Input, Entity> {
  readonly name: string;
  readonly input: fc.Arbitrary<Input>;
  readonly create: (input: Input) => Entity;
  readonly toItem: (entity: Entity) => Item;
  readonly fromItem: (item: Item) => Entity;
}

const codec = <Input, Entity>(c: Codec<Input, Entity>) => c;

const codecs = [
  codec({ name: 'Receipt', input: receiptInput, create: createReceipt, toItem: receiptToItem, fromItem: receiptFromItem }),
  codec({ name: 'ReceiptLine', input: receiptLineInput, create: createReceiptLine, toItem: receiptLineToItem, fromItem: receiptLineFromItem }),
  codec({ name: 'ReceiptWord', input: receiptWordInput, create: createReceiptWord, toItem: receiptWordToItem, fromItem: receiptWordFromItem }),
  codec({
    name: 'ReceiptWordLabel',
    input: receiptWordLabelInput,
    create: createReceiptWordLabel,
    toItem: receiptWordLabelToItem,
    fromItem: receiptWordLabelFromItem,
  }),
  codec({
    name: 'ReceiptMetadata',
    input: receiptMetadataInput,
    create: createReceiptMetadata,
    toItem: receiptMetadataToItem,
    fromItem: receiptMetadataFromItem,
  }),
  codec({ name: 'ReceiptPlace', input: receiptPlaceInput, create: createReceiptPlace, toItem: receiptPlaceToItem, fromItem: receiptPlaceFromItem }),
  codec({
    name: 'ReceiptSection',
    input: receiptSectionInput,
    create: createReceiptSection,
    toItem: receiptSectionToItem,
    fromItem: receiptSectionFromItem,
  }),
  codec({
    name: 'ReceiptSummary',
    input: receiptSummaryInput,
    create: createReceiptSummary,
    toItem: receiptSummaryToItem,
    fromItem: receiptSummaryFromItem,
  }),
  codec({
    name: 'CompactionRun',
    input: compactionRunInput,
    create: createCompactionRun,
    toItem: compactionRunToItem,
    fromItem: compactionRunFromItem,
  }),
];

describe('fromItem(toItem(x)) = x for every entity', () => {
  for (const c of codecs as Codec<unknown, unknown>[]) {
    it(`${c.name} reads back exactly what it stored`, () => {
      fc.assert(
        fc.property(c.input, (input) => {
          const entity = c.create(input);
          expect(c.fromItem(c.toItem(entity))).toEqual(entity);
        }),
        { numRuns: 50 },
      );
    });

    it(`${c.name} stores only non-empty string keys (DynamoDB rejects anything else as a key)`, () => {
      fc.assert(
        fc.property(c.input, (input) => {
          const item = c.toItem(c.create(input));
          for (const [name, value] of Object.entries(item)) {
            if (name === 'PK' || name === 'SK' || name === 'TYPE' || /^GSI\d(PK|SK)$/.test(name)) {
              expect(typeof value === 'string' && value.length > 0, name).toBe(true);
            }
          }
        }),
        { numRuns: 30 },
      );
    });
  }

  it('keeps a map key named __proto__ as data (found by the ReceiptWord property)', () => {
    const extracted = JSON.parse('{"__proto__": "x", "type": "phone"}') as Record<string, string>;
    const word = createReceiptWord({ ...fc.sample(receiptWordInput, { numRuns: 1, seed: 1 })[0]!, extracted_data: extracted });
    const read = receiptWordFromItem(receiptWordToItem(word));
    expect(read).toEqual(word);
    expect(Object.keys(read.extracted_data!)).toEqual(['__proto__', 'type']);
  });
});
