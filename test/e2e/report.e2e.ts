import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.js';
import { buildId } from '../../src/cli/buildInfo.js';
import { reportCommand } from '../../src/cli/commands/report.js';
import type { Output } from '../../src/cli/output.js';
import { tokenFor } from '../../src/cli/seedRunner.js';
import { type RunResult, runScenario } from '../../src/harness/runScenario.js';
import { writeReportHtml } from '../../src/report/html/runFolder.js';
import { writeRunReport } from '../../src/report/runReport.js';
import { encodeToken } from '../../src/sim/token.js';
import { type Chromium, type ChromiumPage, launchChromium } from './support/headlessChromium.js';
import { syntheticRun } from './support/syntheticRun.js';

/**
 * The report as a reader sees it: a real failing run of a `violates` scenario, written by writeRunReport
 * and re-rendered by `receipt-sim report`, opened from disk in headless Chromium.
 */
interface TraceLine {
  readonly step: number;
  readonly actor: string;
  readonly entities: readonly string[];
  readonly parent: number | null;
}

const quiet: Output = { json: false, result: () => undefined, log: () => undefined, progress: () => undefined, endProgress: () => undefined };
const ready = "document.body?.dataset.ready === 'true'";
const visibleSteps = "Number(document.getElementById('visible-steps').dataset.visibleSteps)";

async function failingRun(): Promise<RunResult> {
  const scenario = findScenario('seed-pipeline');
  for (let seed = 1; seed <= 20; seed++) {
    const result = await runScenario({ scenario, seed, strategy: 'random' });
    if (result.violations.length > 0) return result;
  }
  throw new Error('seed-pipeline violated nothing in seeds 1–20; pick another violates scenario for this test');
}

async function typeInto(page: ChromiumPage, id: string, text: string): Promise<number> {
  const before = await page.evaluate<number>(visibleSteps);
  await page.evaluate(`(() => { const input = document.getElementById('${id}'); input.value = ''; input.dispatchEvent(new Event('input')); input.focus(); })()`);
  await page.insertText(text);
  await page.waitFor(`document.getElementById('${id}').value === ${JSON.stringify(text)} && ${visibleSteps} !== ${before}`);
  return page.evaluate<number>(visibleSteps);
}

