import { describe, expect, it } from 'vitest';
import type { QueryPage, QueryRequest, Table } from '../../../src/ports/table.js';
import { type ReceiptWordLabel, receiptWordLabelFromItem, receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import type { LabelProposal } from '../../../src/pipeline/validation/receiptLlm.js';
import { saveProposedLabels } from '../../../src/pipeline/validation/saveProposedLabels.js';
import type { ValidationPorts } from '../../../src/pipeline/validation/validationPorts.js';
import { simulate } from '../../support/simulate.js';
import { label } from '../entities/fixtures.js';
import { type IngestWorld, imageId, ingestWorld, itemsOfType } from '../ingest/ingestWorld.js';

const leastEventful = { input: { kind: 'fastCheck', values: [] } } as const;
const ids = { imageId, receiptId: 1 };

const proposal = (overrides: Partial<LabelProposal> = {}): LabelProposal => ({
  line_id: 2,
  word_id: 3,
  label: 'TAX',
  reasoning: 'reads as TAX',
  label_proposed_by: 'simple_receipt_analyzer',
  label_consolidated_from: null,
  verified: false,
  ...overrides,
});

const labelsOf = (world: IngestWorld): ReceiptWordLabel[] => itemsOfType(world, 'RECEIPT_WORD_LABEL').map(receiptWordLabelFromItem);

async function run(
  existing: readonly ReceiptWordLabel[],
  body: (world: IngestWorld) => Promise<void>,
  setup: Parameters<typeof simulate>[0] = leastEventful,
): Promise<{ world: IngestWorld; sim: Awaited<ReturnType<typeof simulate>>; writes: number }> {
  let world: IngestWorld | undefined;
  let writes = 0;
  const sim = await simulate(setup, (s) => (world = ingestWorld(s)), async (w) => {
    for (const l of existing) await w.table.putItem({ item: receiptWordLabelToItem(l) });
    writes = -w.changes.length;
    await body(w);
    writes += w.changes.length;
  });
  return { world: world!, sim, writes };
}

describe('the save rules of analyze_receipt_simple (spec §6.3, §8.6)', () => {
  it('adds a missing label as PENDING, or VALID when the proposal is verified, stamped now', async () => {
    let window: [string, string] = ['', ''];
    const { world } = await run([], async (w) => {
      const before = w.ports.clock.nowIso();
      expect(await saveProposedLabels(w.ports, ids, [proposal(), proposal({ word_id: 4, verified: true })], { dryRun: false })).toMatchObject({ added: 2, updated: 0 });
      window = [before, w.ports.clock.nowIso()];
    });
    expect(labelsOf(world).map((l) => [l.word_id, l.validation_status])).toEqual([
      [3, 'PENDING'],
      [4, 'VALID'],
    ]);
    for (const l of labelsOf(world)) expect(l.timestamp_added >= window[0] && l.timestamp_added <= window[1]).toBe(true);
  });

  it('leaves a validated label (VALID, INVALID, NEEDS_REVIEW) as it is', async () => {
    const validated = [
      label({ validation_status: 'VALID', reasoning: 'old' }),
      label({ word_id: 4, validation_status: 'INVALID', reasoning: 'old' }),
      label({ word_id: 5, validation_status: 'NEEDS_REVIEW', reasoning: 'old' }),
    ];
    const { writes, world } = await run(validated, async (w) => {
      const counts = await saveProposedLabels(w.ports, ids, [3, 4, 5].map((word_id) => proposal({ word_id, verified: true })), { dryRun: false });
      expect(counts).toMatchObject({ added: 0, updated: 0, skippedValidated: 3 });
    });
    expect(writes).toBe(0);
    expect(labelsOf(world)).toEqual(validated);
  });

  it('updates a PENDING or NONE label only when reasoning, proposer or consolidation changed: a full PUT keeping timestamp_added and the status', async () => {
    const pending = label({ validation_status: 'PENDING', reasoning: 'reads as TAX', label_proposed_by: 'simple_receipt_analyzer', timestamp_added: '2025-11-01T00:00:00.000Z' });
    const none = label({ word_id: 4, validation_status: 'NONE', reasoning: 'first guess', label_proposed_by: 'simple_receipt_analyzer' });
    const { writes, world } = await run([pending, none], async (w) => {
      const counts = await saveProposedLabels(w.ports, ids, [proposal(), proposal({ word_id: 4 })], { dryRun: false });
      expect(counts).toMatchObject({ updated: 1, unchanged: 1 });
    });
    expect(writes).toBe(1);
    expect(labelsOf(world)).toEqual([pending, { ...none, reasoning: 'reads as TAX' }]);
  });

  it('upgrades a PENDING label to VALID when the proposal is verified', async () => {
    const pending = label({ validation_status: 'PENDING', reasoning: 'reads as TAX', label_proposed_by: 'simple_receipt_analyzer' });
    const { world } = await run([pending], async (w) => {
      await saveProposedLabels(w.ports, ids, [proposal({ verified: true })], { dryRun: false });
    });
    expect(labelsOf(world)).toEqual([{ ...pending, validation_status: 'VALID' }]);
  });

  it('in a dry run only counts', async () => {
    const { writes } = await run([label({ validation_status: 'PENDING', reasoning: 'old' })], async (w) => {
      const counts = await saveProposedLabels(w.ports, ids, [proposal(), proposal({ word_id: 9 })], { dryRun: true });
      expect(counts).toEqual({ added: 1, updated: 1, skippedValidated: 0, unchanged: 0, refused: 0 });
    });
    expect(writes).toBe(0);
  });

  it('writes in transactions of at most 25 labels', async () => {
    const proposals = Array.from({ length: 60 }, (_, i) => proposal({ line_id: Math.floor(i / 6) + 1, word_id: (i % 6) + 1 }));
    const { sim, world } = await run([], async (w) => {
      await saveProposedLabels(w.ports, ids, proposals, { dryRun: false });
    });
    expect(sim.trace.steps.filter((s) => s.op === 'dynamodb.TransactWriteItems').map((s) => s.entities.length)).toEqual([25, 25, 10]);
    expect(labelsOf(world)).toHaveLength(60);
  });

  it('falls back to one conditional put per label when a transaction is cancelled (dynamodb.transactionConflict at rate 1)', async () => {
    const { sim, world } = await run(
      [],
      async (w) => {
        expect(await saveProposedLabels(w.ports, ids, [proposal(), proposal({ word_id: 4 })], { dryRun: false })).toMatchObject({ added: 2, refused: 0 });
      },
      { ...leastEventful, faults: { 'dynamodb.transactionConflict': { rate: 1, always: true } } },
    );
    expect(sim.trace.steps.filter((s) => s.op === 'dynamodb.PutItem' && s.entities.some((e) => e.includes('#LABEL#')))).toHaveLength(2);
    expect(labelsOf(world)).toHaveLength(2);
    expect(sim.faults.unfired()).toEqual([]);
  });

  it('reports, and does not overwrite, a label the (stale) listing missed: its create-only put is refused', async () => {
    const hidden = label({ validation_status: 'VALID', reasoning: 'validated by a person' });
    const { world } = await run([hidden], async (w) => {
      const ports: ValidationPorts = { ...w.ports, table: new ListingMisses(w.table) };
      expect(await saveProposedLabels(ports, ids, [proposal(), proposal({ word_id: 4 })], { dryRun: false })).toMatchObject({ added: 1, refused: 1 });
    });
    expect(labelsOf(world)).toEqual([hidden, expect.objectContaining({ word_id: 4, validation_status: 'PENDING' })]);
  });
});

/** A table whose queries return no labels, as an eventually consistent read taken too early can. */
class ListingMisses implements Table {
  constructor(private readonly inner: Table) {}
  get name(): string {
    return this.inner.name;
  }
  async query(request: QueryRequest): Promise<QueryPage> {
    const page = await this.inner.query(request);
    return { ...page, items: page.items.filter((item) => item.TYPE !== 'RECEIPT_WORD_LABEL') };
  }
  putItem = (...args: Parameters<Table['putItem']>) => this.inner.putItem(...args);
  getItem = (...args: Parameters<Table['getItem']>) => this.inner.getItem(...args);
  updateItem = (...args: Parameters<Table['updateItem']>) => this.inner.updateItem(...args);
  deleteItem = (...args: Parameters<Table['deleteItem']>) => this.inner.deleteItem(...args);
  transactWriteItems = (...args: Parameters<Table['transactWriteItems']>) => this.inner.transactWriteItems(...args);
  batchWriteItem = (...args: Parameters<Table['batchWriteItem']>) => this.inner.batchWriteItem(...args);
}
