// The snapshot read model: same numbers as node-resque's own Queue methods, newest-first failed
// items, raw non-JSON entries, and a command count that does not grow with the data.
import type { Redis } from 'ioredis';
import { type Job, Scheduler, Worker } from 'node-resque';
import { describe, expect, it } from 'vitest';
import { ResqueKeys } from '../../src/engine/keys.js';
import { Monitor } from '../../src/engine/monitor.js';
import { commandsDuring, failedEntry, setupEngine, total, waitFor } from './setup.js';

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

/** Fills Redis: `n` jobs in each of 3 queues, `n` delayed jobs at distinct seconds, `n` failed. */
async function fill(admin: Redis, n: number) {
  const sec = Math.floor(Date.now() / 1000) + 3600;
  const p = admin.pipeline();
  for (const q of ['a', 'b', 'c']) {
    p.sadd('resque:queues', q);
    for (let i = 0; i < n; i++)
      p.rpush(`resque:queue:${q}`, JSON.stringify({ class: 'job', queue: q, args: [i] }));
  }
  for (let i = 0; i < n; i++) {
    const job = JSON.stringify({ class: 'later', queue: 'a', args: [i] });
    p.rpush(`resque:delayed:${sec + i}`, job)
      .sadd(`resque:timestamps:${job}`, `delayed:${sec + i}`)
      .zadd('resque:delayed_queue_schedule', sec + i, String(sec + i));
    p.rpush('resque:failed', failedEntry('a', 'job', [i]));
  }
  for (const w of ['host:1:a', 'host:2:b,c']) p.sadd('resque:workers', w);
  p.set('resque:lock:job:a:[1]', '1', 'EX', 60);
  await p.exec();
}

async function commandsPerSnapshot(n: number): Promise<Map<string, number>> {
  const monitor = new Monitor(ctx.redis.client(), new ResqueKeys('resque'));
  const window = { failedLimit: 20, delayedLimit: 10 };
  await monitor.snapshot(window); // warms the lock cache and the delayed-total count
  const calls = await commandsDuring(ctx.admin, async () => {
    const snap = await monitor.snapshot(window);
    expect(snap.delayed).toMatchObject({ total: n, timestamps: n });
    expect(snap.failed.total).toBe(n);
    expect(snap.queues).toEqual(['a', 'b', 'c'].map((name) => ({ name, length: n })));
    expect(snap.failed.items).toHaveLength(20);
    expect(snap.delayed.next).toHaveLength(10);
  });
  return calls;
}

describe('snapshot cost', () => {
  it('sends the same commands when the data grows 100x', async () => {
    await fill(ctx.admin, 30);
    const small = await commandsPerSnapshot(30);
    await ctx.redis.flush();
    await fill(ctx.admin, 3000);
    const large = await commandsPerSnapshot(3000);
    expect(large).toEqual(small);
    expect(total(small)).toBeLessThan(50);
    expect(small.has('scan')).toBe(false);
  });

  it('with zero-sized windows reads no rows at all', async () => {
    await fill(ctx.admin, 200);
    const monitor = new Monitor(ctx.redis.client(), new ResqueKeys('resque'));
    await monitor.snapshot({ failedLimit: 0, delayedLimit: 0 });
    const calls = await commandsDuring(ctx.admin, () =>
      monitor.snapshot({ failedLimit: 0, delayedLimit: 0 }),
    );
    expect(calls.has('lrange')).toBe(false);
  });

  it('answers in at most two round trips', async () => {
    await fill(ctx.admin, 10);
    const client = ctx.redis.client();
    const monitor = new Monitor(client, new ResqueKeys('resque'));
    await monitor.snapshot();
    let writes = 0;
    const stream = (client as unknown as { stream: { write: (...a: unknown[]) => boolean } }).stream;
    const original = stream.write.bind(stream);
    stream.write = (...a: unknown[]) => {
      writes++;
      return original(...a);
    };
    try {
      await monitor.snapshot();
    } finally {
      stream.write = original;
    }
    expect(writes).toBeLessThanOrEqual(2);
  });
});
