// Search over a whole list against a real Redis: substring and regex over each field, query
// errors before any read, LRANGE windows (never LRANGE 0 -1, never Lua), streaming order,
// abort between windows, 50,000 entries with progress, and acting on exactly one match.
import { describe, expect, it } from 'vitest';
import { ResqueKeys } from '../../src/engine/keys.js';
import {
  backtrackingRisk,
  compileQuery,
  MAX_REGEX_FIELD_CHARS,
  type SearchMatch,
  type SearchOptions,
  SearchQueryError,
  searchList,
} from '../../src/engine/search.js';
import { failedEntry, monitorDuring, setupEngine } from './setup.js';

const ctx = setupEngine();
const keys = new ResqueKeys('resque');

async function push(key: string, entries: string[]) {
  for (let i = 0; i < entries.length; i += 1000) await ctx.admin.rpush(key, ...entries.slice(i, i + 1000));
}

async function search(opts: Omit<SearchOptions, 'onMatch'>) {
  const found: SearchMatch[] = [];
  const result = await searchList(ctx.admin, keys, { ...opts, onMatch: (m) => found.push(m) });
  return { result, found };
}

const job = (klass: string, args: unknown[], queue = 'default') =>
  JSON.stringify({ class: klass, queue, args });

/** Five failed entries, each findable through one field only. */
function seedFailed(): string[] {
  return [
    failedEntry('default', 'sendInvoice', [{ order: 1 }], 'timeout'),
    failedEntry('default', 'fetch', [{ user: 'alice@example.com' }], 'refused'),
    failedEntry('default', 'fetch', [2], 'request 42 failed: HTTP 503'),
    JSON.stringify({ ...JSON.parse(failedEntry('default', 'fetch', [3], 'oops')), exception: 'TypeError' }),
    failedEntry('mailers', 'fetch', [4], 'refused'),
    'garbage: not JSON at all',
  ];
}

describe('compileQuery', () => {
  it('refuses an empty query, an invalid regex and exponential shapes, with a clear message', () => {
    expect(() => compileQuery('', 'substring')).toThrow(SearchQueryError);
    expect(() => compileQuery('(unclosed', 'regex')).toThrow(/^invalid regular expression: .*unclosed/i);
    expect(() => compileQuery('(a+)+$', 'regex')).toThrow(/refused.*quantifier/);
    expect(() => compileQuery('(x|xy)*z', 'regex')).toThrow(/refused.*alternation/);
    // Substring mode takes the same text literally.
    expect(compileQuery('(a+)+', 'substring')('x(a+)+y')).toEqual({ at: 1, length: 5 });
  });

  it('spots repeated groups holding a quantifier or alternation at any depth, and only those', () => {
    for (const bad of ['(a+)+', '((\\w*))*', '(?:a|ab){2,}', '(a?)*', '(x(y+)z)+', '([a-z]+\\d)+'])
      expect(backtrackingRisk(bad), bad).not.toBeNull();
    for (const ok of ['a+b*', '(ab)+', '(a+)?', '(foo|bar)', '[(a+)+]', '\\(a+\\)+', 'x{2,}', '(?<n>a+)b'])
      expect(backtrackingRisk(ok), ok).toBeNull();
  });

  it('smart case: case-insensitive unless the query has an upper-case letter (escapes aside)', () => {
    expect(compileQuery('boom', 'substring')('BOOM')).not.toBeNull();
    expect(compileQuery('Boom', 'substring')('boom')).toBeNull();
    expect(compileQuery('b\\S+m', 'regex')('BOOM')).not.toBeNull();
    expect(compileQuery('boom', 'substring', true)('BOOM')).toBeNull();
  });

  it('a regex sees at most the first 10,000 characters of a field; substring sees all of it', () => {
    const text = `${'a'.repeat(MAX_REGEX_FIELD_CHARS)}needle`;
    expect(compileQuery('needle', 'regex')(text)).toBeNull();
    expect(compileQuery('needle', 'substring')(text)).toEqual({ at: MAX_REGEX_FIELD_CHARS, length: 6 });
  });
});

