// The snapshot's Redis work is bounded by its windows and by the number of queues and workers,
// never by the number of jobs: measured with Redis's own INFO commandstats.
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ResqueKeys } from '../../src/engine/keys.js';
import { Monitor } from '../../src/engine/monitor.js';
import { commandsDuring, failedEntry, setupEngine, total } from './setup.js';

const ctx = setupEngine();

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
