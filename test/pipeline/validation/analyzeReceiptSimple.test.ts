import { describe, expect, it } from 'vitest';
import { receiptMetadataFromItem, receiptMetadataToItem } from '../../../src/pipeline/entities/receiptMetadata.js';
import { ocrEntities } from '../../../src/pipeline/ingest/ocrEntities.js';
import { storeOcrResults } from '../../../src/pipeline/ingest/storeOcrResults.js';
import { type AnalyzeReceiptOptions, type AnalyzeReceiptResult, analyzeReceiptSimple } from '../../../src/pipeline/validation/analyzeReceiptSimple.js';
import type { LlmRates } from '../../../src/pipeline/validation/deterministicLlm.js';
import { simulate } from '../../support/simulate.js';
import { metadata } from '../entities/fixtures.js';
import { type IngestWorld, imageId, ingestWorld, itemsOfType, nonNoiseWords, receiptWhere } from '../ingest/ingestWorld.js';

const receipt = receiptWhere((r) => r.merchant !== undefined);
const header = receipt.lines[0]!.text;

async function analyze(
  rates: Partial<LlmRates>,
  options: Omit<AnalyzeReceiptOptions, 'imageId' | 'receiptId' | 'llm'>,
  withMetadata = true,
): Promise<{ world: IngestWorld; result: AnalyzeReceiptResult; writes: string[]; queries: number }> {
  let world: IngestWorld | undefined;
  let result: AnalyzeReceiptResult | undefined;
  let writes: string[] = [];
  let queries = 0;
  await simulate({ input: { kind: 'fastCheck', values: [] } }, (s) => (world = ingestWorld(s, { llmRates: rates })), async (w) => {
    await storeOcrResults(w.ports, ocrEntities(receipt, w.ports.clock.nowIso()));
    if (withMetadata) await w.table.putItem({ item: receiptMetadataToItem(metadata({ merchant_name: receipt.merchant!.merchant_name })) });
    const before = w.changes.length;
    const stepsBefore = w.sim.trace.length;
    result = await analyzeReceiptSimple(w.ports, { imageId, receiptId: 1, llm: w.llm, ...options });
    writes = w.changes.slice(before).map((c) => `${c.event} ${c.sk.endsWith('#METADATA') ? 'METADATA' : 'LABEL'}`);
    queries = w.sim.trace.steps.slice(stepsBefore).filter((s) => s.op === 'dynamodb.Query' && s.detail?.index === 'table').length;
  });
  return { world: world!, result: result!, writes, queries };
}

const merchantOf = (world: IngestWorld) => itemsOfType(world, 'RECEIPT_METADATA').map(receiptMetadataFromItem)[0];

describe('analyze_receipt_simple (spec §6.3)', () => {
  it('corrects the merchant with update_receipt_metadata (a MODIFY) when a mismatch is found, correctMetadata is on and it is no dry run', async () => {
    const { world, writes, result } = await analyze({ merchantMismatch: 1 }, { saveLabels: false, dryRun: false, correctMetadata: true });
    expect(writes).toEqual(['MODIFY METADATA']);
    expect(result.metadataCorrected).toBe(true);
    expect(merchantOf(world)).toMatchObject({ merchant_name: header, reasoning: expect.stringContaining(header) });
  });

  it('leaves the metadata alone in a dry run, with correctMetadata off, or when the receipt has no metadata', async () => {
    expect((await analyze({ merchantMismatch: 1 }, { saveLabels: false, dryRun: true, correctMetadata: true })).writes).toEqual([]);
    expect((await analyze({ merchantMismatch: 1 }, { saveLabels: false, dryRun: false, correctMetadata: false })).writes).toEqual([]);
    const missing = await analyze({ merchantMismatch: 1 }, { saveLabels: false, dryRun: false, correctMetadata: true }, false);
    expect(missing.writes).toEqual([]);
    expect(missing.world.recorder.lines.map((l) => l.message)).toContain('Merchant mismatch found but the receipt has no ReceiptMetadata');
  });

  it('with save_labels=False neither reads nor writes labels', async () => {
    const { writes, queries, result } = await analyze({ labelPerWord: 1 }, { saveLabels: false, dryRun: false, correctMetadata: false });
    expect(result.analysis.proposals).toHaveLength(nonNoiseWords(receipt).length);
    expect(writes).toEqual([]);
    expect(queries).toBe(0);
  });

  it('with save_labels=True writes one label per proposal; a dry run reads the labels and only counts', async () => {
    const saved = await analyze({ labelPerWord: 1 }, { saveLabels: true, dryRun: false, correctMetadata: false });
    expect(saved.writes).toEqual(nonNoiseWords(receipt).map(() => 'INSERT LABEL'));
    const dry = await analyze({ labelPerWord: 1 }, { saveLabels: true, dryRun: true, correctMetadata: false });
    expect(dry.writes).toEqual([]);
    expect(dry.queries).toBe(1);
    expect(dry.result.labels?.added).toBe(nonNoiseWords(receipt).length);
  });
});
