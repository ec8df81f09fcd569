/**
 * Output conventions: results (and `--json`) on stdout, progress and logs on stderr. On a TTY progress is
 * one live line rewritten in place; otherwise it is plain lines at most every few seconds.
 */
export interface Output {
  readonly json: boolean;
  result(text: string): void;
  log(text: string): void;
  progress(text: string): void;
  endProgress(): void;
}

export function consoleOutput(json: boolean): Output {
  const tty = process.stderr.isTTY === true;
  let live = false;
  let lastPlain = 0;
  return {
    json,
    result(text) {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    log(text) {
      if (live) process.stderr.write('\n');
      live = false;
      process.stderr.write(`${text}\n`);
    },
    progress(text) {
      if (tty) {
        process.stderr.write(`\r\x1b[2K${text}`);
        live = true;
        return;
      }
      const now = Date.now();
      if (now - lastPlain >= 5_000) {
        lastPlain = now;
        process.stderr.write(`${text}\n`);
      }
    },
    endProgress() {
      if (live) process.stderr.write('\n');
      live = false;
    },
  };
}
