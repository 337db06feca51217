// What other clients, older versions and accidents leave in Redis: `snapshot` (JSON and text,
// the built CLI) shows it without crashing or leaking control characters, and the console's
// actions still work on it without losing anything.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actions } from '../../src/engine/actions.js';
import { ResqueKeys } from '../../src/engine/keys.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { failedEntry } from '../helpers/seed.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
/** Anything that could steer a terminal: C0 (but newline), DEL, C1. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const EVIL = '\u001b[2J\u001b]0;pwned\u0007\u0007\u009b31m\r\b\u0000';
const MB = 'm'.repeat(1_000_000);
const GONE_SEC = 1_700_000_000;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, REDIS_URL: '' },
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const failed = (fields: Record<string, unknown>) =>
  JSON.stringify({
    worker: 'w:1+1',
    queue: 'default',
    payload: { class: 'job', queue: 'default', args: [] },
    exception: 'Error',
    error: 'boom',
    backtrace: ['at x'],
    failed_at: 'Tue May 01 2024 10:00:00 GMT+0000',
    ...fields,
  });

const E = {
  garbage: `plain text, not JSON ${EVIL}`,
  truncated: '{"worker":"w","payload":{"class":"cut',
  empty: '{}',
  noClass: JSON.stringify({ queue: 'default', payload: { args: [1] }, error: 'no class' }),
  nullBacktrace: failed({ payload: { class: 'nb', queue: 'default', args: [] }, backtrace: null }),
  seconds: failed({ payload: { class: 'secs', queue: 'default', args: [] }, failed_at: 1_700_000_000 }),
  millis: failed({ payload: { class: 'ms', queue: 'default', args: [] }, failed_at: 1_700_000_000_123 }),
  iso: failed({ payload: { class: 'iso', queue: 'default', args: [] }, failed_at: '2024-05-01T10:00:00Z' }),
  unparseable: failed({ payload: { class: 'when', queue: 'default', args: [] }, failed_at: 'the other day' }),
  farFuture: failed({ payload: { class: 'far', queue: 'default', args: [] }, failed_at: 1e20 }),
  big: failedEntry('default', 'big', [MB], `huge ${'e'.repeat(100_000)}`),
  unicode: failedEntry('default', '送信📧', ['ünï', '🎉'], 'ошибка 💥 漢字'),
  evil: failed({
    worker: `w${EVIL}`,
    queue: `q${EVIL}`,
    payload: { class: `evil${EVIL}`, queue: `q${EVIL}`, args: [EVIL] },
    exception: EVIL,
    error: `red${EVIL}tail`,
    backtrace: [EVIL],
  }),
  wrongTypeQueue: failedEntry('x', 'toX', [1], 'queue x is a string'),
  // Cut at 30 columns in the text table, right between the halves of the first emoji.
  emojiAtCut: failedEntry('default', `${'a'.repeat(28)}📧📧`, [], 'cut'),
};

describe('data written by others', () => {
  let redis: TestRedis;
  let admin: Redis;
  let actions: Actions;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build first');
    redis = await startTestRedis();
    admin = redis.client();
    actions = new Actions(redis.client(), new ResqueKeys('resque'), { readOnly: false });
    const now = Math.floor(Date.now() / 1000);

    await admin.sadd('resque:queues', 'default', 'gone', 'x', '🎉 émoji', `ansi${EVIL}`);
    await admin.rpush(
      'resque:queue:default',
      'not json',
      '{"class":',
      JSON.stringify({ class: 'big', queue: 'default', args: [MB] }),
      JSON.stringify({ class: `c${EVIL}`, queue: 'default', args: [EVIL] }),
    );
    await admin.set('resque:queue:x', 'a string where a list belongs');
    await admin.rpush(`resque:queue:ansi${EVIL}`, '{}');
    await admin.rpush('resque:failed', ...Object.values(E));

    // Schedule: a member whose list is gone, one whose list is a string, plenty of real ones
    // (more than the window, so the total is counted beyond it).
    await admin.zadd('resque:delayed_queue_schedule', GONE_SEC, String(GONE_SEC));
    await admin.zadd('resque:delayed_queue_schedule', now + 5, String(now + 5));
    await admin.set(`resque:delayed:${now + 5}`, 'not a list');
    for (let i = 0; i < 30; i++) {
      const sec = now + 100 + i;
      await admin.zadd('resque:delayed_queue_schedule', sec, String(sec));
      await admin.rpush(
        `resque:delayed:${sec}`,
        i % 2 ? `garbage${EVIL}` : JSON.stringify({ class: `d${EVIL}`, queue: 'default', args: [MB] }),
      );
    }

    await admin.sadd('resque:workers', 'host:1:extra:colons:q1,q2', 'lonely', `evil${EVIL}:9:q`);
    await admin.set('resque:worker:ping:lonely', '{"time":"not a time"}');
    await admin.set('resque:worker:host:1:extra:colons:q1,q2', '{"run_at":1e400,"payload":[1,2]}');
    await admin.set('resque:stat:processed', 'lots');
    await admin.set('resque:stat:failed', 'NaN');
    await admin.set('resque:resque_scheduler_leader_lock', `leader${EVIL}`);
    await admin.set(`resque:lock:evil${EVIL}:q:[]`, '1', 'EX', 600);

    // A second namespace where every key has the wrong type.
    await admin.hset('other:failed', 'a', 'b');
    await admin.set('other:queues', 'x');
    await admin.rpush('other:stat:processed', '1');
    await admin.sadd('other:delayed_queue_schedule', 'x');
    await admin.zadd('other:workers', 1, 'w');
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('snapshot --json exits 0 with numbers as numbers, raw entries kept, 1 MB args whole', () => {
    const r = cli(['snapshot', '--json', '--limit', '50', '--redis', redis.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // JSON itself may hold escaped control characters, but none raw (C1 and DEL included).
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const s = JSON.parse(r.stdout);
    expect(s.stats).toEqual({ processed: 0, failed: 0 });
    expect(s.leader).toBe(`leader${EVIL}`);
    const queues = Object.fromEntries(
      s.queues.map((q: { name: string; length: number }) => [q.name, q.length]),
    );
    expect(queues).toEqual({ default: 4, gone: 0, x: 0, '🎉 émoji': 0, [`ansi${EVIL}`]: 1 });
    expect(s.delayed.timestamps).toBe(32);
    expect(s.delayed.total).toBe(30);
    for (const d of s.delayed.next) expect(Number.isFinite(d.at)).toBe(true);
    expect(s.delayed.next.find((d: { class: string }) => d.class === `d${EVIL}`).args[0]).toBe(MB);

    const items = s.failed.items as Record<string, unknown>[];
    expect(s.failed.total).toBe(Object.keys(E).length);
    expect(items).toHaveLength(Object.keys(E).length);
    const byClass = (c: string) => items.find((i) => i.class === c) as Record<string, unknown>;
    expect(items.find((i) => i.raw === E.garbage)).toMatchObject({ class: null });
    expect(items.find((i) => i.raw === E.truncated)).toMatchObject({ class: null });
    expect(items.find((i) => i.raw === E.empty)).toMatchObject({ class: null, backtrace: [] });
    expect(byClass('nb').backtrace).toEqual([]);
    expect(byClass('secs').failedAt).toBe(1_700_000_000_000);
    expect(byClass('ms').failedAt).toBe(1_700_000_000_123);
    expect(byClass('iso').failedAt).toBe(Date.parse('2024-05-01T10:00:00Z'));
    expect(byClass('when').failedAt).toBeNull();
    expect(byClass('far').failedAt).toBeNull(); // beyond what a Date can hold
    expect((byClass('big').args as string[])[0]).toBe(MB);
    expect(byClass('送信📧')).toMatchObject({ args: ['ünï', '🎉'], error: 'ошибка 💥 漢字' });
    expect(byClass(`evil${EVIL}`)).toMatchObject({ error: `red${EVIL}tail`, args: [EVIL] });
    for (const i of items) expect(i.failedAt === null || Number.isFinite(i.failedAt)).toBe(true);

    const names = s.workers.map((w: { name: string }) => w.name).sort();
    expect(names).toEqual([
      'evil\u001b[2J\u001b]0;pwned\u0007\u0007\u009b31m\r\b\u0000:9',
      'host:1',
      'lonely',
    ]);
    const colons = s.workers.find((w: { name: string }) => w.name === 'host:1');
    expect(colons).toMatchObject({ queues: ['extra:colons:q1', 'q2'], status: 'working' });
    expect(colons.job.runAt).toBeNull();
    expect(s.workers.find((w: { name: string }) => w.name === 'lonely')).toMatchObject({
      queues: [],
      pingAt: null,
    });
  });

  it('counts delayed jobs beyond the window past a schedule second whose key is not a list', () => {
    const r = cli(['snapshot', '--json', '--limit', '5', '--redis', redis.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).delayed).toMatchObject({ total: 30, timestamps: 32 });
  });

  it('snapshot text exits 0, shows unicode, truncates huge values and prints no control characters', () => {
    const r = cli(['snapshot', '--limit', '50', '--redis', redis.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bad = [...r.stdout].filter((c) => CONTROL.test(c)).map((c) => c.codePointAt(0));
    expect(bad).toEqual([]);
    const broken = r.stdout.split('\n').filter((l) => /[\ud800-\udfff]|\ufffd/u.test(l));
    expect(broken).toEqual([]); // no emoji cut in half
    expect(r.stdout).toContain('送信📧');
    expect(r.stdout).toContain('ошибка 💥 漢字');
    expect(r.stdout).toContain('🎉 émoji');
    const longest = Math.max(...r.stdout.split('\n').map((l) => l.length));
    expect(longest).toBeLessThan(400);
    expect(r.stdout).toMatch(new RegExp(`^FAILED ${Object.keys(E).length} `, 'm'));
  });

  it('a namespace whose keys all have the wrong type reads as empty', () => {
    for (const json of [true, false]) {
      const r = cli(['snapshot', ...(json ? ['--json'] : []), '--namespace', 'other', '--redis', redis.url]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      if (json)
        expect(JSON.parse(r.stdout)).toMatchObject({
          stats: { processed: 0, failed: 0 },
          queues: [],
          workers: [],
          delayed: { total: 0, timestamps: 0, next: [] },
          failed: { total: 0, items: [] },
        });
    }
  });

  describe('actions on that data', () => {
    it('removes a non-JSON failed entry by its exact string, nothing else', async () => {
      const before = await admin.llen('resque:failed');
      expect(await actions.removeFailed(E.garbage)).toBe(true);
      expect(await admin.lpos('resque:failed', E.garbage)).toBeNull();
      expect(await admin.llen('resque:failed')).toBe(before - 1);
      expect(await actions.removeFailed(E.garbage)).toBe(false);
    });

    it('retry of an entry with no class (or not JSON) says invalid and keeps it', async () => {
      for (const entry of [E.noClass, E.truncated, E.empty]) {
        expect(await actions.retryFailed(entry)).toMatchObject({ status: 'invalid' });
        expect(await admin.lpos('resque:failed', entry)).not.toBeNull();
      }
    });

    it('retry into a queue key of the wrong type fails without losing the entry', async () => {
      expect(await actions.retryFailed(E.wrongTypeQueue)).toEqual({
        status: 'invalid',
        reason: 'queue x is not a list in Redis; the job stays in failed',
      });
      expect(await admin.lpos('resque:failed', E.wrongTypeQueue)).not.toBeNull();
      expect(await admin.get('resque:queue:x')).toBe('a string where a list belongs');
    });

    it('retries unicode and control-character entries byte for byte', async () => {
      expect(await actions.retryFailed(E.unicode)).toEqual({ status: 'retried' });
      expect(await actions.retryFailed(E.evil)).toEqual({ status: 'retried' });
      const q = await admin.lrange(`resque:queue:q${EVIL}`, 0, -1);
      expect(q.map((s) => JSON.parse(s))).toEqual([
        { class: `evil${EVIL}`, queue: `q${EVIL}`, args: [EVIL] },
      ]);
      expect(await admin.lrange('resque:queue:default', -1, -1)).toEqual([
        JSON.stringify({ class: '送信📧', queue: 'default', args: ['ünï', '🎉'] }),
      ]);
    });

    it('retry-all skips what it cannot retry and loses nothing', async () => {
      const failedBefore = await admin.lrange('resque:failed', 0, -1);
      const queuedBefore = await admin.llen('resque:queue:default');
      const result = await actions.retryAllFailed({ batchSize: 3 });
      const left = await admin.lrange('resque:failed', 0, -1);
      const moved = (await admin.llen('resque:queue:default')) - queuedBefore;
      expect(result.done).toBe(moved);
      expect(left.length + moved).toBe(failedBefore.length);
      expect(left.sort()).toEqual([E.truncated, E.empty, E.noClass, E.wrongTypeQueue].sort());
    });

    it('run-now into a queue key of the wrong type says so and keeps the delayed job', async () => {
      const sec = Math.floor(Date.now() / 1000) + 50;
      const stored = JSON.stringify({ class: 'toX', queue: 'x', args: [] });
      await admin.rpush(`resque:delayed:${sec}`, stored);
      await admin.zadd('resque:delayed_queue_schedule', sec, String(sec));
      const job = { at: sec * 1000, queue: 'x', class: 'toX', args: [], stored };
      await expect(actions.runDelayedNow(job)).rejects.toThrow(
        'queue x is not a list in Redis; the job stays delayed',
      );
      expect(await admin.lrange(`resque:delayed:${sec}`, 0, -1)).toEqual([stored]);
      expect(await actions.removeDelayed(job)).toBe(true);
      expect(await admin.exists(`resque:delayed:${sec}`)).toBe(0);
      expect(await admin.zscore('resque:delayed_queue_schedule', String(sec))).toBeNull();
    });

    it('deletes the queue whose key has the wrong type', async () => {
      await actions.deleteQueue('x');
      expect(await admin.exists('resque:queue:x')).toBe(0);
      expect(await admin.sismember('resque:queues', 'x')).toBe(0);
      // Now the parked entry can go home.
      expect(await actions.retryFailed(E.wrongTypeQueue)).toEqual({ status: 'retried' });
      expect(await admin.lrange('resque:queue:x', 0, -1)).toHaveLength(1);
    });

    it('runDelayedNow / removeDelayed tolerate a delayed list that is gone', async () => {
      const job = {
        at: GONE_SEC * 1000,
        queue: 'default',
        class: 'ghost',
        args: [],
        stored: '{"class":"ghost","queue":"default","args":[]}',
      };
      const lengthBefore = await admin.llen('resque:queue:default');
      expect(await actions.runDelayedNow(job)).toBe(false);
      expect(await actions.removeDelayed(job)).toBe(false);
      expect(await admin.llen('resque:queue:default')).toBe(lengthBefore);
      expect(await admin.exists(`resque:delayed:${GONE_SEC}`)).toBe(0);
    });

    it('cleanWorker handles names without colons and with extra ones', async () => {
      expect(await actions.cleanWorker('lonely')).toEqual({ failed: false });
      expect(await admin.exists('resque:worker:ping:lonely')).toBe(0);
      const failedBefore = await admin.llen('resque:failed');
      expect(await actions.cleanWorker('host:1:extra:colons:q1,q2')).toEqual({ failed: true });
      expect(await admin.exists('resque:worker:host:1:extra:colons:q1,q2')).toBe(0);
      expect(await admin.llen('resque:failed')).toBe(failedBefore + 1);
      expect(await admin.smembers('resque:workers')).toEqual([`evil${EVIL}:9:q`]);
    });
  });
});
