import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { hardenedProfile, headProfile } from '../../src/harness/profiles.js';
import { readRunFolder } from '../../src/report/html/runFolder.js';
import { renderReportHtml } from '../../src/report/html/renderReportHtml.js';
import { parseTraceJsonl } from '../../src/report/html/reportInput.js';
import { writeSoakReport } from '../../src/soak/soakReport.js';
import { type SoakResult, type SoakSettings, runSoak } from '../../src/soak/soakRun.js';

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

let headSoak: Promise<SoakResult> | undefined;
const reportsDirectories: string[] = [];
afterAll(() => Promise.all(reportsDirectories.map((d) => rm(d, { recursive: true, force: true }))));

/** The one completed soak of this file, shared by the tests that look at its result and its report. */
function completedSoak(): Promise<SoakResult> {
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  headSoak ??= runSoak(settings, quiet);
  return headSoak;
}

describe('a local soak of the head profile', () => {
  it('processes the receipts and passes every check at the checkpoints and after the drain', async () => {
    const { summary, error } = await completedSoak();
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

  it('writes the reports of a simulated run, stating that soak runs are not replayable', async () => {
    const { summary, trace } = await completedSoak();
    const reports = await mkdtemp(join(tmpdir(), 'soak-report-'));
    reportsDirectories.push(reports);
    const folder = writeSoakReport(reports, summary, trace);
    expect((await readdir(folder)).sort()).toEqual(['index.html', 'summary.json', 'summary.txt', 'trace.jsonl', 'trace.txt']);

    const steps = parseTraceJsonl(await readFile(join(folder, 'trace.jsonl'), 'utf8'));
    expect(steps.length).toBe(summary.steps);
    expect(steps.at(-1)?.hash).toBe(summary.hash);
    const actors = new Set(steps.map((s) => s.actor));
    expect(actors.size).toBeGreaterThan(1);
    expect([...actors]).toEqual(expect.arrayContaining(['soak', 'upload-ocr~1', 'compaction-words~1', 'compaction~1']));
    expect([...actors].some((a) => /^stream-processor~\d+$/.test(a))).toBe(true);
    expect(new Set(steps.map((s) => s.op))).toContain('s3.putObject');
    expect(steps.flatMap((s) => s.entities).some((e) => e.includes(summary.names.runPrefix))).toBe(false);

    const html = await readFile(join(folder, 'index.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).toContain('soak runs are not replayable');
    expect(html).not.toContain('id="copy-replay"');
    expect(renderReportHtml(readRunFolder(folder))).toBe(html);

    const saved = JSON.parse(await readFile(join(folder, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ scenario: 'soak-local', strategy: 'real clock', replayable: false, replay: expect.stringMatching(/^soak runs are not replayable/) as unknown });
    expect(await readFile(join(folder, 'trace.txt'), 'utf8')).toMatch(/replay: soak runs are not replayable/);
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
