import { escapeHtml } from './htmlText.js';
import { explainInvariant } from './invariantExplanations.js';
import type { ReportSummary, ReportViolation } from './reportInput.js';

/**
 * The top of the report, rendered on the server so it reads without scripts: what ran, the replay command,
 * each violation with its invariant's explanation, and any nondeterminism. Step numbers are buttons the
 * page's script turns into jumps to the step on the timeline.
 */
export function formatVirtualTime(ms: number): string {
  if (ms < 1_000) return `${round(ms, 3)} ms`;
  if (ms < 60_000) return `${round(ms / 1_000, 3)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = (ms - minutes * 60_000) / 1_000;
  return minutes < 60
    ? `${minutes} min ${round(seconds, 1)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min ${round(seconds, 0)} s`;
}

function round(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

export function headerSection(summary: ReportSummary, traceSteps: number): string {
  const verdict =
    summary.violations.length === 0
      ? '<span class="badge ok">no violation</span>'
      : `<span class="badge bad">violates ${escapeHtml([...new Set(summary.violations.map((v) => v.invariant))].join(', '))}</span>`;
  const facts: [string, string][] = [
    ['profile', summary.profile],
    ['strategy', summary.strategy],
    ['steps', String(traceSteps)],
    ['scheduling choices', String(summary.schedulingChoices)],
    [summary.replayable ? 'virtual time' : 'real time', formatVirtualTime(summary.virtualMs)],
    ['ended', summary.end],
    ['trace hash', summary.hash],
    ['build', summary.build],
  ];
  const flags = Object.entries(summary.flags)
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(String(value))}</td></tr>`)
    .join('');
  return `<header>
<h1>${escapeHtml(summary.scenario)} <span class="seed">seed ${escapeHtml(String(summary.seed))}</span> ${verdict}</h1>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>
<details class="flags"><summary>flags (${Object.keys(summary.flags).length})</summary><table>${flags}</table></details>
</header>`;
}

export function replaySection(summary: ReportSummary): string {
  if (summary.replay === '') return '';
  if (!summary.replayable) return `<section id="replay"><h2>Replay</h2><p class="not-replayable">${escapeHtml(summary.replay)}</p></section>`;
  return `<section id="replay"><h2>Replay</h2>
<div class="replay"><code id="replay-command">${escapeHtml(summary.replay)}</code><button type="button" id="copy-replay">copy</button></div>
<p class="hint">Reproduces this run exactly on the same build (a token from another build is refused).</p></section>`;
}

function stepButtons(violation: ReportViolation): string {
  return violation.steps
    .map((step, i) => {
      const last = i === violation.steps.length - 1;
      return `<button type="button" class="goto${last ? ' shows' : ''}" data-goto="${step}" title="${last ? 'where the violation shows' : 'a step that led there'}">#${step}</button>`;
    })
    .join(' ');
}

export function violationsSection(summary: ReportSummary): string {
  const nondeterminism =
    summary.nondeterminism === null
      ? ''
      : `<div class="nondeterminism"><strong>Nondeterminism:</strong> a second run of the same input differed first at step
<button type="button" class="goto" data-goto="${summary.nondeterminism.step}">#${summary.nondeterminism.step}</button>:
<code>${escapeHtml(summary.nondeterminism.first)}</code> vs <code>${escapeHtml(summary.nondeterminism.second)}</code></div>`;
  if (summary.violations.length === 0) return `<section id="violations"><h2>Violations</h2>${nondeterminism}<p>None: every invariant held.</p></section>`;
  const cards = summary.violations
    .map(
      (v, i) => `<article class="violation" data-violation="${i}">
<h3><span class="invariant">${escapeHtml(v.invariant)}</span> on <span class="entity">${escapeHtml(v.entity)}</span></h3>
<p class="explain">${escapeHtml(explainInvariant(v.invariant))}</p>
<dl><dt>expected</dt><dd>${escapeHtml(v.expected)}</dd><dt>actual</dt><dd class="actual">${escapeHtml(v.actual)}</dd>
<dt>steps</dt><dd>${stepButtons(v)} <button type="button" class="focus" data-focus="${i}">show causal chain</button></dd></dl>
</article>`,
    )
    .join('\n');
  return `<section id="violations"><h2>Violations (${summary.violations.length})</h2>${nondeterminism}
<div class="cards">${cards}</div></section>`;
}
