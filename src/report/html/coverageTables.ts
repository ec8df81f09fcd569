import { escapeHtml } from './htmlText.js';
import type { ReportSummary } from './reportInput.js';

/**
 * Model coverage (states and transitions of each lifecycle machine the run reached), fault coverage (each
 * fault of the scenario's menu: enabled, rate, opportunities, times fired) and the world's observations.
 */
function list(items: readonly string[]): string {
  return items.length === 0 ? '<span class="none">none</span>' : items.map((s) => `<code>${escapeHtml(s)}</code>`).join(' ');
}

function ratio(part: number, whole: number): string {
  return `${part}/${whole}`;
}

export function modelCoverageTable(summary: ReportSummary): string {
  if (summary.modelCoverage.length === 0) return '<h3>Model coverage</h3><p class="none">The world checks no lifecycle models.</p>';
  const rows = summary.modelCoverage
    .map((m) => {
      const states = m.reachedStates.length + m.unreachedStates.length;
      const transitions = m.takenTransitions.length + m.untakenTransitions.length;
      return `<tr><th>${escapeHtml(m.machine)}</th><td class="num">${ratio(m.reachedStates.length, states)}</td><td>${list(m.unreachedStates)}</td>
<td class="num">${ratio(m.takenTransitions.length, transitions)}</td><td>${list(m.untakenTransitions)}</td></tr>`;
    })
    .join('\n');
  return `<h3>Model coverage</h3><table class="coverage" id="model-coverage"><thead><tr><th>machine</th><th>states reached</th><th>unreached states</th>
<th>transitions taken</th><th>untaken transitions</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function faultCoverageTable(summary: ReportSummary): string {
  if (summary.faultCoverage.length === 0) return '<h3>Fault coverage</h3><p class="none">The scenario enables no faults.</p>';
  const rows = summary.faultCoverage
    .map((f) => {
      const unfired = f.enabled && f.fired === 0;
      return `<tr class="${f.enabled ? (unfired ? 'unfired' : 'fired') : 'disabled'}"><th>${escapeHtml(f.fault)}</th><td>${f.enabled ? 'yes' : 'no'}</td>
<td class="num">${escapeHtml(String(f.rate))}</td><td class="num">${f.opportunities}</td><td class="num">${f.fired}</td></tr>`;
    })
    .join('\n');
  return `<h3>Fault coverage</h3><table class="coverage" id="fault-coverage"><thead><tr><th>fault</th><th>enabled</th><th>rate</th><th>opportunities</th>
<th>fired</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function observationsTable(summary: ReportSummary): string {
  const entries = Object.entries(summary.observations);
  if (entries.length === 0) return '';
  return `<h3>Observations</h3><table class="coverage observations"><tbody>${entries
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td class="num">${v}</td></tr>`)
    .join('')}</tbody></table>`;
}

export function coverageSection(summary: ReportSummary): string {
  return `<section id="coverage"><h2>Coverage</h2>${modelCoverageTable(summary)}${faultCoverageTable(summary)}${observationsTable(summary)}</section>`;
}