describe('the HTML report of a failing seed-pipeline run, in headless Chromium', () => {
  let work = '';
  let chromium: Chromium | undefined;
  let page: ChromiumPage;
  let trace: TraceLine[] = [];
  let violationSteps: number[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'receipt-sim-e2e-'));
    const scenario = findScenario('seed-pipeline');
    const result = await failingRun();
    const token = encodeToken(tokenFor(scenario, 'random', result, false));
    const dir = writeRunReport(join(work, 'run'), result, { scenario: scenario.name, profile: scenario.profile, strategy: 'random', token, build: buildId() });
    rmSync(join(dir, 'index.html'));
    expect(reportCommand([dir], quiet)).toBe(0);
    trace = readFileSync(join(dir, 'trace.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TraceLine);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { violations: { steps: number[] }[] };
    violationSteps = [...new Set(summary.violations.map((v) => v.steps[v.steps.length - 1]!))].sort((a, b) => a - b);
    chromium = await launchChromium();
    page = await chromium.open(pathToFileURL(join(dir, 'index.html')).href);
    await page.waitFor(ready);
  }, 300_000);

  afterAll(async () => {
    await chromium?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('draws one lane per distinct actor of trace.jsonl, named after it', async () => {
    const lanes = await page.evaluate<string[]>("[...document.querySelectorAll('[data-lane]')].map((e) => e.dataset.lane)");
    const actors = [...new Set(trace.map((e) => e.actor))];
    expect(lanes).toHaveLength(actors.length);
    expect([...lanes].sort()).toEqual([...actors].sort());
  });

  it('highlights exactly the steps where the violations show (the last step each violation names)', async () => {
    const highlighted = await page.evaluate<number[]>("[...document.querySelectorAll('[data-highlight=\"violation\"]')].map((e) => Number(e.dataset.step))");
    expect(violationSteps.length).toBeGreaterThan(0);
    expect([...highlighted].sort((a, b) => a - b)).toEqual(violationSteps);
  });

  it('counts every step as visible before any filter', async () => {
    expect(await page.evaluate<number>(visibleSteps)).toBe(trace.length);
  });

  it('shows only the steps of matching actors once an actor is typed into the actor filter', async () => {
    const actor = trace[violationSteps[0]!]!.actor;
    const shown = await typeInto(page, 'filter-actor', actor);
    const expected = trace.filter((e) => e.actor.toLowerCase().includes(actor.toLowerCase())).length;
    expect(shown).toBe(expected);
    expect(shown).toBeLessThan(trace.length);
    const laneNames = await page.evaluate<string[]>("[...document.querySelectorAll('[data-lane]')].filter((e) => e.style.display !== 'none').map((e) => e.dataset.lane)");
    expect(laneNames.every((name) => name.toLowerCase().includes(actor.toLowerCase()))).toBe(true);
    const marksOutside = await page.evaluate<number>(
      `[...document.querySelectorAll('[data-step]')].filter((m) => !m.closest('[data-lane]').dataset.lane.toLowerCase().includes(${JSON.stringify(actor.toLowerCase())})).length`,
    );
    expect(marksOutside).toBe(0);
    await typeInto(page, 'filter-actor', '');
  });

  it('shows only the steps touching a matching entity once an entity is typed into the entity filter', async () => {
    const entity = trace.flatMap((e) => e.entities).find((e) => !e.includes(','))!;
    const shown = await typeInto(page, 'filter-entity', entity);
    expect(shown).toBe(trace.filter((e) => e.entities.some((x) => x.toLowerCase().includes(entity.toLowerCase()))).length);
    expect(shown).toBeLessThan(trace.length);
    await typeInto(page, 'filter-entity', '');
  });

  it('shows a step’s details, with its parent as a link, when its mark is clicked', async () => {
    const step = violationSteps[0]!;
    await page.evaluate(`document.querySelector('[data-step="${step}"]').click()`);
    const details = await page.evaluate<string>("document.getElementById('details').textContent");
    expect(details).toContain(`#${step}`);
    const parent = trace[step]!.parent;
    if (parent !== null) expect(await page.evaluate<number>(`document.querySelectorAll('#details [data-goto="${parent}"]').length`)).toBe(1);
  });

  it('runs every control without a script error and keeps the violation highlighted', async () => {
    await page.evaluate("window.reportErrors = []; window.addEventListener('error', (e) => window.reportErrors.push(e.message))");
    const actions = [
      "document.querySelector('[data-focus=\"0\"]').click()",
      "document.getElementById('filter-chain').click()",
      "document.getElementById('filter-chain').click()",
      "document.querySelector('[data-focus=\"0\"]').click()",
      "(() => { const s = document.getElementById('axis-mode'); s.value = 'linear'; s.dispatchEvent(new Event('change')); })()",
      "(() => { const s = document.getElementById('axis-mode'); s.value = 'folded'; s.dispatchEvent(new Event('change')); })()",
      "document.getElementById('zoom-in').click()",
      "document.getElementById('zoom-out').click()",
      "document.getElementById('zoom-chain').click()",
      "document.querySelector('.group').click()",
      "document.querySelector('.group').click()",
      "(() => { const s = document.getElementById('goto-step'); s.value = '0'; s.dispatchEvent(new Event('change')); })()",
      "document.getElementById('lanes-scroll').dispatchEvent(new WheelEvent('wheel', { deltaY: 100, ctrlKey: true, clientX: 700, cancelable: true }))",
      "document.getElementById('lanes-scroll').dispatchEvent(new WheelEvent('wheel', { deltaY: 100, shiftKey: true, cancelable: true }))",
      "document.querySelector('#details [data-actor]').click()",
      "document.getElementById('zoom-fit').click()",
    ];
    for (const action of actions) await page.evaluate(action);
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    expect(await page.evaluate<string[]>('window.reportErrors')).toEqual([]);
    expect(await page.evaluate<number>(visibleSteps)).toBe(trace.filter((e) => e.actor === trace[0]!.actor).length);
    await typeInto(page, 'filter-actor', '');
    const highlighted = await page.evaluate<number[]>("[...document.querySelectorAll('[data-highlight=\"violation\"]')].map((e) => Number(e.dataset.step))");
    expect([...highlighted].sort((a, b) => a - b)).toEqual(violationSteps);
  });
});

describe('the HTML report of a 20,000-step run, in headless Chromium', () => {
  const steps = 20_000;
  let work = '';
  let chromium: Chromium | undefined;
  let page: ChromiumPage;
  const run = syntheticRun(steps, 100);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'receipt-sim-e2e-large-'));
    mkdirSync(join(work, 'run'));
    const path = writeReportHtml(join(work, 'run'), run);
    chromium = await launchChromium();
    page = await chromium.open(pathToFileURL(path).href);
    await page.waitFor(ready, 60_000);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('draws every lane but far fewer marks than steps, and filters by actor', async () => {
    const lanes = await page.evaluate<number>("document.querySelectorAll('[data-lane]').length");
    expect(lanes).toBe(new Set(run.trace.map((e) => e.actor)).size);
    const marks = await page.evaluate<number>("document.querySelectorAll('.m').length");
    expect(marks).toBeLessThan(steps / 4);
    const loaded = await page.evaluate<number>("performance.getEntriesByName('report-ready')[0].startTime");
    const filterMs = await page.evaluate<number>(
      "(() => { const input = document.getElementById('filter-actor'); const t = performance.now(); input.value = 'compaction~2'; input.dispatchEvent(new Event('input')); return performance.now() - t; })()",
    );
    const shown = await page.evaluate<number>(visibleSteps);
    expect(shown).toBe(run.trace.filter((e) => e.actor.includes('compaction~2')).length);
    const zoomMs = await page.evaluate<number>(
      "(() => { const t = performance.now(); for (let i = 0; i < 10; i++) { document.getElementById('zoom-in').click(); } return new Promise((r) => requestAnimationFrame(() => r(performance.now() - t))); })()",
    );
    // Measured, never asserted: wall times depend on the machine.
    console.log(`20,000-step report: ${marks} marks drawn for ${lanes} lanes; ready ${loaded.toFixed(0)} ms after navigation; actor filter ${filterMs.toFixed(1)} ms; 10 zooms ${zoomMs.toFixed(1)} ms`);
  });
});
