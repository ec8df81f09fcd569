import { type Draw, between, pick } from './draw.js';
import {
  type MerchantTruth,
  type OcrGeometry,
  type OcrLine,
  type OcrReceipt,
  type OcrWord,
  merchantCatalogue,
  noiseTexts,
  vocabulary,
} from './ocrReceipt.js';

/**
 * A deterministic receipt from an integer source: 3–8 lines of 2–6 words, each line on its own visual
 * row or (now and then) to the right of the previous one, some noise lines and noise words, and a
 * merchant from the catalogue or none. Every decision is one `draw`, and value 0 always picks the plainest
 * option, so all-zero draws give the smallest receipt: the first merchant, 3 lines of 2 words, one line
 * per row, no noise. Ids count from 1.
 */
export interface GenerateOcrReceiptOptions {
  readonly imageId: string;
  readonly receiptId?: number;
  /** Where `merchant` comes from; the last draw value means "no merchant". */
  readonly merchants?: readonly MerchantTruth[];
}

interface WordDraft {
  readonly text: string;
  readonly confidence: number;
  readonly is_noise: boolean;
  readonly extracted_data: { readonly [key: string]: string } | null;
}

interface LineDraft {
  readonly row: number;
  readonly column: 0 | 1;
  readonly is_noise: boolean;
  readonly words: readonly WordDraft[];
}

const confidences = [0.99, 0.97, 0.93, 0.86, 0.71];
const rowPitch = 0.1;
const lineHeight = 0.04;
const columnStart = [0.05, 0.55] as const;
const maxLineWidth = 0.4;

export function generateOcrReceipt(draw: Draw, options: GenerateOcrReceiptOptions): OcrReceipt {
  const merchants = options.merchants ?? merchantCatalogue;
  const merchant = merchants[draw(merchants.length + 1)];
  const lineCount = between(draw, 3, 8);
  const drafts: LineDraft[] = [];
  for (let index = 0; index < lineCount; index++) {
    const header = index === 0 && merchant !== undefined;
    const previous = drafts.at(-1);
    const previousIsHeader = index === 1 && merchant !== undefined;
    const besidePrevious = previous !== undefined && previous.column === 0 && !previousIsHeader && draw(4) === 3;
    const noiseLine = !header && draw(8) === 7;
    const words = header ? merchant.printed_name.split(' ').map((text) => plainWord(draw, text, null)) : bodyWords(draw, noiseLine);
    const row = previous === undefined ? 0 : besidePrevious ? previous.row : previous.row + 1;
    drafts.push({ row, column: besidePrevious ? 1 : 0, is_noise: noiseLine, words });
  }
  return {
    image_id: options.imageId,
    receipt_id: options.receiptId ?? 1,
    lines: drafts.map((draft, index) => layoutLine(draft, index + 1)),
    ...(merchant === undefined ? {} : { merchant }),
  };
}

function bodyWords(draw: Draw, noiseLine: boolean): WordDraft[] {
  const count = between(draw, 2, 6);
  const words: WordDraft[] = [];
  for (let i = 0; i < count; i++) {
    if (noiseLine || draw(6) === 5) {
      words.push({ text: pick(draw, noiseTexts), confidence: 0.42, is_noise: true, extracted_data: null });
    } else {
      const entry = pick(draw, vocabulary);
      words.push(plainWord(draw, entry.text, entry.extracted_data ?? null));
    }
  }
  return words;
}

function plainWord(draw: Draw, text: string, extracted: { readonly [key: string]: string } | null): WordDraft {
  return { text, confidence: pick(draw, confidences), is_noise: false, extracted_data: extracted === null ? null : { ...extracted } };
}

function layoutLine(draft: LineDraft, lineId: number): OcrLine {
  const text = draft.words.map((w) => w.text).join(' ');
  const x = columnStart[draft.column];
  const y = 1 - rowPitch * (draft.row + 1);
  const width = Math.min(maxLineWidth, 0.02 * (text.length + 1));
  const weights = draft.words.map((w) => w.text.length + 1);
  const total = weights.reduce((a, b) => a + b, 0);
  let cursor = x;
  const words: OcrWord[] = draft.words.map((word, i) => {
    const wordWidth = (width * weights[i]!) / total;
    const geometry = box(cursor, y, wordWidth * 0.9, lineHeight);
    cursor += wordWidth;
    return { word_id: i + 1, text: word.text, geometry, confidence: word.confidence, is_noise: word.is_noise, extracted_data: word.extracted_data };
  });
  return {
    line_id: lineId,
    text,
    geometry: box(x, y, width, lineHeight),
    confidence: Math.min(...draft.words.map((w) => w.confidence)),
    is_noise: draft.is_noise,
    words,
  };
}

function box(x: number, y: number, width: number, height: number): OcrGeometry {
  return {
    bounding_box: { x, y, width, height },
    top_left: { x, y: y + height },
    top_right: { x: x + width, y: y + height },
    bottom_left: { x, y },
    bottom_right: { x: x + width, y },
    angle_degrees: 0,
    angle_radians: 0,
  };
}
