import { PreconditionFailed } from '../../ports/errors.js';
import type { ObjectStore } from '../../ports/objectStore.js';
import type { CapabilityProbe, ProbeFinding } from './capabilities.js';

/**
 * Probes conditional S3 writes under the run's key prefix: creates a probe key with If-None-Match: *,
 * then expects 412 from a second If-None-Match: * and from an If-Match with a stale ETag. A target that
 * accepts either write instead (s3rver) lacks the capability. The run prefix is unique per run, so the
 * key is fixed; it is deleted before (a probe of this run that crashed may have left it) and after.
 */
export function s3ConditionalWritesProbe(store: ObjectStore, runPrefix: string): CapabilityProbe {
  return {
    covers: ['s3.conditionalWrites'],
    async probe(): Promise<readonly ProbeFinding[]> {
      const key = `${runPrefix}/capability-probe/conditional-writes`;
      const body = new TextEncoder().encode('probe');
      await store.deleteObject(key);
      try {
        const created = await store.putObject({ key, body, ifNoneMatch: '*' });
        const findings: string[] = [];
        if (!(await refused(store.putObject({ key, body, ifNoneMatch: '*' })))) findings.push(`a second put with If-None-Match: * on ${key} succeeded`);
        const stale = created.etag === '"stale"' ? '"older"' : '"stale"';
        if (!(await refused(store.putObject({ key, body, ifMatch: stale })))) findings.push(`a put with If-Match: ${stale} on ${key} succeeded`);
        return [
          {
            capability: 's3.conditionalWrites',
            present: findings.length === 0,
            evidence: findings.length === 0 ? 'both conditional puts failed with 412' : `${findings.join(' and ')} instead of failing with 412`,
          },
        ];
      } finally {
        await store.deleteObject(key);
      }
    },
  };
}

async function refused(put: Promise<unknown>): Promise<boolean> {
  try {
    await put;
    return false;
  } catch (error) {
    if (error instanceof PreconditionFailed) return true;
    throw error;
  }
}
