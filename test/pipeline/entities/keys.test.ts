import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineChromaId, wordChromaId } from '../../../src/pipeline/entities/chromaIds.js';
import { CORE_LABELS, isCoreLabel } from '../../../src/pipeline/entities/coreLabels.js';
import { conf4, labelIndexPk, merchantSlug, pad5 } from '../../../src/pipeline/entities/keys.js';

const img = '3f52804b-2fad-4e00-92c8-b593da3a8ed3';

describe('key fragments (spec §1.2, conventions)', () => {
  it('pads ids to five digits and keeps every digit of a longer id', () => {
    expect(pad5(1)).toBe('00001');
    expect(pad5(0)).toBe('00000');
    expect(pad5(12345)).toBe('12345');
    expect(pad5(123456)).toBe('123456');
  });

  it('right-pads the label GSI1 partition with _ to exactly 40 characters and never cuts a long label', () => {
    expect(labelIndexPk('TAX')).toBe(`LABEL#TAX${'_'.repeat(31)}`);
    expect(labelIndexPk('TAX')).toHaveLength(40);
    const long = 'A'.repeat(40);
    expect(labelIndexPk(long)).toBe(`LABEL#${long}`);
  });

  it('slugs a merchant name: upper case, each run outside A-Z0-9 becomes one _, no _ at either end', () => {
    expect(merchantSlug("Trader Joe's")).toBe('TRADER_JOE_S');
    expect(merchantSlug('  --Sprouts   Farmers Market #123!! ')).toBe('SPROUTS_FARMERS_MARKET_123');
    expect(merchantSlug('café')).toBe('CAF');
    expect(merchantSlug('***')).toBe('');
  });

  it('writes confidence with four decimals as Python does, rounding exact ties to even', () => {
    // Values checked against CPython's f"{x:.4f}".
    const python: [number, string][] = [
      [0.95, '0.9500'],
      [0, '0.0000'],
      [1, '1.0000'],
      [0.12345, '0.1235'],
      [0.99995, '1.0000'],
      [0.00005, '0.0001'],
      [1 / 32, '0.0312'],
      [3 / 32, '0.0938'],
      [31 / 32, '0.9688'],
    ];
    for (const [value, text] of python) expect(conf4(value), String(value)).toBe(text);
  });

  it('differs from toFixed(4) only on exact ties (odd multiples of 1/32), and always ends a tie on an even digit', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (x) => {
        const tie = Number.isInteger(x * 32) && (x * 32) % 2 === 1;
        if (!tie) expect(conf4(x)).toBe(x.toFixed(4));
        else expect(Number(conf4(x).at(-1)) % 2).toBe(0);
      }),
      { numRuns: 200 },
    );
    for (let k = 1; k < 32; k += 2) expect(Number(conf4(k / 32).at(-1)) % 2, `k=${k}`).toBe(0);
  });
});

describe('Chroma ids (spec §3.11)', () => {
  it('names a word IMAGE#{img}#RECEIPT#{rid5}#LINE#{lid5}#WORD#{wid5}', () => {
    expect(wordChromaId(img, 1, 2, 3)).toBe(`IMAGE#${img}#RECEIPT#00001#LINE#00002#WORD#00003`);
  });

  it('names a line row by its primary line, IMAGE#{img}#RECEIPT#{rid5}#LINE#{primary_lid5}', () => {
    expect(lineChromaId(img, 12, 7)).toBe(`IMAGE#${img}#RECEIPT#00012#LINE#00007`);
  });
});

describe('CORE_LABELS (spec §1.3)', () => {
  it('has exactly the 22 labels of the spec, in its order', () => {
    expect(CORE_LABELS).toEqual([
      'MERCHANT_NAME', 'STORE_HOURS', 'PHONE_NUMBER', 'WEBSITE', 'LOYALTY_ID', 'ADDRESS_LINE', 'DATE', 'TIME',
      'PAYMENT_METHOD', 'COUPON', 'DISCOUNT', 'PRODUCT_NAME', 'QUANTITY', 'UNIT_PRICE', 'LINE_TOTAL', 'SUBTOTAL',
      'TAX', 'TIP', 'GRAND_TOTAL', 'CHANGE', 'CASH_BACK', 'REFUND',
    ]);
    expect(new Set(CORE_LABELS).size).toBe(22);
    expect(isCoreLabel('TAX')).toBe(true);
    expect(isCoreLabel('tax')).toBe(false);
  });
});
