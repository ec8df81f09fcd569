import { UsageError } from '../../sim/errors.js';

/**
 * What a real target (AWS, or local servers standing in for it) can do, as far as the pipeline relies
 * on it. Each capability is established by a probe at start-up, never assumed: s3rver, for one, accepts
 * If-None-Match and then ignores it, so only trying it tells.
 */
export type Capability =
  /** S3 PutObject with If-None-Match: * and If-Match fails with 412 when the condition does not hold. */
  | 's3.conditionalWrites'
  /** DynamoDB PutItem/UpdateItem/DeleteItem with a ConditionExpression. */
  | 'dynamodb.conditionalWrites'
  /** DynamoDB TransactWriteItems. */
  | 'dynamodb.transactions'
  /** DynamoDB Streams on the table. */
  | 'dynamodb.streams';

export const capabilitySummaries: Readonly<Record<Capability, string>> = {
  's3.conditionalWrites': 'conditional S3 writes (If-None-Match / If-Match → 412)',
  'dynamodb.conditionalWrites': 'conditional DynamoDB writes (ConditionExpression)',
  'dynamodb.transactions': 'DynamoDB transactions (TransactWriteItems)',
  'dynamodb.streams': 'DynamoDB Streams',
};

/** What one probe found about one capability, with the evidence to print when it is missing. */
export interface ProbeFinding {
  readonly capability: Capability;
  readonly present: boolean;
  readonly evidence: string;
}

/**
 * One start-up probe: it tries the capabilities it covers on the target and reports each one. Probes
 * clean up what they write; an error (target unreachable, access denied) rejects, it is not a finding.
 */
export interface CapabilityProbe {
  readonly covers: readonly Capability[];
  probe(): Promise<readonly ProbeFinding[]>;
}

export type CapabilitySet = ReadonlyMap<Capability, ProbeFinding>;

/** Runs the probes one after another (they touch shared resources) and collects their findings. */
export async function probeCapabilities(probes: readonly CapabilityProbe[]): Promise<CapabilitySet> {
  const findings = new Map<Capability, ProbeFinding>();
  for (const probe of probes) {
    for (const finding of await probe.probe()) findings.set(finding.capability, finding);
  }
  return findings;
}

/** What a profile relies on, named for the error message. */
export interface ProfileNeeds {
  readonly profile: string;
  readonly capabilities: readonly Capability[];
}

/**
 * Refuses a profile whose needs the target does not meet: a UsageError (exit 2) naming every missing
 * capability with the probe's evidence. A capability no probe covered counts as missing.
 */
export function requireCapabilities(needs: ProfileNeeds, capabilities: CapabilitySet): void {
  const missing = needs.capabilities.filter((capability) => capabilities.get(capability)?.present !== true);
  if (missing.length === 0) return;
  const reasons = missing.map((capability) => {
    const finding = capabilities.get(capability);
    return `${capabilitySummaries[capability]} [${capability}]: ${finding?.evidence ?? 'not probed'}`;
  });
  throw new UsageError(
    `profile ${needs.profile} needs what this target lacks: ${reasons.join('; ')}. Use a target that has it, or a profile that does not need it.`,
  );
}
