/**
 * Attribute values as the pipeline sees them: the JSON-like subset of DynamoDB's types the spec uses
 * (S, N, BOOL, NULL, L, M). Adapters translate to and from their wire formats.
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue };

export type Item = Readonly<Record<string, AttributeValue>>;
