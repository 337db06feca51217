// Action keys against a real Redis: nothing is written without `y`, `y` writes exactly the
// confirmed entries, and read-only lets nothing through (the engine's error shows instead).
import { describe, expect, it } from 'vitest';
import { KEY, waitFor } from './helpers.js';
import { failedEntry, setupRedisUi } from './redis-harness.js';

const ctx = setupRedisUi();

async function fillFailed(n: number): Promise<string[]> {
  const entries = Array.from({ length: n }, (_, i) => failedEntry(i));
  if (n > 0) await ctx.client.rpush('resque:failed', ...entries);
  return entries;
}

describe('failed pane actions', () => {
  it('r asks first; n cancels and nothing moves; y retries exactly the selected job', async () => {
    const entries = await fillFailed(5);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 4');
    await app.press('j', 'r');
    await app.until('Retry boom on default? [y/N]');
    await app.press('n');
    await app.until('cancelled');
    expect(await ctx.client.lrange('resque:failed', 0, -1)).toEqual(entries);
    await app.press('r');
    await app.until('[y/N]');
    await app.press('y');
    await app.until('retried boom on default');
    // Newest first: the second row is entry 3.
    expect(await ctx.client.lrange('resque:failed', 0, -1)).toEqual(entries.filter((_, i) => i !== 3));
    expect(await ctx.client.lrange('resque:queue:default', 0, -1)).toEqual([
      JSON.stringify({ class: 'boom', queue: 'default', args: [3] }),
    ]);
  });

  it('x removes the exact entry even when other entries were pushed in between', async () => {
    const entries = await fillFailed(3);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 2');
    await app.press('x');
    await app.until('Remove failed boom on default?');
    // Another worker fails two more jobs before the user answers: positions shift, identity doesn't.
    const later = [failedEntry(7), failedEntry(8)];
    await ctx.client.rpush('resque:failed', ...later);
    await app.press('y');
    await app.until('removed boom on default');
    expect(await ctx.client.lrange('resque:failed', 0, -1)).toEqual([entries[0], entries[1], ...later]);
  });

  it('space marks rows; r then retries the marked set only', async () => {
    const entries = await fillFailed(6);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 5');
    await app.press(' ', 'j', ' ');
    await app.until('2 marked');
    await app.press('r');
    await app.until('Retry 2 marked jobs? [y/N]');
    await app.press('y');
    await app.until('retried 2 of 2');
    // Rows 1 and 3 (newest first) were entries 5 and 3.
    expect(await ctx.client.lrange('resque:failed', 0, -1)).toEqual([
      entries[0],
      entries[1],
      entries[2],
      entries[4],
    ]);
    expect(await ctx.client.llen('resque:queue:default')).toBe(2);
  });

  it('R respects the filter and states the count; the rest stays failed', async () => {
    await fillFailed(30);
    const app = ctx.open();
    await app.press('6', '/', '1', '2', KEY.enter);
    await app.until(/filter \/12\s+1 matched/);
    await app.press('R');
    await app.until('Retry all 1 failed jobs matching "12"? [y/N]');
    await app.press('y');
    await app.until('retried 1 of 1');
    expect(await ctx.client.llen('resque:failed')).toBe(29);
    expect(await ctx.client.lrange('resque:queue:default', 0, -1)).toEqual([
      JSON.stringify({ class: 'boom', queue: 'default', args: [12] }),
    ]);
  });

  it('R over a large list shows progress; Esc cancels between batches, nothing lost or doubled', async () => {
    const n = 60_000;
    for (let i = 0; i < n; i += 5000) {
      await ctx.client.rpush('resque:failed', ...Array.from({ length: 5000 }, (_, j) => failedEntry(i + j)));
    }
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 59999');
    await app.press('R');
    await app.until(`Retry all ${n} failed jobs? [y/N]`);
    await app.press('y');
    await app.until(/Retrying 60000 failed jobs/);
    await app.press(KEY.esc);
    const f = await app.until(/retried \d+ of \d+.*cancelled/, 15_000);
    expect(f).not.toContain('Retrying');
    const failed = await ctx.client.llen('resque:failed');
    const queued = await ctx.client.llen('resque:queue:default');
    expect(failed + queued).toBe(n);
    expect(queued).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    const args = (await ctx.client.lrange('resque:queue:default', 0, -1)).map((j) => JSON.parse(j).args[0]);
    expect(new Set(args).size).toBe(queued);
  });
});

