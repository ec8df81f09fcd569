import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiptWordLabelFromItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { IngestFailed } from '../../../src/pipeline/ingest/headIngest.js';
import type { HeadIngestConfig, UploadReceiptResult } from '../../../src/pipeline/ingest/ingestPorts.js';
import { uploadReceiptHandler } from '../../../src/pipeline/ingest/uploadReceiptHandler.js';
import { llmValidationKey } from '../../../src/pipeline/validation/llmValidation.js';
import type { RunSetup } from '../../../src/sim/createSimulation.js';
import { simulate } from '../../support/simulate.js';
import { type IngestWorld, type IngestWorldOptions, deltaRecords, firstStep, imageId, ingestWorld, itemsOfType, nonNoiseWords, receiptWhere } from './ingestWorld.js';

const sharedRowReceipt = receiptWhere((r) => {
  const ys = r.lines.filter((l) => !l.is_noise).map((l) => l.geometry.bounding_box.y);
  return r.merchant !== undefined && new Set(ys).size < ys.length;
});

const headConfig = (llmValidation: 'sync' | 'async', world: IngestWorld, withQueue = true): HeadIngestConfig => ({
  era: 'head',
  closeBeforeTar: true,
  llmValidation,
  ...(withQueue ? { llmValidationQueueUrl: world.llmQueueUrl } : {}),
});

const leastEventful: Partial<RunSetup> = { input: { kind: 'fastCheck', values: [] } };

async function ingest(
  mode: 'sync' | 'async',
  options: IngestWorldOptions,
  setup: Partial<RunSetup> = leastEventful,
  afterReturn: (world: IngestWorld, result: UploadReceiptResult) => void | Promise<void> = () => undefined,
): Promise<{ world: IngestWorld; sim: Awaited<ReturnType<typeof simulate>> }> {
  let world: IngestWorld | undefined;
  const sim = await simulate(setup, (s) => (world = ingestWorld(s, options)), async (w) => {
    const result = await uploadReceiptHandler(w.ports, headConfig(mode, w, options.withQueue !== false))({ receipt: sharedRowReceipt }, w.context);
    await afterReturn(w, result);
  });
  return { world: world!, sim };
}

