// delDelayed, delDelayedAt, timestamps, allDelayed, delayedAt, scheduledAt.
import { describe, expect, it } from 'vitest';
import { commandsDuring, monitorDuring, setupEngine } from './setup.js';

const ctx = setupEngine();
const sec = Math.floor(Date.now() / 1000) + 3600;
const job = (args: unknown[], queue = 'q', klass = 'later') => JSON.stringify({ class: klass, queue, args });

/** Every key left in the delayed structures, to check nothing stale stays behind. */
async function delayedState() {
  return {
    schedule: await ctx.admin.zrange('resque:delayed_queue_schedule', 0, -1),
    lists: (await ctx.admin.keys('resque:delayed:*')).sort(),
    refs: (await ctx.admin.keys('resque:timestamps:*')).sort(),
  };
}

describe('delDelayed', () => {
  it('removes the job at every second, returns those seconds, and leaves no stale schedule member', async () => {
    await ctx.engine.enqueueAt(sec, 'later', [1], 'q');
    await ctx.engine.enqueueAt(sec + 5, 'later', [1], 'q');
    await ctx.engine.enqueueAt(sec + 5, 'later', [2], 'q');
    const removed = await ctx.engine.delDelayed('q', 'later', [1]);
    expect(removed.sort()).toEqual([sec, sec + 5]);
    expect(await delayedState()).toEqual({
      schedule: [String(sec + 5)],
      lists: [`resque:delayed:${sec + 5}`],
      refs: [`resque:timestamps:${job([2])}`],
    });
    expect(await ctx.admin.lrange(`resque:delayed:${sec + 5}`, 0, -1)).toEqual([job([2])]);
    expect(await ctx.engine.delDelayed('q', 'later', [1])).toEqual([]);
  });

  it('removes copies node-resque pushed twice at the same second', async () => {
    await ctx.admin.rpush(`resque:delayed:${sec}`, job([1]), job([1]));
    await ctx.admin.sadd(`resque:timestamps:${job([1])}`, `delayed:${sec}`);
    await ctx.admin.zadd('resque:delayed_queue_schedule', sec, String(sec));
    expect(await ctx.engine.delDelayed('q', 'later', [1])).toEqual([sec, sec]);
    expect(await delayedState()).toEqual({ schedule: [], lists: [], refs: [] });
  });
});

describe('delDelayedAt', () => {
  it('clears the delayed list, the timestamps: back-references and the schedule member', async () => {
    await ctx.engine.enqueueAt(sec, 'later', [1], 'q');
    await ctx.engine.enqueueAt(sec, 'later', [2], 'q');
    await ctx.engine.enqueueAt(sec, 'other', [], 'r');
    await ctx.engine.enqueueAt(sec + 1, 'later', [2], 'q'); // same job at another second stays
    expect(await ctx.engine.delDelayedAt(sec * 1000)).toBe(3);
    expect(await delayedState()).toEqual({
      schedule: [String(sec + 1)],
      lists: [`resque:delayed:${sec + 1}`],
      refs: [`resque:timestamps:${job([2])}`],
    });
    expect(await ctx.admin.smembers(`resque:timestamps:${job([2])}`)).toEqual([`delayed:${sec + 1}`]);
  });

  it('takes epoch seconds and Dates too, and returns 0 for an empty second', async () => {
    await ctx.engine.enqueueAt(sec, 'later', [1], 'q');
    await ctx.engine.enqueueAt(sec + 1, 'later', [1], 'q');
    expect(await ctx.engine.delDelayedAt(sec)).toBe(1);
    expect(await ctx.engine.delDelayedAt(new Date((sec + 1) * 1000))).toBe(1);
    expect(await ctx.engine.delDelayedAt(sec + 2)).toBe(0);
    expect(await delayedState()).toEqual({ schedule: [], lists: [], refs: [] });
  });

  it('is one atomic script: a single EVAL/EVALSHA does all the writes', async () => {
    await ctx.engine.enqueueAt(sec, 'later', [1], 'q');
    await ctx.engine.enqueueAt(sec, 'later', [2], 'q');
    await ctx.engine.delDelayedAt(sec); // loads the script
    await ctx.engine.enqueueAt(sec, 'later', [1], 'q');
    const seen = await monitorDuring(ctx, () => ctx.engine.delDelayedAt(sec));
    const writes = seen.filter((c) => ['del', 'srem', 'zrem', 'lrem', 'multi'].includes(c.name));
    expect(writes.length).toBeGreaterThanOrEqual(3);
    expect(writes.every((c) => c.lua)).toBe(true);
    expect(seen.filter((c) => c.name === 'evalsha')).toHaveLength(1);
  });
});

describe('reading delayed jobs', () => {
  it('timestamps, allDelayed and delayedAt answer in ms; scheduledAt in seconds', async () => {
    await ctx.engine.enqueueAt(sec, 'later', [1], 'q');
    await ctx.engine.enqueueAt(sec, 'later', [2], 'q');
    await ctx.engine.enqueueAt(sec + 7, 'later', [1], 'q');
    expect(await ctx.engine.timestamps()).toEqual([sec * 1000, (sec + 7) * 1000]);
    expect(await ctx.engine.allDelayed()).toEqual({
      [String(sec * 1000)]: [JSON.parse(job([1])), JSON.parse(job([2]))],
      [String((sec + 7) * 1000)]: [JSON.parse(job([1]))],
    });
    expect(await ctx.engine.delayedAt(sec * 1000)).toEqual({
      tasks: [JSON.parse(job([1])), JSON.parse(job([2]))],
      rTimestamp: sec,
    });
    expect(await ctx.engine.delayedAt(sec + 7)).toEqual({
      tasks: [JSON.parse(job([1]))],
      rTimestamp: sec + 7,
    });
    expect((await ctx.engine.scheduledAt('q', 'later', [1])).sort()).toEqual([sec, sec + 7]);
    expect(await ctx.engine.scheduledAt('q', 'later', [9])).toEqual([]);
  });

  it('the scans use SCAN with COUNT >= 1000, never KEYS', async () => {
    for (let i = 0; i < 30; i++) await ctx.engine.enqueueAt(sec + i, 'later', [i], 'q');
    const calls = await commandsDuring(ctx.admin, async () => {
      await ctx.engine.timestamps();
      await ctx.engine.allDelayed();
      await ctx.engine.locks();
      await ctx.engine.stats();
    });
    expect(calls.has('keys')).toBe(false);
    // 30 delayed + 30 timestamps keys: with COUNT 10 each scan would take several calls.
    expect(calls.get('scan')).toBe(5);
  });
});
