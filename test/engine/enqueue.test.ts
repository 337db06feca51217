// enqueue, enqueueAt, enqueueIn, del, delQueue, queued, enqueueRecurrentJob, stopRecurrentJob.
import { Queue } from 'node-resque';
import { describe, expect, it } from 'vitest';
import { parseRedisTarget } from '../../src/engine/connection.js';
import { TaskEngine, toEpochMs } from '../../src/engine/tasks-api.js';
import { setupEngine } from './setup.js';

const ctx = setupEngine();

describe('enqueue', () => {
  it('pushes the job JSON node-resque writes and registers the queue', async () => {
    expect(await ctx.engine.enqueue('sayHello', [1, { a: 2 }], 'mail')).toBe(true);
    expect(await ctx.admin.lrange('resque:queue:mail', 0, -1)).toEqual([
      '{"class":"sayHello","queue":"mail","args":[1,{"a":2}]}',
    ]);
    expect(await ctx.admin.smembers('resque:queues')).toEqual(['mail']);
  });

  it('takes the queue from the registry, else "default", and wraps a single argument', async () => {
    ctx.engine.registry.set('mailer', {
      name: 'mailer',
      queue: 'mail',
      frequency: 0,
      plugins: [],
      pluginOptions: {},
    });
    await ctx.engine.enqueue('mailer', { to: 'x' });
    await ctx.engine.enqueue('other');
    expect(await ctx.engine.queued('mail', 0, -1)).toEqual([
      { class: 'mailer', queue: 'mail', args: [{ to: 'x' }] },
    ]);
    expect(await ctx.engine.queued('default', 0, -1)).toEqual([
      { class: 'other', queue: 'default', args: [] },
    ]);
  });

  it('returns false when a plugin vetoes the enqueue', async () => {
    ctx.engine.jobs.locked = { plugins: ['QueueLock'], perform: async () => undefined };
    expect(await ctx.engine.enqueue('locked', [1], 'q')).toBe(true);
    expect(await ctx.engine.enqueue('locked', [1], 'q')).toBe(false);
    expect(await ctx.admin.llen('resque:queue:q')).toBe(1);
  });
});

describe('queued', () => {
  it('pages a queue head first', async () => {
    for (let i = 0; i < 5; i++) await ctx.engine.enqueue('job', [i], 'q');
    const page = await ctx.engine.queued('q', 1, 2);
    expect(page.map((j) => j.args)).toEqual([[1], [2]]);
  });
});

describe('enqueueAt / enqueueIn', () => {
  const future = Math.floor(Date.now() / 1000) * 1000 + 3_600_000;

  it('accepts a Date, epoch ms, and epoch seconds (below 10^11)', async () => {
    expect(toEpochMs(future / 1000)).toBe(future);
    expect(toEpochMs(future)).toBe(future);
    expect(toEpochMs(new Date(future))).toBe(future);
    expect(await ctx.engine.enqueueAt(new Date(future), 'a', [1], 'q')).toBe(true);
    expect(await ctx.engine.enqueueAt(future + 1000, 'a', [2], 'q')).toBe(true);
    expect(await ctx.engine.enqueueAt(future / 1000 + 2, 'a', [3], 'q')).toBe(true);
    const sec = future / 1000;
    expect(await ctx.admin.zrange('resque:delayed_queue_schedule', 0, -1)).toEqual([
      String(sec),
      String(sec + 1),
      String(sec + 2),
    ]);
    expect(await ctx.engine.scheduledAt('q', 'a', [3])).toEqual([sec + 2]);
    expect(await ctx.admin.smembers('resque:timestamps:{"class":"a","queue":"q","args":[1]}')).toEqual([
      `delayed:${sec}`,
    ]);
  });

  it('returns false (no throw) for the same job at the same second, and stores it once', async () => {
    expect(await ctx.engine.enqueueAt(future, 'a', [1], 'q')).toBe(true);
    expect(await ctx.engine.enqueueAt(future + 200, 'a', [1], 'q')).toBe(false);
    expect(await ctx.admin.llen(`resque:delayed:${future / 1000}`)).toBe(1);
  });

  it('rejects an invalid timestamp with a clear message', async () => {
    await expect(ctx.engine.enqueueAt(Number.NaN, 'a', [], 'q')).rejects.toThrow(/invalid timestamp/);
  });

  it('enqueueIn schedules delayMs from now', async () => {
    const before = Date.now();
    expect(await ctx.engine.enqueueIn(60_000, 'later', [7], 'q')).toBe(true);
    const [sec] = await ctx.engine.scheduledAt('q', 'later', [7]);
    expect(sec * 1000).toBeGreaterThanOrEqual(Math.round((before + 60_000) / 1000) * 1000 - 1000);
    expect(sec * 1000).toBeLessThanOrEqual(Date.now() + 61_000);
  });
});

