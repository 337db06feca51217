// Walks the failed list from its head in windows and applies one atomic step per window.
// A window's step either happens whole or not at all, so cancelling (or a crash) between
// windows loses and duplicates nothing.
import type { Redis } from 'ioredis';
import { parseFailed } from './parse.js';
import { withScripts } from './scripts.js';
import type { FailedItem } from './types.js';

export interface BulkOptions {
  signal?: AbortSignal;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BulkResult {
  done: number;
  total: number;
  cancelled: boolean;
  /** Entries selected but not acted on: gone meanwhile, not JSON (cannot retry), or vetoed. */
  skipped: number;
}

export type FailedFilter = (item: FailedItem) => boolean;

export const DEFAULT_BATCH = 500;

/** Counts failed entries that match a filter, reading in windows. */
export async function countMatching(
  redis: Redis,
  failedKey: string,
  filter: FailedFilter,
  opts: { signal?: AbortSignal; batchSize?: number } = {},
): Promise<number> {
  const size = opts.batchSize ?? 2000;
  let count = 0;
  for (let start = 0; !opts.signal?.aborted; start += size) {
    const batch = await redis.lrange(failedKey, start, start + size - 1);
    for (const stored of batch) if (filter(parseFailed(stored))) count++;
    if (batch.length < size) break;
  }
  return count;
}

/**
 * Applies `step` to each window of selected entries, oldest first. `step` returns how many of
 * the given entries it removed from the list. Stops after `max` entries or once the entries that
 * were in the list at the start have all been looked at. New failures keep arriving at the tail
 * and are never touched, even when others removed entries meanwhile so that every index
 * shifted: the walk ends at the newest surviving one of a few entries noted at the start (the
 * last 32, then every power of two back), found with each window in one script. When others
 * removed the newest of those, a few older entries past the mark are left rather than risk a
 * new one; only when all marks are gone does the walk fall back to counting.
 */
export async function walkFailed(
  redis: Redis,
  failedKey: string,
  step: (items: FailedItem[]) => Promise<{ done: number; skipped: number }>,
  opts: BulkOptions & { filter?: FailedFilter; total: number; max?: number },
): Promise<BulkResult> {
  const size = opts.batchSize ?? DEFAULT_BATCH;
  // The length and the marks in one transaction: the marks are the entries at those places then.
  const read = redis.multi().llen(failedKey).lrange(failedKey, -32, -1);
  for (let d = 64; d <= 1 << 26; d *= 2) read.lindex(failedKey, -d);
  const [[, limit], [, tail], ...farther] = (await read.exec()) as [Error | null, unknown][];
  // Newest first.
  let markers = [...(tail as string[]).reverse(), ...farther.map(([, v]) => v)].filter(
    // Huge entries would be sent with every window: they make poor marks.
    (v): v is string => typeof v === 'string' && v.length <= 16_384,
  );
  const scripted = withScripts(redis);
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  let cursor = 0;
  let scanned = 0;
  let done = 0;
  let skipped = 0;
  while (scanned < (limit as number) && done + skipped < max) {
    if (opts.signal?.aborted) return { done, total: opts.total, cancelled: true, skipped };
    const want = Math.min(size, (limit as number) - scanned);
    let reply: [number, number, ...string[]];
    for (;;) {
      // A few marks per call; marks found missing stay missing and are not sent again.
      const sent = markers.slice(0, 8);
      reply = (await scripted.failedWindow(failedKey, cursor, want, ...sent)) as unknown as typeof reply;
      if (reply[1] > 0) {
        markers = markers.slice(reply[1] - 1);
        break;
      }
      markers = markers.slice(sent.length);
      if (markers.length === 0) break; // none left at all: this window is bounded by the count
    }
    const [boundary, , ...batch] = reply;
    if (batch.length === 0) break;
    const reachedEnd = boundary >= 0 && cursor + batch.length - 1 >= boundary;
    scanned += batch.length;
    const selected: FailedItem[] = [];
    for (const stored of batch) {
      if (done + skipped + selected.length >= max) break;
      const item = parseFailed(stored);
      if (!opts.filter || opts.filter(item)) selected.push(item);
    }
    const result = selected.length > 0 ? await step(selected) : { done: 0, skipped: 0 };
    done += result.done;
    skipped += result.skipped;
    // Entries we removed are gone from this window; the ones we kept stay where they were.
    cursor += batch.length - result.done;
    opts.onProgress?.(done, opts.total);
    // This window held the newest entry that was there at the start: nothing older is left.
    if (reachedEnd) break;
  }
  return { done, total: opts.total, cancelled: false, skipped };
}
