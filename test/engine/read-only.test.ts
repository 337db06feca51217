// With --read-only every mutating method is refused with ReadOnlyError before any write reaches Redis.
import { beforeEach, describe, expect, it } from 'vitest';
import { ReadOnlyError } from '../../src/engine/actions.js';
import type { TaskEngine } from '../../src/engine/tasks-api.js';
import { commandsDuring, failedEntry, setupEngine, writeCommands } from './setup.js';

const ctx = setupEngine();
const sec = Math.floor(Date.now() / 1000) + 3600;
const stored = failedEntry('q', 'job', [1]);
const delayedJob = JSON.stringify({ class: 'later', queue: 'q', args: [] });
let ro: TaskEngine;

beforeEach(async () => {
  // Data every refused call would otherwise change.
  await ctx.admin.rpush('resque:failed', stored);
  await ctx.admin.sadd('resque:queues', 'q');
  await ctx.admin.rpush('resque:queue:q', JSON.stringify({ class: 'job', queue: 'q', args: [1] }));
  await ctx.engine.enqueueAt(sec, 'later', [], 'q');
  await ctx.admin.set('resque:lock:job:q:[1]', '1');
  await ctx.admin.sadd('resque:workers', 'host:1:q');
  ro = ctx.newEngine(true);
  ro.registry.set('tick', { name: 'tick', queue: 'q', frequency: 1000, plugins: [], pluginOptions: {} });
  ro.jobs.job = { plugins: ['QueueLock'], perform: async () => undefined };
});

async function dump() {
  const keys = (await ctx.admin.keys('*')).sort();
  return Promise.all(keys.map(async (k) => [k, await ctx.admin.dump(k)]));
}

/** Runs every call, expects each to reject with ReadOnlyError, and returns the write commands seen. */
async function refuseAll(calls: Record<string, () => Promise<unknown>>) {
  const before = await dump();
  const seen = await commandsDuring(ctx.admin, async () => {
    for (const [name, call] of Object.entries(calls)) {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(ReadOnlyError);
    }
  });
  expect(await dump()).toEqual(before);
  return writeCommands(ctx.admin, seen.keys());
}

describe('read-only', () => {
  it('every mutating TaskEngine method rejects with ReadOnlyError and Redis receives no write', async () => {
    const failedJob = JSON.parse(stored);
    const writes = await refuseAll({
      enqueue: () => ro.enqueue('job', [2], 'q'),
      enqueueAt: () => ro.enqueueAt(sec + 1, 'job', [], 'q'),
      enqueueIn: () => ro.enqueueIn(1000, 'job', [], 'q'),
      del: () => ro.del('q', 'job', [1]),
      delDelayed: () => ro.delDelayed('q', 'later', []),
      delQueue: () => ro.delQueue('q'),
      enqueueRecurrentJob: () => ro.enqueueRecurrentJob('tick'),
      enqueueRecurrentJobUnknown: () => ro.enqueueRecurrentJob('unknown'),
      stopRecurrentJob: () => ro.stopRecurrentJob('tick'),
      delLock: () => ro.delLock('lock:job:q:[1]'),
      delDelayedAt: () => ro.delDelayedAt(sec),
      removeFailed: () => ro.removeFailed(failedJob),
      retryAndRemoveFailed: () => ro.retryAndRemoveFailed(failedJob),
      cleanOldWorkers: () => ro.cleanOldWorkers(0),
    });
    expect(writes).toEqual([]);
  });

  it('every Actions method rejects with ReadOnlyError and Redis receives no write', async () => {
    const a = ro.actions;
    const delayed = { at: sec * 1000, queue: 'q', class: 'later', args: [], stored: delayedJob };
    const writes = await refuseAll({
      retryFailed: () => a.retryFailed(stored),
      removeFailed: () => a.removeFailed(stored),
      retryFailedMany: () => a.retryFailedMany([stored]),
      removeFailedMany: () => a.removeFailedMany([stored]),
      retryAllFailed: () => a.retryAllFailed(),
      removeAllFailed: () => a.removeAllFailed({ filter: () => true }),
      runDelayedNow: () => a.runDelayedNow(delayed),
      removeDelayed: () => a.removeDelayed(delayed),
      delDelayedAt: () => a.delDelayedAt(sec),
      deleteQueue: () => a.deleteQueue('q'),
      deleteLock: () => a.deleteLock('lock:job:q:[1]'),
      cleanWorker: () => a.cleanWorker('host:1:q'),
      cleanWorkersOlderThan: () => a.cleanWorkersOlderThan(0),
      enqueue: () => a.enqueue({ class: 'job', queue: 'q', args: [3] }),
      enqueueDelayed: () => a.enqueue({ class: 'job', queue: 'q', args: [3], delayMs: 5000 }),
    });
    expect(writes).toEqual([]);
    expect(a.readOnly).toBe(true);
  });

  it('reads still work: snapshot, counts, pages, scans', async () => {
    const seen = await commandsDuring(ctx.admin, async () => {
      const snap = await ro.monitor.snapshot();
      expect(snap.failed.total).toBe(1);
      expect(await ro.actions.countFailed((i) => i.class === 'job')).toBe(1);
      expect(await ro.failed(0, -1)).toHaveLength(1);
      expect(await ro.timestamps()).toEqual([sec * 1000]);
      expect(Object.keys(await ro.locks())).toEqual(['lock:job:q:[1]']);
      expect((await ro.details()).queues).toEqual({ q: { length: 1 } });
    });
    expect(await writeCommands(ctx.admin, seen.keys())).toEqual([]);
  });
});
