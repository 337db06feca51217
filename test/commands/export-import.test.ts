import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { failedEntry, waitFor } from '../helpers/seed.js';
import { CLI, cli, commandCalls, requireBuild } from './run-cli.js';

// Entries as other clients leave them: odd spacing and key order, unicode, not JSON at all,
// and bytes that are not UTF-8.
const ODD_SPACING =
  '{ "queue" : "emails",  "payload": {"args":[ {"to":"zoë@example.com"} ],"queue":"emails","class":"sendEmail"}, "error":"SMTP  421\\ttry later", "exception":"E", "worker":"w", "backtrace":null, "failed_at":"2026-01-02T03:04:05Z" }';
const UNICODE = failedEntry('default', 'greet', ['héllo 😀 — 日本語', '\u2028line sep'], 'ünïcode fail');
const NOT_JSON = 'not json at all {';
const PLAIN = failedEntry('default', 'flaky', [1], 'boom 1');
const BINARY = Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x22, 0x0a, 0xc3]);

describe('export and import', () => {
  let redis: TestRedis;
  let admin: Redis;
  let dir: string;

  beforeAll(async () => {
    requireBuild();
    redis = await startTestRedis();
    admin = redis.client();
    dir = mkdtempSync(join(tmpdir(), 'stt-export-'));
  });
  beforeEach(async () => {
    await redis.flush();
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs export with stdout going to a file (as `> file` does); returns the file's path. */
  function exportTo(name: string, args: string[]): { path: string; code: number | null; stderr: string } {
    const path = join(dir, name);
    const fd = openSync(path, 'w');
    try {
      const r = cli(['export', ...args, '--redis', redis.url], { stdoutFd: fd });
      return { path, code: r.code, stderr: r.stderr };
    } finally {
      closeSync(fd);
    }
  }

  const lines = (path: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));

  it('round trip: failed entries go back to their queues as jobs, oldest first', async () => {
    await admin.rpush('resque:failed', PLAIN, ODD_SPACING, UNICODE, NOT_JSON);
    const out = exportTo('failed.ndjson', ['failed']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const exported = lines(out.path);
    expect(exported.map((l) => l.kind)).toEqual(['failed', 'failed', 'failed', 'failed']);
    // Exact stored strings, byte for byte, in list order (oldest first).
    expect(exported.map((l) => l.stored)).toEqual([PLAIN, ODD_SPACING, UNICODE, NOT_JSON]);
    // A line separator inside a string is escaped: one entry per line for any line splitter.
    expect(readFileSync(out.path, 'utf8')).not.toMatch(/[\u2028\u0085]/);
    expect(readFileSync(out.path, 'utf8').split('\n')).toHaveLength(5);

    // Import into a fresh namespace: each job in the queue its failure names.
    const r = cli(['import', out.path, '--redis', redis.url, '--namespace', 'fresh']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'imported 3 jobs into 2 queues (default 2, emails 1); skipped 1: line 4: failed entry is not JSON\n',
    );
    expect((await admin.smembers('fresh:queues')).sort()).toEqual(['default', 'emails']);
    expect(await admin.lrange('fresh:queue:default', 0, -1)).toEqual([
      '{"class":"flaky","queue":"default","args":[1]}',
      '{"class":"greet","queue":"default","args":["héllo 😀 — 日本語","\u2028line sep"]}',
    ]);
    expect(await admin.lrange('fresh:queue:emails', 0, -1)).toEqual([
      '{"class":"sendEmail","queue":"emails","args":[{"to":"zoë@example.com"}]}',
    ]);
    // Import reads; it leaves the source failed list alone.
    expect(await admin.llen('resque:failed')).toBe(4);
  });

  it('export queue NAME keeps each stored job byte for byte, and import puts the same bytes back', async () => {
    const jobs = [
      '{"class":"a","queue":"q1","args":[]}',
      '  {"args":[1,2], "class":"b" ,"queue":"q1"}  ',
      'plain text job',
      '{"class":"u","queue":"q1","args":["😀\\u0000"]}',
    ];
    await admin.sadd('resque:queues', 'q1');
    await admin.rpush('resque:queue:q1', ...jobs, BINARY);
    const out = exportTo('queue.ndjson', ['queue', 'q1']);
    expect(out.code).toBe(0);
    const exported = lines(out.path);
    expect(exported.slice(0, 4)).toEqual(jobs.map((stored) => ({ kind: 'job', queue: 'q1', stored })));
    expect(exported[4]).toEqual({ kind: 'job', queue: 'q1', storedBase64: BINARY.toString('base64') });

    const filtered = cli(['export', 'queue', 'q1', '--filter', 'PLAIN', '--redis', redis.url]);
    expect(filtered.stdout).toBe('{"kind":"job","queue":"q1","stored":"plain text job"}\n');

    // Clear, then import from stdin.
    await admin.del('resque:queue:q1', 'resque:queues');
    const r = cli(['import', '-', '--redis', redis.url], { input: readFileSync(out.path, 'utf8') });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('imported 5 jobs into 1 queue (q1 5)\n');
    const back = await admin.lrangeBuffer('resque:queue:q1', 0, -1);
    expect(back).toEqual([...jobs.map((j) => Buffer.from(j)), BINARY]);
    expect(await admin.smembers('resque:queues')).toEqual(['q1']);
  });

  it('--filter is a case-insensitive substring over class, queue, args and error', async () => {
    await admin.rpush(
      'resque:failed',
      failedEntry('default', 'flaky', [1], 'boom'),
      failedEntry('mail', 'sendEmail', [{ to: 'bob' }], 'SMTP down'),
      failedEntry('default', 'report', ['Quarterly'], 'timeout'),
      NOT_JSON,
    );
    const storedOf = (args: string[]) =>
      cli(['export', 'failed', '--redis', redis.url, ...args])
        .stdout.split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).stored as string);
    expect(storedOf(['--filter', 'smtp'])).toHaveLength(1); // error
    expect(storedOf(['--filter', 'SENDEMAIL'])[0]).toContain('"sendEmail"'); // class
    expect(storedOf(['--filter', 'Mail'])).toHaveLength(1); // queue (and class)
    expect(storedOf(['--filter', 'quarterly'])[0]).toContain('"report"'); // args
    expect(storedOf(['--filter', 'default'])).toHaveLength(2);
    expect(storedOf(['--filter', 'json at'])).toEqual([NOT_JSON]); // raw text of a non-job
    expect(storedOf(['--filter', 'nothing like it'])).toEqual([]);
    expect(storedOf([])).toHaveLength(4);
  });

  it('import --dry-run says what it would do and sends no write to Redis', async () => {
    const file = join(dir, 'dry.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify({ kind: 'failed', stored: PLAIN }),
        JSON.stringify({ kind: 'job', queue: 'q2', stored: 'x' }),
        '',
      ].join('\n'),
    );
    await admin.config('RESETSTAT');
    const before = await admin.dbsize();
    const r = cli(['import', file, '--dry-run', '--redis', redis.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('dry run: would import 2 jobs into 2 queues (default 1, q2 1); nothing written\n');
    const calls = commandCalls(await admin.info('commandstats'));
    for (const write of ['rpush', 'lpush', 'sadd', 'set', 'multi', 'exec', 'del', 'evalsha', 'eval']) {
      expect(calls[write], write).toBeUndefined();
    }
    expect(await admin.dbsize()).toBe(before);
    // Works without any Redis at all.
    expect(cli(['import', file, '--dry-run']).code).toBe(0);
  });

  it('malformed lines are reported with their line numbers and skipped, the rest imported', async () => {
    const file = join(dir, 'bad.ndjson');
    const good = (n: number) => JSON.stringify({ kind: 'job', queue: 'q', stored: `job ${n}` });
    writeFileSync(
      file,
      [
        good(1),
        'not json',
        '[1,2]',
        JSON.stringify({ kind: 'weird', stored: 'x' }),
        JSON.stringify({ kind: 'job', stored: 'no queue' }),
        JSON.stringify({ kind: 'failed' }),
        JSON.stringify({ kind: 'failed', stored: '{"payload":{"queue":"q"}}' }),
        '',
        good(2),
        '{"kind":"job","queue":"q","stored":"trunc',
      ].join('\r\n'),
    );
    const r = cli(['import', file, '--redis', redis.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'imported 2 jobs into 1 queue (q 2); skipped 7: line 2: not JSON, line 3: not a JSON object, ' +
        'line 4: unknown kind "weird", line 5: job line without a queue name, ' +
        'line 6: failed line without "stored", line 7: failed entry without class, line 10: not JSON\n',
    );
    expect(await admin.lrange('resque:queue:q', 0, -1)).toEqual(['job 1', 'job 2']);
  });

  it('usage errors exit 2 with one line; unreachable Redis exits 1 with one line', () => {
    const cases: [string[], RegExp][] = [
      [['export', 'everything', '--redis', redis.url], /export what\?/],
      [['export', 'queue', '--redis', redis.url], /needs a queue name/],
      [['export', 'failed'], /needs a Redis/],
      [['import', join(dir, 'missing.ndjson'), '--redis', redis.url], /cannot read .*no such file/],
      [['import', dir, '--redis', redis.url], /is a directory/],
      [['import', '-'], /needs a Redis/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const down = cli(['export', 'failed', '--redis', 'redis://u:pw-secret@127.0.0.1:1']);
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).not.toContain('pw-secret');
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, `${JSON.stringify({ kind: 'job', queue: 'q', stored: 'x' })}\n`);
    const importDown = cli(['import', file, '--redis', 'redis://127.0.0.1:1']);
    expect(importDown.code).toBe(1);
    expect(importDown.stderr).toMatch(/cannot reach Redis/);
  });

  it('export queue of an unknown queue says so (exit 1); of a known empty queue prints nothing', async () => {
    const r = cli(['export', 'queue', 'nope', '--redis', redis.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no queue "nope"/);
    await admin.sadd('resque:queues', 'empty');
    const empty = cli(['export', 'queue', 'empty', '--redis', redis.url]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
  });

  it('a reader that stops early (| head -1) ends the export quietly', async () => {
    const entries = Array.from({ length: 5000 }, (_, i) => failedEntry('q', 'c', [i], 'e'));
    await admin.rpush('resque:failed', ...entries);
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${CLI}" export failed --redis ${redis.url} | head -n 1; echo "rc=\${PIPESTATUS[0]}" >&2`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(JSON.parse(r.stdout).stored).toBe(entries[0]);
    expect(r.stderr.trim()).toBe('rc=0');
  });

  it('50,000 failed entries are read in LRANGE windows, never the whole list', async () => {
    const total = 50_000;
    for (let start = 0; start < total; start += 5000) {
      const chunk = Array.from({ length: 5000 }, (_, i) => failedEntry('bulk', 'c', [start + i], 'e'));
      await admin.rpush('resque:failed', ...chunk);
    }
    const monitor = await redis.client().monitor();
    const ranges: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'lrange') ranges.push(args.slice(1));
    });
    await admin.config('RESETSTAT');
    const out = exportTo('bulk.ndjson', ['failed']);
    expect(out.code).toBe(0);
    const calls = commandCalls(await admin.info('commandstats'));
    await waitFor(async () => ranges.length >= 50, 10_000);
    monitor.disconnect();

    expect(calls.lrange).toBe(50);
    expect(ranges).toHaveLength(50);
    for (const [key, start, stop] of ranges) {
      expect(key).toBe('resque:failed');
      expect(Number(start)).toBeGreaterThanOrEqual(0);
      expect(Number(stop) - Number(start) + 1).toBeLessThanOrEqual(1000);
    }
    const text = readFileSync(out.path, 'utf8');
    const exported = text.split('\n').filter(Boolean);
    expect(exported).toHaveLength(total);
    expect(JSON.parse(exported[0]).stored).toContain('"args":[0]');
    expect(JSON.parse(exported[total - 1]).stored).toContain(`"args":[${total - 1}]`);

    // And back: 50,000 jobs in batches, in order.
    const r = cli(['import', out.path, '--redis', redis.url]);
    expect(r.stdout).toBe('imported 50000 jobs into 1 queue (bulk 50000)\n');
    expect(await admin.llen('resque:queue:bulk')).toBe(total);
    expect(await admin.lindex('resque:queue:bulk', -1)).toBe(
      JSON.stringify({ class: 'c', queue: 'bulk', args: [total - 1] }),
    );
    const importCalls = commandCalls(await admin.info('commandstats'));
    expect(importCalls.multi).toBeGreaterThanOrEqual(100);
  });
});
