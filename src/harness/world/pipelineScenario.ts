import type { FaultMenu } from '../../sim/faults/faultPlan.js';
import { type Profile, pipelineFlagSpecs } from '../profiles.js';
import type { Expectation, Flags, Mutant, Scenario } from '../scenario.js';
import { toPipelineFlags } from './pipelineFlags.js';
import { PipelineWorldBuilder } from './pipelineWorldBuilder.js';

/**
 * A scenario on the whole pipeline of a profile: the profile's flags (overridable with every pipeline
 * flag), the builder's default workload unless `configure` changes it, a fault menu and an expectation.
 */
export interface PipelineScenarioOptions {
  readonly name: string;
  readonly summary: string;
  readonly faults: FaultMenu;
  readonly expectation: Expectation;
  readonly mutant?: Mutant;
  readonly mechanism?: string;
  readonly configure?: (builder: PipelineWorldBuilder) => PipelineWorldBuilder;
}

export function pipelineScenario(profile: Profile, options: PipelineScenarioOptions): Scenario {
  const flags: Flags = { ...profile.flags };
  return {
    name: options.name,
    summary: options.summary,
    profile: profile.name,
    epochMs: profile.epochMs,
    flagSpecs: pipelineFlagSpecs,
    flags,
    faults: options.faults,
    expectation: options.expectation,
    ...(options.mutant === undefined ? {} : { mutant: options.mutant }),
    ...(options.mechanism === undefined ? {} : { mechanism: options.mechanism }),
    build: (sim, overrides) => {
      const builder = new PipelineWorldBuilder(sim).profile(profile).flags(toPipelineFlags(profile.flags, overrides));
      return (options.configure?.(builder) ?? builder).build();
    },
  };
}

/**
 * A modest menu from the fault catalog: host stalls and crashes, cold starts, duplicate SQS deliveries,
 * S3 and DynamoDB throttling, and late stream records. Clock skew has a scenario of its own
 * (`head-clock-skew`): on its own it breaks snapshot integrity in too few seeds for a short search.
 */
export const modestPipelineFaults: FaultMenu = {
  'process.pause': { rate: 0.005 },
  'lambda.crash': { rate: 0.0005 },
  'lambda.coldStart': { rate: 0.1 },
  'sqs.duplicate': { rate: 0.05 },
  's3.throttle': { rate: 0.01 },
  'dynamodb.throttle': { rate: 0.005 },
  'stream.recordDelay': { rate: 0.05 },
};
