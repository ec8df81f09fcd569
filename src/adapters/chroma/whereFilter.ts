import { ValidationError } from '../../ports/errors.js';
import type { Where, WhereCondition, WhereOperand } from '../../ports/vectorStore.js';

/**
 * Chroma's metadata `where` filters compiled to SQL over `embeddings e`. Each where object holds exactly
 * one key (an operator or a metadata key), as Chroma's `validate_where` requires; `$and`/`$or` take at
 * least two clauses. `$ne` and `$nin` also match records that lack the key (Chroma 1.x evaluates them as
 * NOT IN the records that match). Numbers compare by value whether stored as int or float; a boolean
 * matches only a boolean.
 */
export interface CompiledWhere {
  readonly sql: string;
  readonly params: (string | number)[];
}

type Comparison = '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$nin';

const comparisons: ReadonlySet<string> = new Set<Comparison>(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);
const orderSql: Readonly<Record<'$gt' | '$gte' | '$lt' | '$lte', string>> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

export function compileWhere(where: Where): CompiledWhere {
  const params: (string | number)[] = [];
  const sql = clause(where, params);
  return { sql, params };
}

function clause(where: Where, params: (string | number)[]): string {
  if (typeof where !== 'object' || where === null || Array.isArray(where)) throw invalid(`Expected where to be a dict, got ${show(where)}`);
  const keys = Object.keys(where);
  if (keys.length !== 1) throw invalid(`Expected where to have exactly one operator, got ${show(where)}`);
  const key = keys[0]!;
  if (key === '$and' || key === '$or') {
    const parts: unknown = (where as Readonly<Record<string, unknown>>)[key];
    if (!Array.isArray(parts) || parts.length < 2) {
      throw invalid(`Expected where value for $and or $or to be a list with at least two where expressions, got ${show(parts)}`);
    }
    const joiner = key === '$and' ? ' AND ' : ' OR ';
    return `(${(parts as Where[]).map((part) => clause(part, params)).join(joiner)})`;
  }
  if (key.startsWith('$')) throw invalid(`Expected where operator to be one of $and, $or, got ${key}`);
  return condition(key, (where as Readonly<Record<string, WhereCondition>>)[key]!, params);
}

function condition(key: string, value: WhereCondition, params: (string | number)[]): string {
  if (isOperand(value)) return matching(key, '$eq', [value], params);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`Expected where value to be a str, int, float, bool or operator dict, got ${show(value)}`);
  const operators = Object.keys(value);
  if (operators.length !== 1 || !comparisons.has(operators[0]!)) {
    throw invalid(`Expected operator expression to have exactly one operator among ${[...comparisons].join(', ')}, got ${show(value)}`);
  }
  const operator = operators[0] as Comparison;
  const operand: unknown = (value as Readonly<Record<string, unknown>>)[operator];
  if (operator === '$in' || operator === '$nin') {
    if (!Array.isArray(operand) || operand.length === 0 || !operand.every(isOperand)) {
      throw invalid(`Expected where operand value to be a non-empty list of str, int, float or bool for operator ${operator}, got ${show(operand)}`);
    }
    return matching(key, operator, operand, params);
  }
  if (!isOperand(operand)) throw invalid(`Expected where operand value to be a str, int, float or bool, got ${show(operand)}`);
  if (operator === '$eq' || operator === '$ne') return matching(key, operator, [operand], params);
  if (typeof operand !== 'number') throw invalid(`Expected operand value to be an int or a float for operator ${operator}, got ${show(operand)}`);
  params.push(key, operand, operand);
  const op = orderSql[operator];
  return `e.id IN (SELECT id FROM embedding_metadata WHERE key = ? AND (int_value ${op} ? OR float_value ${op} ?))`;
}

/** `$eq`/`$in` select the records holding one of the values; `$ne`/`$nin` every other record. */
function matching(key: string, operator: '$eq' | '$ne' | '$in' | '$nin', operands: readonly WhereOperand[], params: (string | number)[]): string {
  const tests: string[] = [];
  params.push(key);
  const strings = operands.filter((o): o is string => typeof o === 'string');
  const numbers = operands.filter((o): o is number => typeof o === 'number');
  const booleans = operands.filter((o): o is boolean => typeof o === 'boolean');
  const list = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
  if (strings.length > 0) {
    tests.push(`string_value IN (${list(strings.length)})`);
    params.push(...strings);
  }
  if (numbers.length > 0) {
    tests.push(`int_value IN (${list(numbers.length)}) OR float_value IN (${list(numbers.length)})`);
    params.push(...numbers, ...numbers);
  }
  if (booleans.length > 0) {
    tests.push(`bool_value IN (${list(booleans.length)})`);
    params.push(...booleans.map((b) => (b ? 1 : 0)));
  }
  const negated = operator === '$ne' || operator === '$nin';
  return `e.id ${negated ? 'NOT IN' : 'IN'} (SELECT id FROM embedding_metadata WHERE key = ? AND (${tests.join(' OR ')}))`;
}

function isOperand(value: unknown): value is WhereOperand {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function invalid(message: string): ValidationError {
  return new ValidationError(message);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
