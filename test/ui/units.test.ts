// The pure parts, without Ink: keymap and help, selection, sanitising, charts, enqueue validation,
// the refresh loop's one-in-flight rule and its stale/disconnected state.
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { bar, rates, sparkline } from '../../src/ui/components/charts.js';
import { parseAge } from '../../src/ui/control/actions.js';
import { formReducer, initialForm, validate } from '../../src/ui/dialogs/EnqueueForm/form.js';
import { Command, commandFor, DEFAULT_KEYMAP, helpFor } from '../../src/ui/keymap.js';
import { startRefresher, windowFor } from '../../src/ui/refresher.js';
import { clean, preview } from '../../src/ui/sanitize.js';
import { moveTo, resolveIndex } from '../../src/ui/selection.js';
import { applySnapshot, createUiStore } from '../../src/ui/store.js';
import { NO_KEY, splitKeys } from '../../src/ui/useMainKeys.js';
import { makeSnapshot, staticBackend, waitFor } from './helpers.js';

const key = (over: Partial<Key> = {}): Key => ({ ...NO_KEY, ...over });

describe('keymap', () => {
  it('maps keys per pane: x means something else in each pane and nothing in Overview', () => {
    expect(commandFor('x', key(), 'failed')).toBe(Command.Remove);
    expect(commandFor('x', key(), 'locks')).toBe(Command.Remove);
    expect(commandFor('x', key(), 'overview')).toBeUndefined();
    expect(commandFor('r', key(), 'queues')).toBeUndefined();
    expect(commandFor('', key({ tab: true, shift: true }), 'queues')).toBe(Command.PrevPane);
    expect(commandFor('', key({ tab: true }), 'queues')).toBe(Command.NextPane);
    expect(commandFor('c', key({ ctrl: true }), 'workers')).toBe(Command.Quit);
    expect(commandFor('c', key(), 'workers')).toBe(Command.Clean);
    expect(commandFor('G', key({ shift: true }), 'failed')).toBe(Command.Bottom);
  });

  it('help lists exactly the bindings active in the pane', () => {
    const failed = helpFor('failed').map((r) => r.does);
    expect(failed).toContain('retry all (filtered) jobs');
    expect(failed).not.toContain('delete the lock');
    expect(helpFor('locks').map((r) => r.does)).toContain('delete the lock');
    // Every global binding appears in every pane's help.
    const globals = DEFAULT_KEYMAP.filter((b) => !b.panes).length;
    expect(helpFor('overview')).toHaveLength(globals);
  });

  it('splits keys that arrived in one read, but not control sequences', () => {
    expect(splitKeys('jjr', key()).map(([c]) => c)).toEqual(['j', 'j', 'r']);
    expect(splitKeys('G', key({ shift: true }))).toHaveLength(1);
    expect(splitKeys('jG', key())[1][1].shift).toBe(true);
  });
});

describe('selection', () => {
  it('follows the identity, falls back to the position when the row is gone', () => {
    const sel = { id: 'b', index: 1, top: 0 };
    expect(resolveIndex(sel, ['x', 'y', 'a', 'b'], 0, 4)).toBe(3);
    expect(resolveIndex(sel, ['a', 'c'], 0, 2)).toBe(1);
    expect(resolveIndex(sel, [], 0, 0)).toBe(0);
    // Windowed: ids start at absolute position 100.
    expect(resolveIndex(sel, ['a', 'b'], 100, 5000)).toBe(101);
  });

  it('moves within bounds and scrolls the window to keep the row visible', () => {
    const ids = Array.from({ length: 50 }, (_, i) => String(i));
    expect(moveTo(60, 0, ids, 0, 50, 10)).toEqual({ id: '49', index: 49, top: 40 });
    expect(moveTo(-3, 40, ids, 0, 50, 10)).toEqual({ id: '0', index: 0, top: 0 });
    expect(moveTo(12, 0, ids, 0, 50, 10).top).toBe(3);
  });
});

