import type { Comparator, Condition, KeyCondition, SortKeyCondition, Update } from '../../src/ports/expressions.js';
import { ValidationError } from '../../src/ports/errors.js';
import type { AttributeValue } from '../../src/ports/values.js';

/**
 * Parses DynamoDB expression strings back into the port's typed expressions, for the stateful mock
 * (dynamoOnMemory.ts) that answers the adapter's requests with the in-memory table. It reads the
 * grammar DynamoDB documents for the operators the port has (precedence NOT > AND > OR, parentheses,
 * `attribute_exists`, `attribute_not_exists`, `begins_with`, comparators, BETWEEN in key conditions,
 * SET/REMOVE/ADD), resolves `#name` and `:value` placeholders, and, like DynamoDB, refuses a request
 * that defines a placeholder none of its expressions uses.
 */
export interface Placeholders {
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

const tokenPattern = /\s*(<>|<=|>=|[=<>(),]|[#:][A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < expression.trimEnd().length) {
    const match = tokenPattern.exec(expression);
    if (match === null) throw new ValidationError(`Invalid expression: cannot read ${expression.slice(tokenPattern.lastIndex)}`);
    tokens.push(match[1]!);
  }
  return tokens;
}

/** One request's expressions share its placeholders; `finish` checks that every one was used. */
export class ExpressionReader {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(private readonly placeholders: Placeholders) {}

  condition(expression: string): Condition {
    return this.parse(expression, (p) => p.or());
  }

  update(expression: string): Update {
    return this.parse(expression, (p) => p.updateClauses());
  }

  keyCondition(expression: string): KeyCondition {
    return this.parse(expression, (p) => p.keyCondition());
  }

  finish(): void {
    const unused = [
      ...Object.keys(this.placeholders.ExpressionAttributeNames ?? {}).filter((n) => !this.usedNames.has(n)),
      ...Object.keys(this.placeholders.ExpressionAttributeValues ?? {}).filter((v) => !this.usedValues.has(v)),
    ];
    if (unused.length > 0) throw new ValidationError(`Value provided in ExpressionAttribute(Names|Values) unused in expressions: ${unused.join(', ')}`);
  }

  name(token: string | undefined): string {
    const name = token === undefined ? undefined : this.placeholders.ExpressionAttributeNames?.[token];
    if (name === undefined) throw new ValidationError(`An expression attribute name used in the document path is not defined: ${token}`);
    this.usedNames.add(token!);
    return name;
  }

  value(token: string | undefined): AttributeValue {
    const values = this.placeholders.ExpressionAttributeValues ?? {};
    if (token === undefined || !Object.hasOwn(values, token)) throw new ValidationError(`An expression attribute value used in expression is not defined: ${token}`);
    this.usedValues.add(token);
    return values[token] as AttributeValue;
  }

  private parse<T>(expression: string, rule: (parser: TokenParser) => T): T {
    const parser = new TokenParser(tokenize(expression), this);
    const result = rule(parser);
    parser.end();
    return result;
  }
}

const comparators: readonly string[] = ['=', '<>', '<', '<=', '>', '>='];

class TokenParser {
  private position = 0;

  constructor(
    private readonly tokens: readonly string[],
    private readonly reader: ExpressionReader,
  ) {}

  or(): Condition {
    const operands = [this.and()];
    while (this.accept('OR')) operands.push(this.and());
    return operands.length === 1 ? operands[0]! : { kind: 'or', conditions: operands };
  }

  updateClauses(): Update {
    const set: Record<string, AttributeValue> = {};
    const remove: string[] = [];
    const add: Record<string, number> = {};
    while (this.peek() !== undefined) {
      const clause = this.next();
      do {
        const path = this.reader.name(this.next());
        if (clause === 'SET') {
          this.expect('=');
          set[path] = this.reader.value(this.next());
        } else if (clause === 'REMOVE') remove.push(path);
        else if (clause === 'ADD') add[path] = this.reader.value(this.next()) as number;
        else throw new ValidationError(`Invalid UpdateExpression: unknown clause ${clause}`);
      } while (this.accept(','));
    }
    return {
      ...(Object.keys(set).length > 0 ? { set } : {}),
      ...(remove.length > 0 ? { remove } : {}),
      ...(Object.keys(add).length > 0 ? { add } : {}),
    };
  }

  keyCondition(): KeyCondition {
    const partitionName = this.reader.name(this.next());
    this.expect('=');
    const partitionKey = { name: partitionName, value: this.reader.value(this.next()) as string };
    if (!this.accept('AND')) return { partitionKey };
    let condition: SortKeyCondition;
    let name: string;
    if (this.accept('begins_with')) {
      const [path, prefix] = this.call(2);
      name = this.reader.name(path);
      condition = { op: 'beginsWith', prefix: this.reader.value(prefix) as string };
    } else {
      name = this.reader.name(this.next());
      const op = this.next();
      if (op === 'BETWEEN') {
        const low = this.reader.value(this.next()) as string;
        this.expect('AND');
        condition = { op: 'between', low, high: this.reader.value(this.next()) as string };
      } else if (['=', '<', '<=', '>', '>='].includes(op)) {
        condition = { op: op as '=' | '<' | '<=' | '>' | '>=', value: this.reader.value(this.next()) as string };
      } else throw new ValidationError(`Invalid KeyConditionExpression: operator ${op}`);
    }
    return { partitionKey, sortKey: { name, condition } };
  }

  end(): void {
    if (this.peek() !== undefined) throw new ValidationError(`Invalid expression: unexpected ${this.peek()}`);
  }

  private and(): Condition {
    const operands = [this.not()];
    while (this.accept('AND')) operands.push(this.not());
    return operands.length === 1 ? operands[0]! : { kind: 'and', conditions: operands };
  }

  private not(): Condition {
    if (this.accept('NOT')) return { kind: 'not', condition: this.not() };
    return this.primary();
  }

  private primary(): Condition {
    if (this.accept('(')) {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (this.accept('attribute_exists')) return { kind: 'attributeExists', path: this.reader.name(this.call(1)[0]) };
    if (this.accept('attribute_not_exists')) return { kind: 'attributeNotExists', path: this.reader.name(this.call(1)[0]) };
    if (this.accept('begins_with')) {
      const [path, prefix] = this.call(2);
      return { kind: 'beginsWith', path: this.reader.name(path), prefix: this.reader.value(prefix) as string };
    }
    const path = this.reader.name(this.next());
    const op = this.next();
    if (!comparators.includes(op)) throw new ValidationError(`Invalid ConditionExpression: operator ${op}`);
    return { kind: 'compare', path, op: op as Comparator, value: this.reader.value(this.next()) };
  }

  /** `( a, b, … )` after a function name: its argument tokens. */
  private call(arity: number): string[] {
    this.expect('(');
    const args = [this.next()];
    while (args.length < arity) {
      this.expect(',');
      args.push(this.next());
    }
    this.expect(')');
    return args;
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private next(): string {
    const token = this.tokens[this.position++];
    if (token === undefined) throw new ValidationError('Invalid expression: unexpected end of input');
    return token;
  }

  private accept(token: string): boolean {
    if (this.peek() !== token) return false;
    this.position++;
    return true;
  }

  private expect(token: string): void {
    if (!this.accept(token)) throw new ValidationError(`Invalid expression: expected ${token}, found ${String(this.peek())}`);
  }
}
