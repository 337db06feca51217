// Bulk retry / remove of failed jobs: windows, filters, cancel through AbortSignal, exact counts.
import { describe, expect, it } from 'vitest';
import type { FailedItem } from '../../src/engine/types.js';
import { failedEntry, monitorDuring, setupEngine } from './setup.js';

const ctx = setupEngine();

async function pushFailed(entries: string[]) {
  for (let i = 0; i < entries.length; i += 500)
    await ctx.admin.rpush('resque:failed', ...entries.slice(i, i + 500));
}

/** args[0] of every job in the failed list and in queue `q`. */
async function where(q = 'a') {
  const ids = (list: string[], pick: (v: Record<string, unknown>) => unknown) =>
    list.map((s) => {
      try {
        return pick(JSON.parse(s)) as number;
      } catch {
        return s;
      }
    });
  return {
    failed: ids(
      await ctx.admin.lrange('resque:failed', 0, -1),
      (v) => (v.payload as { args: unknown[] }).args[0],
    ),
    queued: ids(await ctx.admin.lrange(`resque:queue:${q}`, 0, -1), (v) => (v.args as unknown[])[0]),
  };
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe('retryAllFailed', () => {
  it('can be cancelled between windows; every job is in exactly one place, and a rerun finishes', async () => {
    await pushFailed(range(1000).map((i) => failedEntry('a', 'job', [i])));
    const controller = new AbortController();
    const progress: number[] = [];
    const first = await ctx.engine.actions.retryAllFailed({
      batchSize: 100,
      signal: controller.signal,
      onProgress: (done, total) => {
        progress.push(done);
        expect(total).toBe(1000);
        if (done >= 300) controller.abort();
      },
    });
    expect(first).toEqual({ done: 300, total: 1000, cancelled: true, skipped: 0 });
    expect(progress).toEqual([100, 200, 300]);
    const mid = await where();
    expect(mid.queued).toEqual(range(300));
    expect(mid.failed).toEqual(range(700, 300));

    const second = await ctx.engine.actions.retryAllFailed({ batchSize: 128 });
    expect(second).toEqual({ done: 700, total: 700, cancelled: false, skipped: 0 });
    expect(await where()).toEqual({ failed: [], queued: range(1000) });
  });

  it('retries only what matches the filter, skips entries it cannot retry, and moves each window atomically', async () => {
    const entries = range(30).map((i) => failedEntry('a', i % 3 === 0 ? 'keep' : 'job', [i]));
    entries.splice(5, 0, 'garbage');
    await pushFailed(entries);
    const filter = (item: FailedItem) => item.class !== 'keep';
    expect(await ctx.engine.actions.countFailed(filter)).toBe(21);
    let result: unknown;
    const seen = await monitorDuring(ctx, async () => {
      result = await ctx.engine.actions.retryAllFailed({ batchSize: 8, filter });
    });
    expect(result).toEqual({ done: 20, total: 21, cancelled: false, skipped: 1 });
    const state = await where();
    expect(state.queued).toEqual(range(30).filter((i) => i % 3 !== 0));
    expect(state.failed).toEqual([0, 3, 'garbage', ...range(30, 6).filter((i) => i % 3 === 0 && i < 30)]);
    const moves = seen.filter((c) => c.name === 'lrem' || c.name === 'rpush');
    expect(moves).toHaveLength(40);
    expect(moves.every((c) => c.lua)).toBe(true);
  });

  it('leaves entries whose plugin vetoes the enqueue in failed and counts them skipped', async () => {
    ctx.engine.jobs.locked = { plugins: ['QueueLock'], perform: async () => undefined };
    await pushFailed([
      failedEntry('a', 'locked', [1]),
      failedEntry('a', 'job', [2]),
      failedEntry('a', 'locked', [3]),
    ]);
    await ctx.admin.set('resque:lock:locked:a:[1]', String(Math.round(Date.now() / 1000) + 3600), 'EX', 3600);
    const result = await ctx.engine.actions.retryAllFailed();
    expect(result).toEqual({ done: 2, total: 3, cancelled: false, skipped: 1 });
    expect(await where()).toEqual({ failed: [1], queued: [2, 3] });
  });

  it('does not touch failures that arrive while it runs, and stops at max', async () => {
    await pushFailed(range(50).map((i) => failedEntry('a', 'job', [i])));
    const result = await ctx.engine.actions.retryAllFailed({
      batchSize: 10,
      onProgress: async () => {
        await ctx.admin.rpush('resque:failed', failedEntry('a', 'job', [1000]));
      },
    });
    expect(result).toMatchObject({ done: 50, total: 50 });
    expect((await where()).failed.every((id) => id === 1000)).toBe(true);

    await ctx.redis.flush();
    await pushFailed(range(50).map((i) => failedEntry('a', 'job', [i])));
    expect(await ctx.engine.actions.retryAllFailed({ batchSize: 7, max: 10 })).toMatchObject({
      done: 10,
      total: 10,
    });
    expect((await where()).queued).toEqual(range(10));
  });
});

describe('removeAllFailed', () => {
  it('removes what matches in windows; cancelled midway, every entry is either gone or still there once', async () => {
    await pushFailed(range(600).map((i) => failedEntry('a', i % 2 ? 'odd' : 'even', [i])));
    const controller = new AbortController();
    const filter = (item: FailedItem) => item.class === 'odd';
    const first = await ctx.engine.actions.removeAllFailed({
      batchSize: 50,
      filter,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 100) controller.abort();
      },
    });
    expect(first).toMatchObject({ cancelled: true, total: 300, skipped: 0 });
    const left = (await where()).failed as number[];
    expect(left).toHaveLength(600 - first.done);
    expect(new Set(left).size).toBe(left.length);
    expect(left.filter((i) => i % 2 === 1)).toHaveLength(300 - first.done);
    const second = await ctx.engine.actions.removeAllFailed({ batchSize: 64, filter });
    expect(second).toMatchObject({ done: 300 - first.done, cancelled: false });
    expect((await where()).failed).toEqual(range(300).map((i) => i * 2));
  });

  it('removes everything, including non-JSON entries, when there is no filter', async () => {
    await pushFailed(['junk', ...range(10).map((i) => failedEntry('a', 'job', [i]))]);
    expect(await ctx.engine.actions.removeAllFailed({ batchSize: 3 })).toEqual({
      done: 11,
      total: 11,
      cancelled: false,
      skipped: 0,
    });
    expect(await ctx.admin.exists('resque:failed')).toBe(0);
  });
});

describe('retryFailedMany / removeFailedMany (marked rows)', () => {
  it('act on exact stored strings and count the ones already gone as skipped', async () => {
    const entries = range(6).map((i) => failedEntry('a', 'job', [i]));
    await pushFailed(entries);
    const gone = failedEntry('a', 'job', [99]);
    expect(
      await ctx.engine.actions.retryFailedMany([entries[1], gone, entries[3]], { batchSize: 2 }),
    ).toEqual({
      done: 2,
      total: 3,
      cancelled: false,
      skipped: 1,
    });
    expect(await ctx.engine.actions.removeFailedMany([entries[0], entries[1], entries[5]])).toMatchObject({
      done: 2,
      skipped: 1,
    });
    expect(await where()).toEqual({ failed: [2, 4], queued: [1, 3] });
    const controller = new AbortController();
    controller.abort();
    expect(
      await ctx.engine.actions.removeFailedMany([entries[2]], { signal: controller.signal }),
    ).toMatchObject({
      done: 0,
      cancelled: true,
    });
  });
});
