import { describe, expect, it } from 'vitest';
import { receiptMetadataToItem } from '../../../src/pipeline/entities/receiptMetadata.js';
import { receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { streamProcessorOptions } from '../../../src/pipeline/stream/options.js';
import { detectEntityType, parseStreamRecord } from '../../../src/pipeline/stream/parsers.js';
import { img, label, metadata } from '../entities/fixtures.js';
import { Recorder, insert, modify, remove } from './fixtures.js';

const head = streamProcessorOptions('head');
const seed = streamProcessorOptions('seed');
const run = '9b2e6c1d-8f4a-4c3b-a1d2-0e5f6a7b8c9d';

describe('SK detection, head era (spec §2.3): the first matching rule wins', () => {
  const table: [string, string | undefined][] = [
    ['RECEIPT#00001#PLACE', 'RECEIPT_PLACE'],
    ['RECEIPT#00001#LINE#00002#WORD#00003#LABEL#TAX', 'RECEIPT_WORD_LABEL'],
    ['RECEIPT#00001#SECTION#ITEMS', 'RECEIPT_SECTION'],
    ['RECEIPT#00001#SUMMARY', 'RECEIPT_SUMMARY'],
    [`RECEIPT#00001#COMPACTION_RUN#${run}`, 'COMPACTION_RUN'],
    ['RECEIPT#00001#LINE#00002#WORD#00003', 'RECEIPT_WORD'],
    ['RECEIPT#00001#LINE#00002', 'RECEIPT_LINE'],
    ['RECEIPT#00001', 'RECEIPT'],
    ['RECEIPT#00001#METADATA', undefined],
    ['RECEIPT#00001#WORD#00003', undefined],
    ['RECEIPT#00001#SUMMARY#OLD', undefined],
    ['IMAGE', undefined],
    ['LOCK', undefined],
  ];
  for (const [sk, expected] of table) {
    it(`${sk} → ${expected ?? 'ignored'}`, () => expect(detectEntityType(sk, head)).toBe(expected));
  }

  it('lets an earlier rule shadow a later one: a label whose name starts with PLACE is taken for a ReceiptPlace', () => {
    expect(detectEntityType('RECEIPT#00001#LINE#00002#WORD#00003#LABEL#PLACEHOLDER', head)).toBe('RECEIPT_PLACE');
    expect(detectEntityType('RECEIPT#00001#LINE#00002#WORD#00003#LABEL#SECTION#X', head)).toBe('RECEIPT_WORD_LABEL');
  });

  it('detects #METADATA instead of #PLACE as rule 1 until 2025-12-19 (merchantEntity RECEIPT_METADATA)', () => {
    const historical = streamProcessorOptions('head', { merchantEntity: 'RECEIPT_METADATA' });
    expect(detectEntityType('RECEIPT#00001#METADATA', historical)).toBe('RECEIPT_METADATA');
    expect(detectEntityType('RECEIPT#00001#PLACE', historical)).toBeUndefined();
    expect(detectEntityType('RECEIPT#00001#LINE#00002', historical)).toBe('RECEIPT_LINE');
  });
});

describe('SK detection, seed era (spec §8.2)', () => {
  const table: [string, string | undefined][] = [
    ['RECEIPT#00001#METADATA', 'RECEIPT_METADATA'],
    ['RECEIPT#00001#LINE#00002#WORD#00003#LABEL#TAX', 'RECEIPT_WORD_LABEL'],
    [`RECEIPT#00001#COMPACTION_RUN#${run}`, 'COMPACTION_RUN'],
    ['RECEIPT#00001', undefined],
    ['RECEIPT#00001#LINE#00002', undefined],
    ['RECEIPT#00001#LINE#00002#WORD#00003', undefined],
    ['RECEIPT#00001#SECTION#ITEMS', undefined],
    ['RECEIPT#00001#SUMMARY', undefined],
    ['RECEIPT#00001#PLACE', undefined],
  ];
  for (const [sk, expected] of table) {
    it(`${sk} → ${expected ?? 'ignored'}`, () => expect(detectEntityType(sk, seed)).toBe(expected));
  }

  it('checks #METADATA before #LABEL#: a label named METADATA... is taken for ReceiptMetadata', () => {
    expect(detectEntityType('RECEIPT#00001#LINE#00002#WORD#00003#LABEL#METADATA_X', seed)).toBe('RECEIPT_METADATA');
  });
});

describe('parseStreamRecord (spec §2.3)', () => {
  it('ignores a record whose PK does not start with IMAGE#', () => {
    const item = { ...receiptWordLabelToItem(label()), PK: 'LOCK#words#chroma-words-update', SK: 'LOCK' };
    expect(parseStreamRecord(insert(item), head, new Recorder().log)).toBeNull();
    const stray = { ...receiptWordLabelToItem(label()), PK: `RECEIPT#${img}` };
    expect(parseStreamRecord(insert(stray), head, new Recorder().log)).toBeNull();
  });

  it('parses both images into entities, with the record keys injected into each image', () => {
    const before = receiptWordLabelToItem(label());
    const after = receiptWordLabelToItem(label({ validation_status: 'VALID' }));
    const strip = ({ PK: _pk, SK: _sk, ...rest }: Record<string, unknown>) => rest as typeof before;
    const record = { ...modify(before, after), oldImage: strip(before), newImage: strip(after) };
    const parsed = parseStreamRecord(record, head, new Recorder().log);
    expect(parsed?.entityType).toBe('RECEIPT_WORD_LABEL');
    expect(parsed?.oldEntity).toEqual(label());
    expect(parsed?.newEntity).toEqual(label({ validation_status: 'VALID' }));
  });

  it('turns an image that fails to parse into null, logs it, and keeps the other image', () => {
    const recorder = new Recorder();
    const good = receiptWordLabelToItem(label({ validation_status: 'VALID' }));
    const bad = { ...good, timestamp_added: 42 };
    const parsed = parseStreamRecord(modify(bad, good), head, recorder.log);
    expect(parsed?.oldEntity).toBeNull();
    expect(parsed?.newEntity).toEqual(label({ validation_status: 'VALID' }));
    expect(recorder.lines).toEqual([{ level: 'warning', message: 'Failed to parse OldImage as RECEIPT_WORD_LABEL' }]);
  });

  it('gives null entities for absent images: INSERT has no old one, REMOVE no new one', () => {
    const item = receiptMetadataToItem(metadata());
    const inserted = parseStreamRecord(insert(item), seed, new Recorder().log);
    expect(inserted?.oldEntity).toBeNull();
    expect(inserted?.newEntity).toEqual(metadata());
    const removed = parseStreamRecord(remove(item), seed, new Recorder().log);
    expect(removed?.newEntity).toBeNull();
    expect(removed?.oldEntity).toEqual(metadata());
  });
});