describe('searchList over the failed list', () => {
  it.each([
    ['class', 'substring', 'invoice', [0]],
    ['args', 'substring', 'alice@example', [1]],
    ['error', 'substring', 'http 503', [2]],
    ['exception', 'substring', 'TypeError', [3]],
    ['queue', 'substring', 'mailers', [4]],
    ['raw', 'substring', 'garbage', [5]],
    ['class', 'regex', '^send[A-Z]\\w+$', [0]],
    ['args', 'regex', '"user":"[^"]+@', [1]],
    ['error', 'regex', 'request \\d+ failed', [2]],
    ['exception', 'regex', '^type', [3]],
    ['queue', 'regex', 'mail(er)?s', [4]],
    ['raw', 'regex', 'not json', [5]],
  ] as const)('%s by %s (%j)', async (field, mode, query, indexes) => {
    const entries = seedFailed();
    await push(keys.failed, entries);
    const { result, found } = await search({ target: { kind: 'failed' }, query, mode });
    expect(found.map((m) => m.index)).toEqual(indexes);
    expect(found.map((m) => m.field)).toEqual(indexes.map(() => field));
    // Each match carries the exact stored string and the parsed entry.
    for (const m of found) {
      expect(m.stored).toBe(entries[m.index]);
      expect(m.kind).toBe('failed');
      if (m.kind === 'failed') expect(m.item.stored).toBe(entries[m.index]);
    }
    expect(result).toEqual({
      total: 6,
      scanned: 6,
      matches: indexes.length,
      cancelled: false,
      limited: false,
    });
  });

  it('an invalid regex fails before anything is read', async () => {
    await push(keys.failed, seedFailed());
    const seen = await monitorDuring(ctx, async () => {
      await expect(
        searchList(ctx.redis.client(), keys, { target: { kind: 'failed' }, query: '[oops', mode: 'regex' }),
      ).rejects.toThrow(/invalid regular expression/);
    });
    expect(seen.filter((c) => ['llen', 'lrange'].includes(c.name))).toEqual([]);
  });

  it('streams newest first, window by window, with the match excerpt', async () => {
    const entries = Array.from({ length: 25 }, (_, i) =>
      failedEntry('default', 'job', [i], i % 2 === 0 ? `even ${i} ${'x'.repeat(300)} tail` : `odd ${i}`),
    );
    await push(keys.failed, entries);
    const events: string[] = [];
    await searchList(ctx.admin, keys, {
      target: { kind: 'failed' },
      query: 'even',
      mode: 'substring',
      windowSize: 10,
      onMatch: (m) => events.push(`m${m.index}`),
      onProgress: (scanned, total) => events.push(`p${scanned}/${total}`),
    });
    expect(events).toEqual([
      'p0/25',
      ...['m24', 'm22', 'm20', 'm18', 'm16', 'p10/25'],
      ...['m14', 'm12', 'm10', 'm8', 'm6', 'p20/25'],
      ...['m4', 'm2', 'm0', 'p25/25'],
    ]);
    const { found } = await search({ target: { kind: 'failed' }, query: 'even 4 ', mode: 'substring' });
    expect(found).toHaveLength(1);
    expect(found[0].excerpt.length).toBeLessThan(200);
    expect(found[0].excerpt.startsWith('even 4 x')).toBe(true);
  });

  it('reads 50,000 entries in LRANGE windows (never LRANGE 0 -1, never Lua), with progress', async () => {
    const n = 50_000;
    await push(
      keys.failed,
      Array.from({ length: n }, (_, i) =>
        failedEntry('default', 'job', [i], i % 1000 === 7 ? `needle ${i}` : `request ${i} failed`),
      ),
    );
    const progress: [number, number][] = [];
    const found: number[] = [];
    let result: Awaited<ReturnType<typeof searchList>> | undefined;
    const started = Date.now();
    const seen = await monitorDuring(ctx, async () => {
      result = await searchList(ctx.redis.client(), keys, {
        target: { kind: 'failed' },
        query: 'NEEDLE \\d*7$',
        mode: 'regex',
        caseSensitive: false,
        onMatch: (m) => found.push(m.index),
        onProgress: (scanned, total) => progress.push([scanned, total]),
      });
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result).toEqual({ total: n, scanned: n, matches: 50, cancelled: false, limited: false });
    expect(found).toEqual(Array.from({ length: 50 }, (_, i) => (49 - i) * 1000 + 7));
    const ranges = seen.filter((c) => c.name === 'lrange');
    expect(ranges).toHaveLength(50);
    expect(ranges.every((c) => Number(c.args[2]) - Number(c.args[1]) === 999)).toBe(true);
    expect(ranges.some((c) => Number(c.args[1]) < 0 || Number(c.args[2]) < 0)).toBe(false);
    expect(seen.some((c) => c.lua || c.name === 'eval' || c.name === 'evalsha' || c.name === 'fcall')).toBe(
      false,
    );
    expect(progress[0]).toEqual([0, n]);
    expect(progress.at(-1)).toEqual([n, n]);
    expect(progress).toHaveLength(51);
  });

  it('stops between windows when aborted and says so; matches so far were streamed', async () => {
    await push(
      keys.failed,
      Array.from({ length: 1000 }, (_, i) => failedEntry('a', 'job', [i])),
    );
    const controller = new AbortController();
    let matches = 0;
    const seen = await monitorDuring(ctx, async () => {
      const r = await searchList(ctx.redis.client(), keys, {
        target: { kind: 'failed' },
        query: 'boom',
        mode: 'substring',
        windowSize: 100,
        signal: controller.signal,
        onMatch: () => matches++,
        onProgress: (scanned) => {
          if (scanned >= 300) controller.abort();
        },
      });
      expect(r).toEqual({ total: 1000, scanned: 300, matches: 300, cancelled: true, limited: false });
    });
    expect(matches).toBe(300);
    expect(seen.filter((c) => c.name === 'lrange')).toHaveLength(3);
  });

  it('maxMatches stops the scan early and says it was limited', async () => {
    await push(
      keys.failed,
      Array.from({ length: 500 }, (_, i) => failedEntry('a', 'job', [i])),
    );
    const progress: number[] = [];
    const { result, found } = await search({
      target: { kind: 'failed' },
      query: 'boom',
      mode: 'substring',
      windowSize: 100,
      maxMatches: 150,
      onProgress: (s) => progress.push(s),
    });
    expect(result).toEqual({ total: 500, scanned: 150, matches: 150, cancelled: false, limited: true });
    expect(found.map((m) => m.index)).toEqual(Array.from({ length: 150 }, (_, i) => 499 - i));
    expect(progress.at(-1)).toBe(150);
  });

  it('entries pushed during the scan are not read and shift nothing', async () => {
    const entries = Array.from({ length: 300 }, (_, i) => failedEntry('a', 'job', [i]));
    await push(keys.failed, entries);
    const found: number[] = [];
    await searchList(ctx.admin, keys, {
      target: { kind: 'failed' },
      query: 'boom',
      mode: 'substring',
      windowSize: 100,
      onMatch: (m) => found.push(m.index),
      onProgress: (scanned) => {
        if (scanned === 100) void ctx.admin.rpush(keys.failed, failedEntry('a', 'late', [999]));
      },
    });
    expect(found).toEqual(Array.from({ length: 300 }, (_, i) => 299 - i));
  });

  it('a match retried through Actions.retryFailed moves exactly that entry', async () => {
    const entries = seedFailed();
    await push(keys.failed, entries);
    const { found } = await search({ target: { kind: 'failed' }, query: 'http 503', mode: 'substring' });
    expect(await ctx.engine.actions.retryFailed(found[0].stored)).toMatchObject({ status: 'retried' });
    expect(await ctx.admin.lrange(keys.failed, 0, -1)).toEqual(entries.filter((_, i) => i !== 2));
    expect((await ctx.admin.lrange(keys.queue('default'), 0, -1)).map((j) => JSON.parse(j).args)).toEqual([
      [2],
    ]);
  });
});

describe('searchList over a queue', () => {
  it('reads from the head, matches class, args, queue and raw; an empty or missing queue is fine', async () => {
    const jobs = [
      job('sendInvoice', [{ order: 7 }]),
      job('fetch', [{ url: 'https://example.com/a' }]),
      'raw junk',
      job('fetch', [{ url: 'https://example.com/b' }]),
    ];
    await push(keys.queue('default'), jobs);
    const byArgs = await search({
      target: { kind: 'queue', name: 'default' },
      query: 'example\\.com/[ab]',
      mode: 'regex',
      windowSize: 2,
    });
    expect(byArgs.found.map((m) => [m.index, m.field, m.kind])).toEqual([
      [1, 'args', 'queue'],
      [3, 'args', 'queue'],
    ]);
    expect(byArgs.found[0].stored).toBe(jobs[1]);
    const byClass = await search({
      target: { kind: 'queue', name: 'default' },
      query: 'invoice',
      mode: 'substring',
    });
    expect(byClass.found.map((m) => m.index)).toEqual([0]);
    const byRaw = await search({
      target: { kind: 'queue', name: 'default' },
      query: 'junk',
      mode: 'substring',
    });
    expect(byRaw.found.map((m) => [m.index, m.field])).toEqual([[2, 'raw']]);
    const missing = await search({ target: { kind: 'queue', name: 'nope' }, query: 'x', mode: 'substring' });
    expect(missing.result).toEqual({ total: 0, scanned: 0, matches: 0, cancelled: false, limited: false });
  });

  it('a queue that shrinks during the scan ends the scan without error', async () => {
    await push(
      keys.queue('q'),
      Array.from({ length: 300 }, (_, i) => job('j', [i], 'q')),
    );
    const { result } = await search({
      target: { kind: 'queue', name: 'q' },
      query: 'j',
      mode: 'substring',
      windowSize: 100,
      onProgress: (scanned) => {
        if (scanned === 100) void ctx.admin.ltrim(keys.queue('q'), 250, -1);
      },
    });
    expect(result.cancelled).toBe(false);
    expect(result.matches).toBe(100);
  });
});
