// The refresh loop: one snapshot in flight at a time (a slow Redis never piles up requests),
// every refreshMs, backing off while Redis is away; the last data stays, marked stale.
import { errorMessage } from '../errors.js';
import type { Backend, SnapshotWindow } from './backend.js';
import { adoptLoadedIds } from './control/navigation.js';
import { clamp } from './selection.js';
import { applySnapshot, refreshFailed, type UiState, type UiStore } from './store.js';

/** Rows read when a filter is on: the filter searches the newest this many (the header says so). */
export const FILTER_SCAN = 1000;
const MAX_BACKOFF_MS = 10_000;

/**
 * The window to read: only what the list shows (plus a page either side so a job that moved a
 * little is still found). The failed window follows the selected job by its list index, which
 * does not change when new failures are pushed.
 */
export function windowFor(s: UiState): Required<SnapshotWindow> {
  const page = Math.max(1, s.bodyRows);
  const win = { failedOffset: 0, failedLimit: page * 3, delayedOffset: 0, delayedLimit: page * 3 };
  if (s.filters.failed.trim()) {
    win.failedLimit = FILTER_SCAN;
  } else {
    const sel = s.selections.failed;
    let top = sel.top;
    const total = s.snapshot?.failed.total ?? 0;
    const listIndex = sel.id === null ? Number.NaN : Number(sel.id.split('\u0000')[0]);
    if (Number.isInteger(listIndex) && total > 0) {
      // Newest-first position now = total - 1 - listIndex; keep the same offset from `top`.
      const moved = total - 1 - listIndex - sel.index;
      top += moved;
    }
    win.failedOffset = Math.max(0, top - page);
  }
  if (s.filters.delayed.trim()) {
    win.delayedLimit = FILTER_SCAN;
  } else if (s.pane === 'delayed') {
    // Other panes (the overview) need the earliest due jobs, so only the Delayed pane scrolls.
    win.delayedOffset = Math.max(0, s.selections.delayed.top - page);
  }
  return win;
}

export interface Refresher {
  /** Refresh as soon as possible (after the one in flight, if any). */
  kick(): void;
  stop(): void;
}

export interface RefresherOptions {
  refreshMs: number;
  now?: () => number;
}

export function startRefresher(store: UiStore, backend: Backend, options: RefresherOptions): Refresher {
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;
  let again = false;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
  };

  async function tick(): Promise<void> {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    again = false;
    const window = windowFor(store.getState());
    const started = now();
    store.setState({ refreshingSince: started });
    try {
      const snapshot = await backend.snapshot(window);
      if (stopped) return;
      applySnapshot(store, snapshot, window, now() - started);
      adoptLoadedIds(store);
    } catch (error) {
      if (stopped) return;
      refreshFailed(store, errorMessage(error));
    } finally {
      inFlight = false;
    }
    const failures = store.getState().failures;
    const delay =
      failures > 0 ? clamp(options.refreshMs * 2 ** (failures - 1), 0, MAX_BACKOFF_MS) : options.refreshMs;
    schedule(again ? 0 : delay);
  }

  schedule(0);
  return {
    kick() {
      if (inFlight) again = true;
      else schedule(0);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
