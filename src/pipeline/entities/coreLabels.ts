/**
 * The label vocabulary (spec §1.3): enforced only when new labels are minted, never on read, and not by
 * compaction-time label reconstruction (§3.7).
 */
export const CORE_LABELS = [
  'MERCHANT_NAME',
  'STORE_HOURS',
  'PHONE_NUMBER',
  'WEBSITE',
  'LOYALTY_ID',
  'ADDRESS_LINE',
  'DATE',
  'TIME',
  'PAYMENT_METHOD',
  'COUPON',
  'DISCOUNT',
  'PRODUCT_NAME',
  'QUANTITY',
  'UNIT_PRICE',
  'LINE_TOTAL',
  'SUBTOTAL',
  'TAX',
  'TIP',
  'GRAND_TOTAL',
  'CHANGE',
  'CASH_BACK',
  'REFUND',
] as const;

export type CoreLabel = (typeof CORE_LABELS)[number];

export function isCoreLabel(label: string): label is CoreLabel {
  return (CORE_LABELS as readonly string[]).includes(label);
}
