// Each pane draws a given snapshot; navigation, filter, help, detail and the size check work.
// Redis is not the point here: the backend serves fixed snapshots and refuses every action.
import { afterEach, describe, expect, it } from 'vitest';
import { applySnapshot } from '../../src/ui/store.js';
import { failedItems, type Harness, KEY, makeSnapshot, renderApp, staticBackend } from './helpers.js';

let h: Harness | undefined;
afterEach(() => {
  h?.stop();
  h = undefined;
});

function start(snapshot = makeSnapshot(), size?: { columns: number; rows: number }) {
  h = renderApp({ backend: staticBackend(snapshot), size });
  applySnapshot(h.store, snapshot, { failedOffset: 0, delayedOffset: 0 }, 7);
  return h;
}

describe('panes render a snapshot', () => {
  it('overview: totals, delayed lateness, workers, leader, redis, queue bars, status line', async () => {
    const app = start();
    const f = await app.until('processed 1,200');
    expect(f).toContain('failed 34');
    expect(f).toMatch(/delayed 2\s+oldest due job is 1m3\ds late/);
    expect(f).toContain('workers 1 working / 1 idle');
    expect(f).toContain('leader host:1+1');
    expect(f).toContain('redis 7.0.15');
    expect(f).toContain('memory 2.4MB');
    expect(f).toMatch(/default\s+12 █+/);
    // Status line: masked URL, namespace, mode, read-write, interval, last refresh duration.
    expect(f).toContain(
      'remote · ns resque · read-write · every 1000ms · last 7ms · redis://u:***@example:6379',
    );
  });

  it('overview warns when delayed jobs are due and no scheduler leads', async () => {
    const app = start(makeSnapshot({ leader: null }));
    await app.until('NONE: delayed jobs are due and no scheduler is moving them');
  });

  it('queues, delayed, workers, locks panes', async () => {
    const app = start();
    await app.press('2');
    let f = await app.until(/queue\s+length/);
    expect(f).toMatch(/default\s+12/);
    expect(f).toMatch(/mail\s+3/);

    await app.press('3');
    f = await app.until('countdown');
    expect(f).toMatch(/1m3\ds late\s+default\s+lateJob\s+\[1\]/);
    expect(f).toMatch(/in 1m5\ds\s+mail\s+soonJob/);

    await app.press('4');
    f = await app.until('heartbeat');
    // Host and pid split from the name; the 20-minute job is flagged, the 5-minute-old ping too.
    expect(f).toMatch(/box\s+4242\s+default\s+working\s+slowJob \[\]\s+20m0\ds!/);
    expect(f).toMatch(/box\s+4243\s+mail\s+idle\s+.*5m0\ds !/);

    await app.press('5');
    f = await app.until('ttl');
    expect(f).toMatch(/queue\s+sayHello\s+default\s+\[\{"a":1\}\]\s+1m(29|30)s/);
  });

  it('failed pane lists newest first and Tab / Shift-Tab cycle panes', async () => {
    const app = start(makeSnapshot({ failed: failedItems(5) }));
    await app.press('6');
    const f = await app.until('err 4');
    expect(f.indexOf('job4')).toBeLessThan(f.indexOf('job0'));
    await app.press(KEY.tab);
    await app.until(/Logs come from the sandbox/);
    await app.press(KEY.shiftTab, KEY.shiftTab);
    await app.until(/queue\s+length|countdown|heartbeat|ttl|failed at/);
    expect(app.store.getState().pane).toBe('locks');
  });
});

