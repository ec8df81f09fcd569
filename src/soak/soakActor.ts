import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is sending a request during a soak run: the loop (`stream-poller`, a queue poller such as
 * `compaction-words~1`) or the handler invocation (`compaction~12`, `upload-ocr~3`) it runs inside. The
 * name travels with the async context, so a request sent deep in an adapter, or by work a handler left
 * running in the background, is attributed to whoever started it. Requests outside any of them (setup,
 * checks, drain, cleanup) belong to the harness.
 */
export const harnessActor = 'soak';

const actors = new AsyncLocalStorage<string>();

export function asActor<T>(actor: string, work: () => Promise<T>): Promise<T> {
  return actors.run(actor, work);
}

export function currentActor(): string {
  return actors.getStore() ?? harnessActor;
}
