// The snapshot read model: same numbers as node-resque's own Queue methods, newest-first failed
// items, raw non-JSON entries, and a command count that does not grow with the data.
import { type Job, Scheduler, Worker } from 'node-resque';
import { describe, expect, it } from 'vitest';
import { ResqueKeys } from '../../src/engine/keys.js';
import { Monitor } from '../../src/engine/monitor.js';
import { failedEntry, setupEngine, waitFor } from './setup.js';

const ctx = setupEngine();

describe('snapshot equals what node-resque reports', () => {
  it('queues, failed, stats, leader, workers, locks and delayed on data node-resque wrote', async () => {
    let release: () => void = () => {};
    const jobs: Record<string, Job<unknown>> = {
      ok: { perform: async () => 'ok' },
      bad: {
        perform: async () => {
          throw new Error('bad job');
        },
      },
      slow: { plugins: ['JobLock'], perform: () => new Promise<void>((r) => (release = r)) },
      locked: { plugins: ['QueueLock'], perform: async () => undefined },
    };
    const connection = { host: '127.0.0.1', port: ctx.redis.port };
    const queue = await ctx.resque(jobs);
    const worker = new Worker({ connection, name: 'host:77', queues: ['work'], timeout: 20 }, jobs);
    const scheduler = new Scheduler({ connection, name: 'sched-1', timeout: 20 });
    worker.on('error', () => {});
    scheduler.on('error', () => {});
    await worker.connect();
    await scheduler.connect();
    try {
      await worker.start();
      await scheduler.start();
      await queue.enqueue('work', 'ok', [1]);
      await queue.enqueue('work', 'bad', [2]);
      await queue.enqueue('work', 'bad', [3]);
      await waitFor(async () => (await queue.failedCount()) === 2, 5000, 'two failures');
      await queue.enqueue('work', 'slow', [4]);
      await waitFor(
        async () => ((await queue.allWorkingOn()) as Record<string, unknown>)['host:77'] !== 'started',
        5000,
        'working',
      );
      await queue.enqueue('mail', 'locked', ['a']);
      await queue.enqueue('mail', 'ok', [5]);
      await queue.enqueue('other', 'ok', [6]);
      const base = Date.now() + 3_600_000;
      await queue.enqueueAt(base, 'mail', 'ok', [7]);
      await queue.enqueueAt(base, 'mail', 'ok', [8]);
      await queue.enqueueAt(base + 5000, 'other', 'bad', [9]);
      await waitFor(() => queue.leader(), 5000, 'leader');

      const snap = await ctx.engine.monitor.snapshot({ failedLimit: 100, delayedLimit: 100 });

      const names = (await queue.queues()).sort();
      expect(snap.queues).toEqual(
        await Promise.all(names.map(async (name) => ({ name, length: await queue.length(name) }))),
      );
      expect(snap.failed.total).toBe(await queue.failedCount());
      expect(
        snap.failed.items.map((f) => ({ c: f.class, q: f.queue, a: f.args, e: f.error, w: f.worker })),
      ).toEqual(
        (await queue.failed(0, -1))
          .reverse()
          .map((f) => ({ c: f.payload.class, q: f.queue, a: f.payload.args, e: f.error, w: f.worker })),
      );
      const stats = await queue.stats();
      expect(snap.stats).toEqual({ processed: Number(stats.processed), failed: Number(stats.failed) });
      expect(snap.stats).toEqual({ processed: 1, failed: 2 }); // node-resque counts successes only
      expect(snap.leader).toBe(await queue.leader());
      expect(snap.leader).toBe('sched-1');
      expect(Object.fromEntries(snap.workers.map((w) => [w.name, w.queues.join(',')]))).toEqual(
        await queue.workers(),
      );
      const working = (await queue.allWorkingOn()) as Record<
        string,
        { payload: { class: string; args: unknown[] } }
      >;
      expect(snap.workers[0]).toMatchObject({
        name: 'host:77',
        status: 'working',
        job: {
          queue: 'work',
          class: working['host:77'].payload.class,
          args: working['host:77'].payload.args,
        },
      });
      expect(snap.workers[0].pingAt).toBeTypeOf('number');
      expect(snap.locks.map((l) => l.key).sort()).toEqual(Object.keys(await queue.locks()).sort());
      expect(snap.locks.map((l) => l.kind).sort()).toEqual(['queue', 'worker']);
      const delayed = await queue.allDelayed();
      expect([...new Set(snap.delayed.next.map((d) => d.at))]).toEqual(await queue.timestamps());
      expect(snap.delayed.timestamps).toBe((await queue.timestamps()).length);
      expect(snap.delayed.total).toBe(Object.values(delayed).flat().length);
      expect(snap.delayed.next.map((d) => d.args)).toEqual(
        Object.values(delayed).flatMap((l) => l.map((j) => j.args)),
      );
    } finally {
      release();
      await scheduler.end();
      await worker.end();
    }
  });
});

