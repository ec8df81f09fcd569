import type { DetailValue, LifecycleEvent, LifecycleMachine, TraceEntry } from '../../sim/trace.js';
import { UsageError } from '../../sim/errors.js';

/**
 * What the HTML report shows, read back from a run folder's `summary.json` and `trace.jsonl` (or handed
 * over by `writeRunReport` as it writes them). Reading is strict about what the report needs (a trace of
 * well-formed steps, violations naming steps) and lenient about the rest: a summary written before a field
 * existed renders with that section empty.
 */
export interface ReportViolation {
  readonly invariant: string;
  readonly entity: string;
  readonly expected: string;
  readonly actual: string;
  readonly steps: readonly number[];
}

export interface ReportFaultCoverage {
  readonly fault: string;
  readonly enabled: boolean;
  readonly rate: number;
  readonly opportunities: number;
  readonly fired: number;
}

export interface ReportModelCoverage {
  readonly machine: string;
  readonly reachedStates: readonly string[];
  readonly unreachedStates: readonly string[];
  readonly takenTransitions: readonly string[];
  readonly untakenTransitions: readonly string[];
}

export interface ReportNondeterminism {
  readonly step: number;
  readonly first: string;
  readonly second: string;
}

export interface ReportSummary {
  readonly scenario: string;
  readonly profile: string;
  readonly seed: number;
  readonly strategy: string;
  readonly flags: Readonly<Record<string, string | number | boolean>>;
  /** False for a soak run, whose `replay` says why it cannot be replayed instead of how to. */
  readonly replayable: boolean;
  readonly replay: string;
  readonly build: string;
  readonly hash: string;
  readonly end: string;
  readonly steps: number;
  readonly schedulingChoices: number;
  readonly schedulingPoints: readonly number[];
  readonly virtualMs: number;
  readonly violations: readonly ReportViolation[];
  readonly nondeterminism: ReportNondeterminism | null;
  readonly faultCoverage: readonly ReportFaultCoverage[];
  readonly modelCoverage: readonly ReportModelCoverage[];
  readonly observations: Readonly<Record<string, number>>;
}

export interface ReportInput {
  readonly summary: ReportSummary;
  readonly trace: readonly TraceEntry[];
}

type Json = Record<string, unknown>;

