import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * A headless Chromium (Debian's `chromium`, or `CHROMIUM_PATH`) driven through the Chrome DevTools Protocol
 * over `--remote-debugging-pipe`: JSON messages ending in a NUL byte, written to the browser's fd 3 and
 * read from its fd 4. No WebSocket, no port, no npm package. Enough of the protocol for report tests:
 * open a page, evaluate expressions, type text, take a screenshot.
 */
export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

interface Reply {
  readonly id?: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
}

export interface ChromiumPage {
  /** Evaluates an expression in the page and returns its value (promises are awaited). */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy. */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  /** Types text into the focused element as keyboard input would. */
  insertText(text: string): Promise<void>;
  screenshotPng(): Promise<Buffer>;
  /** Any other DevTools Protocol command, in the page's session. */
  command(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface Chromium {
  open(url: string): Promise<ChromiumPage>;
  close(): Promise<void>;
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? 'chromium';
}

export async function launchChromium(width = 1400, height = 900): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'receipt-sim-chromium-'));
  const child: ChildProcess = spawn(
    chromiumPath(),
    [...chromiumFlags, '--remote-debugging-pipe', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, '--hide-scrollbars', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`cannot start ${chromiumPath()} (install Debian's chromium or set CHROMIUM_PATH): ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`${chromiumPath()} exited with code ${code}: ${stderr}`)));
  });
  failed.catch(() => undefined);
  // A browser that died shows in \`failed\`; its closed pipe must not also crash the test process.
  toBrowser.on('error', () => undefined);
  await Promise.race([new Promise((resolve) => child.once('spawn', resolve)), failed]);

  const pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  let buffered = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let end = buffered.indexOf('\0');
    while (end >= 0) {
      const reply = JSON.parse(buffered.slice(0, end)) as Reply;
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf('\0');
      const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
      if (waiter === undefined) continue;
      pending.delete(reply.id!);
      if (reply.error !== undefined) waiter.reject(new Error(reply.error.message));
      else waiter.resolve(reply.result ?? {});
    }
  });
  let nextId = 1;
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> => {
    const id = nextId++;
    const reply = new Promise<Record<string, unknown>>((resolve, reject) => pending.set(id, { resolve, reject }));
    toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) })}\0`);
    return Promise.race([reply, failed]);
  };

  return {
    async open(url) {
      const { targetId } = (await send('Target.createTarget', { url })) as { targetId: string };
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      const evaluate = async <T>(expression: string): Promise<T> => {
        const reply = (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId)) as {
          result: { value?: T };
          exceptionDetails?: { exception?: { description?: string }; text: string };
        };
        if (reply.exceptionDetails !== undefined) {
          throw new Error(`in the page: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
        }
        return reply.result.value as T;
      };
      return {
        evaluate,
        async waitFor(expression, timeoutMs = 30_000) {
          const deadline = Date.now() + timeoutMs;
          while (!(await evaluate<boolean>(`Boolean(${expression})`))) {
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        },
        async insertText(text) {
          await send('Input.insertText', { text }, sessionId);
        },
        command: (method, params) => send(method, params, sessionId),
        async screenshotPng() {
          const { data } = (await send('Page.captureScreenshot', { format: 'png' }, sessionId)) as { data: string };
          return Buffer.from(data, 'base64');
        },
      };
    },
    async close() {
      await send('Browser.close').catch(() => undefined);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
