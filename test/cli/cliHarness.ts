import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Captures what the CLI writes to stdout and stderr, and runs each test in a fresh temporary working
 * directory (the CLI writes `reports/` and `test/regressions/` relative to it).
 */
export interface CliCapture {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** The test's working directory. */
  readonly dir: () => string;
  readonly clear: () => void;
}

export function captureCli(): CliCapture {
  let out: string[] = [];
  let err: string[] = [];
  let dir = '';
  let previous = '';
  beforeEach(() => {
    out = [];
    err = [];
    previous = process.cwd();
    dir = mkdtempSync(join(tmpdir(), 'receipt-sim-cli-'));
    process.chdir(dir);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.chdir(previous);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    dir: () => dir,
    clear: () => {
      out = [];
      err = [];
    },
  };
}
