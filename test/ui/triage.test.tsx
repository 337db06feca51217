// The triage view (F on the Failed pane) over a real Redis: groups with counts, the sample detail,
// r / x acting on exactly one group after a `y` that states the count, cancel, and read-only.
import { describe, expect, it } from 'vitest';
import { KEY, waitFor } from './helpers.js';
import { failedEntry, setupRedisUi } from './redis-harness.js';

const ctx = setupRedisUi();

/** 6 "request … timeout" on default, 3 "user … not found" on default, 2 timeouts on mail. */
async function seed(): Promise<string[]> {
  const entries: string[] = [];
  for (let i = 0; i < 11; i++) {
    const mail = i >= 9;
    const timeout = i < 6 || mail;
    const queue = mail ? 'mail' : 'default';
    entries.push(
      failedEntry(i, {
        queue,
        payload: { class: mail ? 'send' : 'fetch', queue, args: [i] },
        error: timeout ? `request ${100 + i} failed: timeout after ${1000 * i}ms` : `user ${i} not found`,
      }),
    );
  }
  await ctx.client.rpush('resque:failed', ...entries);
  return entries;
}

const failedList = () => ctx.client.lrange('resque:failed', 0, -1);

describe('failure triage view', () => {
  it('F groups the failed list with counts; Enter shows the sample; Esc goes back', async () => {
    await seed();
    const app = ctx.open({ size: { columns: 120, rows: 30 } });
    await app.press('6');
    await app.until('request 110 failed');
    await app.press('F');
    const f = await app.until('failure triage · 11 failed in 3 groups');
    expect(f).toMatch(/count\s+queue\s+class\s+first seen\s+last seen\s+error/);
    expect(f).toMatch(/6 default\s+fetch\s+.*request <n> failed: timeout after <n>ms/);
    expect(f).toMatch(/3 default\s+fetch\s+.*user <n> not found/);
    expect(f).toMatch(/2 mail\s+send\s+.*request <n> failed: timeout after <n>ms/);
    // The largest group is first and selected; Enter opens its newest entry.
    await app.press(KEY.enter);
    const detail = await app.until('failed job');
    expect(detail).toContain('request 105 failed: timeout after 5000ms');
    await app.press(KEY.esc);
    await app.until('failure triage · 11 failed');
    await app.press('j', KEY.enter);
    expect(await app.until('failed job')).toContain('user 8 not found');
    await app.press(KEY.esc);
    await app.until('failure triage');
    await app.press(KEY.esc);
    await app.untilGone('failure triage');
    await app.until('request 110 failed');
  });

  it('r asks with the count; n changes nothing; y retries exactly the group and the view rescans', async () => {
    const entries = await seed();
    const app = ctx.open();
    await app.press('6');
    await app.until('request 110 failed');
    await app.press('F');
    await app.until('11 failed in 3 groups');
    await app.press('j', 'j', 'r');
    await app.until(
      'Retry all 2 failed jobs of send on mail ("request <n> failed: timeout after <n>ms")? [y/N]',
    );
    await app.press('n');
    await app.until('cancelled');
    expect(app.frame()).toContain('failure triage');
    expect(await failedList()).toEqual(entries);
    await app.press('r');
    await app.until('Retry all 2 failed jobs of send on mail');
    await app.press('y');
    await app.until('retried 2 of 2');
    await app.until('9 failed in 2 groups');
    expect(await failedList()).toEqual(entries.slice(0, 9));
    expect((await ctx.client.lrange('resque:queue:mail', 0, -1)).map((j) => JSON.parse(j).args)).toEqual([
      [9],
      [10],
    ]);
    expect(await ctx.client.llen('resque:queue:default')).toBe(0);
  });

  it('x removes exactly the group; entries that arrive meanwhile and belong to it are counted', async () => {
    const entries = await seed();
    const app = ctx.open();
    await app.press('6', 'F');
    await app.until('11 failed in 3 groups');
    // One more of the "user not found" kind arrives after the scan (and one of another class):
    // the question recounts, and only the group's entries go.
    const late = failedEntry(50, {
      payload: { class: 'fetch', queue: 'default', args: [50] },
      error: 'user 50 not found',
    });
    const other = failedEntry(51, { error: 'user 51 not found' });
    await ctx.client.rpush('resque:failed', late, other);
    await app.press('j', 'x');
    await app.until('Remove all 4 failed jobs of fetch on default ("user <n> not found")? [y/N]');
    await app.press('y');
    await app.until('removed 4 of 4');
    expect(await failedList()).toEqual([...entries.filter((_, i) => i < 6 || i >= 9), other]);
    await app.until('9 failed in 3 groups');
  });

  it('Esc cancels a long scan; the view closes and nothing was written', async () => {
    const n = 60_000;
    for (let i = 0; i < n; i += 5000) {
      await ctx.client.rpush('resque:failed', ...Array.from({ length: 5000 }, (_, j) => failedEntry(i + j)));
    }
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 59999');
    await app.press('F');
    await app.until(/scanned [\d,]+ of 60,000 failed jobs/);
    await app.press(KEY.esc);
    await app.until('triage cancelled');
    expect(app.frame()).not.toContain('failure triage');
    expect(await ctx.client.llen('resque:failed')).toBe(n);
    // Run to the end: one group of 60,000.
    await app.press('F');
    await app.until(/60,000 failed in 1 group\b/, 20_000);
    expect(app.frame()).toMatch(/60000 default\s+boom\s+.*boom <n>/);
  });

  it('read-only: r and x on a group are refused by the engine and nothing changes', async () => {
    const entries = await seed();
    const app = ctx.open({ readOnly: true });
    await app.until('READ-ONLY');
    await app.press('6', 'F');
    await app.until('11 failed in 3 groups');
    for (const key of ['r', 'x']) {
      app.store.setState({ status: null });
      await app.press(key);
      await app.until('read-only: this console does not write to Redis');
      expect(app.frame()).not.toContain('[y/N]');
      expect(app.frame()).toContain('failure triage');
    }
    expect(await failedList()).toEqual(entries);
    await waitFor(() => app.store.getState().overlay === null, 'no dialog left open');
  });
});
