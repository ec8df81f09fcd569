import type { Scenario } from '../src/harness/scenario.js';
import { UsageError } from '../src/sim/errors.js';
import { demoLedger, demoLedgerBlind } from './demoLedger.js';
import { headClockSkew } from './headClockSkew.js';
import { headPipeline } from './headPipeline.js';
import { seedPipeline } from './seedPipeline.js';

/** The scenario catalogue, in the order `run` without arguments runs it. */
export const scenarioCatalog: readonly Scenario[] = [demoLedger, demoLedgerBlind, seedPipeline, headPipeline, headClockSkew];

export function findScenario(name: string): Scenario {
  const scenario = scenarioCatalog.find((s) => s.name === name);
  if (scenario === undefined) {
    throw new UsageError(`unknown scenario "${name}"; list them with \`receipt-sim scenarios\``);
  }
  return scenario;
}
