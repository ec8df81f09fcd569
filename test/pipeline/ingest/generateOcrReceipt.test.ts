import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateOcrReceipt } from '../../../src/pipeline/ingest/generateOcrReceipt.js';
import { ocrEntities } from '../../../src/pipeline/ingest/ocrEntities.js';
import { merchantCatalogue } from '../../../src/pipeline/ingest/ocrReceipt.js';
import { imageId, listDraw, seededDraw } from './ingestWorld.js';

const choiceArrays = fc.array(fc.nat(1_000_000), { maxLength: 200, size: 'max' });

describe('generateOcrReceipt', () => {
  it('gives the smallest receipt when every draw is 0: the first merchant, 3 lines of 2 words, one row each, no noise', () => {
    const receipt = generateOcrReceipt(() => 0, { imageId });
    expect(receipt.merchant).toEqual(merchantCatalogue[0]);
    expect(receipt.lines.map((l) => l.words.length)).toEqual([2, 2, 2]);
    expect(receipt.lines.every((l) => !l.is_noise && l.words.every((w) => !w.is_noise))).toBe(true);
    expect(new Set(receipt.lines.map((l) => l.geometry.bounding_box.y)).size).toBe(3);
    expect(receipt.lines[0]!.text).toBe(merchantCatalogue[0]!.printed_name);
  });

  it('keeps 3–8 lines of 2–6 words with ids from 1, line text = its words, and geometry the entity constructors accept', () => {
    fc.assert(
      fc.property(choiceArrays, fc.integer({ min: 1, max: 99 }), (values, receiptId) => {
        const receipt = generateOcrReceipt(listDraw(values), { imageId, receiptId });
        expect(receipt.lines.length).toBeGreaterThanOrEqual(3);
        expect(receipt.lines.length).toBeLessThanOrEqual(8);
        receipt.lines.forEach((line, i) => {
          expect(line.line_id).toBe(i + 1);
          expect(line.words.length).toBeGreaterThanOrEqual(2);
          expect(line.words.length).toBeLessThanOrEqual(6);
          expect(line.words.map((w) => w.word_id)).toEqual(line.words.map((_, j) => j + 1));
          expect(line.text).toBe(line.words.map((w) => w.text).join(' '));
          if (line.is_noise) expect(line.words.every((w) => w.is_noise)).toBe(true);
        });
        const entities = ocrEntities(receipt, '2025-11-14T12:00:00.000Z');
        expect(entities.lines).toHaveLength(receipt.lines.length);
        expect(entities.words).toHaveLength(receipt.lines.reduce((n, l) => n + l.words.length, 0));
      }),
      { numRuns: 50 },
    );
  });

  it('is deterministic: the same draws give the same receipt', () => {
    fc.assert(
      fc.property(choiceArrays, (values) => {
        expect(generateOcrReceipt(listDraw(values), { imageId })).toEqual(generateOcrReceipt(listDraw(values), { imageId }));
      }),
      { numRuns: 30 },
    );
  });

  it('produces, across draws, shared rows, noise lines, noise words and receipts without a merchant', () => {
    const seen = { sharedRow: false, noiseLine: false, noiseWord: false, noMerchant: false };
    for (let seed = 1; seed <= 200; seed++) {
      const receipt = generateOcrReceipt(seededDraw(seed), { imageId });
      const ys = receipt.lines.map((l) => l.geometry.bounding_box.y);
      seen.sharedRow ||= new Set(ys).size < ys.length;
      seen.noiseLine ||= receipt.lines.some((l) => l.is_noise);
      seen.noiseWord ||= receipt.lines.some((l) => !l.is_noise && l.words.some((w) => w.is_noise));
      seen.noMerchant ||= receipt.merchant === undefined;
    }
    expect(seen).toEqual({ sharedRow: true, noiseLine: true, noiseWord: true, noMerchant: true });
  });
});
