// Turns a Stellar `run` into a node-resque `perform`. Both styles work: `run(api, params,
// next)` ends when next is called; `async run(api, params)` ends with its promise. A task
// that never ends fails after a timeout so the worker is not wedged; a second `next` call
// is reported and ignored.
import { errorMessage } from '../errors.js';
import type { RunFunction } from './validate.js';

export interface AdapterReport {
  warn(message: string, data?: unknown): void;
}

export interface AdapterOptions {
  name: string;
  timeoutMs: number;
  report: AdapterReport;
  /** Aborting fails the job at once (the sandbox gave up waiting for it at shutdown). */
  signal?: AbortSignal;
}

/** Errors from next('text') or a thrown string still get a message and a stack. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (value !== null && typeof value === 'object' && 'message' in value) {
    const error = new Error(String((value as { message: unknown }).message));
    Object.assign(error, value);
    return error;
  }
  return new Error(typeof value === 'string' ? value : errorMessage(value));
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null &&
  (typeof v === 'object' || typeof v === 'function') &&
  typeof (v as { then?: unknown }).then === 'function';

/** Params as Stellar passes them: the single argument, `{}` for none, the array for several. */
export function paramsOf(args: unknown[]): unknown {
  if (args.length === 0) return {};
  if (args.length === 1) return args[0] ?? {};
  return args;
}

export function runTask(
  run: RunFunction,
  self: unknown,
  api: unknown,
  params: unknown,
  options: AdapterOptions,
): Promise<unknown> {
  const { name, timeoutMs, report, signal } = options;
  const callbackStyle = run.length >= 3;
  return new Promise((resolve, reject) => {
    let settled = false;
    let calls = 0;
    const timer = setTimeout(() => {
      finish(
        new Error(
          `task "${name}" did not finish within ${timeoutMs} ms` +
            (callbackStyle ? ' (did it forget to call next?)' : ''),
        ),
      );
    }, timeoutMs);

    const onAbort = () =>
      finish(new Error(`task "${name}" was abandoned: ${String(signal?.reason ?? 'aborted')}`));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    function finish(error: unknown, result?: unknown): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error !== undefined && error !== null) reject(toError(error));
      else resolve(result);
    }

    const next = (error?: unknown, result?: unknown): void => {
      calls += 1;
      if (calls === 2) {
        report.warn(`task "${name}" called next() more than once; later calls are ignored`, {
          task: name,
          error: error ? errorMessage(error) : undefined,
        });
      } else if (calls === 1 && settled) {
        report.warn(`task "${name}" called next() after it had already ended (timeout)`, { task: name });
      }
      if (calls === 1) finish(error, result);
    };

    let returned: unknown;
    try {
      returned = callbackStyle ? run.call(self, api, params, next) : run.call(self, api, params);
    } catch (error) {
      finish(error ?? new Error(`task "${name}" threw ${String(error)}`));
      return;
    }
    if (isThenable(returned)) {
      returned.then(
        (value) => {
          // A callback-style run that resolves has not necessarily finished: next decides.
          if (!callbackStyle) finish(undefined, value);
        },
        (error: unknown) => finish(error ?? new Error(`task "${name}" rejected with ${String(error)}`)),
      );
    } else if (!callbackStyle) finish(undefined, returned);
  });
}
