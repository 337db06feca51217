// locks, delLock, and the Actions/Monitor view of the same locks.
import { describe, expect, it } from 'vitest';
import { setupEngine } from './setup.js';

const ctx = setupEngine();

describe('locks / delLock', () => {
  it('lists QueueLock and JobLock keys without the namespace, as node-resque does', async () => {
    ctx.engine.jobs.locked = { plugins: ['QueueLock'], perform: async () => undefined };
    await ctx.engine.enqueue('locked', ['a'], 'q');
    await ctx.admin.set('resque:workerslock:slow:q:[1]', 'host:1', 'EX', 60);
    const locks = await ctx.engine.locks();
    expect(Object.keys(locks).sort()).toEqual(['lock:locked:q:["a"]', 'workerslock:slow:q:[1]']);
    expect(locks['workerslock:slow:q:[1]']).toBe('host:1');
    const resque = await ctx.resque();
    expect(locks).toEqual(await resque.locks());
  });

  it('delLock deletes by the name locks() gave and returns how many it deleted', async () => {
    await ctx.admin.set('resque:lock:a:q:[]', '1');
    await ctx.admin.set('resque:lock:b:q:[]', '1');
    expect(await ctx.engine.delLock('lock:a:q:[]')).toBe(1);
    expect(await ctx.engine.delLock('lock:a:q:[]')).toBe(0);
    expect(Object.keys(await ctx.engine.locks())).toEqual(['lock:b:q:[]']);
  });

  it('the monitor stops showing a lock deleted through the engine, without waiting for a rescan', async () => {
    await ctx.admin.set('resque:lock:a:q:[]', '1', 'EX', 100);
    expect((await ctx.engine.monitor.snapshot()).locks).toEqual([
      { key: 'lock:a:q:[]', kind: 'queue', ttlSeconds: 100 },
    ]);
    await ctx.engine.delLock('lock:a:q:[]');
    expect((await ctx.engine.monitor.snapshot()).locks).toEqual([]);
  });
});
