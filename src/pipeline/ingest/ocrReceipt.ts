import type { BoundingBox, Point } from '../entities/ocrElement.js';

/**
 * The workload's input: one receipt as the OCR step of the upload Lambda produces it (spec §0, §6.1
 * step 1, §8.6 step 1), with enough geometry for the ReceiptLine and ReceiptWord constructors. Ids start
 * at 1 (labels need positive line and word ids, §1.3); word ids count within their line. `merchant` is
 * the truth the merchant resolution stand-in finds (Google Places), absent for an unknown merchant.
 */
export interface OcrGeometry {
  readonly bounding_box: BoundingBox;
  readonly top_left: Point;
  readonly top_right: Point;
  readonly bottom_left: Point;
  readonly bottom_right: Point;
  readonly angle_degrees: number;
  readonly angle_radians: number;
}

export interface OcrWord {
  readonly word_id: number;
  readonly text: string;
  readonly geometry: OcrGeometry;
  /** In (0, 1]. */
  readonly confidence: number;
  readonly is_noise: boolean;
  /** On-device NLP extraction (`type` phone/address/url and its `value`), turned into anchors at embed time. */
  readonly extracted_data: { readonly [key: string]: string } | null;
}

export interface OcrLine {
  readonly line_id: number;
  /** The words' texts joined by single spaces. */
  readonly text: string;
  readonly geometry: OcrGeometry;
  readonly confidence: number;
  readonly is_noise: boolean;
  readonly words: readonly OcrWord[];
}

/** What Google Places knows about the merchant, and the name as printed on the receipt's first line. */
export interface MerchantTruth {
  readonly place_id: string;
  readonly merchant_name: string;
  readonly printed_name: string;
  readonly merchant_category: string;
  readonly address: string;
  readonly phone_number: string;
}

export interface OcrReceipt {
  readonly image_id: string;
  readonly receipt_id: number;
  readonly lines: readonly OcrLine[];
  readonly merchant?: MerchantTruth;
}

/**
 * Merchants a generated receipt can come from (the first has a two-word printed name, so the smallest
 * receipt stays 3 lines of 2 words). Printed names always differ from the Places names.
 */
export const merchantCatalogue: readonly MerchantTruth[] = [
  {
    place_id: 'ChIJinnout00001',
    merchant_name: 'In-N-Out Burger',
    printed_name: 'IN-N-OUT BURGER',
    merchant_category: 'restaurant',
    address: '4888 Dean Martin Dr, Las Vegas, NV 89103',
    phone_number: '(800) 555-0199',
  },
  {
    place_id: 'ChIJsprouts0002',
    merchant_name: 'Sprouts Farmers Market',
    printed_name: 'SPROUTS FARMERS MKT #42',
    merchant_category: 'grocery_store',
    address: '6435 S Rainbow Blvd, Las Vegas, NV 89118',
    phone_number: '(702) 555-0134',
  },
  {
    place_id: 'ChIJcostco00003',
    merchant_name: 'Costco Wholesale',
    printed_name: 'COSTCO WHOLESALE #661',
    merchant_category: 'warehouse_store',
    address: '222 S Martin L King Blvd, Las Vegas, NV 89106',
    phone_number: '(702) 555-0110',
  },
];

export interface VocabularyEntry {
  readonly text: string;
  readonly extracted_data?: { readonly [key: string]: string };
}

/** Words of the body lines; a few carry on-device extractions (anchors). */
export const vocabulary: readonly VocabularyEntry[] = [
  { text: 'TOTAL' },
  { text: '12.99' },
  { text: 'SUBTOTAL' },
  { text: 'TAX' },
  { text: '0.87' },
  { text: 'BANANAS' },
  { text: 'MILK' },
  { text: '2' },
  { text: '@' },
  { text: 'VISA' },
  { text: '11/14/2025' },
  { text: '10:42' },
  { text: 'CHANGE' },
  { text: '702-555-0134', extracted_data: { type: 'phone', value: '702-555-0134' } },
  { text: 'www.sprouts.com', extracted_data: { type: 'url', value: 'https://www.sprouts.com/' } },
  { text: '89118', extracted_data: { type: 'address', value: '6435 S Rainbow Blvd,  Las Vegas, NV 89118' } },
];

/** Texts of noise words (specks, rules, smudges). */
export const noiseTexts: readonly string[] = ['.', '~', '|', '--', "'"];
