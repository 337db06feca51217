// A console SIGKILLed in the middle of retry-all or remove-all over 10,000 failed jobs (its own
// process, the same Actions code): afterwards every job is counted, and is in exactly one place.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actions } from '../../src/engine/actions.js';
import { ResqueKeys } from '../../src/engine/keys.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { failedEntry, waitFor } from '../helpers/seed.js';

const RUNNER = fileURLToPath(new URL('./fixtures/bulk-runner.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const N = 10_000;
const BATCH = 5;

const ids = Array.from({ length: N }, (_, i) => `job${i}`);
const entryOf = (id: string) => failedEntry('a', 'job', [id], `failed ${id}`);
const idOf = (stored: string): string => {
  const v = JSON.parse(stored);
  return String((v.payload ?? v).args[0]);
};

describe('SIGKILL in the middle of a bulk action', () => {
  let redis: TestRedis;
  let admin: Redis;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    admin = redis.client();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await redis?.stop();
  });

  async function seed() {
    await redis.flush();
    for (let i = 0; i < N; i += 1000)
      await admin.rpush('resque:failed', ...ids.slice(i, i + 1000).map(entryOf));
  }

  /** Runs the bulk action in a child and SIGKILLs it once at most `remaining` entries are left. */
  async function killWhen(op: 'retry' | 'remove', remaining: number) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', RUNNER, String(redis.port), op, String(BATCH)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    // Wait for the runner to start moving, then poll Redis back to back (no sleeps, a round trip
    // each) and kill as soon as the list is down to `remaining`.
    await waitFor(async () => (await admin.llen('resque:failed')) < N || child.exitCode !== null, 30_000);
    const deadline = Date.now() + 30_000;
    while ((await admin.llen('resque:failed')) > remaining) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no kill point reached: ${out}`);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).not.toContain('finished');
    return admin.llen('resque:failed');
  }

  /** How often each id occurs in the failed list and in its queue. */
  async function census() {
    const failed = (await admin.lrange('resque:failed', 0, -1)).map(idOf);
    const queued = (await admin.lrange('resque:queue:a', 0, -1)).map(idOf);
    const count = new Map<string, number>();
    for (const id of [...failed, ...queued]) count.set(id, (count.get(id) ?? 0) + 1);
    return { failed, queued, count };
  }

  for (const remaining of [9_500, 5_000, 800]) {
    it(`retry-all killed with about ${remaining} of ${N} left: each job in failed or its queue, exactly once`, async () => {
      await seed();
      const left = await killWhen('retry', remaining);
      // Really mid-way: some moved, some not.
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(N);
      const { failed, queued, count } = await census();
      expect(failed.length + queued.length).toBe(N);
      expect(ids.filter((id) => count.get(id) !== 1)).toEqual([]);
      expect(count.size).toBe(N);
      // The queue got the jobs in failed-list order, and failed kept the rest in theirs.
      expect(queued).toEqual(ids.slice(0, queued.length));
      expect(failed).toEqual(ids.slice(queued.length));

      // Running it again finishes the work.
      const actions = new Actions(redis.client(), new ResqueKeys('resque'), { readOnly: false });
      expect(await actions.retryAllFailed({ batchSize: 500 })).toMatchObject({ done: left, skipped: 0 });
      expect((await census()).queued).toEqual(ids);
    });
  }

  for (const remaining of [7_000, 2_000]) {
    it(`remove-all killed with about ${remaining} of ${N} left: each job still in failed once or gone`, async () => {
      await seed();
      const left = await killWhen('remove', remaining);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThan(N);
      const { failed, queued, count } = await census();
      expect(queued).toEqual([]);
      expect([...count.values()].every((n) => n === 1)).toBe(true);
      // Removal goes oldest first: what is left is exactly the newest `left` entries.
      expect(failed).toEqual(ids.slice(N - left));
    });
  }
});
