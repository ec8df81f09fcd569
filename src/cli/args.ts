import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../sim/errors.js';
import type { FlagValue } from '../sim/token.js';

/**
 * Command-line parsing on node:util's parseArgs, with every problem turned into a one-line UsageError that
 * says what is wrong and what to do.
 */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

export function parseCommandLine(command: string, argv: readonly string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify.*$/, '') : String(error);
    throw new UsageError(`${command}: ${message}; see \`receipt-sim ${command} --help\``);
  }
}

/** Refuses positional arguments of a command that takes options only. */
export function rejectPositionals(command: string, parsed: Parsed, hint = ''): void {
  if (parsed.positionals.length > 0) throw new UsageError(`${command} takes no positional arguments, got "${parsed.positionals[0]}"${hint}`);
}

export function stringOption(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(parsed: Parsed, name: string): string[] {
  const value = parsed.values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

export function integerOption(parsed: Parsed, name: string, min: number, max: number): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

/** `30s`, `5m`, `250ms`, `1h` → milliseconds. */
export function durationOption(parsed: Parsed, name: string): number | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (match === null) throw new UsageError(`--${name} must be a duration such as 30s, 5m or 250ms, got "${text}"`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

/** `--shard i/n`, 1-based. */
export function shardOption(parsed: Parsed): { readonly index: number; readonly count: number } | undefined {
  const text = stringOption(parsed, 'shard');
  if (text === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${text}"`);
  }
  return { index, count };
}

/** Repeated `--flag name=value`; values become booleans or numbers when they read as such. */
export function flagOptions(parsed: Parsed): Record<string, FlagValue> {
  const flags: Record<string, FlagValue> = {};
  for (const text of listOption(parsed, 'flag')) {
    const match = /^([A-Za-z][\w.]*)=(.*)$/.exec(text);
    if (match === null) throw new UsageError(`--flag must be name=value (e.g. --flag closeBeforeTar=false), got "${text}"`);
    const raw = match[2]!;
    flags[match[1]!] = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return flags;
}

export function choiceOption<T extends string>(parsed: Parsed, name: string, allowed: readonly T[]): T | undefined {
  const text = stringOption(parsed, name);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  }
  return text as T;
}
