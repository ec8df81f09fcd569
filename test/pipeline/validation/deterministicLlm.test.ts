import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORE_LABELS } from '../../../src/pipeline/entities/coreLabels.js';
import type { Draw } from '../../../src/pipeline/ingest/draw.js';
import { generateOcrReceipt } from '../../../src/pipeline/ingest/generateOcrReceipt.js';
import { ocrEntities } from '../../../src/pipeline/ingest/ocrEntities.js';
import { DeterministicLlm, type LlmRates } from '../../../src/pipeline/validation/deterministicLlm.js';
import { LlmUnavailable } from '../../../src/pipeline/validation/receiptLlm.js';
import { imageId, listDraw, seededDraw } from '../ingest/ingestWorld.js';

const receipt = generateOcrReceipt(seededDraw(7), { imageId });
const { lines, words } = ocrEntities(receipt, '2025-11-14T12:00:00.000Z');
const input = { image_id: imageId, receipt_id: 1, lines, words, merchant_name: receipt.merchant?.merchant_name ?? '' };
const labels = words.filter((w) => !w.is_noise).map((w) => ({ line_id: w.line_id, word_id: w.word_id, label: 'TAX', text: w.text }));

function counting(draw: Draw): { draw: Draw; calls: () => number } {
  let calls = 0;
  return {
    draw: (arity) => {
      calls++;
      return draw(arity);
    },
    calls: () => calls,
  };
}

const llm = (draw: Draw, rates: Partial<LlmRates>) => new DeterministicLlm({ draw, rates });

describe('DeterministicLlm', () => {
  it('at rate 0 proposes no label, finds no mismatch, fails nothing and draws nothing', async () => {
    const source = counting(seededDraw(3));
    const model = llm(source.draw, {});
    expect(await model.analyzeReceipt(input)).toEqual({ proposals: [] });
    expect((await model.validateLabels({ labels })).every((d) => d.validation_status === 'VALID')).toBe(true);
    expect(source.calls()).toBe(0);
  });

  it('at rate 1 labels every non-noise word with a CORE label and always corrects the merchant to the receipt header', async () => {
    const analysis = await llm(seededDraw(3), { labelPerWord: 1, merchantMismatch: 1, verified: 1 }).analyzeReceipt(input);
    expect(analysis.proposals.map((p) => `${p.line_id}/${p.word_id}`)).toEqual(words.filter((w) => !w.is_noise).map((w) => `${w.line_id}/${w.word_id}`));
    expect(analysis.proposals.every((p) => (CORE_LABELS as readonly string[]).includes(p.label) && p.verified)).toBe(true);
    expect(analysis.merchantCorrection?.merchant_name).toBe(lines.find((l) => !l.is_noise)!.text);
  });

  it('at rate 1 decides INVALID for every label, and a failure rate of 1 makes every call raise LlmUnavailable', async () => {
    expect((await llm(seededDraw(3), { invalid: 1 }).validateLabels({ labels })).every((d) => d.validation_status === 'INVALID')).toBe(true);
    await expect(llm(seededDraw(3), { failure: 1 }).validateLabels({ labels })).rejects.toBeInstanceOf(LlmUnavailable);
    await expect(llm(seededDraw(3), { failure: 1 }).analyzeReceipt(input)).rejects.toBeInstanceOf(LlmUnavailable);
  });

  it('with value 0 everywhere and rates strictly between 0 and 1 it is the quiet model', async () => {
    const rates = { failure: 0.5, merchantMismatch: 0.5, labelPerWord: 0.5, verified: 0.5, invalid: 0.5 };
    expect(await llm(() => 0, rates).analyzeReceipt(input)).toEqual({ proposals: [] });
    expect((await llm(() => 0, rates).validateLabels({ labels })).every((d) => d.validation_status === 'VALID')).toBe(true);
  });

  it('gives the same answers for the same draws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(1_000_000), { maxLength: 80 }), async (values) => {
        const rates = { merchantMismatch: 0.3, labelPerWord: 0.5, verified: 0.5, invalid: 0.5 };
        expect(await llm(listDraw(values), rates).analyzeReceipt(input)).toEqual(await llm(listDraw(values), rates).analyzeReceipt(input));
      }),
      { numRuns: 30 },
    );
  });
});
