import { describe, expect, it } from 'vitest';
import { headProfile, seedProfile } from '../../../src/harness/profiles.js';
import { uploadReceiptConfig } from '../../../src/pipeline/ingest/ingestPorts.js';
import { ocrEntities } from '../../../src/pipeline/ingest/ocrEntities.js';
import { storeOcrResults } from '../../../src/pipeline/ingest/storeOcrResults.js';
import { BatchWriteIncomplete } from '../../../src/pipeline/ingest/tableWrites.js';
import { seedValidationVariants } from '../../../src/pipeline/validation/seedValidation.js';
import { simulate } from '../../support/simulate.js';
import { type IngestWorld, ingestWorld, itemsOfType, receiptWhere } from './ingestWorld.js';

const receipt = receiptWhere((r) => r.lines.length >= 6);
const wordCount = receipt.lines.reduce((n, l) => n + l.words.length, 0);

describe('the upload handler configuration from the flags', () => {
  it('seed profile → seed era with Variant E; head profile → async LLM validation on the given queue', () => {
    expect(uploadReceiptConfig(seedProfile.flags)).toEqual({ era: 'seed', closeBeforeTar: false, validation: seedValidationVariants.E });
    expect(uploadReceiptConfig(headProfile.flags, 'https://sqs/q')).toEqual({
      era: 'head',
      closeBeforeTar: true,
      llmValidation: 'async',
      llmValidationQueueUrl: 'https://sqs/q',
    });
    expect(uploadReceiptConfig({ ...headProfile.flags, validationTiming: 'joined' })).toMatchObject({ llmValidation: 'sync' });
  });
});

describe('OCR batch writes', () => {
  it('retry unprocessed items until every line and word is stored (dynamodb.unprocessedItems at rate 0.3)', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      let world: IngestWorld | undefined;
      await simulate({ seed, faults: { 'dynamodb.unprocessedItems': { rate: 0.3, always: true } } }, (s) => (world = ingestWorld(s)), async (w) => {
        await storeOcrResults(w.ports, ocrEntities(receipt, w.ports.clock.nowIso()));
      });
      expect(itemsOfType(world!, 'RECEIPT_WORD')).toHaveLength(wordCount);
    }
  });

  it('give up after 8 attempts when a request is never processed (dynamodb.unprocessedItems at rate 1)', async () => {
    let failure: unknown;
    const sim = await simulate({ faults: { 'dynamodb.unprocessedItems': { rate: 1, always: true } } }, (s) => ingestWorld(s), async (w) => {
      await storeOcrResults(w.ports, ocrEntities(receipt, w.ports.clock.nowIso())).catch((error: unknown) => {
        failure = error;
      });
    });
    expect(failure).toBeInstanceOf(BatchWriteIncomplete);
    expect(sim.trace.steps.filter((s) => s.op === 'dynamodb.BatchWriteItem')).toHaveLength(8);
    expect(sim.faults.unfired()).toEqual([]);
  });
});
