import { HarnessError, UsageError } from '../sim/errors.js';
import { runCommand } from './commands/run.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { scenariosCommand } from './commands/scenarios.js';
import { verdictsCommand } from './commands/verdicts.js';
import { type ScenarioCatalog, committedCatalog } from './catalog.js';
import { ExitCode, type ExitCodeValue } from './exitCodes.js';
import { consoleOutput, type Output } from './output.js';

export const mainHelp = `receipt-sim: deterministic simulation and race testing of the receipt → Chroma pipeline

Usage: receipt-sim <command> [options]

Commands:
  run         run scenarios over many seeds and check invariants (default: the catalogue)
  replay      reproduce one run exactly from its token, write its report, save it as a regression
  report      (re)render a run folder's index.html: swimlanes, violation, causal chain, coverage
  scenarios   list the scenario catalogue
  explore     search every violates scenario and mutant from scratch, shrink, update witnesses
  verdicts    write reports/verdicts.md: each claim of scenarios/claims.md confirmed or refuted
  bench       measure throughput, time to first failure (vs a naive baseline), shrinking and RSS
  soak        run the handlers on the real clock against AWS or local servers and check invariants

Every command has --help. Results go to stdout (--json for machines), progress to stderr.
Exit codes: 0 as expected, 1 unexpected violation, 2 usage error, 3 harness error or nondeterminism.`;

type Command = (argv: readonly string[], output: Output, catalog: ScenarioCatalog) => Promise<ExitCodeValue> | ExitCodeValue;

const commands: Readonly<Record<string, Command>> = {
  run: runCommand,
  replay: replayCommand,
  report: reportCommand,
  scenarios: scenariosCommand,
  verdicts: verdictsCommand,
  explore: async (argv, output, catalog) => (await import('./commands/explore.js')).exploreCommand(argv, output, catalog),
  bench: async (argv, output, catalog) => (await import('./commands/bench.js')).benchCommand(argv, output, catalog),
  soak: async (argv, output, catalog) => (await import('./commands/soak.js')).soakCommand(argv, output, catalog),
};

export async function main(argv: readonly string[], catalog: ScenarioCatalog = committedCatalog): Promise<ExitCodeValue> {
  const output = consoleOutput(argv.includes('--json'));
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      output.result(mainHelp);
      return name === undefined ? ExitCode.usage : ExitCode.ok;
    }
    const command = commands[name];
    if (command === undefined) {
      throw new UsageError(`unknown command "${name}"; commands: ${Object.keys(commands).join(', ')} (see receipt-sim --help)`);
    }
    return await command(rest, output, catalog);
  } catch (error) {
    output.endProgress();
    if (error instanceof UsageError) {
      process.stderr.write(`receipt-sim: ${error.message}\n`);
      return ExitCode.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`receipt-sim: ${error instanceof HarnessError ? 'harness error' : 'internal error'}: ${message}\n`);
    if (process.env.RECEIPT_SIM_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    return ExitCode.harness;
  }
}
