/**
 * One sentence per invariant (docs/invariants.md has the full account), shown above a violation's expected
 * and actual values so a reader of the report knows what was promised.
 */
const explanations: Readonly<Record<string, string>> = {
  snapshotIntegrity:
    'Every snapshot version the pointer names is complete and sound, and every download or EFS copy of one gets all its files and a sound store.',
  noLostUpdates:
    'Each pointer move builds on the version it replaces, and every completed run’s delta vectors are in the current snapshot, exactly once.',
  convergence: 'At quiescence every Chroma record holds what DynamoDB says it should, and no record outlives its entity.',
  liveness: 'The pipeline goes idle within the horizon: no message, stream record or lock is left behind, none expired or was discarded.',
  modelConformance: 'Every lifecycle event in the trace is a transition its state machine allows.',
};

export function explainInvariant(invariant: string): string {
  return explanations[invariant] ?? 'An invariant of the scenario’s world.';
}
