import { findScenario, scenarioCatalog } from '../../scenarios/index.js';
import type { Scenario } from '../harness/scenario.js';

/**
 * The scenarios a command can name. The CLI uses the committed catalogue; tests hand `main` their own
 * (for example a deliberately nondeterministic scenario) without adding it to the catalogue.
 */
export interface ScenarioCatalog {
  readonly scenarios: readonly Scenario[];
  /** The scenario of this name; an unknown name is a UsageError. */
  find(name: string): Scenario;
}

export const committedCatalog: ScenarioCatalog = { scenarios: scenarioCatalog, find: findScenario };
