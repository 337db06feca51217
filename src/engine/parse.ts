// Parsers for what resque stores. Data in Redis may come from other clients, older versions
// or accidents: nothing here throws; what cannot be understood is kept raw.
import { hostname } from 'node:os';
import type { FailedItem, JobPayload } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deeper than this, a value is kept as raw text: JSON.parse follows any depth, but
 * JSON.stringify (snapshot --json, the retry's job JSON) overflows the stack a few thousand
 * levels down, and no job needs more than a handful.
 */
const MAX_DEPTH = 256;

function tooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return true;
    for (const child of Object.values(v as object))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

function tryJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && tooDeep(value) ? undefined : value;
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function argsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return [];
  return [value];
}

/** A job as stored in `queue:<q>` or `delayed:<sec>`: `{"class","queue","args"}`. */
export function parseJob(stored: string): JobPayload {
  const value = tryJson(stored);
  if (!isObject(value) || typeof value.class !== 'string') {
    return { class: null, queue: null, args: [], raw: stored };
  }
  return { class: value.class, queue: str(value.queue), args: argsOf(value.args) };
}

/** Numbers stored as strings by node-resque; anything non-numeric counts as 0. */
export function toCount(value: unknown): number {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(n) ? n : 0;
}

const MAX_DATE_MS = 8.64e15;

/**
 * `failed_at` is a Date.toString() string from node-resque, but others write ISO strings or
 * epoch numbers (seconds or milliseconds). Returns epoch ms, or null when it can't be read.
 */
export function parseTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = Math.abs(value) < 1e11 ? value * 1000 : value;
    // Beyond what a Date can hold (±8.64e15 ms): not a time anyone wrote on purpose.
    return Math.abs(ms) <= MAX_DATE_MS ? ms : null;
  }
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return parseTime(Number(value));
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function backtraceOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((line) => str(line) ?? '');
  if (typeof value === 'string') return value.split('\n');
  return [];
}

/** An entry of the `failed` list. */
export function parseFailed(stored: string, index?: number): FailedItem {
  const value = tryJson(stored);
  if (!isObject(value)) {
    return {
      queue: null,
      class: null,
      args: [],
      exception: null,
      error: null,
      backtrace: [],
      failedAt: null,
      worker: null,
      raw: stored,
      stored,
      index,
    };
  }
  const payload = isObject(value.payload) ? value.payload : {};
  const item: FailedItem = {
    queue: str(value.queue) ?? str(payload.queue),
    class: str(payload.class),
    args: argsOf(payload.args),
    exception: str(value.exception),
    error: str(value.error),
    backtrace: backtraceOf(value.backtrace),
    failedAt: parseTime(value.failed_at),
    worker: str(value.worker),
    stored,
    index,
  };
  if (item.class === null) item.raw = stored;
  return item;
}

/** Canonical JSON (sorted keys) to compare entries written with other spacing or key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Same JSON value, whatever the spacing or key order; non-JSON compares as text. */
export function sameEntry(stored: string, target: unknown): boolean {
  if (typeof target === 'string') return stored === target;
  const value = tryJson(stored);
  return value !== undefined && canonicalJson(value) === canonicalJson(target);
}

/** The job JSON node-resque writes for an enqueue, in its key order. */
export function encodeJob(queue: string, className: string, args: unknown[]): string {
  return JSON.stringify({ class: className, queue, args });
}

/** The failed-list entry for a job taken from a cleaned worker, as node-resque's forceCleanWorker writes it. */
export function forceCleanFailure(worker: string, workingOn: string): string {
  let parsed: { queue?: unknown; payload?: unknown } = {};
  try {
    parsed = JSON.parse(workingOn);
  } catch {
    // keep the raw text in the payload below
  }
  const message = 'Worker Timeout (killed manually)';
  return JSON.stringify({
    worker,
    queue: parsed.queue ?? null,
    payload: parsed.payload ?? { raw: workingOn },
    exception: message,
    error: message,
    backtrace: [`killed by ${hostname()} at ${new Date()}`, 'queue#forceCleanWorker', 'stellar-tasks-tui'],
    failed_at: new Date().toString(),
  });
}

/** When a worker started its current job (`worker:<entry>` value), epoch ms. */
export function jobStart(workingOn: string): number | null {
  try {
    return parseTime((JSON.parse(workingOn) as { run_at?: unknown }).run_at);
  } catch {
    return null;
  }
}

/** The time of a worker's last ping (`worker:ping:<name>` value), epoch ms. */
export function pingTime(ping: string | null): number | null {
  if (!ping) return null;
  try {
    return parseTime((JSON.parse(ping) as { time?: unknown }).time);
  } catch {
    return null;
  }
}
