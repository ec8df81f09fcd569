import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompactionMessage } from '../../../../src/pipeline/compaction/compactionMessage.js';
import { categorize, entityKey, sortAndDedup } from '../../../../src/pipeline/compaction/operations/ordering.js';
import type { StreamEventName } from '../../../../src/ports/stream.js';
import { message } from './operationsWorld.js';

const img = 'img-1';
const at = (second: number): string => `2025-11-14T12:00:${String(second).padStart(2, '0')}.000Z`;

const wordLabel = (event: StreamEventName, label: string, timestamp = at(0), wordId = 3) =>
  message({ entity_type: 'RECEIPT_WORD_LABEL', event_name: event, timestamp, entity_data: { entity_type: 'RECEIPT_WORD_LABEL', image_id: img, receipt_id: 1, line_id: 2, word_id: wordId, label } });

describe('entity keys (spec §3.3)', () => {
  it('a RECEIPT key and a RECEIPT_PLACE key of the same receipt are equal (no type prefix)', () => {
    const receipt = message({ entity_type: 'RECEIPT', entity_data: { entity_type: 'RECEIPT', image_id: img, receipt_id: 1 } });
    const place = message({ entity_type: 'RECEIPT_PLACE', entity_data: { entity_type: 'RECEIPT_PLACE', image_id: img, receipt_id: 1 } });
    expect(entityKey(receipt)).toBe(entityKey(place));
    expect(entityKey(receipt)).toBe(JSON.stringify([img, '1']));
  });

  it('the label name is not part of a word label key, which equals the word key', () => {
    const word = message({ entity_type: 'RECEIPT_WORD', entity_data: { entity_type: 'RECEIPT_WORD', image_id: img, receipt_id: 1, line_id: 2, word_id: 3 } });
    expect(entityKey(wordLabel('MODIFY', 'TAX'))).toBe(entityKey(wordLabel('REMOVE', 'DATE')));
    expect(entityKey(wordLabel('MODIFY', 'TAX'))).toBe(entityKey(word));
    expect(entityKey(word)).toBe(JSON.stringify([img, '1', '2', '3']));
  });

  it('lines key on (image, receipt, line), sections on ("RECEIPT_SECTION", image, receipt, section_type), parts as Python str()', () => {
    const line = message({ entity_type: 'RECEIPT_LINE', entity_data: { image_id: img, receipt_id: 1, line_id: 7 } });
    const lineLabel = message({ entity_type: 'RECEIPT_LINE_LABEL', entity_data: { image_id: img, receipt_id: '1', line_id: '7' } });
    expect(entityKey(line)).toBe(JSON.stringify([img, '1', '7']));
    expect(entityKey(lineLabel)).toBe(entityKey(line));
    const section = message({ entity_type: 'RECEIPT_SECTION', entity_data: { image_id: img, receipt_id: 1, section_type: 'ITEMS' } });
    expect(entityKey(section)).toBe(JSON.stringify(['RECEIPT_SECTION', img, '1', 'ITEMS']));
    const noLine = message({ entity_type: 'RECEIPT_LINE', entity_data: { image_id: img, receipt_id: 1 } });
    expect(entityKey(noLine)).toBe(JSON.stringify([img, '1', 'None']));
  });

  it('any other type keys on its type and the entity_data pairs sorted by key', () => {
    const a = message({ entity_type: 'COMPACTION_RUN', entity_data: { run_id: 'r', image_id: img, receipt_id: 1 } });
    const b = message({ entity_type: 'COMPACTION_RUN', entity_data: { receipt_id: 1, image_id: img, run_id: 'r' } });
    expect(entityKey(a)).toBe(entityKey(b));
    expect(entityKey(a)).toBe(JSON.stringify(['COMPACTION_RUN', JSON.stringify([['image_id', img], ['receipt_id', 1], ['run_id', 'r']])]));
  });
});

