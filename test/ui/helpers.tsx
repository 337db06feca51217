// Rendering the app in ink-testing-library with the store, backend and terminal size injected,
// and waiting for frames (Ink draws asynchronously) with a deadline instead of sleeping.
import { render } from 'ink-testing-library';
import type { Snapshot } from '../../src/engine/types.js';
import { App } from '../../src/ui/App.js';
import type { Backend, BackendActions } from '../../src/ui/backend.js';
import type { ControlContext } from '../../src/ui/control/context.js';
import { startRefresher } from '../../src/ui/refresher.js';
import { createUiStore, type UiState, type UiStore } from '../../src/ui/store.js';

export const KEY = {
  enter: '\r',
  esc: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  shiftTab: '\u001b[Z',
  tab: '\t',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  backspace: '\u007f',
};

export async function waitFor<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 4000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = check();
      if (v) return v;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface Harness {
  store: UiStore;
  frame(): string;
  /** Writes keys one at a time, letting Ink handle each before the next. */
  press(...keys: string[]): Promise<void>;
  until(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  untilGone(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  quitCalls: number;
  refreshCalls: number;
  stop(): void;
}

/** A timeout says what was on screen. */
function withFrame<T>(p: Promise<T>, frame: () => string): Promise<T> {
  return p.catch((e: Error) => {
    throw new Error(`${e.message}; last frame:\n${frame()}`);
  });
}

const matches = (frame: string, p: RegExp | string) =>
  typeof p === 'string' ? frame.includes(p) : p.test(frame);

export interface HarnessOptions {
  backend: Backend;
  size?: { columns: number; rows: number };
  state?: Partial<UiState>;
  /** Run the real refresh loop (otherwise the test applies snapshots itself). */
  refresher?: { refreshMs: number };
}

export function renderApp(opts: HarnessOptions): Harness {
  const store = createUiStore(opts.state);
  const refresher = opts.refresher ? startRefresher(store, opts.backend, opts.refresher) : undefined;
  const h = {
    quitCalls: 0,
    refreshCalls: 0,
  };
  const control: ControlContext = {
    store,
    backend: opts.backend,
    refresh: () => {
      h.refreshCalls++;
      refresher?.kick();
    },
    quit: () => {
      h.quitCalls++;
    },
  };
  const ink = render(<App control={control} size={opts.size ?? { columns: 100, rows: 30 }} />);
  const frame = () => ink.lastFrame() ?? '';
  return Object.assign(h, {
    store,
    frame,
    async press(...keys: string[]) {
      for (const k of keys) {
        ink.stdin.write(k);
        // Let React commit and Ink re-subscribe input handlers before the next key.
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    until: (p: RegExp | string, t?: number) =>
      withFrame(
        waitFor(() => matches(frame(), p) && frame(), `frame matching ${p}`, t),
        frame,
      ),
    untilGone: (p: RegExp | string, t?: number) =>
      withFrame(
        waitFor(() => !matches(frame(), p) && frame(), `frame without ${p}`, t),
        frame,
      ),
    stop() {
      refresher?.stop();
      ink.unmount();
      ink.cleanup();
    },
  });
}

/** Actions that must not be reached (pure rendering tests): any call fails the test. */
export function unreachableActions(readOnly = false): BackendActions {
  return new Proxy({ readOnly } as BackendActions, {
    get(target, prop) {
      if (prop === 'readOnly') return target.readOnly;
      if (prop === 'then') return undefined;
      return () => {
        throw new Error(`unexpected action ${String(prop)}`);
      };
    },
  });
}

/** A backend that serves fixed snapshots: for rendering tests where Redis is not the point. */
export function staticBackend(snapshot: Snapshot, extra: Partial<Backend> = {}): Backend {
  return {
    info: {
      display: 'redis://u:***@example:6379',
      namespace: 'resque',
      mode: 'remote',
      readOnly: false,
      refreshMs: 1000,
    },
    snapshot: async () => snapshot,
    queueJobs: async () => ({ total: 0, items: [] }),
    actions: unreachableActions(),
    ...extra,
  };
}

export function makeSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  const now = Date.now();
  return {
    namespace: 'resque',
    takenAt: now,
    redis: { version: '7.0.15', usedMemoryBytes: 2_500_000, connectedClients: 3 },
    stats: { processed: 1200, failed: 34 },
    leader: 'host:1+1',
    queues: [
      { name: 'default', length: 12 },
      { name: 'mail', length: 3 },
    ],
    delayed: {
      total: 2,
      timestamps: 2,
      next: [
        { at: now - 90_000, queue: 'default', class: 'lateJob', args: [1], stored: '{"class":"lateJob"}' },
        { at: now + 120_000, queue: 'mail', class: 'soonJob', args: [2], stored: '{"class":"soonJob"}' },
      ],
    },
    workers: [
      {
        name: 'box:4242+1',
        queues: ['default'],
        status: 'working',
        job: { queue: 'default', class: 'slowJob', args: [], runAt: now - 20 * 60_000 },
        pingAt: now - 2000,
        entry: 'box:4242+1:default',
      },
      {
        name: 'box:4243+1',
        queues: ['mail'],
        status: 'idle',
        job: null,
        pingAt: now - 5 * 60_000,
        entry: 'box:4243+1:mail',
      },
    ],
    locks: [{ key: 'lock:sayHello:default:[{"a":1}]', kind: 'queue', ttlSeconds: 90 }],
    failed: { total: 0, items: [] },
    ...over,
  };
}

export function failedItems(n: number, total = n): Snapshot['failed'] {
  const items = [];
  for (let i = 0; i < n; i++) {
    const index = total - 1 - i;
    const stored = JSON.stringify({
      payload: { class: `job${index}`, queue: 'default', args: [index] },
      error: `err ${index}`,
    });
    items.push({
      queue: 'default',
      class: `job${index}`,
      args: [index],
      exception: 'Error',
      error: `err ${index}`,
      backtrace: ['at one', 'at two'],
      failedAt: Date.now() - 1000,
      worker: 'box:1+1',
      stored,
      index,
    });
  }
  return { total, items };
}
