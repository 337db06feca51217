// Stellar task code passes node-style callbacks: (null, result) on success, (error) on failure,
// and a failure must not also surface as an unhandled rejection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskEngine } from '../../src/engine/tasks-api.js';
import { failedEntry, setupEngine } from './setup.js';

const ctx = setupEngine();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Calls an engine method with a trailing callback and returns what the callback got. */
function viaCallback(call: (cb: (error: Error | null, result?: unknown) => void) => unknown) {
  return new Promise<{ error: Error | null; result: unknown; args: number }>((resolve) => {
    call((...args: unknown[]) =>
      resolve({ error: args[0] as Error | null, result: args[1], args: args.length }),
    );
  });
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('trailing callbacks', () => {
  it('get (null, result) for reads and writes, with the same result as the promise', async () => {
    const e: TaskEngine = ctx.engine;
    expect(await viaCallback((cb) => e.enqueue('job', [1], 'q', cb))).toEqual({
      error: null,
      result: true,
      args: 2,
    });
    expect(await viaCallback((cb) => e.queued('q', 0, -1, cb))).toMatchObject({
      error: null,
      result: [{ class: 'job', queue: 'q', args: [1] }],
    });
    expect(await viaCallback((cb) => e.enqueueIn(60_000, 'job', [1], 'q', cb))).toMatchObject({
      result: true,
    });
    expect(await viaCallback((cb) => e.del('q', 'job', [1], cb))).toMatchObject({ error: null, result: 1 });
    expect(await viaCallback((cb) => e.failedCount(cb))).toMatchObject({ error: null, result: 0 });
    expect(await viaCallback((cb) => e.workers(cb))).toMatchObject({ error: null, result: {} });
    expect(await viaCallback((cb) => e.delQueue('q', cb))).toMatchObject({ error: null, result: 0 });
    expect(await viaCallback((cb) => e.details(cb))).toMatchObject({ error: null, result: { leader: null } });
    await settle();
    expect(unhandled).toEqual([]);
  });

  it('takes a callback in place of omitted optional arguments', async () => {
    expect(await viaCallback((cb) => ctx.engine.enqueue('job', cb))).toMatchObject({
      error: null,
      result: true,
    });
    expect(await ctx.engine.queued('default', 0, -1)).toEqual([{ class: 'job', queue: 'default', args: [] }]);
  });

  it('errors go to the callback, the returned promise resolves, and nothing is unhandled', async () => {
    const missing = viaCallback((cb) => ctx.engine.retryAndRemoveFailed({ nope: 1 }, cb));
    expect((await missing).error?.message).toMatch(/not in failed queue/);
    const unknown = await viaCallback((cb) => ctx.engine.enqueueRecurrentJob('nope', cb));
    expect(unknown.error?.message).toMatch(/unknown task "nope"/);
    await ctx.admin.set('resque:failed', 'not a list');
    const wrongType = await viaCallback((cb) => ctx.engine.failedCount(cb));
    expect(wrongType.error?.message).toMatch(/WRONGTYPE/);
    const readOnly = ctx.newEngine(true);
    const refused = await viaCallback((cb) =>
      readOnly.removeFailed(JSON.parse(failedEntry('q', 'a', [])), cb),
    );
    expect(refused.error?.name).toBe('ReadOnlyError');
    await expect(ctx.engine.failedCount(() => {})).resolves.toBeUndefined();
    await settle();
    expect(unhandled).toEqual([]);
  });
});
