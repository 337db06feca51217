import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { type Seeded, seedBasics, startBusyWorker } from '../helpers/seed.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, REDIS_URL: '', ...env },
    timeout: 15_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

describe('snapshot command', () => {
  let redis: TestRedis;
  let admin: Redis;
  let seeded: Seeded;
  let worker: ChildProcess;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build first');
    redis = await startTestRedis();
    admin = redis.client();
    seeded = await seedBasics(redis.port, admin);
    worker = await startBusyWorker(redis.port, seeded.queue, admin);
  });

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await seeded?.stop();
    await redis?.stop();
  });

  it('prints JSON in the contract shape with numbers matching Redis', async () => {
    const r = cli(['snapshot', '--json', '--redis', redis.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s).sort()).toEqual(
      [
        'delayed',
        'failed',
        'leader',
        'locks',
        'namespace',
        'queues',
        'redis',
        'stats',
        'takenAt',
        'workers',
      ].sort(),
    );
    expect(s.namespace).toBe('resque');
    expect(typeof s.redis.version).toBe('string');
    expect(s.redis.usedMemoryBytes).toBeGreaterThan(0);
    expect(s.stats).toEqual({
      processed: Number(await admin.get('resque:stat:processed')),
      failed: Number(await admin.get('resque:stat:failed')),
    });
    const lengths = Object.fromEntries(
      s.queues.map((q: { name: string; length: number }) => [q.name, q.length]),
    );
    expect(lengths).toEqual({
      default: await admin.llen('resque:queue:default'),
      mail: await admin.llen('resque:queue:mail'),
      slow: await admin.llen('resque:queue:slow'),
    });
    expect(s.delayed.total).toBe(3);
    expect(s.delayed.timestamps).toBe(await admin.zcard('resque:delayed_queue_schedule'));
    expect(s.delayed.next[0]).toMatchObject({ queue: 'default', class: 'later', args: [1] });
    expect(s.delayed.next[0].at).toBeGreaterThan(Date.now());
    expect(s.failed.total).toBe(4);
    // Newest first; the non-JSON entry is listed with class null and its raw text.
    expect(s.failed.items[0]).toMatchObject({ class: null, raw: 'not json at all' });
    expect(s.failed.items[1]).toMatchObject({
      class: 'foreign',
      args: [7],
      backtrace: [],
      error: 'other client',
    });
    expect(s.failed.items[1].failedAt).toBe(Date.parse('2026-01-02T03:04:05Z'));
    expect(s.failed.items[3]).toMatchObject({ queue: 'default', class: 'flaky', error: 'boom 1' });
    expect(typeof s.failed.items[3].failedAt).toBe('number');
    const working = s.workers.find((w: { status: string }) => w.status === 'working');
    expect(working).toMatchObject({
      queues: ['slow'],
      job: { queue: 'slow', class: 'slowJob', args: ['long'] },
    });
    expect(typeof working.pingAt).toBe('number');
    expect(working.name).toMatch(/:/);
    const lockKinds = s.locks.map((l: { key: string; kind: string }) => `${l.kind} ${l.key}`).sort();
    expect(lockKinds).toEqual(['queue lock:locked:mail:["x"]', 'worker workerslock:slowJob:slow:["long"]']);
    for (const l of s.locks) expect(l.ttlSeconds).toBeGreaterThan(0);
  });

  it('prints a readable table without --json, and honours --limit', () => {
    const r = cli(['snapshot', '--redis', redis.url, '--limit', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('QUEUES (3)');
    expect(r.stdout).toContain('FAILED 4');
    expect(r.stdout).toContain('slowJob');
    const json = JSON.parse(cli(['snapshot', '--json', '--limit', '1'], { REDIS_URL: redis.url }).stdout);
    expect(json.failed.items).toHaveLength(1);
    expect(json.delayed.next).toHaveLength(1);
  });

  it('fails with one line and exit 1 within 5 s when Redis is unreachable', () => {
    const r = cli(['snapshot', '--json', '--redis', 'redis://user:s3cret@127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot reach Redis/);
    expect(r.stderr).not.toContain('s3cret');
    expect(r.ms).toBeLessThan(5000);
  });

  it('rejects bad flags and URLs with one line and exit 2', () => {
    for (const args of [
      ['snapshot', '--bogus'],
      ['snapshot', '--redis', 'http://x'],
      ['snapshot', '--redis', 'not a url'],
      ['snapshot', '--limit', 'many', '--redis', redis.url],
      ['snapshot'],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('never prints the password, even in errors about a wrong one', async () => {
    await admin.call('ACL', 'SETUSER', 'reader', 'on', '>rightpass', '~*', '+@read', '+@connection', '+info');
    const wrong = cli(['snapshot', '--redis', `redis://reader:wrongpass@127.0.0.1:${redis.port}`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused the credentials/);
    expect(wrong.stderr).not.toContain('wrongpass');
    const right = cli(['snapshot', '--json', '--redis', `redis://reader:rightpass@127.0.0.1:${redis.port}`]);
    expect(right.stderr).toBe('');
    expect(right.code).toBe(0);
    expect(right.stdout).not.toContain('rightpass');
  });
});