describe('snapshot shape', () => {
  it('lists failed items newest first, numbers as numbers, non-JSON entries raw with class null', async () => {
    const t0 = new Date('2024-05-01T10:00:00Z');
    await ctx.admin.rpush(
      'resque:failed',
      failedEntry('q', 'first', [1], 'e1', t0),
      'not json {',
      failedEntry('q', 'third', [3], 'e3', new Date(t0.getTime() + 60_000)),
    );
    await ctx.admin.set('resque:stat:processed', '12');
    await ctx.admin.set('resque:stat:failed', '3');
    const snap = await ctx.engine.monitor.snapshot();
    expect(snap.stats).toEqual({ processed: 12, failed: 3 });
    expect(snap.failed.total).toBe(3);
    expect(snap.failed.items.map((i) => i.class)).toEqual(['third', null, 'first']);
    expect(snap.failed.items[0]).toMatchObject({
      failedAt: t0.getTime() + 60_000,
      args: [3],
      error: 'e3',
      index: 2,
    });
    expect(snap.failed.items[1]).toMatchObject({ class: null, raw: 'not json {', index: 1 });
    expect(snap.failed.items[2].failedAt).toBe(t0.getTime());
    expect(typeof snap.redis.usedMemoryBytes).toBe('number');
    expect(snap.redis.version).toMatch(/^\d+\.\d+/);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);

    const page = await ctx.engine.monitor.snapshot({ failedOffset: 1, failedLimit: 1 });
    expect(page.failed.items.map((i) => i.index)).toEqual([1]);
  });

  it('lists non-JSON delayed entries raw, and counts delayed jobs beyond the window', async () => {
    const sec = Math.floor(Date.now() / 1000) + 3600;
    await ctx.admin.rpush(
      `resque:delayed:${sec}`,
      'junk',
      JSON.stringify({ class: 'a', queue: 'q', args: [] }),
    );
    await ctx.admin.zadd('resque:delayed_queue_schedule', sec, String(sec));
    for (let i = 1; i <= 5; i++) await ctx.engine.enqueueAt(sec + i, 'b', [i], 'q');
    const snap = await ctx.engine.monitor.snapshot({ delayedLimit: 2 });
    expect(snap.delayed.next).toEqual([
      { at: sec * 1000, queue: null, class: null, args: [], raw: 'junk', stored: 'junk' },
      expect.objectContaining({ at: sec * 1000, class: 'a' }),
    ]);
    expect(snap.delayed).toMatchObject({ total: 7, timestamps: 6 });
  });
});

