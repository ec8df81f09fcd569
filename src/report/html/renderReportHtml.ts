import { embedTrace } from './embeddedTrace.js';
import { escapeHtml, jsonForScript } from './htmlText.js';
import { pageScript } from './pageScript.js';
import type { ReportInput } from './reportInput.js';
import { reportStyles } from './styles.js';
import { coverageSection } from './coverageTables.js';
import { headerSection, replaySection, violationsSection } from './summarySections.js';
import { timelineSection } from './timelineSection.js';

/**
 * `index.html` of a run report: one self-contained file (inline style and script, the run embedded as
 * JSON, no URL to fetch) that opens from disk. The sections that read without a script (what ran, the
 * violations, the replay command, coverage) are rendered here; the timeline is drawn by the page.
 */
export function renderReportHtml(input: ReportInput): string {
  const { summary, trace } = input;
  const title = `${summary.scenario} seed ${summary.seed}${summary.violations.length > 0 ? ' ✗' : ''} · receipt-sim report`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${reportStyles}</style>
</head>
<body>
${headerSection(summary, trace.length)}
${violationsSection(summary)}
${replaySection(summary)}
${timelineSection(summary.replayable)}
${coverageSection(summary)}
<footer>receipt-sim run report · ${trace.length} steps · trace hash ${escapeHtml(summary.hash)} · build ${escapeHtml(summary.build)}</footer>
<script type="application/json" id="report-data">${jsonForScript({ summary, trace: embedTrace(trace) })}</script>
<script>${pageScript()}</script>
</body>
</html>
`;
}
