import { describe, expect, it } from 'vitest';
import { createLambdaTmp } from '../../../src/adapters/memory/fs/memoryFileSystem.js';
import { LambdaRuntime } from '../../../src/adapters/memory/lambda/runtime.js';
import { SqsEventSourceMapping } from '../../../src/adapters/memory/lambda/sqsEventSourceMapping.js';
import type { SqsBatch, SqsBatchResponse, SqsRecord } from '../../../src/ports/queue.js';
import { type ReceiptWordLabel, receiptWordLabelFromItem, receiptWordLabelToItem } from '../../../src/pipeline/entities/receiptWordLabel.js';
import { uploadReceiptHandler } from '../../../src/pipeline/ingest/uploadReceiptHandler.js';
import { DeterministicLlm, type LlmRates } from '../../../src/pipeline/validation/deterministicLlm.js';
import { type LlmValidationPayload, llmValidationKey } from '../../../src/pipeline/validation/llmValidation.js';
import { isLlmValidationRecord, llmValidationConsumer } from '../../../src/pipeline/validation/llmValidationConsumer.js';
import { LlmUnavailable } from '../../../src/pipeline/validation/receiptLlm.js';
import { simulate } from '../../support/simulate.js';
import { label } from '../entities/fixtures.js';
import { type IngestWorld, imageId, ingestWorld, itemsOfType, listDraw, nonNoiseWords, receiptWhere } from '../ingest/ingestWorld.js';
import { runId } from './runFixtures.js';

const quiet = { input: { kind: 'fastCheck', values: [] } } as const;
const key = llmValidationKey(runId, imageId, 1);
const arn = 'arn:aws:sqs:us-east-1:123456789012:receipts-llm-validation-queue';

const pointerRecord = (messageId = 'm-1'): SqsRecord => ({
  messageId,
  receiptHandle: `handle-${messageId}`,
  body: JSON.stringify({ bucket: 'chromadb-vectors', key, run_id: runId, image_id: imageId, receipt_id: 1 }),
  attributes: {},
  receiveCount: 1,
  sentTimestamp: 0,
  eventSourceARN: arn,
});

const payloadOf = (labels: readonly ReceiptWordLabel[]): LlmValidationPayload => ({
  run_id: runId,
  image_id: imageId,
  receipt_id: 1,
  labels: labels.map((l) => ({ line_id: l.line_id, word_id: l.word_id, label: l.label, text: 'TOTAL' })),
});

const labelsOf = (world: IngestWorld) => itemsOfType(world, 'RECEIPT_WORD_LABEL').map(receiptWordLabelFromItem);

async function consume(
  labels: readonly ReceiptWordLabel[],
  rates: Partial<LlmRates>,
  staged: boolean,
): Promise<{ world: IngestWorld; outcome: { ok: SqsBatchResponse } | { error: unknown } }> {
  let world: IngestWorld | undefined;
  let outcome: { ok: SqsBatchResponse } | { error: unknown } | undefined;
  await simulate(quiet, (s) => (world = ingestWorld(s, { llmRates: rates })), async (w) => {
    for (const l of labels) await w.table.putItem({ item: receiptWordLabelToItem(l) });
    if (staged) await w.store.putObject({ key, body: new TextEncoder().encode(JSON.stringify(payloadOf(labels))) });
    try {
      outcome = { ok: await llmValidationConsumer(w.ports)({ records: [pointerRecord()] }) };
    } catch (error) {
      outcome = { error };
    }
  });
  return { world: world!, outcome: outcome! };
}

