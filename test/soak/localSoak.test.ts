import { describe, expect, it, vi } from 'vitest';
import { hardenedProfile, headProfile } from '../../src/harness/profiles.js';
import { type SoakSettings, runSoak } from '../../src/soak/soakRun.js';

/**
 * Soaks against the local servers the command starts itself (s3rver, dynalite, local-aws-sqs on
 * 127.0.0.1), with the client-side write feed standing in for the stream.
 */
const settings: SoakSettings = {
  target: 'local',
  profile: headProfile,
  durationMs: 12_000,
  ratePerMinute: 40,
  seed: 7,
  createResources: true,
  maxRequests: Infinity,
  checkpointMs: 5_000,
  drainTimeoutMs: 120_000,
  concurrency: { compactors: 1, validators: 2, waitTimeSeconds: 2, retryDelaySeconds: 2 },
  names: {},
};

const quiet = { progress: () => undefined, log: () => undefined };

describe('a local soak of the head profile', () => {
  it('processes the receipts and passes every check at the checkpoints and after the drain', async () => {
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
    const { summary, error } = await runSoak(settings, quiet);
    expect(error).toBeUndefined();
    expect(summary.stoppedBy).toBe('completed');
    expect(summary.workload.succeeded).toBeGreaterThan(0);
    expect(summary.workload.failed).toBe(0);
    expect(summary.invocations['compaction']?.success).toBeGreaterThan(0);
    expect(summary.checks.filter((c) => !c.passed)).toEqual([]);
    expect(new Set(summary.checks.filter((c) => c.when === 'after drain').map((c) => c.name))).toEqual(new Set(['snapshotIntegrity', 'convergence', 'noLostUpdates', 'liveness']));
    expect(summary.checks.some((c) => c.when.startsWith('checkpoint'))).toBe(true);
    expect(summary.capabilities.find((c) => c.capability === 's3.conditionalWrites')?.present).toBe(false);
    expect(summary.streamSource).toMatch(/client-side write feed, not a real stream/);
    expect(summary.cleanup?.failures).toEqual([]);
    expect(summary.exitCode).toBe(0);
  });

  it('stops cleanly when --max-requests is reached and still cleans up', async () => {
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
    const { summary } = await runSoak({ ...settings, durationMs: 120_000, maxRequests: 150 }, quiet);
    expect(summary.stoppedBy).toBe('maxRequests');
    expect(summary.exitCode).toBe(2);
    expect(summary.message).toMatch(/--max-requests 150 reached/);
    expect(summary.requests.total).toBe(150);
    expect(summary.cleanup?.failures).toEqual([]);
    expect(summary.cleanup?.deleted.length).toBeGreaterThan(0);
  });

  it('refuses the hardened profile: the local servers lack conditional S3 writes and transactions', async () => {
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
    const { summary, error } = await runSoak({ ...settings, profile: hardenedProfile }, quiet);
    expect(summary.stoppedBy).toBe('refused');
    expect(summary.exitCode).toBe(2);
    expect(String(error)).toMatch(/s3\.conditionalWrites.*dynamodb\.transactions/);
  });
});