describe('head-era ingest (spec §6.1)', () => {
  it('writes the PENDING labels before the words delta, both deltas before the run, then the validation pointer and the ReceiptPlace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 32 - 1 }), async (seed) => {
        const { sim } = await ingest('async', { llmRates: { labelPerWord: 1 } }, { seed });
        const labels = firstStep(sim, 'dynamodb.TransactWriteItems', '#LABEL#');
        const linesDelta = firstStep(sim, 's3.putObject', 'lines/delta/');
        const wordsDelta = firstStep(sim, 's3.putObject', 'words/delta/');
        const run = firstStep(sim, 'dynamodb.PutItem', '#COMPACTION_RUN#');
        const payload = firstStep(sim, 's3.putObject', 'llm-validation/');
        const pointer = sim.trace.steps.findIndex((s) => s.op === 'sqs.SendMessageBatch' && s.outcome === 'ok');
        const place = firstStep(sim, 'dynamodb.PutItem', '#PLACE');
        expect(labels).toBeGreaterThanOrEqual(0);
        expect(labels).toBeLessThan(wordsDelta);
        expect(Math.max(linesDelta, wordsDelta)).toBeLessThan(run);
        expect(run).toBeLessThan(payload);
        expect(payload).toBeLessThan(pointer);
        expect(run).toBeLessThan(place);
      }),
      { numRuns: 8 },
    );
  });

  it('embeds one record per visual row, keyed by its primary (leftmost) line, with row_line_ids and the title-cased merchant', async () => {
    await ingest('sync', {}, leastEventful, async (world, result) => {
      const rows = await deltaRecords(world, `lines/delta/${result.run_id}/delta.tar.gz`, 'lines');
      const lines = sharedRowReceipt.lines.filter((l) => !l.is_noise);
      const byY = new Map<number, typeof lines>();
      for (const line of lines) byY.set(line.geometry.bounding_box.y, [...(byY.get(line.geometry.bounding_box.y) ?? []), line]);
      expect(rows).toHaveLength(byY.size);
      for (const group of byY.values()) {
        const ordered = [...group].sort((a, b) => a.geometry.bounding_box.x - b.geometry.bounding_box.x);
        const row = rows.find((r) => r.id === `IMAGE#${imageId}#RECEIPT#00001#LINE#${String(ordered[0]!.line_id).padStart(5, '0')}`)!;
        expect(row.metadata.row_line_ids).toBe(JSON.stringify(ordered.map((l) => l.line_id)));
        expect(row.document).toBe(ordered.map((l) => l.text).join(' '));
        expect(row.metadata.merchant_name).toBe('In-N-Out Burger');
        expect(row.metadata.line_id).toBe(ordered[0]!.line_id);
      }
    });
  });

  it('synchronous validation: the word payload carries the labels as decided (INVALID at rate 1), CORE labels only', async () => {
    await ingest('sync', { llmRates: { labelPerWord: 1, invalid: 1 } }, leastEventful, async (world, result) => {
      const words = await deltaRecords(world, `words/delta/${result.run_id}/delta.tar.gz`, 'words');
      const labels = itemsOfType(world, 'RECEIPT_WORD_LABEL').map(receiptWordLabelFromItem);
      expect(labels).toHaveLength(nonNoiseWords(sharedRowReceipt).length);
      expect(labels.every((l) => l.validation_status === 'INVALID')).toBe(true);
      for (const record of words) {
        const label = labels.find((l) => l.line_id === record.metadata.line_id && l.word_id === record.metadata.word_id)!;
        expect(record.metadata).toMatchObject({ invalid_labels_array: JSON.stringify([label.label]), label_status: 'unvalidated', merchant_name: 'In-N-Out Burger' });
        expect(record.metadata.valid_labels_array).toBeUndefined();
        for (const key of ['source', 'x', 'y', 'width', 'height', 'confidence', 'left', 'right', 'text']) expect(record.metadata).toHaveProperty(key);
      }
    });
  });

  it('async validation: the labels are embedded PENDING, the payload is staged and its pointer queued', async () => {
    const { world } = await ingest('async', { llmRates: { labelPerWord: 1 } }, leastEventful, async (w, result) => {
      const words = await deltaRecords(w, `words/delta/${result.run_id}/delta.tar.gz`, 'words');
      expect(words.every((r) => r.metadata.label_status === 'auto_suggested' && r.metadata.label_proposed_by === 'simple_receipt_analyzer')).toBe(true);
      const key = llmValidationKey(result.run_id, imageId, 1);
      expect(JSON.parse(new TextDecoder().decode(w.store.peek(key)!.body)).labels).toHaveLength(nonNoiseWords(sharedRowReceipt).length);
      expect(w.queues.messages(w.llmQueueUrl).map((m) => JSON.parse(m.body).key)).toEqual([key]);
    });
    expect(itemsOfType(world, 'RECEIPT_WORD_LABEL').map(receiptWordLabelFromItem).every((l) => l.validation_status === 'PENDING')).toBe(true);
  });

  it('validates inline when the pointer cannot be enqueued, and removes the staged payload', async () => {
    const { world } = await ingest('async', { llmRates: { labelPerWord: 1 }, withQueue: false });
    expect(itemsOfType(world, 'RECEIPT_WORD_LABEL').map(receiptWordLabelFromItem).every((l) => l.validation_status === 'VALID')).toBe(true);
    expect(world.store.keys('llm-validation/')).toEqual([]);
    expect(world.recorder.counts.get('LlmLabelsValidated')).toBe(nonNoiseWords(sharedRowReceipt).length);
  });

  it('creates the ReceiptPlace after the run, and none when merchant resolution fails; the payloads then carry no merchant', async () => {
    const resolved = await ingest('sync', {});
    expect(itemsOfType(resolved.world, 'RECEIPT_PLACE')).toHaveLength(1);
    await ingest('sync', { merchantFailureRate: 1 }, leastEventful, async (world, result) => {
      expect(itemsOfType(world, 'RECEIPT_PLACE')).toEqual([]);
      const rows = await deltaRecords(world, `lines/delta/${result.run_id}/delta.tar.gz`, 'lines');
      const words = await deltaRecords(world, `words/delta/${result.run_id}/delta.tar.gz`, 'words');
      expect(rows.every((r) => r.metadata.merchant_name === undefined)).toBe(true);
      expect(words.every((r) => r.metadata.merchant_name === '')).toBe(true);
    });
  });

  it('creates no CompactionRun and raises when a delta upload fails (s3.throttle at rate 1)', async () => {
    let failure: unknown;
    let world: IngestWorld | undefined;
    const sim = await simulate({ faults: { 's3.throttle': { rate: 1, always: true } } }, (s) => (world = ingestWorld(s)), async (w) => {
      try {
        await uploadReceiptHandler(w.ports, headConfig('sync', w))({ receipt: sharedRowReceipt }, w.context);
      } catch (error) {
        failure = error;
      }
    });
    expect(failure).toBeInstanceOf(IngestFailed);
    expect(itemsOfType(world!, 'COMPACTION_RUN')).toEqual([]);
    expect(itemsOfType(world!, 'RECEIPT_PLACE')).toEqual([]);
    expect(sim.faults.unfired()).toEqual([]);
  });
});
