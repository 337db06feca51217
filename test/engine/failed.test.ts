// failed, failedCount, removeFailed, retryAndRemoveFailed.
import { describe, expect, it } from 'vitest';
import { failedEntry, monitorDuring, setupEngine } from './setup.js';

const ctx = setupEngine();

/** An entry as another client writes it: other key order, spacing, and a null backtrace. */
const foreign = `{ "failed_at": "2024-05-01T10:00:00.000Z", "error": "nope",
  "payload": { "args": [ 3, { "b": 1, "a": 2 } ], "queue": "q", "class": "job" },
  "queue": "q", "exception": "Error", "worker": "other:1", "backtrace": null }`;
/** The same entry as a user would construct it after reading it somewhere else. */
const foreignObject = {
  worker: 'other:1',
  queue: 'q',
  payload: { class: 'job', queue: 'q', args: [3, { a: 2, b: 1 }] },
  exception: 'Error',
  error: 'nope',
  backtrace: null,
  failed_at: '2024-05-01T10:00:00.000Z',
};

describe('failed / failedCount', () => {
  it('pages the failed list oldest first, as node-resque does; non-JSON entries come back raw', async () => {
    await ctx.admin.rpush(
      'resque:failed',
      failedEntry('q', 'a', [1]),
      'not json{',
      failedEntry('q', 'b', [2]),
    );
    expect(await ctx.engine.failedCount()).toBe(3);
    const all = await ctx.engine.failed(0, -1);
    expect(all.map((f) => (f.payload as { class?: string } | undefined)?.class ?? f.raw)).toEqual([
      'a',
      'not json{',
      'b',
    ]);
    expect(await ctx.engine.failed(1, 1)).toEqual([{ raw: 'not json{' }]);
  });
});

describe('removeFailed', () => {
  it('removes an entry by the object failed() returned, exactly one copy', async () => {
    const entry = failedEntry('q', 'a', [1]);
    await ctx.admin.rpush('resque:failed', entry, entry, failedEntry('q', 'b', [2]));
    const [first] = await ctx.engine.failed(0, 0);
    expect(await ctx.engine.removeFailed(first)).toBe(1);
    expect(await ctx.admin.lrange('resque:failed', 0, -1)).toEqual([entry, failedEntry('q', 'b', [2])]);
  });

  it('removes an entry another client wrote with other spacing and key order, given as an object', async () => {
    await ctx.admin.rpush('resque:failed', failedEntry('q', 'a', [1]), foreign);
    expect(await ctx.engine.removeFailed(structuredClone(foreignObject))).toBe(1);
    expect(await ctx.admin.lrange('resque:failed', 0, -1)).toEqual([failedEntry('q', 'a', [1])]);
  });

  it('removes a non-JSON entry by its raw string, and returns 0 when nothing matches', async () => {
    await ctx.admin.rpush('resque:failed', 'garbage');
    expect(await ctx.engine.removeFailed({ ...foreignObject, error: 'other' })).toBe(0);
    const [raw] = await ctx.engine.failed(0, 0);
    expect(await ctx.engine.removeFailed(raw)).toBe(1);
    expect(await ctx.engine.failedCount()).toBe(0);
  });
});

describe('retryAndRemoveFailed', () => {
  it('moves the job back to its queue in one step', async () => {
    await ctx.admin.rpush('resque:failed', failedEntry('q', 'a', [1]), foreign);
    const seen = await monitorDuring(ctx, () =>
      ctx.engine.retryAndRemoveFailed(structuredClone(foreignObject)),
    );
    expect(await ctx.engine.failed(0, -1)).toEqual([JSON.parse(failedEntry('q', 'a', [1]))]);
    expect(await ctx.admin.lrange('resque:queue:q', 0, -1)).toEqual([
      JSON.stringify({ class: 'job', queue: 'q', args: [3, { b: 1, a: 2 }] }),
    ]);
    expect(await ctx.admin.smembers('resque:queues')).toEqual(['q']);
    // The removal and the push happened inside one script.
    const writes = seen.filter((c) => ['lrem', 'rpush', 'sadd'].includes(c.name));
    expect(writes.map((c) => c.name)).toEqual(['lrem', 'sadd', 'rpush']);
    expect(writes.every((c) => c.lua)).toBe(true);
  });

  it('under a plugin veto rejects saying why, keeps the entry in failed and enqueues nothing', async () => {
    ctx.engine.jobs.locked = { plugins: ['QueueLock'], perform: async () => undefined };
    const entry = failedEntry('q', 'locked', [1]);
    await ctx.admin.rpush('resque:failed', entry);
    const lock = 'resque:lock:locked:q:[1]';
    await ctx.admin.set(lock, String(Math.round(Date.now() / 1000) + 3600), 'EX', 3600);
    const [job] = await ctx.engine.failed(0, 0);
    await expect(ctx.engine.retryAndRemoveFailed(job)).rejects.toThrow(/QueueLock vetoed/);
    expect(await ctx.admin.lrange('resque:failed', 0, -1)).toEqual([entry]);
    expect(await ctx.admin.exists('resque:queue:q')).toBe(0);

    // Lock released: the same call now succeeds and the plugin takes its lock again.
    await ctx.admin.del(lock);
    expect(await ctx.engine.retryAndRemoveFailed(job)).toBe(true);
    expect(await ctx.engine.failedCount()).toBe(0);
    expect(await ctx.engine.queued('q', 0, -1)).toEqual([{ class: 'locked', queue: 'q', args: [1] }]);
    expect(await ctx.admin.exists(lock)).toBe(1);
  });

  it('rejects for an entry that is not in the failed list, or cannot be retried', async () => {
    await expect(ctx.engine.retryAndRemoveFailed(foreignObject)).rejects.toThrow(/not in failed queue/);
    await ctx.admin.rpush('resque:failed', 'garbage');
    await expect(ctx.engine.retryAndRemoveFailed('garbage')).rejects.toThrow(/not a job/);
    expect(await ctx.engine.failedCount()).toBe(1);
  });
});
