/**
 * SIGINT (Ctrl-C, a cancelled CI job) during a soak: the first signal aborts the run, whose `finally`
 * then drains nothing, deletes the created resources and the objects under the prefix, and writes the
 * report. The handler stays installed until `dispose`, so a second Ctrl-C does not kill the process
 * half-way through the cleanup.
 */
export interface Interruption {
  readonly interrupted: boolean;
  dispose(): void;
}

export function abortOnSignal(controller: AbortController, signal: NodeJS.Signals = 'SIGINT'): Interruption {
  let interrupted = false;
  const handler = (): void => {
    if (interrupted) {
      process.stderr.write('receipt-sim: soak is cleaning up its resources; wait for it to finish\n');
      return;
    }
    interrupted = true;
    process.stderr.write(`receipt-sim: ${signal}: stopping the soak and cleaning up\n`);
    controller.abort();
  };
  process.on(signal, handler);
  return {
    get interrupted() {
      return interrupted;
    },
    dispose: () => process.off(signal, handler),
  };
}
