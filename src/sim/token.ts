import { UsageError } from './errors.js';
import type { StrategyName } from './strategies/strategy.js';

/**
 * A run token names one run exactly: base64url of a JSON object. A token made by another build is refused,
 * because the same choices drive a different program there.
 */
export type FlagValue = string | number | boolean;

export interface RunToken {
  readonly version: 1;
  readonly build: string;
  readonly scenario: string;
  readonly profile: string;
  readonly flags: Readonly<Record<string, FlagValue>>;
  readonly seed: number;
  readonly strategy: StrategyName;
  /** The recorded decisions; absent when the seed alone reproduces the run. */
  readonly choices?: readonly number[];
}

export class TokenBuildMismatch extends UsageError {
  constructor(
    readonly tokenBuild: string,
    readonly currentBuild: string,
  ) {
    super(
      `token was made by build ${tokenBuild} but this is build ${currentBuild}; check out that build or re-run the scenario's seed here`,
    );
  }
}

export function encodeToken(token: RunToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses a token; malformed input is a UsageError whose message says what is wrong. */
export function decodeToken(text: string, currentBuild?: string): RunToken {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(trimmed)) {
    throw new UsageError('malformed replay token: expected base64url text (A-Z a-z 0-9 - _); copy the whole token');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(trimmed, 'base64url').toString('utf8'));
  } catch {
    throw new UsageError('malformed replay token: it does not decode to JSON; copy the whole token');
  }
  if (!isRecord(parsed)) throw new UsageError('malformed replay token: not an object');
  const problem = tokenProblem(parsed);
  if (problem !== undefined) throw new UsageError(`malformed replay token: ${problem}`);
  const token = parsed as unknown as RunToken;
  if (currentBuild !== undefined && token.build !== currentBuild) throw new TokenBuildMismatch(token.build, currentBuild);
  return token;
}

function tokenProblem(value: Record<string, unknown>): string | undefined {
  if (value.version !== 1) return `unsupported version ${JSON.stringify(value.version)}`;
  for (const field of ['build', 'scenario', 'profile'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') return `field "${field}" must be a non-empty string`;
  }
  if (!isRecord(value.flags)) return 'field "flags" must be an object';
  for (const [name, flag] of Object.entries(value.flags)) {
    if (!['string', 'number', 'boolean'].includes(typeof flag)) return `flag "${name}" has an invalid value`;
  }
  const seed = value.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    return 'field "seed" must be a uint32';
  }
  if (!['random', 'pct', 'replay'].includes(value.strategy as string)) return 'field "strategy" must be random, pct or replay';
  const choices = value.choices;
  if (choices !== undefined) {
    if (!Array.isArray(choices) || !choices.every((c) => typeof c === 'number' && Number.isInteger(c) && c >= 0)) {
      return 'field "choices" must be a list of non-negative integers';
    }
  }
  return undefined;
}
