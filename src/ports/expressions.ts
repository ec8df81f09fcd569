import type { AttributeValue } from './values.js';

/**
 * Typed DynamoDB condition and update expressions. Pipeline code builds these values; the in-memory
 * table evaluates them and only the AWS adapter renders them to expression strings with placeholders.
 * Paths are top-level attribute names (the spec never conditions on nested paths).
 */
export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'attributeExists'; readonly path: string }
  | { readonly kind: 'attributeNotExists'; readonly path: string }
  | { readonly kind: 'compare'; readonly path: string; readonly op: Comparator; readonly value: AttributeValue }
  | { readonly kind: 'beginsWith'; readonly path: string; readonly prefix: string }
  | { readonly kind: 'and'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'or'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'not'; readonly condition: Condition };

export const attributeExists = (path: string): Condition => ({ kind: 'attributeExists', path });
export const attributeNotExists = (path: string): Condition => ({ kind: 'attributeNotExists', path });
export const compare = (path: string, op: Comparator, value: AttributeValue): Condition => ({
  kind: 'compare',
  path,
  op,
  value,
});
export const equals = (path: string, value: AttributeValue): Condition => compare(path, '=', value);
export const beginsWith = (path: string, prefix: string): Condition => ({ kind: 'beginsWith', path, prefix });
export const and = (...conditions: Condition[]): Condition => ({ kind: 'and', conditions });
export const or = (...conditions: Condition[]): Condition => ({ kind: 'or', conditions });
export const not = (condition: Condition): Condition => ({ kind: 'not', condition });

/** `SET a = :v, ... REMOVE b, ... ADD n :k` as data. */
export interface Update {
  readonly set?: Readonly<Record<string, AttributeValue>>;
  readonly remove?: readonly string[];
  readonly add?: Readonly<Record<string, number>>;
}

/** Key condition of a Query: equality on the partition key, an optional sort key condition. */
export type SortKeyCondition =
  | { readonly op: '=' | '<' | '<=' | '>' | '>='; readonly value: string }
  | { readonly op: 'beginsWith'; readonly prefix: string }
  | { readonly op: 'between'; readonly low: string; readonly high: string };

export interface KeyCondition {
  readonly partitionKey: { readonly name: string; readonly value: string };
  readonly sortKey?: { readonly name: string; readonly condition: SortKeyCondition };
}
