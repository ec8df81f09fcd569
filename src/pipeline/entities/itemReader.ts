import type { AttributeValue, Item } from '../../ports/values.js';
import { InvalidEntity } from './invalidEntity.js';

/**
 * Typed reads of a stored item's attributes for `fromItem`. A missing or mistyped attribute raises
 * InvalidEntity; the `nullable` readers take both NULL and absence as null.
 */
export class ItemReader {
  constructor(
    private readonly item: Item,
    readonly entity: string,
  ) {}

  /** The capture groups of `pattern` applied to a key attribute (PK, SK, ...). */
  key(name: string, pattern: RegExp): string[] {
    const value = this.string(name);
    const match = pattern.exec(value);
    if (match === null) throw this.invalid(`${name} ${JSON.stringify(value)} does not match ${String(pattern)}`);
    return match.slice(1).map((group) => group ?? '');
  }

  string(name: string): string {
    const value = this.item[name];
    if (typeof value !== 'string') throw this.invalid(`${name} must be a string`);
    return value;
  }

  nullableString(name: string): string | null {
    const value = this.item[name] ?? null;
    if (value !== null && typeof value !== 'string') throw this.invalid(`${name} must be a string or NULL`);
    return value;
  }

  number(name: string): number {
    const value = this.item[name];
    if (typeof value !== 'number') throw this.invalid(`${name} must be a number`);
    return value;
  }

  nullableNumber(name: string): number | null {
    const value = this.item[name] ?? null;
    if (value !== null && typeof value !== 'number') throw this.invalid(`${name} must be a number or NULL`);
    return value;
  }

  boolean(name: string): boolean {
    const value = this.item[name];
    if (typeof value !== 'boolean') throw this.invalid(`${name} must be a boolean`);
    return value;
  }

  nullableBoolean(name: string): boolean | null {
    const value = this.item[name] ?? null;
    if (value !== null && typeof value !== 'boolean') throw this.invalid(`${name} must be a boolean or NULL`);
    return value;
  }

  stringList(name: string): string[] {
    return this.list(name).map((v) => {
      if (typeof v !== 'string') throw this.invalid(`${name} must be a list of strings`);
      return v;
    });
  }

  numberList(name: string): number[] {
    return this.list(name).map((v) => {
      if (typeof v !== 'number') throw this.invalid(`${name} must be a list of numbers`);
      return v;
    });
  }

  /** A map of numbers, e.g. a point `{x, y}`; `fields` lists the keys it must have. */
  numberMap<K extends string>(name: string, fields: readonly K[]): Record<K, number> {
    const map = this.map(name);
    const result = {} as Record<K, number>;
    for (const field of fields) {
      const value = map[field];
      if (typeof value !== 'number') throw this.invalid(`${name}.${field} must be a number`);
      result[field] = value;
    }
    return result;
  }

  nullableStringMap(name: string): Record<string, string> | null {
    if ((this.item[name] ?? null) === null) return null;
    return this.stringMap(name);
  }

  /** `Object.fromEntries` keeps a key such as `__proto__` as an own property, as the stored map has it. */
  stringMap(name: string): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.map(name)).map(([key, value]) => {
        if (typeof value !== 'string') throw this.invalid(`${name}.${key} must be a string`);
        return [key, value];
      }),
    );
  }

  private list(name: string): readonly AttributeValue[] {
    const value = this.item[name];
    if (!Array.isArray(value)) throw this.invalid(`${name} must be a list`);
    return value as readonly AttributeValue[];
  }

  private map(name: string): { readonly [key: string]: AttributeValue } {
    const value = this.item[name];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.invalid(`${name} must be a map`);
    return value as { readonly [key: string]: AttributeValue };
  }

  private invalid(message: string): InvalidEntity {
    return new InvalidEntity(this.entity, message);
  }
}