describe('the async LLM validation consumer (spec §6.2)', () => {
  it('turns the staged PENDING labels VALID or INVALID, leaves other labels alone, and deletes the payload', async () => {
    const pending = [label({ word_id: 3 }), label({ word_id: 4 })];
    const validated = label({ word_id: 5, validation_status: 'VALID' });
    const { world, outcome } = await consume([...pending, validated], { invalid: 1 }, true);
    expect(outcome).toEqual({ ok: undefined });
    expect(labelsOf(world).map((l) => [l.word_id, l.validation_status])).toEqual([
      [3, 'INVALID'],
      [4, 'INVALID'],
      [5, 'VALID'],
    ]);
    expect(world.changes.filter((c) => c.event === 'MODIFY')).toHaveLength(2);
    expect(world.store.peek(key)).toBeUndefined();
  });

  it('treats a missing payload (NoSuchKey) as an already settled redelivery: success, no write', async () => {
    const { world, outcome } = await consume([label()], {}, false);
    expect(outcome).toEqual({ ok: undefined });
    expect(labelsOf(world)[0]!.validation_status).toBe('PENDING');
    expect(world.recorder.counts.get('LlmValidationPayloadMissing')).toBe(1);
  });

  it('raises when the model call fails, keeping the payload and the labels for the redelivery', async () => {
    const { world, outcome } = await consume([label()], { failure: 1 }, true);
    expect('error' in outcome && outcome.error).toBeInstanceOf(LlmUnavailable);
    expect(labelsOf(world)[0]!.validation_status).toBe('PENDING');
    expect(world.store.peek(key)).toBeDefined();
  });

  it('recognises its records by the queue ARN suffix', () => {
    expect(isLlmValidationRecord(pointerRecord())).toBe(true);
    expect(isLlmValidationRecord({ ...pointerRecord(), eventSourceARN: 'arn:aws:sqs:us-east-1:1:lines' })).toBe(false);
  });

  it('end to end: a failed first attempt is redelivered after the visibility timeout and then settles the labels', async () => {
    const receipt = receiptWhere((r) => r.merchant !== undefined);
    const attempts: { receiveCount: number; t: number }[] = [];
    let world: IngestWorld | undefined;
    await simulate(
      quiet,
      (sim) => {
        const w = (world = ingestWorld(sim, { llmRates: { labelPerWord: 1 } }));
        const consumerLlm = new DeterministicLlm({ draw: listDraw([999_999]), rates: { failure: 0.5 } });
        const consumer = llmValidationConsumer({ ...w.ports, llm: consumerLlm });
        const invoke = new LambdaRuntime(sim).register<SqsBatch, SqsBatchResponse>({
          name: 'llm-validation',
          timeoutMs: 900_000,
          ephemeralStorageBytes: 512 * 1024 * 1024,
          createTmp: (container, bytes) => createLambdaTmp(sim, container, bytes),
          handler: (event) => {
            attempts.push(...event.records.map((r) => ({ receiveCount: r.receiveCount, t: sim.now })));
            return consumer(event);
          },
        });
        new SqsEventSourceMapping(sim, w.queues, w.llmQueueUrl, invoke, {
          batchSize: 1,
          batchingWindowMs: 0,
          maximumConcurrency: 2,
          reportBatchItemFailures: true,
          unknownItemIdentifier: 'wholeBatchRetried',
        }).start();
        return w;
      },
      async (w) => {
        await uploadReceiptHandler(w.ports, { era: 'head', closeBeforeTar: true, llmValidation: 'async', llmValidationQueueUrl: w.llmQueueUrl })(
          { receipt },
          w.context,
        );
      },
    );
    expect(attempts.map((a) => a.receiveCount)).toEqual([1, 2]);
    // The visibility timeout (960 s) runs from the receive, a moment before the handler starts.
    expect(attempts[1]!.t - attempts[0]!.t).toBeGreaterThan(950_000);
    const labels = labelsOf(world!);
    expect(labels).toHaveLength(nonNoiseWords(receipt).length);
    expect(labels.every((l) => l.validation_status === 'VALID')).toBe(true);
    expect(world!.store.keys('llm-validation/')).toEqual([]);
    expect(world!.queues.messages(world!.llmQueueUrl)).toEqual([]);
  });
});
