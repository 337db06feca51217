// workers, workingOn, allWorkingOn, cleanOldWorkers (real worker processes), details, stats.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { setupEngine, waitFor } from './setup.js';

const ctx = setupEngine();
const children: ChildProcess[] = [];
const fixture = fileURLToPath(new URL('./fixtures/worker.mjs', import.meta.url));

/** Starts a real node-resque worker process and waits until it registered and pinged. */
async function startWorker(name: string, queue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fixture, String(ctx.redis.port), name, queue], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  await waitFor(() => out.includes('READY'), 10_000, `worker ${name} ready`);
  await waitFor(async () => (await ctx.admin.exists(`resque:worker:ping:${name}`)) === 1, 5000, 'ping');
  expect(await ctx.admin.sismember('resque:workers', `${name}:${queue}`)).toBe(1);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

afterEach(async () => {
  await Promise.all(children.splice(0).map(kill));
});

describe('cleanOldWorkers', () => {
  it('cleans a crashed idle worker (SIGKILL) and leaves no worker: keys; a live one stays', async () => {
    const dead = await startWorker('host:1001', 'jobs');
    await startWorker('host:1002', 'jobs');
    await kill(dead);
    // Pings have one-second resolution: poll until the dead worker's heartbeat is older than 1 s.
    const cleaned = await waitFor(
      async () => {
        const result = await ctx.engine.cleanOldWorkers(1000);
        return Object.keys(result).length > 0 ? result : null;
      },
      5000,
      'dead worker cleaned',
    );
    expect(cleaned).toEqual({ 'host:1001': 'jobs' });
    expect(await ctx.engine.workers()).toEqual({ 'host:1002': 'jobs' });
    expect((await ctx.admin.keys('resque:worker:*')).filter((k) => k.includes('host:1001'))).toEqual([]);
    expect(await ctx.admin.exists('resque:stat:processed:host:1001')).toBe(0);
    expect(await ctx.engine.failedCount()).toBe(0);
  });

  it('moves the job of a worker stuck on it to failed, and leaves no worker: keys', async () => {
    const worker = await startWorker('host:2001', 'slow');
    await ctx.engine.enqueue('stuck', [42], 'slow');
    const working = await waitFor(() => ctx.engine.workingOn('host:2001', 'slow'), 5000, 'working');
    expect(JSON.parse(working)).toMatchObject({ queue: 'slow', payload: { class: 'stuck', args: [42] } });
    await kill(worker);
    const cleaned = await waitFor(
      async () => {
        const result = await ctx.engine.cleanOldWorkers(500);
        return Object.keys(result).length > 0 ? result : null;
      },
      5000,
      'stuck worker cleaned',
    );
    expect(cleaned).toEqual({ 'host:2001': 'slow' });
    const [failed] = await ctx.engine.failed(0, -1);
    expect(failed).toMatchObject({
      worker: 'host:2001',
      queue: 'slow',
      payload: { class: 'stuck', queue: 'slow', args: [42] },
      error: 'Worker Timeout (killed manually)',
    });
    expect(await ctx.engine.failedCount()).toBe(1);
    expect(await ctx.admin.get('resque:stat:failed')).toBe('1');
    expect(await ctx.admin.keys('resque:worker:*')).toEqual([]);
    expect(await ctx.engine.workers()).toEqual({});
  });

  it('skips a worker that unregistered itself during the sweep instead of failing', async () => {
    await ctx.admin.sadd('resque:workers', 'host:5:q', 'host:6:q');
    const engine = ctx.engine;
    const smembers = engine.redis.smembers.bind(engine.redis);
    // The worker host:5 exits cleanly right after the sweep read the workers set.
    engine.redis.smembers = (async (...args: Parameters<typeof smembers>) => {
      const members = await smembers(...args);
      await ctx.admin.srem('resque:workers', 'host:5:q');
      return members;
    }) as typeof engine.redis.smembers;
    expect(await engine.cleanOldWorkers(0)).toEqual({ 'host:6': 'q' });
    expect(await ctx.admin.smembers('resque:workers')).toEqual([]);
  });

  it('leaves workers younger than the age alone', async () => {
    await ctx.admin.sadd('resque:workers', 'host:3:q');
    await ctx.admin.set('resque:worker:host:3:q:started', String(Math.round(Date.now() / 1000)));
    expect(await ctx.engine.cleanOldWorkers(60_000)).toEqual({});
    expect(await ctx.engine.workers()).toEqual({ 'host:3': 'q' });
  });
});

describe('workers / workingOn / allWorkingOn / details / stats', () => {
  it('report a real working and a real idle worker; idle maps to null, not "started"', async () => {
    await startWorker('host:4001', 'busy');
    await startWorker('host:4002', 'quiet');
    await ctx.engine.enqueue('quick', [], 'busy');
    await waitFor(async () => (await ctx.admin.get('resque:stat:processed')) === '1', 5000, 'processed');
    await ctx.engine.enqueue('stuck', ['x'], 'busy');
    await ctx.engine.enqueue('waiting', [], 'other');
    // Wait for the stuck job itself: the quick one's key lingers briefly after it is counted.
    await waitFor(
      async () => (await ctx.engine.workingOn('host:4001', 'busy'))?.includes('"stuck"'),
      5000,
      'working',
    );

    expect(await ctx.engine.workers()).toEqual({ 'host:4001': 'busy', 'host:4002': 'quiet' });
    expect(await ctx.engine.workingOn('host:4002', 'quiet')).toBeNull();
    const all = await ctx.engine.allWorkingOn();
    expect(all['host:4002']).toBeNull();
    expect(all['host:4001']).toMatchObject({ worker: 'host:4001', payload: { class: 'stuck', args: ['x'] } });

    const stats = await ctx.engine.stats();
    expect(stats).toMatchObject({ processed: '1', 'processed:host:4001': '1' });

    await ctx.admin.set('resque:resque_scheduler_leader_lock', 'sched-1');
    const details = await ctx.engine.details();
    expect(details).toEqual({
      queues: { busy: { length: 0 }, other: { length: 1 } },
      workers: all,
      stats,
      leader: 'sched-1',
    });
  });
});
