import type { PipelineFlags } from '../src/pipeline/config/flags.js';
import { type Profile, seedProfile } from '../src/harness/profiles.js';

/** A profile preset with a few flags changed; a scenario built on it records them in its flags and tokens. */
export function profileWith(profile: Profile, flags: Partial<PipelineFlags>): Profile {
  return { ...profile, flags: { ...profile.flags, ...flags } };
}

/**
 * The seed profile with the Chroma client closed before every archive, copy and upload: the fix seed 003
 * proposes for its "most likely cause". Scenarios about the other suspected causes start from it, so that
 * the torn copy of an open store does not hide what they test.
 */
export const seedClientsClosed = profileWith(seedProfile, { closeBeforeTar: true });

/**
 * `seedClientsClosed` with `saveLabels` off (seed 000's setting): the baseline of the scenarios that test
 * one suspected cause of seed 003 on one receipt. No label is written, so the seed era's missing label
 * path (`001-labels-without-wait`) does not show through, and turning `saveLabels` back on is a one-flag
 * mutant that breaks convergence in every seed.
 */
export const seedOneCause = profileWith(seedClientsClosed, { saveLabels: false });