describe('other panes', () => {
  it('queues: Enter pages the jobs; x deletes the queue after y', async () => {
    await ctx.client.sadd('resque:queues', 'default', 'mail');
    await ctx.client.rpush(
      'resque:queue:default',
      ...Array.from({ length: 60 }, (_, i) =>
        JSON.stringify({ class: `job${i}`, queue: 'default', args: [i] }),
      ),
    );
    await ctx.client.rpush('resque:queue:mail', JSON.stringify({ class: 'send', queue: 'mail', args: [] }));
    const app = ctx.open();
    await app.press('2');
    await app.until(/default\s+60/);
    await app.press(KEY.enter);
    await app.until(/queue default · jobs 1-\d+ of 60/);
    await app.press(KEY.pageDown);
    await app.until(/job2\d\s+\[2\d\]/);
    await app.press(KEY.esc);
    await app.until(/default\s+60/);
    await app.press('x');
    await app.until('Delete queue "default" and its 60 jobs? [y/N]');
    await app.press('y');
    await app.until('deleted queue default (60 jobs)');
    expect(await ctx.client.exists('resque:queue:default')).toBe(0);
    expect(await ctx.client.smembers('resque:queues')).toEqual(['mail']);
  });

  it('delayed: e moves a job to its queue now; x deletes one', async () => {
    const sec = Math.floor(Date.now() / 1000) + 600;
    const a = JSON.stringify({ class: 'later', queue: 'default', args: [1] });
    const b = JSON.stringify({ class: 'later', queue: 'default', args: [2] });
    await ctx.client.rpush(`resque:delayed:${sec}`, a);
    await ctx.client.rpush(`resque:delayed:${sec + 1}`, b);
    await ctx.client.zadd('resque:delayed_queue_schedule', sec, String(sec), sec + 1, String(sec + 1));
    await ctx.client.sadd(`resque:timestamps:${a}`, `delayed:${sec}`);
    await ctx.client.sadd(`resque:timestamps:${b}`, `delayed:${sec + 1}`);
    const app = ctx.open();
    await app.press('3');
    await app.until(/in (9m5\ds|10m00s)\s+default\s+later\s+\[1\]/);
    await app.press('e');
    await app.until('Run later on default now? [y/N]');
    await app.press('y');
    await app.until('moved later on default to its queue');
    expect(await ctx.client.lrange('resque:queue:default', 0, -1)).toEqual([a]);
    await app.untilGone(/\[1\]/);
    await app.press('x', 'y');
    await app.until('deleted delayed later on default');
    expect(await ctx.client.exists(`resque:delayed:${sec + 1}`)).toBe(0);
  });

  it('locks: x deletes after y', async () => {
    await ctx.client.set('resque:lock:sayHello:default:[]', '1', 'EX', 100);
    const app = ctx.open();
    await app.press('5');
    await app.until(/queue\s+sayHello\s+default/);
    await app.press('x');
    await app.until('Delete lock lock:sayHello:default:[]? [y/N]');
    await app.press('y');
    await app.until('deleted lock');
    expect(await ctx.client.exists('resque:lock:sayHello:default:[]')).toBe(0);
  });

  it('workers: c cleans the selected worker (its job goes to failed); C cleans by age', async () => {
    const working = 'box:11+1:default';
    const idle = 'box:12+1:mail';
    await ctx.client.sadd('resque:workers', working, idle);
    const payload = { class: 'slow', queue: 'default', args: [] };
    await ctx.client.set(
      `resque:worker:${working}`,
      JSON.stringify({
        run_at: new Date(Date.now() - 3600_000).toString(),
        queue: 'default',
        payload,
        worker: 'box:11+1',
      }),
    );
    await ctx.client.set(
      `resque:worker:ping:box:12+1`,
      JSON.stringify({ time: Math.floor(Date.now() / 1000) - 7200, name: 'box:12+1', queues: 'mail' }),
    );
    const app = ctx.open();
    await app.press('4');
    await app.until(/box\s+11\s+default\s+working\s+slow/);
    await app.press('c');
    await app.until('Clean worker box:11+1? Its current job goes to the failed list. [y/N]');
    await app.press('y');
    await app.until('cleaned box:11+1; its job went to failed');
    expect(await ctx.client.sismember('resque:workers', working)).toBe(0);
    expect(await ctx.client.llen('resque:failed')).toBe(1);
    await app.press('C');
    await app.until('Clean workers idle or busy longer than');
    await app.press('s', 'o', 'o', 'n', KEY.enter);
    await app.until('type a duration like 90s, 10m or 1h');
    await app.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, '1', 'h', KEY.enter);
    await app.until('Clean every worker silent or busy for over 1h00m? [y/N]');
    await app.press('y');
    await app.until('cleaned 1 worker');
    expect(await ctx.client.smembers('resque:workers')).toEqual([]);
  });

  it('n: invalid args give an inline error and send nothing; a valid job is enqueued', async () => {
    const app = ctx.open();
    await app.until('processed');
    await app.press('n');
    await app.until('Enqueue a job');
    await app.press('s', 'a', 'y', KEY.tab, KEY.tab, KEY.backspace, KEY.backspace, '{', KEY.enter);
    await app.until('invalid JSON');
    expect(await ctx.client.keys('resque:queue:*')).toEqual([]);
    await app.press(KEY.backspace, '[', '4', '2', ']', KEY.tab, '-', '1', KEY.enter);
    await app.until('delay cannot be negative');
    await app.press(KEY.backspace, KEY.backspace, KEY.enter);
    await app.until('enqueued say on default');
    expect(await ctx.client.lrange('resque:queue:default', 0, -1)).toEqual([
      JSON.stringify({ class: 'say', queue: 'default', args: [42] }),
    ]);
  });
});