describe('sort and within-batch dedup (spec §3.3)', () => {
  it('sorts REMOVE first, then by timestamp, stably', () => {
    const late = wordLabel('MODIFY', 'TAX', at(9), 1);
    const early = wordLabel('MODIFY', 'TAX', at(1), 2);
    const sameTimeA = wordLabel('MODIFY', 'A', at(5), 4);
    const sameTimeB = wordLabel('MODIFY', 'B', at(5), 5);
    const removal = wordLabel('REMOVE', 'TAX', at(30), 6);
    const noTimestamp = message({ entity_type: 'RECEIPT', event_name: 'MODIFY', timestamp: '', entity_data: { image_id: 'other', receipt_id: 9 } });
    expect(sortAndDedup([late, sameTimeA, early, removal, sameTimeB, noTimestamp])).toEqual([removal, noTimestamp, early, sameTimeA, sameTimeB, late]);
  });

  it('a REMOVE of one label drops same-batch INSERT/MODIFY messages of any label of that word, even later ones', () => {
    const modifyOther = wordLabel('MODIFY', 'DATE', at(20));
    const removal = wordLabel('REMOVE', 'TAX', at(10));
    const otherWord = wordLabel('MODIFY', 'DATE', at(20), 4);
    expect(sortAndDedup([modifyOther, removal, otherWord])).toEqual([removal, otherWord]);
  });

  it('a receipt REMOVE drops the same receipt\'s place MODIFY (equal keys across types)', () => {
    const place = message({ entity_type: 'RECEIPT_PLACE', entity_data: { image_id: img, receipt_id: 1 }, timestamp: at(1) });
    const receipt = message({ entity_type: 'RECEIPT', event_name: 'REMOVE', entity_data: { image_id: img, receipt_id: 1 }, timestamp: at(2) });
    expect(sortAndDedup([place, receipt])).toEqual([receipt]);
  });

  const types = ['RECEIPT', 'RECEIPT_PLACE', 'RECEIPT_WORD', 'RECEIPT_WORD_LABEL', 'RECEIPT_LINE', 'RECEIPT_SECTION', 'COMPACTION_RUN'] as const;
  const arbitraryMessage = fc
    .record({
      type: fc.constantFrom(...types),
      event: fc.constantFrom<StreamEventName>('INSERT', 'MODIFY', 'REMOVE'),
      receipt: fc.integer({ min: 1, max: 2 }),
      line: fc.integer({ min: 1, max: 2 }),
      word: fc.integer({ min: 1, max: 2 }),
      label: fc.constantFrom('TAX', 'DATE'),
      second: fc.integer({ min: 0, max: 9 }),
    })
    .map(({ type, event, receipt, line, word, label, second }) =>
      message({
        entity_type: type,
        // Runs never have REMOVE messages (§3.3).
        event_name: type === 'COMPACTION_RUN' ? 'INSERT' : event,
        timestamp: at(second),
        entity_data:
          type === 'COMPACTION_RUN'
            ? { run_id: `run-${receipt}-${second}`, image_id: img, receipt_id: receipt }
            : { image_id: img, receipt_id: receipt, line_id: line, word_id: word, label, section_type: label },
      }),
    );

  it('property: every REMOVE survives, no INSERT/MODIFY survives a REMOVE of its key, runs are never dropped', () => {
    fc.assert(
      fc.property(fc.array(arbitraryMessage, { maxLength: 25 }), (messages) => {
        const kept = sortAndDedup(messages);
        const removedKeys = new Set(messages.filter((m) => m.event_name === 'REMOVE').map(entityKey));
        expect(kept.filter((m) => m.event_name === 'REMOVE')).toHaveLength(messages.filter((m) => m.event_name === 'REMOVE').length);
        expect(kept.filter((m) => m.event_name !== 'REMOVE' && removedKeys.has(entityKey(m)))).toEqual([]);
        expect(kept.filter((m) => m.entity_type === 'COMPACTION_RUN')).toHaveLength(messages.filter((m) => m.entity_type === 'COMPACTION_RUN').length);
        const others = messages.filter((m) => m.event_name !== 'REMOVE' && !removedKeys.has(entityKey(m)));
        const expected = [...messages.filter((m) => m.event_name === 'REMOVE'), ...others];
        expect(kept).toHaveLength(expected.length);
        expect(new Set(kept.map((m) => m.context.record_id))).toEqual(new Set(expected.map((m) => m.context.record_id)));
        const ranks = kept.map((m) => [m.event_name === 'REMOVE' ? 0 : 1, m.context.timestamp] as const);
        expect([...ranks].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))).toEqual(ranks);
      }),
      { numRuns: 50 },
    );
  });
});

describe('categorisation (spec §3.3 fixed order, §8.3)', () => {
  const of = (entity_type: string, event_name: StreamEventName = 'MODIFY') => message({ entity_type, event_name, entity_data: { image_id: img, receipt_id: 1 } });

  it('splits by type into runs, places, labels, sections and deletions, regardless of the sort', () => {
    const label = of('RECEIPT_WORD_LABEL');
    const place = of('RECEIPT_PLACE');
    const run = of('COMPACTION_RUN', 'INSERT');
    const section = of('RECEIPT_SECTION', 'INSERT');
    const removeWord = of('RECEIPT_WORD', 'REMOVE');
    const removeLine = of('RECEIPT_LINE', 'REMOVE');
    const removeReceipt = of('RECEIPT', 'REMOVE');
    const ignored = [of('RECEIPT_WORD', 'MODIFY'), of('RECEIPT', 'INSERT'), of('RECEIPT_LINE', 'MODIFY'), of('RECEIPT_SUMMARY'), of('RECEIPT_METADATA')];
    const steps = categorize([removeWord, label, ...ignored, section, place, removeReceipt, run, removeLine]);
    expect(Object.keys(steps)).toEqual(['compactionRuns', 'placeUpdates', 'labelUpdates', 'sectionUpdates', 'deletions']);
    expect(steps).toEqual({
      compactionRuns: [run],
      placeUpdates: [place],
      labelUpdates: [label],
      sectionUpdates: [section],
      deletions: [removeWord, removeReceipt, removeLine],
    });
  });

  it('seed era: RECEIPT_METADATA takes the place step, and there are no section or deletion steps', () => {
    const metadata = of('RECEIPT_METADATA');
    const messages: CompactionMessage[] = [of('RECEIPT_PLACE'), metadata, of('RECEIPT_SECTION'), of('RECEIPT', 'REMOVE')];
    expect(categorize(messages, { era: 'seed' })).toEqual({ compactionRuns: [], placeUpdates: [metadata], labelUpdates: [], sectionUpdates: [], deletions: [] });
  });
});