describe('snapshot robustness', () => {
  it('keys of the wrong type or garbage values give zeros and nulls, not an exception', async () => {
    await ctx.admin.set('resque:failed', 'not a list');
    await ctx.admin.set('resque:stat:processed', 'many');
    await ctx.admin.sadd('resque:queues', 'q');
    await ctx.admin.sadd('resque:queue:q', 'a set');
    await ctx.admin.sadd('resque:workers', 'host:1:q');
    await ctx.admin.set('resque:worker:host:1:q', '{broken');
    await ctx.admin.set('resque:worker:ping:host:1', 'nope');
    const snap = await ctx.engine.monitor.snapshot();
    expect(snap.failed).toEqual({ total: 0, items: [] });
    expect(snap.stats).toEqual({ processed: 0, failed: 0 });
    expect(snap.queues).toEqual([{ name: 'q', length: 0 }]);
    expect(snap.workers).toEqual([
      expect.objectContaining({
        name: 'host:1',
        queues: ['q'],
        status: 'working',
        job: { queue: null, class: null, args: [], runAt: null },
        pingAt: null,
      }),
    ]);
  });
});

describe('windows and pages', () => {
  it('delayedOffset skips scheduled seconds; queueJobs pages a queue head first', async () => {
    const sec = Math.floor(Date.now() / 1000) + 3600;
    for (let i = 0; i < 5; i++) await ctx.engine.enqueueAt(sec + i, 'b', [i], 'q');
    const snap = await ctx.engine.monitor.snapshot({ delayedOffset: 2, delayedLimit: 2 });
    expect(snap.delayed.next.map((d) => [d.at, d.args])).toEqual([
      [(sec + 2) * 1000, [2]],
      [(sec + 3) * 1000, [3]],
    ]);
    expect(snap.delayed).toMatchObject({ total: 5, timestamps: 5 });
    for (let i = 0; i < 5; i++) await ctx.engine.enqueue('job', [i], 'q');
    const page = await ctx.engine.monitor.queueJobs('q', 3, 10);
    expect(page.total).toBe(5);
    expect(page.items.map((j) => [j.index, j.args])).toEqual([
      [3, [3]],
      [4, [4]],
    ]);
    expect(page.items[0].stored).toBe('{"class":"job","queue":"q","args":[3]}');
  });

  it('locks: new ones appear after the cache ttl, expired ones disappear, TTLs count down', async () => {
    const monitor = new Monitor(ctx.redis.client(), new ResqueKeys('resque'), { lockCacheMs: 100 });
    await ctx.admin.set('resque:lock:a:q:[]', '1', 'PX', 1500);
    expect((await monitor.snapshot()).locks).toEqual([{ key: 'lock:a:q:[]', kind: 'queue', ttlSeconds: 2 }]);
    await ctx.admin.set('resque:workerslock:b:q:[]', 'w');
    const both = await waitFor(async () => {
      const locks = (await monitor.snapshot()).locks;
      return locks.length === 2 ? locks : null;
    }, 3000);
    expect(both[1]).toEqual({ key: 'workerslock:b:q:[]', kind: 'worker', ttlSeconds: -1 });
    await waitFor(async () => (await monitor.snapshot()).locks.length === 1, 3000, 'expired lock gone');
  });
});

describe('cached counts follow changes made through the engine', () => {
  it('the delayed total beyond the window catches up well before the cache would expire', async () => {
    const sec = Math.floor(Date.now() / 1000) + 3600;
    for (let i = 0; i < 4; i++) await ctx.engine.enqueueAt(sec + i, 'b', [i], 'q');
    const window = { delayedLimit: 1 };
    expect((await ctx.engine.monitor.snapshot(window)).delayed.total).toBe(4);
    await ctx.engine.delDelayedAt(sec + 3);
    await ctx.engine.actions.removeDelayed((await ctx.engine.monitor.snapshot(window)).delayed.next[0]);
    await waitFor(
      async () => (await ctx.engine.monitor.snapshot(window)).delayed.total === 2,
      3000,
      'total 2',
    );
    await ctx.engine.enqueueAt(sec + 9, 'b', [9], 'q');
    await waitFor(
      async () => (await ctx.engine.monitor.snapshot(window)).delayed.total === 3,
      3000,
      'total 3',
    );
  });
});