describe('read-only', () => {
  it('every action key is refused by the engine and the status line says read-only', async () => {
    const entries = await fillFailed(3);
    await ctx.client.sadd('resque:queues', 'default');
    await ctx.client.rpush(
      'resque:queue:default',
      JSON.stringify({ class: 'a', queue: 'default', args: [] }),
    );
    await ctx.client.set('resque:lock:a:default:[]', '1', 'EX', 100);
    const app = ctx.open({ readOnly: true });
    await app.until('READ-ONLY');
    const refused = async (...keys: string[]) => {
      app.store.setState({ status: null });
      await app.press(...keys);
      await app.until('read-only: this console does not write to Redis');
      expect(app.frame()).not.toContain('[y/N]');
    };
    await app.press('6');
    await app.until('boom 2');
    await refused('r');
    await refused('x');
    await refused('R');
    await refused('X');
    await refused(' ', 'r');
    await app.press('2');
    await app.until(/default\s+1/);
    await refused('x');
    await app.press('5');
    await app.until('lock:a:default');
    await refused('x');
    await app.press('n', 'a', KEY.enter);
    await app.until('read-only');
    expect(await ctx.client.lrange('resque:failed', 0, -1)).toEqual(entries);
    expect(await ctx.client.llen('resque:queue:default')).toBe(1);
    expect(await ctx.client.exists('resque:lock:a:default:[]')).toBe(1);
  });
});

describe('selection across refreshes', () => {
  it('50,000 failed jobs: G jumps to the oldest, only a window is read, keys stay quick', async () => {
    const n = 50_000;
    for (let i = 0; i < n; i += 5000) {
      await ctx.client.rpush('resque:failed', ...Array.from({ length: 5000 }, (_, j) => failedEntry(i + j)));
    }
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 49999');
    expect(app.store.getState().snapshot?.failed.items.length).toBeLessThanOrEqual(
      3 * app.store.getState().bodyRows,
    );
    const t = Date.now();
    await app.press('G');
    await app.until(/boom 0\s*\n/);
    expect(Date.now() - t).toBeLessThan(2000);
    // Now the selection follows that job by identity: new failures do not move it.
    await waitFor(() => app.store.getState().selections.failed.id?.startsWith('0\u0000'), 'identity adopted');
    await app.press('k', KEY.enter);
    expect(await app.until('failed job')).toContain('boom 1');
  });

  it('stays on the same failed job while new failures arrive above it', async () => {
    await fillFailed(10);
    const app = ctx.open();
    await app.press('6');
    await app.until('boom 9');
    await app.press('j', 'j', 'j');
    await waitFor(
      () => app.store.getState().selections.failed.id?.startsWith('6\u0000'),
      'selection on entry 6',
    );
    await ctx.client.rpush('resque:failed', failedEntry(100), failedEntry(101));
    await app.until('boom 101');
    await app.press(KEY.enter);
    expect(await app.until('failed job')).toContain('boom 6');
  });
});
