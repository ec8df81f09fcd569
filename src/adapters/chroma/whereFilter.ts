import { ValidationError } from '../../ports/errors.js';
import type { Where, WhereCondition, WhereOperand } from '../../ports/vectorStore.js';

/**
 * Chroma's metadata `where` filters compiled to SQL over `embeddings e`. Each where object holds exactly
 * one key (an operator or a metadata key), as Chroma's `validate_where` requires; `$and`/`$or` take at
 * least two clauses; the list of `$in`/`$nin` holds values of one type (see `oneType`). `$ne` and `$nin`
 * also match records that lack the key (Chroma 1.x evaluates them as NOT IN the records that match).
 * A number operand compares with ints and floats (see `asInteger`); a boolean matches only a boolean.
 */
export interface CompiledWhere {
  readonly sql: string;
  readonly params: (string | number)[];
}

type Comparison = '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$nin';

const comparisons: ReadonlySet<string> = new Set<Comparison>(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);
const orderSql: Readonly<Record<'$gt' | '$gte' | '$lt' | '$lte', string>> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/**
 * Chroma compares an int-valued key with a number operand cast to an integer the way Rust's `as i64` does
 * (toward zero, saturating), which is SQLite's CAST: `{n: {$gte: 2.7}}` matches `n: 2`, `{n: 3.5}` matches
 * `n: 3` and `{n: {$gt: -0.5}}` does not match `n: 0`. A float-valued key compares with the operand itself.
 */
const asInteger = 'CAST(? AS INTEGER)';

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
    if (!oneType(operand)) {
      throw invalid(`Expected where operand value to be a non-empty list and all values to be of the same type for operator ${operator}, got ${show(operand)}`);
    }
    return matching(key, operator, operand, params);
  }
  if (!isOperand(operand)) throw invalid(`Expected where operand value to be a str, int, float or bool, got ${show(operand)}`);
  if (operator === '$eq' || operator === '$ne') return matching(key, operator, [operand], params);
  if (typeof operand !== 'number') throw invalid(`Expected operand value to be an int or a float for operator ${operator}, got ${show(operand)}`);
  checkInteger([operand]);
  params.push(key, operand, operand);
  const op = orderSql[operator];
  return `e.id IN (SELECT id FROM embedding_metadata WHERE key = ? AND (int_value ${op} ${asInteger} OR float_value ${op} ?))`;
}

/** `$eq`/`$in` select the records holding one of the values; `$ne`/`$nin` every other record. */
function matching(key: string, operator: '$eq' | '$ne' | '$in' | '$nin', operands: readonly WhereOperand[], params: (string | number)[]): string {
  if (!readAsFloats(operands)) checkInteger(operands);
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
    tests.push(`int_value IN (${Array.from(numbers, () => asInteger).join(', ')}) OR float_value IN (${list(numbers.length)})`);
    params.push(...numbers, ...numbers);
  }
  if (booleans.length > 0) {
    tests.push(`bool_value IN (${list(booleans.length)})`);
    params.push(...booleans.map((b) => (b ? 1 : 0)));
  }
  const negated = operator === '$ne' || operator === '$nin';
  return `e.id ${negated ? 'NOT IN' : 'IN'} (SELECT id FROM embedding_metadata WHERE key = ? AND (${tests.join(' OR ')}))`;
}

/**
 * Chroma clients refuse a list mixing strings, numbers and booleans. The server reads a list of numbers
 * as the type of its first element: after an int (JSON digits that fit an i64) a float is refused, while
 * after a float an int is read as a float (`[0.5, 0]` is fine, `[0, 0.5]` is not).
 */
function oneType(operands: readonly WhereOperand[]): boolean {
  const first = operands[0]!;
  if (!operands.every((o) => typeof o === typeof first)) return false;
  return typeof first !== 'number' || !isJsonInteger(first) || operands.every((o) => isJsonInteger(o as number));
}

/** A list starting with a float is read as floats throughout, so `[0.5, 2 ** 63]` is accepted. */
function readAsFloats(operands: readonly WhereOperand[]): boolean {
  const first = operands[0]!;
  return typeof first === 'number' && jsonNumberType(first) === 'float';
}

/** A number Chroma reads as an unsigned integer, which its where parser refuses. */
function checkInteger(operands: readonly WhereOperand[]): void {
  for (const operand of operands) {
    if (typeof operand === 'number' && jsonNumberType(operand) === 'u64') throw invalid(`Invalid where clause: ${show(operand)} is out of the range of an int`);
  }
}

function isJsonInteger(value: number): boolean {
  return jsonNumberType(value) === 'int';
}

/**
 * What serde_json makes of the number as JSON.stringify writes it (the shortest round-trip digits, not the
 * exact value: -2^63 is written -9223372036854776000, beyond i64): digits that fit an i64 are an int,
 * digits beyond it that fit a u64 are a u64, anything else (a fraction, an exponent, more digits) a float.
 */
function jsonNumberType(value: number): 'int' | 'u64' | 'float' {
  const text = JSON.stringify(value);
  if (!/^-?\d+$/.test(text)) return 'float';
  const digits = BigInt(text);
  if (digits >= -(2n ** 63n) && digits < 2n ** 63n) return 'int';
  return digits >= 0n && digits < 2n ** 64n ? 'u64' : 'float';
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
