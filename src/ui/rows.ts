// Per-pane rows derived from a snapshot: identity (for stable selection), filter matching over
// class, queue, args and error, and where the loaded slice sits in the whole list.
import type { DelayedJob, FailedItem, LockInfo, QueueInfo, Snapshot, WorkerInfo } from '../engine/types.js';
import type { LogEntry } from './backend.js';
import type { PaneId } from './panes.js';
import { fullJson } from './sanitize.js';

export interface Rows<T> {
  items: T[];
  ids: string[];
  /** Absolute position of items[0]. */
  offset: number;
  /** Rows in the whole list (matched rows when filtered). */
  total: number;
  /** Set when a filter is active: how many loaded rows were searched. */
  searched?: number;
}

function has(haystack: string | null | undefined, needle: string): boolean {
  return !!haystack && haystack.toLowerCase().includes(needle);
}

/** The `/` filter over a failed job; also handed to the engine for R/X so "all" means "all matching". */
export function failedMatcher(text: string): ((item: FailedItem) => boolean) | undefined {
  const needle = text.trim().toLowerCase();
  if (!needle) return undefined;
  return (item) =>
    has(item.class, needle) ||
    has(item.queue, needle) ||
    has(item.error, needle) ||
    has(item.exception, needle) ||
    has(fullJson(item.args), needle) ||
    (item.class === null && has(item.raw, needle));
}

export const failedId = (f: FailedItem): string => `${f.index ?? '?'}\u0000${f.stored ?? f.raw ?? ''}`;
export const delayedId = (d: DelayedJob): string =>
  `${d.at}\u0000${d.stored ?? d.raw ?? fullJson([d.class, d.queue, d.args])}`;
export const workerId = (w: WorkerInfo): string => w.entry ?? w.name;

function delayedMatch(d: DelayedJob, n: string): boolean {
  return has(d.class, n) || has(d.queue, n) || has(fullJson(d.args), n) || has(d.raw, n);
}
function workerMatch(w: WorkerInfo, n: string): boolean {
  return (
    has(w.name, n) ||
    has(w.queues.join(','), n) ||
    (!!w.job && (has(w.job.class, n) || has(w.job.queue, n) || has(fullJson(w.job.args), n)))
  );
}

function whole<T>(all: T[], id: (t: T) => string, match: ((t: T) => boolean) | undefined): Rows<T> {
  const items = match ? all.filter(match) : all;
  return {
    items,
    ids: items.map(id),
    offset: 0,
    total: items.length,
    searched: match ? all.length : undefined,
  };
}

/** A windowed list (failed, delayed): unfiltered rows sit at `offset` of `total`. */
function windowed<T>(
  loaded: T[],
  id: (t: T) => string,
  offset: number,
  total: number,
  match: ((t: T) => boolean) | undefined,
): Rows<T> {
  if (match) return whole(loaded, id, match);
  return { items: loaded, ids: loaded.map(id), offset, total: Math.max(total, offset + loaded.length) };
}

export interface RowSources {
  snapshot: Snapshot | null;
  failedOffset: number;
  delayedOffset: number;
  logs: LogEntry[];
}

export type AnyRows =
  | Rows<QueueInfo>
  | Rows<DelayedJob>
  | Rows<WorkerInfo>
  | Rows<LockInfo>
  | Rows<FailedItem>
  | Rows<LogEntry>;

export function queueRows(s: RowSources, filter: string): Rows<QueueInfo> {
  const n = filter.trim().toLowerCase();
  return whole(s.snapshot?.queues ?? [], (q) => q.name, n ? (q) => has(q.name, n) : undefined);
}
export function delayedRows(s: RowSources, filter: string): Rows<DelayedJob> {
  const n = filter.trim().toLowerCase();
  const d = s.snapshot?.delayed;
  return windowed(
    d?.next ?? [],
    delayedId,
    s.delayedOffset,
    d?.total ?? 0,
    n ? (j) => delayedMatch(j, n) : undefined,
  );
}
export function workerRows(s: RowSources, filter: string): Rows<WorkerInfo> {
  const n = filter.trim().toLowerCase();
  return whole(s.snapshot?.workers ?? [], workerId, n ? (w) => workerMatch(w, n) : undefined);
}
export function lockRows(s: RowSources, filter: string): Rows<LockInfo> {
  const n = filter.trim().toLowerCase();
  return whole(s.snapshot?.locks ?? [], (l) => l.key, n ? (l) => has(l.key, n) : undefined);
}
export function failedRows(s: RowSources, filter: string): Rows<FailedItem> {
  const f = s.snapshot?.failed;
  return windowed(f?.items ?? [], failedId, s.failedOffset, f?.total ?? 0, failedMatcher(filter));
}
export function logRows(s: RowSources, filter: string): Rows<LogEntry> {
  const n = filter.trim().toLowerCase();
  return whole(
    s.logs,
    (e) => `${e.at}:${e.message}`,
    n ? (e) => has(e.message, n) || (e.data !== undefined && has(fullJson(e.data), n)) : undefined,
  );
}

const BUILDERS: Record<PaneId, (s: RowSources, filter: string) => AnyRows> = {
  overview: () => ({ items: [], ids: [], offset: 0, total: 0 }),
  queues: queueRows,
  delayed: delayedRows,
  workers: workerRows,
  locks: lockRows,
  failed: failedRows,
  logs: logRows,
};

const memo = new Map<PaneId, { s: RowSources; filter: string; rows: AnyRows }>();

/** Rows of a pane; memoised on the (immutable) inputs so render and key handling share work. */
export function rowsFor(pane: PaneId, s: RowSources, filter: string): AnyRows {
  const hit = memo.get(pane);
  if (
    hit &&
    hit.filter === filter &&
    hit.s.snapshot === s.snapshot &&
    hit.s.logs === s.logs &&
    hit.s.failedOffset === s.failedOffset &&
    hit.s.delayedOffset === s.delayedOffset
  ) {
    return hit.rows;
  }
  const rows = BUILDERS[pane](s, filter);
  memo.set(pane, { s, filter, rows });
  return rows;
}
