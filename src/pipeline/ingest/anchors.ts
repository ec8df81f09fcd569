import type { Metadata, MetadataValue } from '../../ports/vectorStore.js';

/**
 * Anchor metadata (spec §3.11) from the words' on-device extractions (`extracted_data` `{type, value}`):
 * `normalized_phone_10` (the last 10 digits of a phone number with 10 digits, or 11 starting with 1),
 * `normalized_full_address` (upper-cased, whitespace collapsed) and `normalized_url` (lower-cased, without
 * scheme, `www.` and trailing `/`). The first extraction of each kind wins; absent kinds are left out.
 */
export function anchorMetadata(extractions: readonly ({ readonly [key: string]: string } | null)[]): Metadata {
  const anchors: Record<string, MetadataValue> = {};
  for (const extracted of extractions) {
    if (extracted === null) continue;
    const { type, value } = extracted;
    if (value === undefined) continue;
    if (type === 'phone' && anchors.normalized_phone_10 === undefined) {
      const phone = normalisePhone(value);
      if (phone !== undefined) anchors.normalized_phone_10 = phone;
    } else if (type === 'address' && anchors.normalized_full_address === undefined) {
      anchors.normalized_full_address = value.toUpperCase().replace(/\s+/g, ' ').trim();
    } else if (type === 'url' && anchors.normalized_url === undefined) {
      anchors.normalized_url = value
        .toLowerCase()
        .replace(/^[a-z]+:\/\//, '')
        .replace(/^www\./, '')
        .replace(/\/+$/, '');
    }
  }
  return anchors;
}

function normalisePhone(value: string): string | undefined {
  const digits = value.replace(/\D/g, '');
  if (digits.length === 10) return digits;
  if (digits.length === 11 && digits.startsWith('1')) return digits.slice(1);
  return undefined;
}
