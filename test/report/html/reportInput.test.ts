import { describe, expect, it } from 'vitest';
import { parseReportSummary, parseTraceJsonl } from '../../../src/report/html/reportInput.js';
import { traceJsonLines } from '../../../src/report/traceJsonl.js';
import { UsageError } from '../../../src/sim/errors.js';
import { smallSummary, smallTrace } from './reportFixture.js';

describe('reading a run folder for its report', () => {
  it('reads back every step trace.jsonl was written with', () => {
    const trace = smallTrace();
    expect(parseTraceJsonl(traceJsonLines(trace))).toEqual(trace);
  });

  it('reads back the summary it was written with', () => {
    const summary = smallSummary(smallTrace());
    expect(parseReportSummary(JSON.parse(JSON.stringify(summary)))).toEqual(summary);
  });

  it('renders a summary without the optional sections with those sections empty', () => {
    const summary = parseReportSummary({ scenario: 'demo-ledger', seed: 1 });
    expect(summary.violations).toEqual([]);
    expect(summary.faultCoverage).toEqual([]);
    expect(summary.replay).toBe('');
    expect(summary.replayable).toBe(true);
  });

  it.each([
    ['a step out of order', '{"step":1,"t":0,"actor":"a","op":"o","entities":[],"outcome":"ok","parent":null,"events":[]}', /"step" is 1, expected 0/],
    ['a parent that is not earlier', '{"step":0,"t":0,"actor":"a","op":"o","entities":[],"outcome":"ok","parent":0,"events":[]}', /"parent" is 0, not an earlier step/],
    ['a line that is not JSON', '{"step":0', /line 1: is not valid JSON/],
    ['entities that are not strings', '{"step":0,"t":0,"actor":"a","op":"o","entities":[1],"outcome":"ok","parent":null,"events":[]}', /"entities" must be an array of strings/],
  ])('rejects a trace with %s, naming the line', (_, line, message) => {
    expect(() => parseTraceJsonl(`${line}\n`)).toThrow(UsageError);
    expect(() => parseTraceJsonl(`${line}\n`)).toThrow(message);
  });

  it.each([
    ['no scenario', { seed: 1 }, /"scenario" must be a string/],
    ['a violation without steps', { scenario: 's', seed: 1, violations: [{ invariant: 'i', entity: 'e', expected: 'x', actual: 'y' }] }, /violations\[0\]: "steps"/],
    ['not an object', [1], /must be a JSON object/],
  ])('rejects a summary with %s, naming the field', (_, value, message) => {
    expect(() => parseReportSummary(value)).toThrow(message);
  });
});