describe('keys', () => {
  it('move the selection and keep it on the same job when rows are added above', async () => {
    const app = start(makeSnapshot({ failed: failedItems(5) }));
    await app.press('6', 'j', 'j');
    await app.until('row 3 of 5');
    expect(app.store.getState().selections.failed.id).toMatch(/^2\u0000/);
    // Three new failures arrive (the list grows at the newest end).
    applySnapshot(
      app.store,
      makeSnapshot({ failed: failedItems(8) }),
      { failedOffset: 0, delayedOffset: 0 },
      5,
    );
    await app.press(KEY.enter);
    const f = await app.until('failed job · lines');
    expect(f).toContain('class     job2');
    await app.press(KEY.esc);
    await app.untilGone('failed job · lines');
    await app.press('G');
    await app.press(KEY.enter);
    expect(await app.until('failed job · lines')).toContain('class     job0');
  });

  it('PgDn past the loaded rows asks for a refresh and shows loading placeholders', async () => {
    const app = start(makeSnapshot({ failed: failedItems(30, 5000) }), { columns: 100, rows: 20 });
    await app.press('6');
    await app.until('err 4999');
    const before = app.refreshCalls;
    await app.press(KEY.pageDown, KEY.pageDown, KEY.pageDown);
    await app.until('…loading');
    expect(app.refreshCalls).toBeGreaterThan(before);
    expect(app.store.getState().selections.failed.index).toBe(3 * app.store.getState().bodyRows);
  });

  it('detail shows pretty args, exception, the whole backtrace and scrolls', async () => {
    const big = failedItems(1);
    big.items[0].backtrace = Array.from({ length: 60 }, (_, i) => `at frame${i}`);
    big.items[0].args = [{ nested: { deep: true } }];
    const app = start(makeSnapshot({ failed: big }));
    await app.press('6', KEY.enter);
    let f = await app.until('failed job · lines 1-');
    expect(f).toContain('exception Error');
    expect(f).toMatch(/"nested": \{\n\s+"deep": true/);
    expect(f).toContain('worker    box:1+1');
    expect(f).not.toContain('at frame59');
    await app.press('G');
    f = await app.until('at frame59');
    expect(f).not.toContain('exception Error');
  });

  it('/ filters over class, args and error with the matched count; Esc clears', async () => {
    const app = start(makeSnapshot({ failed: failedItems(12) }));
    await app.press('6', '/', 'e', 'r', 'r', ' ', '1');
    let f = await app.until('filter /err 1█');
    // "err 1", "err 10", "err 11"
    expect(f).toContain('3 matched of 12 searched');
    expect(f).not.toContain('job5');
    await app.press(KEY.enter);
    f = await app.until(/filter \/err 1\s+3 matched/);
    expect(app.store.getState().filters.failed).toBe('err 1');
    await app.press(KEY.esc);
    f = await app.untilGone('matched');
    expect(f).toContain('job5');
  });

  it('? shows help generated from the keymap for the current pane', async () => {
    const app = start();
    await app.press('6', '?');
    let f = await app.until('Keys in Failed');
    expect(f).toContain('retry the selected (or marked) jobs');
    expect(f).toContain('remove all (filtered) jobs');
    await app.press('x');
    await app.untilGone('Keys in Failed');
    await app.press('4', '?');
    f = await app.until('Keys in Workers');
    expect(f).toContain('clean workers older than an age');
    expect(f).not.toContain('retry the selected');
  });

  it('q quits; the terminal too small says so instead of drawing', async () => {
    const app = start(makeSnapshot(), { columns: 59, rows: 30 });
    await app.until('terminal too small (59x30); need at least 60x15');
    await app.press('q');
    expect(app.quitCalls).toBe(1);
  });
});

describe('data written by others', () => {
  it('strips escape sequences and control characters from Redis text and truncates 1 MB args', async () => {
    const item = failedItems(1);
    item.items[0].class = 'evil\u001b]0;pwned\u0007\u001b[31mred\u001b[0m\u0007';
    item.items[0].error = 'line1\nline2\u009b2J';
    item.items[0].args = ['x'.repeat(1_000_000)];
    const app = start(makeSnapshot({ failed: item, queues: [{ name: 'q\u001b[2Jx', length: 1 }] }));
    await app.press('6');
    const f = await app.until('evilred');
    expect(f).not.toMatch(/pwned|\u0007|\u009b/);
    expect(f).toContain('line1 line2');
    await app.press(KEY.enter);
    const d = await app.until('failed job · lines');
    // The detail holds the whole argument (hard-wrapped), the list only a preview.
    expect(d).toMatch(/lines 1-\d+ of \d{4,}/);
    await app.press(KEY.esc, '2');
    expect(await app.until('qx')).not.toContain('\u001b[2J');
  });

  it('a disconnected banner keeps the last data visible and marked stale', async () => {
    const app = start();
    await app.until('processed 1,200');
    app.store.setState({
      stale: true,
      error: 'cannot reach Redis at redis://u:***@example:6379: connection refused',
    });
    const f = await app.until('DISCONNECTED');
    expect(f).toContain('data below is stale');
    expect(f).toContain('processed 1,200');
  });
});