function invalid(where: string, what: string): UsageError {
  return new UsageError(`${where}: ${what}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field<T>(where: string, object: Json, key: string, is: (v: unknown) => v is T, kind: string, fallback?: T): T {
  const value = object[key];
  if (value === undefined && fallback !== undefined) return fallback;
  if (!is(value)) throw invalid(where, `"${key}" must be ${kind}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isStep = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isSteps = (v: unknown): v is number[] => Array.isArray(v) && v.every(isStep);
const isFlagValue = (v: unknown): v is string | number | boolean => isString(v) || isNumber(v) || isBoolean(v);

function records<T>(where: string, object: Json, key: string, parse: (where: string, o: Json) => T): T[] {
  return field(where, object, key, isArray, 'an array', []).map((item, i) => {
    if (!isObject(item)) throw invalid(where, `"${key}[${i}]" must be an object`);
    return parse(`${where} ${key}[${i}]`, item);
  });
}

function numberMap<T>(where: string, object: Json, key: string, is: (v: unknown) => v is T, kind: string): Record<string, T> {
  const value = field(where, object, key, isObject, 'an object', {});
  for (const [name, v] of Object.entries(value)) if (!is(v)) throw invalid(where, `"${key}.${name}" must be ${kind}`);
  return value as Record<string, T>;
}

export function parseReportSummary(value: unknown, where = 'summary.json'): ReportSummary {
  if (!isObject(value)) throw invalid(where, 'must be a JSON object');
  const nondeterminism = value.nondeterminism;
  return {
    scenario: field(where, value, 'scenario', isString, 'a string'),
    profile: field(where, value, 'profile', isString, 'a string', ''),
    seed: field(where, value, 'seed', isNumber, 'a number'),
    strategy: field(where, value, 'strategy', isString, 'a string', ''),
    flags: numberMap(where, value, 'flags', isFlagValue, 'a string, number or boolean'),
    replayable: field(where, value, 'replayable', isBoolean, 'a boolean', true),
    replay: field(where, value, 'replay', isString, 'a string', ''),
    build: field(where, value, 'build', isString, 'a string', ''),
    hash: field(where, value, 'hash', isString, 'a string', ''),
    end: field(where, value, 'end', isString, 'a string', ''),
    steps: field(where, value, 'steps', isNumber, 'a number', 0),
    schedulingChoices: field(where, value, 'schedulingChoices', isNumber, 'a number', 0),
    schedulingPoints: field(where, value, 'schedulingPoints', isSteps, 'an array of step numbers', []),
    virtualMs: field(where, value, 'virtualMs', isNumber, 'a number', 0),
    violations: records(where, value, 'violations', (w, v) => ({
      invariant: field(w, v, 'invariant', isString, 'a string'),
      entity: field(w, v, 'entity', isString, 'a string'),
      expected: field(w, v, 'expected', isString, 'a string'),
      actual: field(w, v, 'actual', isString, 'a string'),
      steps: field(w, v, 'steps', isSteps, 'an array of step numbers'),
    })),
    nondeterminism: isObject(nondeterminism)
      ? {
          step: field(`${where} nondeterminism`, nondeterminism, 'step', isStep, 'a step number'),
          first: field(`${where} nondeterminism`, nondeterminism, 'first', isString, 'a string'),
          second: field(`${where} nondeterminism`, nondeterminism, 'second', isString, 'a string'),
        }
      : null,
    faultCoverage: records(where, value, 'faultCoverage', (w, f) => ({
      fault: field(w, f, 'fault', isString, 'a string'),
      enabled: field(w, f, 'enabled', isBoolean, 'a boolean'),
      rate: field(w, f, 'rate', isNumber, 'a number'),
      opportunities: field(w, f, 'opportunities', isNumber, 'a number'),
      fired: field(w, f, 'fired', isNumber, 'a number'),
    })),
    modelCoverage: records(where, value, 'modelCoverage', (w, m) => ({
      machine: field(w, m, 'machine', isString, 'a string'),
      reachedStates: field(w, m, 'reachedStates', isStrings, 'an array of strings'),
      unreachedStates: field(w, m, 'unreachedStates', isStrings, 'an array of strings'),
      takenTransitions: field(w, m, 'takenTransitions', isStrings, 'an array of strings'),
      untakenTransitions: field(w, m, 'untakenTransitions', isStrings, 'an array of strings'),
    })),
    observations: numberMap(where, value, 'observations', isNumber, 'a number'),
  };
}

const isDetailValue = (v: unknown): v is DetailValue =>
  v === null || isString(v) || isNumber(v) || isBoolean(v) || (Array.isArray(v) && v.every(isDetailValue));

/** One line of `trace.jsonl` (`traceJsonLine`), whose step number must be its position. */
export function parseTraceEntry(value: unknown, position: number, where: string): TraceEntry {
  if (!isObject(value)) throw invalid(where, 'must be a JSON object');
  const step = field(where, value, 'step', isStep, 'a step number');
  if (step !== position) throw invalid(where, `"step" is ${step}, expected ${position} (steps are numbered from 0 in order)`);
  const parent = value.parent === null ? null : field(where, value, 'parent', isStep, 'null or a step number');
  if (parent !== null && parent >= step) throw invalid(where, `"parent" is ${parent}, not an earlier step`);
  const events = field(where, value, 'events', isArray, 'an array', []).map((e, i): LifecycleEvent => {
    if (!isObject(e)) throw invalid(where, `"events[${i}]" must be an object`);
    return {
      machine: field(where, e, 'machine', isString, 'a string') as LifecycleMachine,
      id: field(where, e, 'id', isString, 'a string'),
      type: field(where, e, 'type', isString, 'a string'),
    };
  });
  const detail = value.detail;
  if (detail !== null && detail !== undefined && !(isObject(detail) && Object.values(detail).every(isDetailValue))) {
    throw invalid(where, '"detail" must be null or an object of strings, numbers, booleans and arrays');
  }
  return {
    step,
    t: field(where, value, 't', isNumber, 'a number'),
    actor: field(where, value, 'actor', isString, 'a string'),
    op: field(where, value, 'op', isString, 'a string'),
    entities: field(where, value, 'entities', isStrings, 'an array of strings'),
    outcome: field(where, value, 'outcome', isString, 'a string'),
    parent,
    events,
    ...(isObject(detail) ? { detail: detail as Record<string, DetailValue> } : {}),
    hash: field(where, value, 'hash', isString, 'a string', ''),
  };
}

export function parseTraceJsonl(text: string, file = 'trace.jsonl'): TraceEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, position) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw invalid(`${file} line ${position + 1}`, 'is not valid JSON');
      }
      return parseTraceEntry(value, position, `${file} line ${position + 1}`);
    });
}