describe('del / delQueue', () => {
  it('del removes matching jobs (count 0 = all) and returns how many', async () => {
    for (let i = 0; i < 3; i++) await ctx.engine.enqueue('job', [1], 'q');
    await ctx.engine.enqueue('job', [2], 'q');
    expect(await ctx.engine.del('q', 'job', [1], 1)).toBe(1);
    expect(await ctx.engine.del('q', 'job', [1])).toBe(2);
    expect(await ctx.engine.queued('q', 0, -1)).toEqual([{ class: 'job', queue: 'q', args: [2] }]);
  });

  it('delQueue deletes the list and the name, and returns the number of jobs it held', async () => {
    await ctx.engine.enqueue('job', [1], 'q');
    await ctx.engine.enqueue('job', [2], 'q');
    await ctx.engine.enqueue('job', [3], 'keep');
    expect(await ctx.engine.delQueue('q')).toBe(2);
    expect(await ctx.admin.exists('resque:queue:q')).toBe(0);
    expect(await ctx.admin.smembers('resque:queues')).toEqual(['keep']);
  });
});

describe('recurrent jobs', () => {
  const periodic = { name: 'tick', queue: 'cron', frequency: 60_000, plugins: [], pluginOptions: {} };

  it('enqueueRecurrentJob replaces queued and delayed copies with one run `frequency` ms later', async () => {
    ctx.engine.registry.set('tick', periodic);
    await ctx.engine.enqueue('tick', [], 'cron');
    await ctx.engine.enqueueIn(5000, 'tick', [], 'cron');
    const before = Date.now();
    expect(await ctx.engine.enqueueRecurrentJob('tick')).toBe(true);
    expect(await ctx.admin.llen('resque:queue:cron')).toBe(0);
    const at = await ctx.engine.scheduledAt('cron', 'tick', []);
    expect(at).toHaveLength(1);
    expect(at[0] * 1000).toBeGreaterThanOrEqual(before + 59_000);
    expect(await ctx.admin.zcard('resque:delayed_queue_schedule')).toBe(1);
  });

  it('enqueueRecurrentJob rejects an unknown task and a task that is not periodic', async () => {
    await expect(ctx.engine.enqueueRecurrentJob('nope')).rejects.toThrow('unknown task "nope"');
    ctx.engine.registry.set('once', { ...periodic, name: 'once', frequency: 0 });
    await expect(ctx.engine.enqueueRecurrentJob('once')).rejects.toThrow(/not periodic/);
    expect(await ctx.admin.dbsize()).toBe(0);
  });

  it('stopRecurrentJob removes queued and delayed runs and returns how many', async () => {
    ctx.engine.registry.set('tick', periodic);
    await ctx.engine.enqueue('tick', [], 'cron');
    await ctx.engine.enqueue('tick', [], 'cron');
    await ctx.engine.enqueueIn(5000, 'tick', [], 'cron');
    await ctx.engine.enqueueIn(9000, 'tick', [], 'cron');
    await ctx.engine.enqueue('other', [], 'cron');
    expect(await ctx.engine.stopRecurrentJob('tick')).toBe(4);
    expect(await ctx.engine.queued('cron', 0, -1)).toEqual([{ class: 'other', queue: 'cron', args: [] }]);
    expect(await ctx.admin.zcard('resque:delayed_queue_schedule')).toBe(0);
    expect(await ctx.admin.keys('resque:timestamps:*')).toEqual([]);
    expect(await ctx.engine.stopRecurrentJob('tick')).toBe(0);
    await expect(ctx.engine.stopRecurrentJob('nope')).rejects.toThrow('unknown task "nope"');
  });
});

describe('TaskEngine.connect', () => {
  it('connects from a target, keeps to its namespace, and ends', async () => {
    const engine = await TaskEngine.connect({ target: parseRedisTarget(ctx.redis.url, 'myapp') });
    try {
      await engine.enqueue('job', [1], 'q');
      await engine.enqueueIn(60_000, 'job', [2], 'q');
      expect(await ctx.admin.lrange('myapp:queue:q', 0, -1)).toEqual([
        '{"class":"job","queue":"q","args":[1]}',
      ]);
      expect(await ctx.admin.exists('resque:queues')).toBe(0);
      const snap = await engine.monitor.snapshot();
      expect(snap).toMatchObject({
        namespace: 'myapp',
        queues: [{ name: 'q', length: 1 }],
        delayed: { total: 1 },
      });
      expect(await engine.timestamps()).toHaveLength(1);
      expect(await ctx.engine.timestamps()).toEqual([]);
    } finally {
      await engine.end();
    }
    expect(engine.redis.status).toBe('end');
  });

  it('connectionOptions() lets node-resque workers and queues reach the same Redis and namespace', async () => {
    const engine = await TaskEngine.connect({ target: parseRedisTarget(`${ctx.redis.url}/2`, 'ns2') });
    const queue = new Queue({ connection: engine.connectionOptions() }, {});
    try {
      await queue.connect();
      await engine.enqueue('job', [1], 'q');
      expect(await queue.length('q')).toBe(1);
      expect(await ctx.admin.exists('ns2:queue:q')).toBe(0); // db 2, not db 0
    } finally {
      await queue.end();
      await engine.end();
    }
  });
});
