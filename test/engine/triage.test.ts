// Failure triage against a real Redis: normalisation, grouping (counts, first/last seen, sample),
// windowed reads (no LRANGE 0 -1, no Lua), cancel, and acting on exactly one group.
import { describe, expect, it } from 'vitest';
import { ResqueKeys } from '../../src/engine/keys.js';
import { parseFailed } from '../../src/engine/parse.js';
import { groupFilter, groupKeyOf, normaliseError, triageFailed } from '../../src/engine/triage.js';
import { failedEntry, monitorDuring, setupEngine } from './setup.js';

const ctx = setupEngine();
const keys = new ResqueKeys('resque');

async function pushFailed(entries: string[]) {
  for (let i = 0; i < entries.length; i += 1000)
    await ctx.admin.rpush('resque:failed', ...entries.slice(i, i + 1000));
}

const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute));

describe('normaliseError', () => {
  it.each([
    ['request 123 failed: timeout after 3000ms', 'request <n> failed: timeout after <n>ms'],
    ['user 550e8400-e29b-41d4-a716-446655440000 not found', 'user <uuid> not found'],
    ['bad pointer 0x7ffee3b8, digest deadbeef12', 'bad pointer <hex>, digest <hex>'],
    ['object 5f8d0d55b54764421b7156c3 gone', 'object <hex> gone'],
    ["can't find user 'bob'", "can't find user '<str>'"],
    ['key "abc def" missing', 'key "<str>" missing'],
    ['mail to john.doe+x@example.com bounced', 'mail to <email> bounced'],
    ['GET https://api.example.com/v1/users/12?x=1 returned 503', 'GET <url> returned <n>'],
    ['order ord_8f3k2j9d rejected', 'order <id> rejected'],
    ['utf8 sha256 E11000 duplicate key', 'utf8 sha256 E11000 duplicate key'],
    ['  two\n lines   and 1 number ', 'two lines and <n> number'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(normaliseError(input)).toBe(expected);
  });

  it('folds messages that differ only in their variable parts, and keeps different kinds apart', () => {
    expect(normaliseError('request 77 failed: timeout after 3000ms')).toBe(
      normaliseError('request 123 failed: timeout after 5000ms'),
    );
    expect(normaliseError('user "a@b.io" missing')).toBe(normaliseError('user "zed" missing'));
    expect(normaliseError('request 1 failed: timeout')).not.toBe(normaliseError('request 1 failed: refused'));
    expect(normaliseError(null)).toBe('');
    // A huge message is cut before the rules run: the key stays small.
    expect(normaliseError(`x${'a '.repeat(100_000)}`).length).toBeLessThanOrEqual(500);
  });

  it('group keys are plain JSON and select exactly their entries', () => {
    const a = parseFailed(failedEntry('q', 'job', [1], 'request 1 failed'));
    const b = parseFailed(failedEntry('q', 'job', [2], 'request 2 failed'));
    const c = parseFailed(failedEntry('other', 'job', [3], 'request 3 failed'));
    expect(JSON.parse(groupKeyOf(a))).toEqual(['q', 'job', 'Error', 'request <n> failed']);
    expect(groupKeyOf(a)).toBe(groupKeyOf(b));
    const filter = groupFilter(groupKeyOf(a));
    expect([a, b, c].map(filter)).toEqual([true, true, false]);
  });
});

describe('triageFailed', () => {
  it('groups by queue, class, exception and normalised error with counts, first/last seen and a sample', async () => {
    const entries = [
      failedEntry('default', 'fetch', [1], 'request 123 failed: timeout after 3000ms', at(5)),
      failedEntry('default', 'fetch', [2], 'request 77 failed: timeout after 3000ms', at(1)),
      failedEntry('default', 'fetch', [3], 'request 9 failed: timeout after 100ms', at(9)),
      failedEntry('mail', 'fetch', [4], 'request 5 failed: timeout after 3000ms', at(2)),
      failedEntry('default', 'send', [5], 'request 5 failed: timeout after 3000ms', at(3)),
      failedEntry('default', 'fetch', [6], 'user "bob" not found', at(4)),
      'not json at all',
      JSON.stringify({
        ...JSON.parse(failedEntry('default', 'fetch', [7], 'request 1 failed: timeout after 1ms')),
        exception: 'TypeError',
      }),
    ];
    await pushFailed(entries);
    const r = await triageFailed(ctx.admin, keys);
    expect(r).toMatchObject({ total: 8, scanned: 8, cancelled: false });
    const summary = r.groups.map((g) => [g.count, g.queue, g.class, g.exception, g.error]);
    expect(summary).toEqual([
      // Largest first; equal counts most recent first.
      [3, 'default', 'fetch', 'Error', 'request <n> failed: timeout after <n>ms'],
      [1, 'default', 'fetch', 'Error', 'user "<str>" not found'],
      [1, 'default', 'send', 'Error', 'request <n> failed: timeout after <n>ms'],
      [1, 'mail', 'fetch', 'Error', 'request <n> failed: timeout after <n>ms'],
      [1, 'default', 'fetch', 'TypeError', 'request <n> failed: timeout after <n>ms'],
      [1, null, null, null, ''],
    ]);
    const big = r.groups[0];
    expect(big.firstSeen).toBe(at(1).getTime());
    expect(big.lastSeen).toBe(at(9).getTime());
    // The sample is the most recently pushed entry, with its exact stored string.
    expect(big.sample.stored).toBe(entries[2]);
    expect(big.sample.args).toEqual([3]);
    expect(JSON.parse(big.key)).toEqual([
      'default',
      'fetch',
      'Error',
      'request <n> failed: timeout after <n>ms',
    ]);
    const junk = r.groups.find((g) => g.class === null)!;
    expect(junk.sample.raw).toBe('not json at all');
    expect(junk.firstSeen).toBeNull();
    // Same counts, whatever the window size.
    const small = await triageFailed(ctx.admin, keys, { windowSize: 3 });
    expect(small.groups.map((g) => [g.key, g.count, g.firstSeen, g.lastSeen])).toEqual(
      r.groups.map((g) => [g.key, g.count, g.firstSeen, g.lastSeen]),
    );
  });

  it('an empty list gives no groups', async () => {
    expect(await triageFailed(ctx.admin, keys)).toEqual({
      total: 0,
      scanned: 0,
      groups: [],
      cancelled: false,
    });
  });

  it('reads 50,000 entries in LRANGE windows (never LRANGE 0 -1, never Lua), with progress', async () => {
    const n = 50_000;
    await pushFailed(
      Array.from({ length: n }, (_, i) =>
        failedEntry(
          `q${i % 2}`,
          'job',
          [i],
          i % 5 === 0 ? `user ${i} not found` : `request ${i} failed: timeout after ${i % 7}ms`,
        ),
      ),
    );
    const progress: [number, number][] = [];
    let result: Awaited<ReturnType<typeof triageFailed>> | undefined;
    const started = Date.now();
    const seen = await monitorDuring(ctx, async () => {
      result = await triageFailed(ctx.redis.client(), keys, {
        windowSize: 2000,
        onProgress: (scanned, total) => progress.push([scanned, total]),
      });
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    const ranges = seen.filter((c) => c.name === 'lrange');
    expect(ranges).toHaveLength(25);
    expect(ranges.every((c) => Number(c.args[2]) - Number(c.args[1]) === 1999)).toBe(true);
    expect(ranges.some((c) => c.args[1] === '0' && c.args[2] === '-1')).toBe(false);
    expect(seen.some((c) => c.lua || c.name === 'eval' || c.name === 'evalsha')).toBe(false);
    expect(progress[0]).toEqual([0, n]);
    expect(progress.at(-1)).toEqual([n, n]);
    expect(progress).toHaveLength(26);
    expect(result!.groups.map((g) => [g.queue, g.error, g.count])).toEqual([
      ['q0', 'request <n> failed: timeout after <n>ms', 20_000],
      ['q1', 'request <n> failed: timeout after <n>ms', 20_000],
      ['q0', 'user <n> not found', 5000],
      ['q1', 'user <n> not found', 5000],
    ]);
  });

  it('stops between windows when aborted and says it was cancelled', async () => {
    await pushFailed(Array.from({ length: 1000 }, (_, i) => failedEntry('a', 'job', [i])));
    const controller = new AbortController();
    let result: Awaited<ReturnType<typeof triageFailed>> | undefined;
    const seen = await monitorDuring(ctx, async () => {
      result = await triageFailed(ctx.admin, keys, {
        windowSize: 100,
        signal: controller.signal,
        onProgress: (scanned) => {
          if (scanned >= 300) controller.abort();
        },
      });
    });
    expect(result).toMatchObject({ total: 1000, scanned: 300, cancelled: true });
    expect(result!.groups[0].count).toBe(300);
    expect(seen.filter((c) => c.name === 'lrange')).toHaveLength(3);
  });
});

describe('acting on a group', () => {
  async function seedMixed() {
    const entries: string[] = [];
    for (let i = 0; i < 300; i++) {
      const kind = i % 3;
      entries.push(
        kind === 0
          ? failedEntry('a', 'fetch', [i], `request ${i} failed: timeout after 3000ms`)
          : kind === 1
            ? failedEntry('a', 'fetch', [i], `user ${i} not found`)
            : failedEntry('b', 'fetch', [i], `request ${i} failed: timeout after 3000ms`),
      );
    }
    await pushFailed(entries);
    const { groups } = await triageFailed(ctx.admin, keys);
    const target = groups.find((g) => g.queue === 'a' && g.error.startsWith('request'))!;
    expect(target.count).toBe(100);
    return { entries, target };
  }

  it('retry moves exactly the group, window by window in Lua, and leaves every other entry in place', async () => {
    const { entries, target } = await seedMixed();
    let result: unknown;
    const seen = await monitorDuring(ctx, async () => {
      result = await ctx.engine.actions.retryAllFailed({ batchSize: 64, filter: groupFilter(target.key) });
    });
    expect(result).toEqual({ done: 100, total: 100, cancelled: false, skipped: 0 });
    expect(await ctx.admin.lrange('resque:failed', 0, -1)).toEqual(entries.filter((_, i) => i % 3 !== 0));
    const queued = (await ctx.admin.lrange('resque:queue:a', 0, -1)).map((j) => JSON.parse(j).args[0]);
    expect(queued).toEqual(Array.from({ length: 100 }, (_, i) => i * 3));
    expect(await ctx.admin.llen('resque:queue:b')).toBe(0);
    // Atomic per window: every list write ran inside a script.
    const writes = seen.filter((c) => ['lrem', 'rpush', 'lset', 'ltrim', 'lpop', 'rpop'].includes(c.name));
    expect(writes.length).toBeGreaterThanOrEqual(200);
    expect(writes.every((c) => c.lua)).toBe(true);
    const after = await triageFailed(ctx.admin, keys);
    expect(after.groups.map((g) => g.key)).not.toContain(target.key);
    expect(after.groups.map((g) => g.count)).toEqual([100, 100]);
  });

  it('remove deletes exactly the group; a cancel between windows loses and doubles nothing', async () => {
    const { entries, target } = await seedMixed();
    const controller = new AbortController();
    const first = await ctx.engine.actions.removeAllFailed({
      batchSize: 30,
      filter: groupFilter(target.key),
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 10) controller.abort();
      },
    });
    expect(first.cancelled).toBe(true);
    expect(first.done).toBeGreaterThan(0);
    expect(first.done).toBeLessThan(100);
    const mid = await ctx.admin.lrange('resque:failed', 0, -1);
    expect(mid).toHaveLength(300 - first.done);
    expect(new Set(mid).size).toBe(mid.length);
    const second = await ctx.engine.actions.removeAllFailed({ filter: groupFilter(target.key) });
    expect(second.done).toBe(100 - first.done);
    expect(await ctx.admin.lrange('resque:failed', 0, -1)).toEqual(entries.filter((_, i) => i % 3 !== 0));
    expect(await ctx.admin.exists('resque:queue:a')).toBe(0);
  });

  it('read-only refuses both and changes nothing', async () => {
    const { entries, target } = await seedMixed();
    const ro = ctx.newEngine(true);
    await expect(ro.actions.retryAllFailed({ filter: groupFilter(target.key) })).rejects.toThrow(/read-only/);
    await expect(ro.actions.removeAllFailed({ filter: groupFilter(target.key) })).rejects.toThrow(
      /read-only/,
    );
    expect(await ctx.admin.lrange('resque:failed', 0, -1)).toEqual(entries);
    // Triage itself only reads: allowed in read-only.
    expect((await triageFailed(ctx.admin, keys)).groups).toHaveLength(3);
  });
});
