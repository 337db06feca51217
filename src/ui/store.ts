// The UI's state: a vanilla zustand store created per app and injected through React context
// (never a module singleton, so tests and two consoles never share state).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FailedItem, Snapshot } from '../engine/types.js';
import type { LogEntry } from './backend.js';
import type { SearchView } from './dialogs/Search/searchState.js';
import type { TriageView } from './dialogs/Triage/triageState.js';
import { PANES, type PaneId } from './panes.js';
import { EMPTY_SELECTION, type Selection } from './selection.js';

export interface Sample {
  at: number;
  processed: number;
  failed: number;
}

export type Overlay =
  | { kind: 'help' }
  /** `typeName`: a protected context; only that name typed out (and Enter) confirms, not `y`. */
  | { kind: 'confirm'; message: string; onYes: () => void; typeName?: string }
  | { kind: 'contexts' }
  | { kind: 'detail'; item: FailedItem }
  | { kind: 'queueJobs'; queue: string }
  | { kind: 'enqueue' }
  | { kind: 'prompt'; label: string; hint?: string; onSubmit: (value: string) => string | undefined }
  | { kind: 'progress'; label: string; done: number; total: number; cancel: () => void; cancelling: boolean };

export interface Status {
  text: string;
  error: boolean;
  at: number;
}

export interface UiState {
  // data
  snapshot: Snapshot | null;
  /** Window the current snapshot was read with (row positions depend on it). */
  failedOffset: number;
  delayedOffset: number;
  stale: boolean;
  /** Last refresh error while disconnected; null when the last refresh worked. */
  error: string | null;
  failures: number;
  lastRefreshMs: number | null;
  refreshingSince: number | null;
  history: Sample[];
  logs: LogEntry[];
  // view
  pane: PaneId;
  selections: Record<PaneId, Selection>;
  filters: Record<PaneId, string>;
  /** Text being typed after `/`; null when not editing. */
  filterDraft: string | null;
  /** Marked failed rows: row id -> exact stored string. */
  marks: Map<string, string>;
  overlay: Overlay | null;
  /** The failure triage view (F on the Failed pane), shown in place of the pane; null when closed. */
  triage: TriageView | null;
  /** The search view (Ctrl-F on the Failed or Queues pane), shown in place of the pane; null when closed. */
  search: SearchView | null;
  status: Status | null;
  /** Rows the list area can show (set by the layout; the refresher reads only that many). */
  bodyRows: number;
}

export const HISTORY_LIMIT = 300;
const LOG_LIMIT = 2000;

function perPane<T>(value: T): Record<PaneId, T> {
  return Object.fromEntries(PANES.map((p) => [p, value])) as Record<PaneId, T>;
}

export function initialState(overrides: Partial<UiState> = {}): UiState {
  return {
    snapshot: null,
    failedOffset: 0,
    delayedOffset: 0,
    stale: false,
    error: null,
    failures: 0,
    lastRefreshMs: null,
    refreshingSince: null,
    history: [],
    logs: [],
    pane: 'overview',
    selections: perPane(EMPTY_SELECTION),
    filters: perPane(''),
    filterDraft: null,
    marks: new Map(),
    overlay: null,
    triage: null,
    search: null,
    status: null,
    bodyRows: 20,
    ...overrides,
  };
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(overrides: Partial<UiState> = {}): UiStore {
  return createStore<UiState>()(() => initialState(overrides));
}

// ---- transitions (plain functions over the store: easy to call from the refresher and tests)

export function applySnapshot(
  store: UiStore,
  snapshot: Snapshot,
  window: { failedOffset: number; delayedOffset: number },
  durationMs: number,
): void {
  store.setState((s) => {
    const sample = {
      at: snapshot.takenAt,
      processed: snapshot.stats.processed,
      failed: snapshot.stats.failed,
    };
    const history = [...s.history, sample].slice(-HISTORY_LIMIT);
    return {
      snapshot,
      failedOffset: window.failedOffset,
      delayedOffset: window.delayedOffset,
      stale: false,
      error: null,
      failures: 0,
      lastRefreshMs: durationMs,
      refreshingSince: null,
      history,
    };
  });
}

export function refreshFailed(store: UiStore, message: string): void {
  store.setState((s) => ({
    stale: s.snapshot !== null,
    error: message,
    failures: s.failures + 1,
    refreshingSince: null,
  }));
}

export function setStatus(store: UiStore, text: string, error = false): void {
  store.setState({ status: { text, error, at: Date.now() } });
}

export function appendLog(store: UiStore, entry: LogEntry): void {
  store.setState((s) => ({ logs: [...s.logs, entry].slice(-LOG_LIMIT) }));
}

export function setSelection(store: UiStore, pane: PaneId, sel: Selection): void {
  store.setState((s) => ({ selections: { ...s.selections, [pane]: sel } }));
}

export function openOverlay(store: UiStore, overlay: Overlay | null): void {
  store.setState({ overlay });
}
