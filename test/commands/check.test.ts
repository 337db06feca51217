import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { failedEntry } from '../helpers/seed.js';
import { CLI, cli, requireBuild } from './run-cli.js';

/** A delayed job due `lateSeconds` ago (its second in the schedule, as node-resque writes it). */
async function delayedDueAgo(admin: Redis, lateSeconds: number): Promise<void> {
  const sec = Math.floor(Date.now() / 1000) - lateSeconds;
  const job = JSON.stringify({ class: 'late', queue: 'default', args: [lateSeconds] });
  await admin.rpush(`resque:delayed:${sec}`, job);
  await admin.sadd(`resque:timestamps:${job}`, `delayed:${sec}`);
  await admin.zadd('resque:delayed_queue_schedule', sec, String(sec));
}

async function failures(admin: Redis, n: number): Promise<void> {
  const entries = Array.from({ length: n }, (_, i) => failedEntry('default', 'flaky', [i], `boom ${i}`));
  await admin.rpush('resque:failed', ...entries);
}

describe('check command', () => {
  let redis: TestRedis;
  let admin: Redis;

  beforeAll(async () => {
    requireBuild();
    redis = await startTestRedis();
    admin = redis.client();
  });
  beforeEach(async () => {
    await redis.flush();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('is healthy with exit 0 and one "ok:" line when every rule holds', async () => {
    await failures(admin, 3);
    await admin.set('resque:resque_scheduler_leader_lock', 'host:1+scheduler', 'EX', 180);
    await admin.sadd('resque:queues', 'default');
    await admin.rpush('resque:queue:default', '{"class":"a","queue":"default","args":[]}');
    await delayedDueAgo(admin, 2);
    const r = cli([
      'check',
      '--redis',
      redis.url,
      '--max-failed',
      '3',
      '--max-overdue',
      '60',
      '--require-leader',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stdout).toMatch(
      /^ok: 1 queued in 1 queues, 1 delayed \(\d s overdue\), 3 failed, .*leader host:1\+scheduler\n$/,
    );
  });

  it('is healthy with no rules at all when Redis can be read', () => {
    const r = cli(['check', '--redis', redis.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: /);
  });

  it('exits 1 with one line per broken rule, and only the broken ones', async () => {
    await failures(admin, 120);
    await delayedDueAgo(admin, 400);
    const r = cli([
      'check',
      '--redis',
      redis.url,
      '--max-failed',
      '100',
      '--max-overdue',
      '300',
      '--require-leader',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('failed jobs 120 > 100');
    expect(lines[1]).toMatch(/^oldest due delayed job 40\d s late > 300 s$/);
    expect(lines[2]).toBe('no scheduler leader');

    // Same Redis, a looser failed limit: only the overdue and leader lines remain.
    const looser = cli(['check', '--redis', redis.url, '--max-failed', '120', '--max-overdue', '300']);
    expect(looser.code).toBe(1);
    expect(looser.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^oldest due delayed job/)]);
  });

  it('--require-leader alone: exit 1 without a leader, 0 once a scheduler holds the lock', async () => {
    const without = cli(['check', '--redis', redis.url, '--require-leader']);
    expect(without.code).toBe(1);
    expect(without.stdout).toBe('no scheduler leader\n');
    await admin.set('resque:resque_scheduler_leader_lock', 'host:9+s', 'EX', 180);
    const withLeader = cli(['check', '--redis', redis.url, '--require-leader']);
    expect(withLeader.code).toBe(0);
    // A leader name is text from Redis: no escape sequence reaches the terminal.
    await admin.set('resque:resque_scheduler_leader_lock', 'evil\x1b]0;pwned\x07\u009b2J', 'EX', 180);
    const hostile = cli(['check', '--redis', redis.url, '--require-leader']);
    expect(hostile.code).toBe(0);
    expect(hostile.stdout).not.toMatch(/[\x1b\x07\u009b]/);
    const hostileJson = cli(['check', '--redis', redis.url, '--require-leader', '--json']);
    expect(hostileJson.stdout).not.toMatch(/[\x1b\x07\u009b]/);
    expect(JSON.parse(hostileJson.stdout).leader).toBe('evil\x1b]0;pwned\x07\u009b2J');
  });

  it('a delayed job due in the future is not overdue', async () => {
    const sec = Math.floor(Date.now() / 1000) + 600;
    await admin.rpush(`resque:delayed:${sec}`, '{"class":"later","queue":"q","args":[]}');
    await admin.zadd('resque:delayed_queue_schedule', sec, String(sec));
    const r = cli(['check', '--redis', redis.url, '--max-overdue', '0', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).overdueSeconds).toBe(0);
  });

  it('--json gives {healthy, rules:[{rule, ok, value, limit, message}]} with the exit code', async () => {
    await failures(admin, 5);
    await delayedDueAgo(admin, 30);
    const r = cli(['check', '--json', '--redis', redis.url, '--max-failed', '4', '--max-overdue', '600']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body.healthy).toBe(false);
    expect(body.rules).toEqual([
      { rule: 'max-failed', ok: false, value: 5, limit: 4, message: 'failed jobs 5 > 4' },
      {
        rule: 'max-overdue',
        ok: true,
        value: expect.any(Number),
        limit: 600,
        message: expect.stringMatching(/<= 600 s$/),
      },
    ]);
    expect(body.rules[1].value).toBeGreaterThanOrEqual(29);
    expect(body).toMatchObject({ namespace: 'resque', failed: 5, leader: null, delayed: 1 });
    expect(typeof body.takenAt).toBe('number');

    const healthy = JSON.parse(cli(['check', '--json', '--redis', redis.url]).stdout);
    expect(healthy).toMatchObject({ healthy: true, rules: [] });
  });

  it('reads the namespace it is given', async () => {
    await admin.rpush('other:failed', failedEntry('q', 'c', [], 'e'));
    expect(cli(['check', '--redis', redis.url, '--max-failed', '0']).code).toBe(0);
    const r = cli(['check', '--redis', redis.url, '--namespace', 'other', '--max-failed', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('failed jobs 1 > 0\n');
  });

  it('unreachable Redis: one line on stderr, exit 1, quickly', () => {
    const r = cli(['check', '--redis', 'redis://user:secret@127.0.0.1:1', '--max-failed', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot reach Redis/);
    expect(r.stderr).not.toContain('secret');
    expect(r.ms).toBeLessThan(8000);
  });

  it('usage errors exit 2: no URL, bad numbers', () => {
    for (const args of [
      ['check'],
      ['check', '--redis', redis.url, '--max-failed', '-1'],
      ['check', '--max-overdue', 'x'],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('never loads Ink or React (its modules, followed from dist/commands/check.js)', () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (m[1].startsWith('.')) visit(resolve(dirname(file), m[1]));
        else bare.add(m[1].split('/')[0]);
      }
    };
    visit(resolve(dirname(CLI), 'commands/check.js'));
    expect(seen.size).toBeGreaterThan(3);
    expect([...bare].filter((m) => /^(ink|react|zustand)/.test(m))).toEqual([]);
  });
});
