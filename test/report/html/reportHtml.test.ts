import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EmbeddedTrace } from '../../../src/report/html/embeddedTrace.js';
import { renderReportHtml } from '../../../src/report/html/renderReportHtml.js';
import type { ReportSummary } from '../../../src/report/html/reportInput.js';
import type { TraceEntry } from '../../../src/sim/trace.js';
import { smallRun, smallSummary, smallTrace } from './reportFixture.js';

function embedded(html: string): { summary: ReportSummary; trace: EmbeddedTrace } {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (match === null) throw new Error('no embedded data');
  return JSON.parse(match[1]!) as { summary: ReportSummary; trace: EmbeddedTrace };
}

/** The trace as the page decodes it from the embedded columns. */
function decoded(trace: EmbeddedTrace): TraceEntry[] {
  return trace.t.map((t, step) => {
    const events = trace.events[step]!;
    const detail = trace.detail[step]!;
    return {
      step,
      t,
      actor: trace.strings[trace.actor[step]!]!,
      op: trace.strings[trace.op[step]!]!,
      entities: trace.entities[step]!.map((k) => trace.strings[k]!),
      outcome: trace.strings[trace.outcome[step]!]!,
      parent: trace.parent[step] === -1 ? null : trace.parent[step]!,
      events: Array.from({ length: events.length / 3 }, (_, i) => ({
        machine: trace.strings[events[3 * i]!]! as TraceEntry['events'][number]['machine'],
        id: trace.strings[events[3 * i + 1]!]!,
        type: trace.strings[events[3 * i + 2]!]!,
      })),
      ...(detail === null ? {} : { detail }),
      hash: trace.hash[step]!,
    };
  });
}

describe('the HTML report', () => {
  it('embeds the summary and every step so the page decodes them as the run recorded them', () => {
    const run = smallRun();
    const data = embedded(renderReportHtml(run));
    expect(data.summary).toEqual(run.summary);
    expect(decoded(data.trace)).toEqual(run.trace);
  });

  it('keeps any text of the run inside its data element and holds no http or https URL', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('</script>', '</SCRIPT >', '<!--', 'https://sqs.eu-west-1.amazonaws.com/1/q', 'HTTP://x', '\u2028', '"\\'));
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 6 }), text, (fields, invariantText) => {
        const trace: TraceEntry[] = fields.map(([actor, entity, outcome], step) => ({
          step,
          t: step * 10,
          actor,
          op: 'fs.write',
          entities: [entity],
          outcome,
          parent: step > 0 ? step - 1 : null,
          events: [],
          detail: { note: `${actor}${entity}` },
          hash: 'h',
        }));
        const summary = { ...smallSummary(trace), violations: [{ invariant: invariantText, entity: invariantText, expected: 'x', actual: invariantText, steps: [0] }] };
        const html = renderReportHtml({ summary, trace });
        expect(html).not.toMatch(/https?:\/\//i);
        expect(html.match(/<\/script/gi)).toHaveLength(2);
        const data = embedded(html);
        expect(decoded(data.trace)).toEqual(trace);
        expect(data.summary.violations[0]!.actual).toBe(invariantText);
      }),
      { numRuns: 40 },
    );
  });

  it('loads nothing: no external script, stylesheet, font or image', () => {
    const html = renderReportHtml(smallRun());
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link\b|@import|@font-face|url\(|<img\b/i);
  });

  it('explains each violation: invariant, what it promises, entity, expected, actual, and its steps as links with the last marked', () => {
    const html = renderReportHtml(smallRun());
    expect(html).toContain('snapshotIntegrity');
    expect(html).toContain('Every snapshot version the pointer names is complete and sound');
    expect(html).toContain('words snapshot 20251114_090211');
    expect(html).toContain('a sound store');
    expect(html).toContain('quick_check: SQLITE_CORRUPT');
    expect(html).toMatch(/data-goto="3"[^>]*>#3</);
    expect(html).toMatch(/class="goto shows" data-goto="4"/);
  });

  it('shows the replay command, the model coverage and the fault coverage', () => {
    const html = renderReportHtml(smallRun());
    expect(html).toContain('<code id="replay-command">npx receipt-sim replay eyJ0b2tlbiI6dHJ1ZX0</code>');
    expect(html).toMatch(/<th>lambdaInvocation<\/th><td class="num">2\/3<\/td><td><code>timeout<\/code>/);
    expect(html).toMatch(/<tr class="unfired"><th>lambda\.crash<\/th>/);
    expect(html).toMatch(/<tr class="disabled"><th>s3\.throttle<\/th>/);
  });

  it('says so when the run violated nothing', () => {
    const trace = smallTrace();
    const html = renderReportHtml({ summary: { ...smallSummary(trace), violations: [] }, trace });
    expect(html).toContain('no violation');
    expect(html).toContain('None: every invariant held.');
  });

  it('states why a run that cannot be replayed (a soak) cannot, instead of offering a replay command, and labels its time as real', () => {
    const trace = smallTrace();
    const html = renderReportHtml({ summary: { ...smallSummary(trace), replayable: false, replay: 'soak runs are not replayable: real clock' }, trace });
    expect(html).toContain('<p class="not-replayable">soak runs are not replayable: real clock</p>');
    expect(html).not.toContain('id="copy-replay"');
    expect(html).toContain('<dt>real time</dt>');
    expect(html).toContain('<option value="linear">real time, linear</option>');
    expect(html).not.toContain('virtual time');
  });
});
