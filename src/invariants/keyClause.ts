import type { Metadata } from '../ports/vectorStore.js';

/**
 * One statement of `expectedMetadata` about a Chroma record: the keys it constrains, the spec section it
 * rests on, the expected value in one short line, and a check returning what the record holds instead
 * (undefined when the record agrees). The record's document is checked under the pseudo-key `document`.
 */
export interface KeyClause {
  readonly keys: readonly string[];
  readonly spec: string;
  readonly expected: string;
  check(metadata: Metadata, document: string | null): string | undefined;
}