describe('sanitising text from Redis', () => {
  it('removes CSI, OSC (title), C1 and bidi controls; keeps unicode', () => {
    expect(clean('a\u001b[31mb\u001b[0m\u001b]0;title\u0007c\u009b2Jd\u202ee\u0000f')).toBe('abcdef');
    expect(clean('tab\tnew\nline')).toBe('tab new line');
    expect(clean('héllo 🎉')).toBe('héllo 🎉');
  });

  it('previews huge args truncated', () => {
    const out = preview(['x'.repeat(1_000_000)]);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('charts', () => {
  it('rates come from counter deltas; a reset counts as zero', () => {
    const h = [
      { at: 0, processed: 0, failed: 0 },
      { at: 1000, processed: 10, failed: 1 },
      { at: 3000, processed: 30, failed: 1 },
      { at: 4000, processed: 0, failed: 0 },
    ];
    expect(rates(h, 'processed')).toEqual([10, 10, 0]);
    expect(sparkline([0, 5, 10], 10)).toBe('▁▅█');
    expect(bar(5, 10, 10)).toBe('█████·····');
    expect(bar(1, 1000, 10)).toBe('█·········');
  });
});

describe('enqueue form validation', () => {
  const values = { task: 'sayHello', queue: 'default', args: '[{"to":"x"}]', delay: '' };
  it('accepts a valid job and turns the delay into ms', () => {
    expect(validate(values).input).toEqual({ class: 'sayHello', queue: 'default', args: [{ to: 'x' }] });
    expect(validate({ ...values, delay: '5m' }).input?.delayMs).toBe(300_000);
    expect(validate({ ...values, delay: '30' }).input?.delayMs).toBe(30_000);
  });
  it('rejects invalid JSON, non-array args, an empty class and a negative delay, per field', () => {
    const r = validate({ task: ' ', queue: 'q', args: '[1,', delay: '-3' });
    expect(r.input).toBeUndefined();
    expect(r.errors.task).toBe('task is required');
    expect(r.errors.args).toMatch(/^invalid JSON/);
    expect(r.errors.delay).toBe('delay cannot be negative');
    expect(validate({ ...values, args: '{"a":1}' }).errors.args).toMatch(/JSON array/);
  });
  it('picking a task fills its queue unless the queue was typed', () => {
    const tasks = [
      { name: 'a', queue: 'qa', frequency: 0 },
      { name: 'b', queue: 'qb', frequency: 0 },
    ];
    let s = formReducer(initialForm(), { type: 'pickTask', delta: 1, tasks });
    expect(s.values).toMatchObject({ task: 'a', queue: 'qa' });
    s = formReducer(s, { type: 'focus', delta: 1 });
    s = formReducer(s, { type: 'key', input: 'z', key: key() });
    s = formReducer(s, { type: 'focus', delta: -1 });
    s = formReducer(s, { type: 'pickTask', delta: 1, tasks });
    expect(s.values).toMatchObject({ task: 'b', queue: 'qaz' });
  });
  it('parses ages for C', () => {
    expect(parseAge('90s')).toBe(90_000);
    expect(parseAge('10m')).toBe(600_000);
    expect(parseAge('2')).toBe(2000);
    expect(parseAge('0')).toBeUndefined();
    expect(parseAge('soon')).toBeUndefined();
  });
});

describe('refresh loop', () => {
  it('keeps one snapshot in flight however often it is kicked', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const snapshot = makeSnapshot();
    const backend = staticBackend(snapshot, {
      snapshot: () => {
        calls++;
        return new Promise((resolve) => {
          release = () => resolve(snapshot);
        });
      },
    });
    const store = createUiStore();
    const r = startRefresher(store, backend, { refreshMs: 250 });
    try {
      await waitFor(() => calls === 1, 'first call');
      for (let i = 0; i < 10; i++) r.kick();
      await new Promise((res) => setTimeout(res, 600));
      expect(calls).toBe(1);
      expect(store.getState().refreshingSince).not.toBeNull();
      release();
      // The kicks collapse into one immediate follow-up.
      await waitFor(() => calls === 2, 'second call');
      expect(store.getState().snapshot).toBe(snapshot);
    } finally {
      r.stop();
    }
  });

  it('on errors keeps the last data, marks it stale, backs off, and recovers', async () => {
    const snapshot = makeSnapshot();
    let down = false;
    const times: number[] = [];
    const backend = staticBackend(snapshot, {
      snapshot: async () => {
        times.push(Date.now());
        if (down) throw new Error('connection refused');
        return snapshot;
      },
    });
    const store = createUiStore();
    const r = startRefresher(store, backend, { refreshMs: 250 });
    try {
      await waitFor(() => store.getState().snapshot, 'first snapshot');
      down = true;
      await waitFor(() => store.getState().failures >= 3, 'three failures');
      expect(store.getState()).toMatchObject({ stale: true, error: 'connection refused', snapshot });
      const gaps = times.slice(-3).map((t, i, a) => (i ? t - a[i - 1] : 0));
      expect(gaps[2]).toBeGreaterThan(gaps[1] * 1.5 - 50);
      down = false;
      await waitFor(() => store.getState().error === null, 'recovery', 6000);
      expect(store.getState().stale).toBe(false);
    } finally {
      r.stop();
    }
  });

  it('reads the failed window around the selected job, by its list index', () => {
    const store = createUiStore({ bodyRows: 10 });
    applySnapshot(
      store,
      makeSnapshot({ failed: { total: 1000, items: [] } }),
      { failedOffset: 0, delayedOffset: 0 },
      1,
    );
    // Selected list index 500 at newest-first position 499, shown 5 rows below the top.
    store.setState({
      selections: { ...store.getState().selections, failed: { id: '500\u0000x', index: 499, top: 494 } },
    });
    expect(windowFor(store.getState())).toMatchObject({ failedOffset: 484, failedLimit: 30 });
    // 20 new failures: the job is now at position 519; the window moves with it.
    applySnapshot(
      store,
      makeSnapshot({ failed: { total: 1020, items: [] } }),
      { failedOffset: 0, delayedOffset: 0 },
      1,
    );
    expect(windowFor(store.getState()).failedOffset).toBe(504);
  });
});
