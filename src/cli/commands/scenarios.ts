import { parseCommandLine } from '../args.js';
import type { ScenarioCatalog } from '../catalog.js';
import { ExitCode, type ExitCodeValue } from '../exitCodes.js';
import type { Output } from '../output.js';

export const scenariosHelp = `Usage: receipt-sim scenarios [--json]

Lists the scenario catalogue: name, profile, expectation, flags and fault menu.`;

export function scenariosCommand(argv: readonly string[], output: Output, catalog: ScenarioCatalog): ExitCodeValue {
  const parsed = parseCommandLine('scenarios', argv, { json: { type: 'boolean' } });
  if (parsed.values.help === true) {
    output.result(scenariosHelp);
    return ExitCode.ok;
  }
  if (output.json) {
    output.result(
      JSON.stringify(
        catalog.scenarios.map((s) => ({ name: s.name, summary: s.summary, profile: s.profile, expectation: s.expectation, flags: s.flags, faults: s.faults })),
        null,
        2,
      ),
    );
    return ExitCode.ok;
  }
  for (const s of catalog.scenarios) {
    const expectation = s.expectation.kind === 'holds' ? 'holds' : `violates ${s.expectation.invariants.join(', ')}`;
    output.result(`${s.name}  [${s.profile}] ${expectation}\n    ${s.summary}`);
  }
  return ExitCode.ok;
}
