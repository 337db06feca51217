// Single actions: delayed run-now/remove, deleteQueue, deleteLock, cleanWorker, enqueue, retryFailed.
import { describe, expect, it } from 'vitest';
import type { DelayedJob } from '../../src/engine/types.js';
import { failedEntry, monitorDuring, setupEngine } from './setup.js';

const ctx = setupEngine();
const sec = Math.floor(Date.now() / 1000) + 3600;
const job = (args: unknown[]) => JSON.stringify({ class: 'later', queue: 'q', args });

async function delayedRow(i = 0): Promise<DelayedJob> {
  return (await ctx.engine.monitor.snapshot()).delayed.next[i];
}

async function delayedKeys() {
  return {
    schedule: await ctx.admin.zrange('resque:delayed_queue_schedule', 0, -1),
    keys: (await ctx.admin.keys('resque:*')).filter((k) => /delayed:|timestamps:/.test(k)).sort(),
  };
}

describe('runDelayedNow / removeDelayed', () => {
  it('runDelayedNow moves the job to its queue in one script and leaves nothing behind', async () => {
    await ctx.engine.enqueueAt(sec, 'later', [1], 'q');
    const row = await delayedRow();
    const seen = await monitorDuring(ctx, () => ctx.engine.actions.runDelayedNow(row));
    expect(
      seen.filter((c) => ['lrem', 'rpush', 'srem', 'zrem', 'del'].includes(c.name)).every((c) => c.lua),
    ).toBe(true);
    expect(await ctx.admin.lrange('resque:queue:q', 0, -1)).toEqual([job([1])]);
    expect(await ctx.admin.smembers('resque:queues')).toEqual(['q']);
    expect(await delayedKeys()).toEqual({ schedule: [], keys: [] });
    expect(await ctx.engine.actions.runDelayedNow(row)).toBe(false);
    expect(await ctx.admin.llen('resque:queue:q')).toBe(1);
  });

  it('keeps the second and the back-reference while other jobs or copies remain', async () => {
    await ctx.engine.enqueueAt(sec, 'later', [1], 'q');
    await ctx.engine.enqueueAt(sec, 'later', [2], 'q');
    await ctx.engine.enqueueAt(sec + 1, 'later', [1], 'q');
    await ctx.admin.rpush(`resque:delayed:${sec}`, job([2])); // a second copy of [2] at the same second
    expect(await ctx.engine.actions.removeDelayed(await delayedRow(1))).toBe(true); // [2], first copy
    expect(await ctx.admin.smembers(`resque:timestamps:${job([2])}`)).toEqual([`delayed:${sec}`]);
    expect(await ctx.engine.actions.runDelayedNow(await delayedRow(0))).toBe(true); // [1] at sec
    expect(await ctx.admin.smembers(`resque:timestamps:${job([1])}`)).toEqual([`delayed:${sec + 1}`]);
    expect(await ctx.engine.actions.removeDelayed(await delayedRow(0))).toBe(true); // last [2] at sec
    expect(await delayedKeys()).toEqual({
      schedule: [String(sec + 1)],
      keys: [`resque:delayed:${sec + 1}`, `resque:timestamps:${job([1])}`],
    });
  });

  it('removes a non-JSON delayed entry by its raw string; run-now refuses it', async () => {
    await ctx.admin.rpush(`resque:delayed:${sec}`, 'junk');
    await ctx.admin.zadd('resque:delayed_queue_schedule', sec, String(sec));
    const row = await delayedRow();
    await expect(ctx.engine.actions.runDelayedNow(row)).rejects.toThrow(/names no queue/);
    expect(await ctx.engine.actions.removeDelayed(row)).toBe(true);
    expect(await delayedKeys()).toEqual({ schedule: [], keys: [] });
  });
});

describe('deleteQueue / deleteLock', () => {
  it('deleteQueue returns the number of jobs and removes the list and the name', async () => {
    for (let i = 0; i < 3; i++) await ctx.engine.enqueue('job', [i], 'q');
    expect(await ctx.engine.actions.deleteQueue('q')).toBe(3);
    expect(await ctx.admin.keys('resque:*')).toEqual([]);
    expect(await ctx.engine.actions.deleteQueue('q')).toBe(0);
  });

  it('deleteLock takes the key without the namespace', async () => {
    await ctx.admin.set('resque:workerslock:job:q:[]', 'w');
    expect(await ctx.engine.actions.deleteLock('workerslock:job:q:[]')).toBe(true);
    expect(await ctx.engine.actions.deleteLock('workerslock:job:q:[]')).toBe(false);
  });
});

