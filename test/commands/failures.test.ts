// `failures [--json]` from the built CLI against a real Redis: groups and counts, the exact
// stored sample, the readable table, no meter on a non-terminal stderr, usage and connection errors.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, REDIS_URL: '', ...env },
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every module the compiled file imports, transitively (relative files followed, packages listed). */
function importGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
    if (m[1].startsWith('.')) importGraph(resolve(dirname(file), m[1]), seen);
    else seen.add(m[1]);
  }
  return seen;
}

function entry(queue: string, klass: string, i: number, error: string, at: Date, namespace = 'resque') {
  return [
    `${namespace}:failed`,
    JSON.stringify({
      worker: 'host:1+1',
      queue,
      payload: { class: klass, queue, args: [i] },
      exception: 'Error',
      error,
      backtrace: ['at perform (job.js:1:1)'],
      failed_at: at.toString(),
    }),
  ] as const;
}

describe('failures command', () => {
  let redis: TestRedis;
  let admin: Redis;
  const t0 = new Date('2024-05-01T10:00:00Z');
  const t = (s: number) => new Date(t0.getTime() + s * 1000);
  let stored: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js missing: run npm run build first');
    redis = await startTestRedis();
    admin = redis.client();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  beforeEach(async () => {
    await redis.flush();
    stored = [];
    const push = async (key: string, value: string) => {
      stored.push(value);
      await admin.rpush(key, value);
    };
    await push(...entry('default', 'fetch', 1, 'request 123 failed: timeout after 3000ms', t(30)));
    await push(...entry('default', 'fetch', 2, 'request 77 failed: timeout after 3000ms', t(10)));
    await push(...entry('mail', 'send', 3, 'mailbox "bob" is full', t(20)));
    await push(...entry('default', 'fetch', 4, 'request 5 failed: timeout after 3000ms', t(20)));
    await push('resque:failed', 'not json \u001b[31mred');
  });

  it('--json prints the groups by count, with first/last seen and the exact stored sample', () => {
    const r = cli(['failures', '--json', '--redis', redis.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.total).toBe(5);
    expect(out.scanned).toBe(5);
    expect(out.groups.map((g: { count: number; class: string | null }) => [g.count, g.class])).toEqual([
      [3, 'fetch'],
      [1, 'send'],
      [1, null],
    ]);
    const [fetch, send, junk] = out.groups;
    expect(fetch).toMatchObject({
      queue: 'default',
      class: 'fetch',
      exception: 'Error',
      error: 'request <n> failed: timeout after <n>ms',
      count: 3,
      firstSeen: t(10).getTime(),
      lastSeen: t(30).getTime(),
    });
    expect(JSON.parse(fetch.key)).toEqual([
      'default',
      'fetch',
      'Error',
      'request <n> failed: timeout after <n>ms',
    ]);
    expect(Object.keys(fetch).sort()).toEqual(
      ['class', 'count', 'error', 'exception', 'firstSeen', 'key', 'lastSeen', 'queue', 'sample'].sort(),
    );
    // The newest entry of the group, byte for byte as stored.
    expect(fetch.sample.stored).toBe(stored[3]);
    expect(fetch.sample).toMatchObject({ class: 'fetch', args: [4], failedAt: t(20).getTime() });
    expect(send).toMatchObject({ queue: 'mail', error: 'mailbox "<str>" is full', count: 1 });
    expect(junk.sample.raw).toBe('not json \u001b[31mred');
  });

  it('prints a readable table without control characters, largest group first', () => {
    const r = cli(['failures', '--redis', redis.url]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('5 in 3 groups');
    expect(lines[2]).toMatch(/^count\s+queue\s+class\s+exception\s+first seen\s+last seen\s+error$/);
    expect(lines[3]).toMatch(
      /^\s*3\s+default\s+fetch\s+Error\s+\S+ \S+\s+\S+ \S+\s+request <n> failed: timeout after <n>ms$/,
    );
    expect(lines[4]).toMatch(/^\s*1\s+mail\s+send\s+Error\s+.*mailbox "<str>" is full$/);
    expect(lines[5]).toContain('(not JSON)');
    expect(r.stdout).not.toContain('\u001b');
  });

  it('reads another namespace; an empty list says so', () => {
    const r = cli(['failures', '--json', '--redis', redis.url, '--namespace', 'other']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ total: 0, scanned: 0, groups: [] });
    expect(cli(['failures', '--redis', redis.url, '--namespace', 'other']).stdout).toContain('0 in 0 groups');
  });

  it('does not load Ink or React', () => {
    const graph = [...importGraph(new URL('../../dist/commands/failures.js', import.meta.url).pathname)];
    expect(graph.some((m) => m.endsWith('/engine/triage.js'))).toBe(true);
    expect(graph.filter((m) => /^(ink|react|zustand)(\/|$)|\/ui\//.test(m))).toEqual([]);
  });

  it('takes REDIS_URL; no URL is a usage error (2); an unreachable Redis is a runtime error (1)', () => {
    const viaEnv = cli(['failures', '--json'], { REDIS_URL: redis.url });
    expect(viaEnv.code).toBe(0);
    expect(JSON.parse(viaEnv.stdout).total).toBe(5);
    const none = cli(['failures']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/needs a Redis/);
    const down = cli(['failures', '--redis', 'redis://u:secret@127.0.0.1:1']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach Redis/);
    expect(down.stderr).not.toContain('secret');
    expect(cli(['failures', '--redis', 'http://x']).code).toBe(2);
  });
});
