// Random hostile data through every pane and the failed detail: nothing throws, and nothing
// from Redis reaches the terminal as a control sequence (only Ink's own colour codes remain).
import { afterEach, describe, expect, it } from 'vitest';
import type { FailedItem, Snapshot } from '../../src/engine/types.js';
import { applySnapshot } from '../../src/ui/store.js';
import { type Harness, KEY, makeSnapshot, renderApp, staticBackend } from './helpers.js';

// A seeded generator: a failure is reproducible from the seed printed by the test name.
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

const NASTY = [
  '\u001b[2J',
  '\u001b]0;owned\u0007',
  '\u001b]8;;http://x\u001b\\',
  '\u009b31m',
  '\u0007',
  '\r',
  '\b',
  '\u202e',
  '🎉',
  '漢字',
  '\u0000',
  '\n',
  '\t',
  'é',
  '"',
  '\\',
];

function text(r: () => number, max = 40): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++)
    s += r() < 0.3 ? NASTY[Math.floor(r() * NASTY.length)] : String.fromCharCode(32 + Math.floor(r() * 95));
  return s;
}

function maybe<T>(r: () => number, v: T): T | null {
  return r() < 0.2 ? null : v;
}

function randomSnapshot(r: () => number): Snapshot {
  const now = Date.now();
  const failed: FailedItem[] = Array.from({ length: Math.floor(r() * 15) }, (_, i) => ({
    queue: maybe(r, text(r)),
    class: maybe(r, text(r)),
    args: r() < 0.1 ? ['x'.repeat(200_000)] : [text(r), { [text(r)]: text(r) }],
    exception: maybe(r, text(r)),
    error: maybe(r, text(r, 200)),
    backtrace: Array.from({ length: Math.floor(r() * 5) }, () => text(r)),
    failedAt: r() < 0.2 ? null : now - Math.floor(r() * 1e9),
    worker: maybe(r, text(r)),
    raw: r() < 0.2 ? text(r) : undefined,
    stored: text(r),
    index: 20 - i,
  }));
  return makeSnapshot({
    leader: maybe(r, text(r)),
    redis: { version: text(r, 10), usedMemoryBytes: Math.floor(r() * 1e9), connectedClients: 1 },
    queues: Array.from({ length: Math.floor(r() * 6) }, (_, i) => ({
      name: `${i}${text(r)}`,
      length: Math.floor(r() * 1e6),
    })),
    delayed: {
      total: 3,
      timestamps: 3,
      next: Array.from({ length: 3 }, () => ({
        at: now + Math.floor((r() - 0.5) * 1e7),
        queue: maybe(r, text(r)),
        class: maybe(r, text(r)),
        args: [text(r)],
        stored: text(r),
      })),
    },
    workers: Array.from({ length: Math.floor(r() * 4) }, (_, i) => ({
      name: `${text(r)}:${i}`,
      queues: [text(r)],
      status: r() < 0.5 ? ('working' as const) : ('idle' as const),
      job:
        r() < 0.5 ? { queue: text(r), class: text(r), args: [text(r)], runAt: maybe(r, now - 5000) } : null,
      pingAt: maybe(r, now - Math.floor(r() * 1e6)),
      entry: `${text(r)}${i}`,
    })),
    locks: Array.from({ length: Math.floor(r() * 4) }, (_, i) => ({
      key: `lock:${text(r)}:${i}:${text(r)}`,
      kind: 'queue' as const,
      ttlSeconds: Math.floor(r() * 500) - 2,
    })),
    failed: { total: 20, items: failed },
  });
}

/** Anything left after removing Ink's own SGR colour codes that could steer a terminal. */
function steering(frame: string): string[] {
  const noSgr = frame.replace(/\u001b\[[0-9;]*m/g, '');
  return noSgr.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/g) ?? [];
}

let h: Harness | undefined;
afterEach(() => {
  h?.stop();
  h = undefined;
});

describe('fuzzed snapshots through the renderer', () => {
  for (const seed of [1, 7, 42, 1234, 98765]) {
    it(`seed ${seed}: every pane and the detail draw without leaking control characters`, async () => {
      const r = rng(seed);
      const snapshot = randomSnapshot(r);
      const logs = Array.from({ length: 5 }, () => ({
        at: Date.now(),
        level: 'warn' as const,
        message: text(r),
        data: { x: text(r) },
      }));
      h = renderApp({ backend: staticBackend(snapshot), state: { logs } });
      applySnapshot(h.store, snapshot, { failedOffset: 0, delayedOffset: 0 }, 1);
      for (const pane of ['1', '2', '3', '4', '5', '6', '7']) {
        await h.press(pane);
        await h.until(/\d Overview/);
        const f = h.frame();
        // No stray control characters. (Args are shown as JSON, where an escape is the harmless
        // text "\u001b", so only the characters themselves are checked.)
        expect(steering(f).map((c) => c.charCodeAt(0).toString(16))).toEqual([]);
      }
      await h.press('6', KEY.enter);
      if (snapshot.failed.items.length > 0) {
        const d = await h.until('failed job · lines');
        expect(steering(d)).toEqual([]);
        await h.press('G');
        expect(steering(h.frame())).toEqual([]);
      }
    });
  }
});