describe('cleanWorker', () => {
  const entry = 'host:9:q1,q2';
  async function registerWorker(working: boolean) {
    await ctx.admin.sadd('resque:workers', entry, 'host:10:q1');
    await ctx.admin.set(`resque:worker:${entry}:started`, String(Math.round(Date.now() / 1000)));
    await ctx.admin.set(
      'resque:worker:ping:host:9',
      JSON.stringify({ time: 1, name: 'host:9', queues: 'q1,q2' }),
    );
    await ctx.admin.set('resque:stat:processed:host:9', '4');
    if (working)
      await ctx.admin.set(
        `resque:worker:${entry}`,
        JSON.stringify({
          run_at: new Date().toString(),
          queue: 'q2',
          worker: 'host:9',
          payload: { class: 'job', queue: 'q2', args: [5] },
        }),
      );
  }

  it('unregisters a working worker, moves its job to failed and leaves no orphan worker:<name>:<queues> key', async () => {
    await registerWorker(true);
    expect(await ctx.engine.actions.cleanWorker(entry)).toEqual({ failed: true });
    expect((await ctx.admin.keys('resque:*worker*')).sort()).toEqual(['resque:workers']);
    expect(await ctx.admin.smembers('resque:workers')).toEqual(['host:10:q1']);
    expect(await ctx.admin.exists('resque:stat:processed:host:9')).toBe(0);
    expect((await ctx.engine.monitor.snapshot()).failed.items[0]).toMatchObject({
      worker: 'host:9',
      queue: 'q2',
      class: 'job',
      args: [5],
      error: 'Worker Timeout (killed manually)',
    });
    expect(await ctx.admin.get('resque:stat:failed')).toBe('1');
    // The failure it wrote can be retried like any other.
    const [stored] = await ctx.admin.lrange('resque:failed', 0, -1);
    expect(await ctx.engine.actions.retryFailed(stored)).toEqual({ status: 'retried' });
    expect(await ctx.engine.queued('q2', 0, -1)).toEqual([{ class: 'job', queue: 'q2', args: [5] }]);
  });

  it('unregisters an idle worker without a failure, and refuses an unknown one', async () => {
    await registerWorker(false);
    expect(await ctx.engine.actions.cleanWorker(entry)).toEqual({ failed: false });
    expect(await ctx.engine.failedCount()).toBe(0);
    expect(await ctx.admin.exists('resque:stat:failed')).toBe(0);
    await expect(ctx.engine.actions.cleanWorker(entry)).rejects.toThrow(/no worker/);
  });
});

describe('enqueue (the n key)', () => {
  it('enqueues now, or after a delay into the schedule node-resque reads', async () => {
    await ctx.engine.actions.enqueue({ class: 'job', queue: 'q', args: [1] });
    expect(await ctx.engine.queued('q', 0, -1)).toEqual([{ class: 'job', queue: 'q', args: [1] }]);
    const before = Date.now();
    await ctx.engine.actions.enqueue({ class: 'job', queue: 'q', args: [2], delayMs: 60_000 });
    const [at] = await ctx.engine.scheduledAt('q', 'job', [2]);
    expect(Math.abs(at * 1000 - (before + 60_000))).toBeLessThan(2000);
    const resque = await ctx.resque();
    expect(await resque.timestamps()).toEqual([at * 1000]);
  });

  it('refuses the same delayed job twice at one second', async () => {
    const at = Date.now() + 60_000;
    const now = Date.now;
    Date.now = () => at - 60_000; // both calls land on the same second
    try {
      await ctx.engine.actions.enqueue({ class: 'job', queue: 'q', args: [2], delayMs: 60_000 });
      await expect(
        ctx.engine.actions.enqueue({ class: 'job', queue: 'q', args: [2], delayMs: 60_000 }),
      ).rejects.toThrow(/already scheduled/);
    } finally {
      Date.now = now;
    }
    expect(await ctx.admin.llen(`resque:delayed:${Math.round(at / 1000)}`)).toBe(1);
  });

  it('refuses when a plugin vetoes it, saying which', async () => {
    ctx.engine.jobs.locked = { plugins: ['QueueLock'], perform: async () => undefined };
    await ctx.engine.actions.enqueue({ class: 'locked', queue: 'q', args: [] });
    await expect(ctx.engine.actions.enqueue({ class: 'locked', queue: 'q', args: [] })).rejects.toThrow(
      /QueueLock vetoed/,
    );
    expect(await ctx.admin.llen('resque:queue:q')).toBe(1);
  });
});

describe('retryFailed', () => {
  it('reports missing and invalid entries without changing anything', async () => {
    await ctx.admin.rpush('resque:failed', 'junk');
    expect(await ctx.engine.actions.retryFailed(failedEntry('q', 'a', []))).toEqual({ status: 'missing' });
    expect((await ctx.engine.actions.retryFailed('junk')).status).toBe('invalid');
    expect(await ctx.admin.lrange('resque:failed', 0, -1)).toEqual(['junk']);
    expect(await ctx.admin.keys('resque:queue*')).toEqual([]);
  });
});
