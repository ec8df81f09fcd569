import { expect, it } from 'vitest';
import { type ContractFeature, type ContractPort, committedNotSupported, contractFeatures } from './unsupported.js';

export type { ContractFeature, ContractPort } from './unsupported.js';

/**
 * A contract suite is written once against a port and run against every implementation of it: the
 * in-memory fakes inside a simulation, the AWS adapters over aws-sdk-client-mock, and the AWS adapters
 * over local servers. A backend gives the suite fresh ports and runs a test body where those ports work.
 */
export interface ContractBackend<Ports> {
  readonly name: string;
  /** Runs the body with fresh ports; rejects with the body's error. */
  run(body: (ports: Ports) => Promise<void>): Promise<void>;
  /**
   * Features this backend lacks (`ContractFeature` names); their cases are reported as not supported,
   * never skipped silently.
   */
  readonly unsupported?: readonly string[];
}

/** Declares one case: the same shape as vitest's `it(name, fn)`. */
export type ContractCase = (name: string, test: () => Promise<void>) => void;

/** The features each backend marked not supported while its suites were declared, per port. */
const marked = new Map<string, Set<ContractFeature>>();
const markKey = (port: ContractPort, backend: string): string => `${port}\u0000${backend}`;

/**
 * The way every contract suite declares a case that needs an optional feature. When the backend has it
 * (or `feature` is undefined) this is plain `it`. When the backend lacks it, the case still runs, named
 * `<case> [not supported by <backend>: <feature>]`, and asserts that the feature is on the backend's
 * committed list (`unsupported.ts`); the suite's `notSupportedCase` then checks the list is complete.
 */
export function featureCase(backend: ContractBackend<unknown>, feature?: ContractFeature): ContractCase {
  if (feature === undefined || !(backend.unsupported ?? []).includes(feature)) return (name, test) => void it(name, test);
  const key = markKey(contractFeatures[feature], backend.name);
  const features = marked.get(key) ?? new Set<ContractFeature>();
  marked.set(key, features.add(feature));
  return (name) =>
    void it(`${name} [not supported by ${backend.name}: ${feature}]`, () => {
      expect(committedNotSupported(backend.name), `${feature} is not on the committed not-supported list of ${backend.name}`).toContain(feature);
    });
}

/**
 * The last case of every contract suite: the features whose cases this backend marked not supported are
 * exactly the committed list's features of this port.
 */
export function notSupportedCase(backend: ContractBackend<unknown>, port: ContractPort): void {
  it(`marks as not supported exactly the committed list of ${backend.name}`, () => {
    const committed = committedNotSupported(backend.name).filter((feature) => contractFeatures[feature] === port);
    const seen = [...(marked.get(markKey(port, backend.name)) ?? [])];
    expect(seen.sort()).toEqual([...committed].sort());
  });
}
