import type { PipelineFlags } from '../../pipeline/config/flags.js';
import type { LlmRates } from '../../pipeline/validation/deterministicLlm.js';
import type { Simulation } from '../../sim/simulation.js';
import { type Profile, type ProfileName, findProfile, headProfile } from '../profiles.js';
import { deployFunctions } from './pipelineFunctions.js';
import { createPipelineQueues } from './pipelineQueues.js';
import { createServices } from './pipelineServices.js';
import { PipelineWorld } from './pipelineWorld.js';
import { planWorkload, startWorkload } from './pipelineWorkload.js';

/**
 * Builds the whole simulated pipeline for a profile, flags, workload and seed, one knob per method:
 *
 *     const world = new PipelineWorldBuilder(sim).profile('seed').flags({ closeBeforeTar: true }).receipts(5).build();
 *
 * `build()` wires the services, queues, functions and mappings on the fakes with the spec's numbers
 * (deployment.ts) and spawns the workload; the run starts with `sim.run(world.horizonMs)`.
 */
export const defaultLlmRates: LlmRates = { failure: 0, merchantMismatch: 0.3, labelPerWord: 0.25, verified: 0.5, invalid: 0.2 };

export class PipelineWorldBuilder {
  private chosenProfile: Profile = headProfile;
  private flagOverrides: Partial<PipelineFlags> = {};
  private receiptCount = 3;
  private spacingMs = 0;
  private rates: LlmRates = defaultLlmRates;
  private merchantFailures = 0.1;
  private deletions = 0;
  private renames = 0;
  private finalMerges = 1;
  private horizon = 48 * 3_600_000;

  constructor(private readonly sim: Simulation) {}

  /** The profile whose flags the world starts from; default `head`. */
  profile(profile: Profile | ProfileName): this {
    this.chosenProfile = typeof profile === 'string' ? findProfile(profile) : profile;
    return this;
  }

  /** Flag values that replace the profile's; default none. */
  flags(overrides: Partial<PipelineFlags>): this {
    this.flagOverrides = { ...this.flagOverrides, ...overrides };
    return this;
  }

  /** How many receipts the workload uploads; default 3. */
  receipts(count: number): this {
    this.receiptCount = count;
    return this;
  }

  /** Virtual milliseconds between the starts of two uploads; default 0 (all uploads at once). */
  uploadSpacingMs(ms: number): this {
    this.spacingMs = ms;
    return this;
  }

  /** LLM stand-in rates replacing the defaults (labels on a quarter of the words, a fifth invalid, no failures). */
  llmRates(rates: Partial<LlmRates>): this {
    this.rates = { ...this.rates, ...rates };
    return this;
  }

  /** Probability that a known merchant fails to resolve; default 0.1. */
  merchantFailureRate(rate: number): this {
    this.merchantFailures = rate;
    return this;
  }

  /** How many receipts are deleted after their upload returned; default 0. */
  receiptDeletions(count: number): this {
    this.deletions = count;
    return this;
  }

  /** How many label renames follow the uploads; default 0. */
  labelRenames(count: number): this {
    this.renames = count;
    return this;
  }

  /** How many final merges run as a second snapshot writer, only with the flag `finalMerge`; default 1. */
  finalMergeRuns(count: number): this {
    this.finalMerges = count;
    return this;
  }

  /** Virtual milliseconds after which the run stops even if not idle; default 48 hours. */
  horizonMs(ms: number): this {
    this.horizon = ms;
    return this;
  }

  build(): PipelineWorld {
    for (const [knob, value] of Object.entries({ receipts: this.receiptCount, receiptDeletions: this.deletions, labelRenames: this.renames, finalMergeRuns: this.finalMerges })) {
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`${knob} must be a non-negative integer, got ${value}`);
    }
    if (!(this.spacingMs >= 0) || !(this.horizon > 0)) throw new RangeError('uploadSpacingMs must be ≥ 0 and horizonMs > 0');
    const flags: PipelineFlags = { ...this.chosenProfile.flags, ...this.flagOverrides };
    const services = createServices(this.sim, flags, { llmRates: this.rates, merchantFailureRate: this.merchantFailures });
    const queues = createPipelineQueues(services.queues, flags);
    const functions = deployFunctions(services, queues);
    const plan = planWorkload(services, {
      receipts: this.receiptCount,
      uploadSpacingMs: this.spacingMs,
      deletions: this.deletions,
      renames: this.renames,
      finalMerges: flags.finalMerge ? this.finalMerges : 0,
    });
    const uploads = startWorkload(services, functions, plan);
    return new PipelineWorld({ services, queues, functions, uploads, horizonMs: this.horizon });
  }
}
