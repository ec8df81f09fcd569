import { ValidationError } from '../../ports/errors.js';
import type { Condition, KeyCondition, SortKeyCondition, Update } from '../../ports/expressions.js';
import type { AttributeValue } from '../../ports/values.js';

/**
 * Renders the typed expressions of src/ports/expressions.ts to DynamoDB expression strings. Every
 * attribute name becomes a `#nN` placeholder (names such as `status`, `count` or `owner` are reserved
 * words) and every value a `:vN` placeholder. One `ExpressionPlaceholders` serves all expressions of one
 * request (condition, update, key condition and filter share ExpressionAttributeNames/Values), because
 * DynamoDB rejects a request that defines a placeholder it does not use.
 */
export class ExpressionPlaceholders {
  private readonly names = new Map<string, string>();
  private readonly values = new Map<string, AttributeValue>();

  name(attribute: string): string {
    if (attribute === '') throw new ValidationError('Invalid expression: an attribute name is empty');
    let placeholder = this.names.get(attribute);
    if (placeholder === undefined) this.names.set(attribute, (placeholder = `#n${this.names.size}`));
    return placeholder;
  }

  value(value: AttributeValue): string {
    const placeholder = `:v${this.values.size}`;
    this.values.set(placeholder, value);
    return placeholder;
  }

  /** The request fields, each present only when some expression used it. */
  fields(): {
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, AttributeValue>;
  } {
    return {
      ...(this.names.size === 0 ? {} : { ExpressionAttributeNames: Object.fromEntries([...this.names].map(([n, p]) => [p, n])) }),
      ...(this.values.size === 0 ? {} : { ExpressionAttributeValues: Object.fromEntries(this.values) }),
    };
  }
}

/** An AND or OR of one condition is that condition. */
function unwrapped(condition: Condition): Condition {
  return (condition.kind === 'and' || condition.kind === 'or') && condition.conditions.length === 1
    ? unwrapped(condition.conditions[0]!)
    : condition;
}

/**
 * Parentheses go around compound operands of AND/OR and after NOT, and nowhere else: DynamoDB refuses
 * redundant parentheses such as `((a = :v))` ("The expression has redundant parentheses").
 */
export function renderCondition(condition: Condition, placeholders: ExpressionPlaceholders): string {
  const c = unwrapped(condition);
  switch (c.kind) {
    case 'attributeExists':
      return `attribute_exists(${placeholders.name(c.path)})`;
    case 'attributeNotExists':
      return `attribute_not_exists(${placeholders.name(c.path)})`;
    case 'compare':
      return `${placeholders.name(c.path)} ${c.op} ${placeholders.value(c.value)}`;
    case 'beginsWith':
      return `begins_with(${placeholders.name(c.path)}, ${placeholders.value(c.prefix)})`;
    case 'and':
    case 'or': {
      if (c.conditions.length === 0) throw new ValidationError(`Invalid ConditionExpression: empty ${c.kind}`);
      const operand = (child: Condition) => {
        const text = renderCondition(child, placeholders);
        const kind = unwrapped(child).kind;
        return kind === 'and' || kind === 'or' ? `(${text})` : text;
      };
      return c.conditions.map(operand).join(c.kind === 'and' ? ' AND ' : ' OR ');
    }
    case 'not':
      return `NOT (${renderCondition(c.condition, placeholders)})`;
  }
}

/** `SET #a = :v, … REMOVE #b, … ADD #c :k, …`; undefined for an update without clauses. */
export function renderUpdate(update: Update, placeholders: ExpressionPlaceholders): string | undefined {
  const clauses: string[] = [];
  const set = Object.entries(update.set ?? {});
  if (set.length > 0) {
    clauses.push(`SET ${set.map(([path, value]) => `${placeholders.name(path)} = ${placeholders.value(value)}`).join(', ')}`);
  }
  const remove = update.remove ?? [];
  if (remove.length > 0) clauses.push(`REMOVE ${remove.map((path) => placeholders.name(path)).join(', ')}`);
  const add = Object.entries(update.add ?? {});
  if (add.length > 0) {
    clauses.push(`ADD ${add.map(([path, amount]) => `${placeholders.name(path)} ${placeholders.value(amount)}`).join(', ')}`);
  }
  return clauses.length === 0 ? undefined : clauses.join(' ');
}

function renderSortKey(name: string, condition: SortKeyCondition, placeholders: ExpressionPlaceholders): string {
  switch (condition.op) {
    case 'beginsWith':
      return `begins_with(${name}, ${placeholders.value(condition.prefix)})`;
    case 'between':
      return `${name} BETWEEN ${placeholders.value(condition.low)} AND ${placeholders.value(condition.high)}`;
    default:
      return `${name} ${condition.op} ${placeholders.value(condition.value)}`;
  }
}

export function renderKeyCondition(key: KeyCondition, placeholders: ExpressionPlaceholders): string {
  const partition = `${placeholders.name(key.partitionKey.name)} = ${placeholders.value(key.partitionKey.value)}`;
  if (key.sortKey === undefined) return partition;
  return `${partition} AND ${renderSortKey(placeholders.name(key.sortKey.name), key.sortKey.condition, placeholders)}`;
}
