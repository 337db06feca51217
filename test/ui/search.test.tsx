// The search view (Ctrl-F) over a real Redis: the query input, substring and regex, the
// "scanned N of M · K matches" meter, Esc cancelling a long scan, r / x / R acting on exactly the
// matches after `y`, read-only refusing, and searching a queue from the Queues pane.
import { describe, expect, it } from 'vitest';
import { KEY, waitFor } from './helpers.js';
import { failedEntry, setupRedisUi } from './redis-harness.js';

const ctx = setupRedisUi();
const CTRL_F = '\u0006';

/** 8 "boom" failures on default, 3 "user … not found" on mail (class fetch), oldest first. */
async function seed(): Promise<string[]> {
  const entries: string[] = [];
  for (let i = 0; i < 11; i++) {
    const mail = i >= 8;
    entries.push(
      mail
        ? failedEntry(i, {
            queue: 'mail',
            payload: { class: 'fetch', queue: 'mail', args: [{ user: `u${i}` }] },
            error: `user u${i} not found`,
          })
        : failedEntry(i),
    );
  }
  await ctx.client.rpush('resque:failed', ...entries);
  return entries;
}

const failedList = () => ctx.client.lrange('resque:failed', 0, -1);

describe('search view', () => {
  it('Ctrl-F on Failed: type, Enter; matches newest first under the meter; Enter shows one; Esc twice closes', async () => {
    await seed();
    const app = ctx.open({ size: { columns: 140, rows: 30 } });
    await app.press('6');
    await app.until('user u10 not found');
    await app.press(CTRL_F);
    await app.until('search the failed list · Tab substring/regex · Enter search · Esc back');
    expect(app.frame()).toMatch(/› substring:/);
    await app.press('NOT FOUND');
    // A capital letter makes the search case-sensitive: nothing matches.
    await app.press(KEY.enter);
    await app.until('scanned 11 of 11 · 0 matches');
    expect(app.frame()).toContain('no matches');
    await app.press(CTRL_F);
    await app.until(/› substring: NOT FOUND/);
    for (let i = 0; i < 'NOT FOUND'.length; i++) await app.press(KEY.backspace);
    await app.press('not found', KEY.enter);
    const f = await app.until('scanned 11 of 11 · 3 matches');
    expect(f).toContain('search the failed list for "not found" · scanned');
    expect(f).toMatch(/failed at\s+queue\s+class\s+in\s+match/);
    // Newest first, like the Failed pane; the match column shows where it matched.
    const rows = f.split('\n').filter((l) => /mail\s+fetch\s+error/.test(l));
    expect(rows.map((l) => l.match(/user u\d+ not found/)?.[0])).toEqual([
      'user u10 not found',
      'user u9 not found',
      'user u8 not found',
    ]);
    expect(app.store.getState().status?.text).toBe('search done: 3 matches in 11 of 11');
    await app.press('j', KEY.enter);
    const detail = await app.until('failed job · lines');
    expect(detail).toContain('user u9 not found');
    await app.press(KEY.esc);
    await app.until('scanned 11 of 11 · 3 matches');
    await app.press(KEY.esc);
    await app.untilGone('search the failed list');
    await app.until('user u10 not found');
    expect(app.store.getState().search).toBeNull();
  });

  it('Tab switches to regex; an invalid regex is said under the input and nothing is read', async () => {
    await seed();
    const app = ctx.open({ size: { columns: 140, rows: 30 } });
    await app.press('6');
    await app.until('user u10 not found');
    await app.press(CTRL_F, KEY.tab);
    await app.until('› regex:');
    await app.press('boom (');
    await app.press(KEY.enter);
    await app.until(/invalid regular expression: .*boom \(/);
    expect(app.store.getState().search?.phase).toBe('input');
    expect(app.store.getState().search?.total).toBe(0);
    await app.press('(a+)+)');
    await app.press(KEY.enter);
    await app.until('regular expression refused');
    for (let i = 0; i < 'boom ((a+)+)'.length; i++) await app.press(KEY.backspace);
    await app.press('^boom [0-2]$', KEY.enter);
    const f = await app.until('scanned 11 of 11 · 3 matches');
    expect(f).toContain('search the failed list for /^boom [0-2]$/ · scanned');
    expect(f.match(/boom [0-2]\b/g)).toEqual(['boom 2', 'boom 1', 'boom 0']);
  });

  it('the meter updates as a long scan runs; Esc cancels it, results so far stay, nothing changed', async () => {
    const n = 60_000;
    for (let i = 0; i < n; i += 5000) {
      await ctx.client.rpush('resque:failed', ...Array.from({ length: 5000 }, (_, j) => failedEntry(i + j)));
    }
    const before = await ctx.client.lrange('resque:failed', 0, 9);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 59999');
    await app.press(CTRL_F, 'boom 5999', KEY.enter);
    const meter = await app.until(/scanned [\d,]+ of 60,000 · [\d,]+ match/);
    expect(meter).toContain('Esc cancels');
    await app.press(KEY.esc);
    await app.until('search cancelled');
    const v = app.store.getState().search!;
    expect(v.phase).toBe('done');
    expect(v.cancelled).toBe(true);
    expect(v.scanned).toBeLessThan(n);
    expect(app.frame()).toMatch(/scanned [\d,]+ of 60,000 · [\d,]+ match\w* · cancelled/);
    // Every match so far is a real entry with the query in it, newest first.
    expect(v.matches.length).toBeGreaterThan(0);
    expect(v.matches.every((m) => m.stored.includes('"boom 5999'))).toBe(true);
    expect(v.matches.map((m) => m.index)).toEqual([...v.matches.map((m) => m.index)].sort((a, b) => b - a));
    expect(await ctx.client.llen('resque:failed')).toBe(n);
    expect(await ctx.client.lrange('resque:failed', 0, 9)).toEqual(before);
    expect(await ctx.client.exists('resque:queue:default')).toBe(0);
    // A second Esc closes the view.
    await app.press(KEY.esc);
    await app.untilGone('search the failed list');
  });

  it('a scan that finds more than 10,000 stops there and says to refine the query', async () => {
    const n = 12_000;
    for (let i = 0; i < n; i += 4000) {
      await ctx.client.rpush('resque:failed', ...Array.from({ length: 4000 }, (_, j) => failedEntry(i + j)));
    }
    const app = ctx.open({ size: { columns: 160, rows: 30 } });
    await app.press('6');
    await app.until('boom 11999');
    await app.press(CTRL_F, 'boom', KEY.enter);
    await app.until(
      'scanned 10,000 of 12,000 · 10,000 matches · stopped at 10,000: refine the query',
      20_000,
    );
  });

  it('r asks; n changes nothing; y retries exactly the selected match, which leaves the results', async () => {
    const entries = await seed();
    const app = ctx.open({ size: { columns: 140, rows: 30 } });
    await app.press('6');
    await app.until('user u10 not found');
    await app.press(CTRL_F, 'not found', KEY.enter);
    await app.until('3 matches');
    await app.press('j', 'r');
    await app.until('Retry fetch on mail? [y/N]');
    await app.press('n');
    await app.until('cancelled');
    expect(await failedList()).toEqual(entries);
    await app.press('r');
    await app.until('Retry fetch on mail? [y/N]');
    await app.press('y');
    await app.until('retried fetch on mail');
    expect(await failedList()).toEqual(entries.filter((_, i) => i !== 9));
    expect(await ctx.client.lrange('resque:queue:mail', 0, -1)).toEqual([
      JSON.stringify({ class: 'fetch', queue: 'mail', args: [{ user: 'u9' }] }),
    ]);
    const v = await waitFor(() => {
      const s = app.store.getState().search;
      return s?.matches.length === 2 ? s : undefined;
    }, 'the retried match leaves the results');
    expect(v.matches.map((m) => m.index)).toEqual([10, 8]);
    // x then removes the (now) selected match: exactly that stored string.
    await app.press('x');
    await app.until('Remove failed fetch on mail? [y/N]');
    await app.press('y');
    await app.until('removed fetch on mail');
    // The selection stayed at the second row: now entry 8.
    expect(await failedList()).toEqual(entries.filter((_, i) => i !== 9 && i !== 8));
    await waitFor(() => app.store.getState().search?.matches.length === 1, 'the removed match leaves');
  });

  it('R retries every match after a y that states the count; the rest stays failed', async () => {
    const entries = await seed();
    const app = ctx.open({ size: { columns: 140, rows: 30 } });
    await app.press('6');
    await app.until('user u10 not found');
    await app.press(CTRL_F, 'not found', KEY.enter);
    await app.until('3 matches');
    await app.press('R');
    await app.until('Retry the 3 matching failed jobs? [y/N]');
    await app.press('y');
    await app.until('retried 3 of 3');
    expect(await failedList()).toEqual(entries.slice(0, 8));
    expect(await ctx.client.llen('resque:queue:mail')).toBe(3);
    // The view searches again: nothing left.
    await app.until('scanned 8 of 8 · 0 matches');
  });

  it('read-only: r, x and R are refused by the engine and nothing changes', async () => {
    const entries = await seed();
    const app = ctx.open({ readOnly: true, size: { columns: 140, rows: 30 } });
    await app.until('READ-ONLY');
    await app.press('6');
    await app.until('user u10 not found');
    await app.press(CTRL_F, 'not found', KEY.enter);
    await app.until('3 matches');
    for (const key of ['r', 'x', 'R']) {
      app.store.setState({ status: null });
      await app.press(key);
      await app.until('read-only: this console does not write to Redis');
      expect(app.frame()).not.toContain('[y/N]');
    }
    expect(await failedList()).toEqual(entries);
    expect(await ctx.client.exists('resque:queue:mail')).toBe(0);
    expect(app.store.getState().search?.matches).toHaveLength(3);
    await waitFor(() => app.store.getState().overlay === null, 'no dialog left open');
  });

  it('Ctrl-F on Queues searches the selected queue from its head, also from its job list; r is refused', async () => {
    await ctx.client.sadd('resque:queues', 'default');
    await ctx.client.rpush(
      'resque:queue:default',
      ...Array.from({ length: 60 }, (_, i) =>
        JSON.stringify({
          class: i % 20 === 3 ? 'sendInvoice' : `job${i}`,
          queue: 'default',
          args: [{ n: i }],
        }),
      ),
    );
    const app = ctx.open({ size: { columns: 120, rows: 30 } });
    await app.press('2');
    await app.until(/default\s+60/);
    await app.press(CTRL_F);
    await app.until('search queue default');
    await app.press('invoice', KEY.enter);
    const f = await app.until('scanned 60 of 60 · 3 matches');
    expect(f).toMatch(/#\s+class\s+in\s+match/);
    expect(f.match(/^\s+(\d+)\s+sendInvoice\s+class/gm)?.map((l) => l.trim().split(/\s+/)[0])).toEqual([
      '3',
      '23',
      '43',
    ]);
    await app.press('r');
    await app.until('r / x act on failed jobs');
    expect(await ctx.client.llen('resque:queue:default')).toBe(60);
    await app.press(KEY.esc);
    await app.untilGone('search queue default');
    // From the queue's job list: Ctrl-F searches the whole queue, by regex over args.
    await app.press(KEY.enter);
    await app.until(/queue default · jobs 1-\d+ of 60/);
    await app.press(CTRL_F);
    await app.until('search queue default');
    await app.press(KEY.tab, '"n":5\\d', KEY.enter);
    await app.until('scanned 60 of 60 · 10 matches');
    expect(app.store.getState().search?.matches.every((m) => m.field === 'args')).toBe(true);
  });
});
