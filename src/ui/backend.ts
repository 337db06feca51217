// The narrow surface the UI needs from the engine and the sandbox. commands/tui.ts builds it from
// the real Monitor/Actions/Sandbox; tests may hand in a fake where Redis is not the point.
// Engine types are imported as types only: the UI never loads ioredis through this file.
import type { BulkOptions, BulkResult, FailedFilter } from '../engine/bulk.js';
import type { SnapshotWindow } from '../engine/monitor.js';
import type { SearchOptions, SearchResult } from '../engine/search.js';
import type { TriageOptions, TriageResult } from '../engine/triage.js';
import type { DelayedJob, JobPayload, Snapshot } from '../engine/types.js';

export type { BulkOptions, BulkResult, FailedFilter } from '../engine/bulk.js';
export type { SnapshotWindow } from '../engine/monitor.js';
export type {
  SearchMatch,
  SearchMode,
  SearchOptions,
  SearchResult,
  SearchTarget,
} from '../engine/search.js';
export type { TriageGroup, TriageOptions, TriageResult } from '../engine/triage.js';

export type QueueJob = JobPayload & { stored: string; index: number };

/** Every mutating operation. Read-only is enforced inside (the engine throws), never in the UI. */
export interface BackendActions {
  readonly readOnly: boolean;
  retryFailed(
    stored: string,
  ): Promise<{ status: 'retried' | 'missing' | 'vetoed' | 'invalid'; reason?: string }>;
  removeFailed(stored: string): Promise<boolean>;
  retryFailedMany(stored: string[], opts?: BulkOptions): Promise<BulkResult>;
  removeFailedMany(stored: string[], opts?: BulkOptions): Promise<BulkResult>;
  retryAllFailed(opts?: BulkOptions & { filter?: FailedFilter }): Promise<BulkResult>;
  removeAllFailed(opts?: BulkOptions & { filter?: FailedFilter }): Promise<BulkResult>;
  countFailed(filter?: FailedFilter, signal?: AbortSignal): Promise<number>;
  runDelayedNow(job: DelayedJob): Promise<boolean>;
  removeDelayed(job: DelayedJob): Promise<boolean>;
  deleteQueue(name: string): Promise<number>;
  deleteLock(key: string): Promise<boolean>;
  cleanWorker(entry: string): Promise<{ failed: boolean }>;
  cleanWorkersOlderThan(ageMs: number): Promise<string[]>;
  enqueue(input: { class: string; queue: string; args: unknown[]; delayMs?: number }): Promise<void>;
  /** Restores the last journaled remove or retry (see engine/journal.ts); op null: nothing to undo. */
  undoLast(): Promise<UndoResult>;
  /** What undoLast would restore, from the local journal only; null when nothing. */
  lastUndoable?(): Promise<{ op: 'remove' | 'retry'; count: number; unconfirmed: number } | null>;
}

export interface UndoResult {
  op: 'remove' | 'retry' | null;
  restored: number;
  /** Retried jobs a worker had already taken: they cannot come back. */
  skipped: number;
  /** Entries of an interrupted batch whose outcome is unknown: left alone. */
  unconfirmed: number;
}

/** A named target from the contexts file, as the status line and the confirmations need it. */
export interface ContextBadge {
  name: string;
  label: string;
  color?: string;
  /** Destructive actions ask for the context's name typed out instead of `y`. */
  protected: boolean;
}

export interface LogEntry {
  at: number;
  level: 'info' | 'warn' | 'error';
  message: string;
  data?: unknown;
}

export interface LogSource {
  entries(): LogEntry[];
  subscribe(fn: (entry: LogEntry) => void): () => void;
}

export interface TaskDef {
  name: string;
  queue: string;
  frequency: number;
}

export interface BackendInfo {
  /** Masked URL: the only form of the connection ever drawn. */
  display: string;
  namespace: string;
  mode: 'sandbox' | 'remote';
  readOnly: boolean;
  refreshMs: number;
  /** Set when the console points at a named context (--context, :ctx). */
  context?: ContextBadge;
}

export interface Backend {
  info: BackendInfo;
  snapshot(window: SnapshotWindow): Promise<Snapshot>;
  queueJobs(queue: string, offset: number, limit: number): Promise<{ total: number; items: QueueJob[] }>;
  actions: BackendActions;
  /** Groups the whole failed list (read in windows); absent in fakes where triage is not the point. */
  triage?: (opts: TriageOptions) => Promise<TriageResult>;
  /** Searches the whole failed list or a queue (read in windows); absent in fakes where search is not the point. */
  search?: (opts: SearchOptions) => Promise<SearchResult>;
  /** Sandbox only. */
  logs?: LogSource;
  /** Sandbox only: the loaded task modules, offered by the enqueue form. */
  tasks?: () => TaskDef[];
}
