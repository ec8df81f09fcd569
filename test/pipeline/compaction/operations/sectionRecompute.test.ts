import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceUnavailable } from '../../../../src/ports/errors.js';
import { lineSections, recomputeSections, rowSection } from '../../../../src/pipeline/compaction/operations/sectionRecompute.js';
import { lineChromaId } from '../../../../src/pipeline/entities/chromaIds.js';
import { receiptSectionToItem } from '../../../../src/pipeline/entities/receiptSection.js';
import type { QueryRequest } from '../../../../src/ports/table.js';
import type { Simulation } from '../../../../src/sim/simulation.js';
import { simulate } from '../../../support/simulate.js';
import { img, section } from '../../entities/fixtures.js';
import { ScriptedCollection, failingQueries, metadataById, operationsWorld, vector } from './operationsWorld.js';

const sections = [
  section({ section_type: 'ITEMS', line_ids: [4, 5, 6], confidence: 0.9 }),
  section({ section_type: 'TOTALS', line_ids: [6, 7], confidence: 0.95 }),
  section({ section_type: 'HEADER', line_ids: [1, 2], confidence: 0.99, validation_status: 'INVALID' }),
  section({ section_type: 'FOOTER', line_ids: [8], confidence: 0.5 }),
  section({ section_type: 'PAYMENT', line_ids: [8], confidence: 0.5 }),
];

describe('line → section map and row plurality (spec §3.9)', () => {
  it('skips INVALID sections; the higher confidence wins a shared line, the first one on equal confidence', () => {
    expect(Object.fromEntries(lineSections(sections))).toEqual({ 4: 'ITEMS', 5: 'ITEMS', 6: 'TOTALS', 7: 'TOTALS', 8: 'FOOTER' });
  });

  it('a row takes the plurality of its lines\' sections; a tie or no section leaves it unset', () => {
    const map = lineSections(sections);
    expect(rowSection([4, 5, 6], map)).toBe('ITEMS');
    expect(rowSection([4, 6], map)).toBeNull();
    expect(rowSection([1, 2], map)).toBeNull();
    expect(rowSection([1, 6], map)).toBe('TOTALS');
  });

  it('property: the row label is the one section with strictly the most lines, else null', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }), { maxLength: 8 }), (perLine) => {
        const map = new Map(perLine.flatMap((s, line) => (s === undefined ? [] : [[line, s] as const])));
        const counts = ['A', 'B', 'C'].map((s) => [s, perLine.filter((x) => x === s).length] as const).sort((a, b) => b[1] - a[1]);
        const expected = counts[0]![1] > 0 && counts[0]![1] > counts[1]![1] ? counts[0]![0] : null;
        expect(rowSection(perLine.map((_, line) => line), map)).toBe(expected);
      }),
      { numRuns: 50 },
    );
  });
});

describe('section recompute (spec §3.9)', () => {
  const row = (primary: number, lines: number[], sectionLabel?: string) =>
    vector(lineChromaId(img, 1, primary), { image_id: img, receipt_id: 1, line_id: primary, row_line_ids: JSON.stringify(lines), ...(sectionLabel === undefined ? {} : { section_label: sectionLabel }) });

  it('writes only the rows whose label changes, with {section_label: value|null}', async () => {
    await simulate({}, operationsWorld, async (world) => {
      await world.seed(sections.map(receiptSectionToItem));
      const snapshot = new ScriptedCollection(await world.snapshot('lines'));
      await snapshot.upsert([row(1, [1, 2], 'HEADER'), row(4, [4, 5], 'ITEMS'), row(6, [6, 7], 'ITEMS'), row(9, [4, 6]), row(8, [8])]);
      const results = await recomputeSections(world.ports, snapshot, [{ image_id: img, receipt_id: 1 }, { image_id: img, receipt_id: 1 }]);
      expect(results).toEqual([{ kind: 'section', image_id: img, receipt_id: 1, updated: 3, error: null }]);
      expect(snapshot.calls.filter((c) => c.op === 'update').map((c) => c.ids)).toEqual([[1, 6, 8].map((l) => lineChromaId(img, 1, l))]);
      const after = await metadataById(snapshot);
      const labelOf = (primary: number): unknown => (after[lineChromaId(img, 1, primary)] as Record<string, unknown>).section_label;
      expect([1, 4, 6, 9, 8].map(labelOf)).toEqual([undefined, 'ITEMS', 'TOTALS', undefined, 'FOOTER']);
    });
  });

  it('reads the receipt\'s sections with one strongly consistent query', async () => {
    const requests: QueryRequest[] = [];
    const spy = (sim: Simulation) => operationsWorld(sim, { wrapTable: (table) => failingQueries(table, (r) => void requests.push(r)) });
    await simulate({}, spy, async (world) => {
      await recomputeSections(world.ports, await world.snapshot('lines'), [{ image_id: img, receipt_id: 1 }]);
      expect(requests).toEqual([
        expect.objectContaining({
          consistentRead: true,
          key: { partitionKey: { name: 'PK', value: `IMAGE#${img}` }, sortKey: { name: 'SK', condition: { op: 'beginsWith', prefix: 'RECEIPT#00001#SECTION#' } } },
        }),
      ]);
    });
  });

  it('a receipt without rows is a no-op; a DynamoDB failure is the receipt\'s error', async () => {
    await simulate({}, operationsWorld, async (world) => {
      expect(await recomputeSections(world.ports, await world.snapshot('lines'), [{ image_id: img, receipt_id: 1 }])).toEqual([
        { kind: 'section', image_id: img, receipt_id: 1, updated: 0, error: null },
      ]);
    });
    const build = (sim: Simulation) => operationsWorld(sim, { wrapTable: (table) => failingQueries(table, (r) => (r.consistentRead === true ? new ServiceUnavailable() : undefined)) });
    await simulate({}, build, async (world) => {
      expect(await recomputeSections(world.ports, await world.snapshot('lines'), [{ image_id: img, receipt_id: 1 }])).toEqual([
        { kind: 'section', image_id: img, receipt_id: 1, updated: 0, error: 'ServiceUnavailable: Service unavailable' },
      ]);
    });
  });
});
