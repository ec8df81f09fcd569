import type { PipelineFlags } from '../../pipeline/config/flags.js';
import { UsageError } from '../../sim/errors.js';
import { pipelineFlagSpecs } from '../profiles.js';
import type { Flags } from '../scenario.js';

/**
 * A scenario's flag record read as the pipeline's flags: every name must be a pipeline flag and every
 * value one its specification allows; absent flags keep the profile's value.
 */
export function toPipelineFlags(base: PipelineFlags, flags: Flags): PipelineFlags {
  for (const name of Object.keys(flags)) {
    if (!pipelineFlagSpecs.some((s) => s.name === name)) {
      throw new UsageError(`unknown pipeline flag "${name}"; known flags: ${pipelineFlagSpecs.map((s) => s.name).join(', ')}`);
    }
  }
  const read = <K extends keyof PipelineFlags>(name: K): PipelineFlags[K] => {
    const value = flags[name];
    if (value === undefined) return base[name];
    const spec = pipelineFlagSpecs.find((s) => s.name === name);
    if (spec === undefined || !spec.allowed.includes(value)) {
      throw new UsageError(`flag ${name} must be one of ${spec?.allowed.join(', ') ?? '?'}, got ${String(value)}`);
    }
    return value as PipelineFlags[K];
  };
  return {
    era: read('era'),
    closeBeforeTar: read('closeBeforeTar'),
    validationWait: read('validationWait'),
    saveLabels: read('saveLabels'),
    correctMetadata: read('correctMetadata'),
    validationTiming: read('validationTiming'),
    lockMode: read('lockMode'),
    pointerPromotion: read('pointerPromotion'),
    queueType: read('queueType'),
    efsCache: read('efsCache'),
    postUploadValidation: read('postUploadValidation'),
    unknownItemIdentifier: read('unknownItemIdentifier'),
    finalMerge: read('finalMerge'),
    snapshotRetention: read('snapshotRetention'),
    leaseTiming: read('leaseTiming'),
    streamInserts: read('streamInserts'),
    streamRetries: read('streamRetries'),
    maxReceiveCount: read('maxReceiveCount'),
    chromaReconcile: read('chromaReconcile'),
    deleteReads: read('deleteReads'),
  };
}
