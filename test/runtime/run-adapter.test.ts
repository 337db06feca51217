import { describe, expect, it } from 'vitest';
import { paramsOf, runTask } from '../../src/runtime/run-adapter.js';
import type { RunFunction } from '../../src/runtime/validate.js';

type Next = (error?: unknown, result?: unknown) => void;

function reporter() {
  const warnings: string[] = [];
  return { warnings, report: { warn: (m: string) => warnings.push(m) } };
}

const run = (fn: unknown, timeoutMs = 1000, signal?: AbortSignal) => {
  const r = reporter();
  const promise = runTask(
    fn as RunFunction,
    null,
    { id: 'api' },
    { a: 1 },
    {
      name: 't',
      timeoutMs,
      report: r.report,
      signal,
    },
  );
  return { promise, warnings: r.warnings };
};

describe('runTask', () => {
  it('callback style: next(null, result) resolves, next(error) rejects with that error', async () => {
    await expect(
      run((_api: unknown, p: { a: number }, next: Next) => next(null, p.a + 1)).promise,
    ).resolves.toBe(2);
    const error = new Error('boom');
    await expect(
      run((_a: unknown, _p: unknown, next: Next) => setTimeout(() => next(error), 5)).promise,
    ).rejects.toBe(error);
  });

  it('async style: the returned value resolves, a throw or rejection fails', async () => {
    await expect(run(async (api: { id: string }) => api.id).promise).resolves.toBe('api');
    await expect(
      run(async () => {
        throw new TypeError('bad');
      }).promise,
    ).rejects.toThrow(TypeError);
    await expect(
      run(() => {
        throw new Error('sync');
      }).promise,
    ).rejects.toThrow('sync');
  });

  it('turns next("text") into an Error with a stack', async () => {
    const failure = (await run((_a: unknown, _p: unknown, next: Next) => next('plain text')).promise.catch(
      (e) => e,
    )) as Error;
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toBe('plain text');
    expect(failure.stack).toBeTruthy();
  });

  it('reports a second next call and keeps the first outcome', async () => {
    const r = run((_a: unknown, _p: unknown, next: Next) => {
      next(null, 'first');
      next(new Error('second'));
    });
    await expect(r.promise).resolves.toBe('first');
    expect(r.warnings).toEqual(['task "t" called next() more than once; later calls are ignored']);
  });

  it('fails a task that never calls next after the timeout, and says so if it calls later', async () => {
    let late: Next = () => undefined;
    const r = run((_a: unknown, _p: unknown, next: Next) => {
      late = next;
    }, 50);
    await expect(r.promise).rejects.toThrow(
      'task "t" did not finish within 50 ms (did it forget to call next?)',
    );
    late();
    expect(r.warnings[0]).toMatch(/after it had already ended/);
  });

  it('a callback-style run returning a promise still waits for next', async () => {
    let resolved = false;
    const r = run(async (_a: unknown, _p: unknown, next: Next) => {
      setTimeout(() => {
        resolved = true;
        next(null, 'via next');
      }, 20);
    });
    await expect(r.promise).resolves.toBe('via next');
    expect(resolved).toBe(true);
  });

  it('an abort fails the run at once', async () => {
    const controller = new AbortController();
    const r = run(() => new Promise(() => undefined), 10_000, controller.signal);
    controller.abort('shutting down');
    await expect(r.promise).rejects.toThrow('task "t" was abandoned: shutting down');
  });

  it('passes params as Stellar does', () => {
    expect(paramsOf([])).toEqual({});
    expect(paramsOf([{ x: 1 }])).toEqual({ x: 1 });
    expect(paramsOf([null])).toEqual({});
    expect(paramsOf([1, 2])).toEqual([1, 2]);
  });
});
