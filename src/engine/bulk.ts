// Walks the failed list from its head in windows and applies one atomic step per window.
// A window's step either happens whole or not at all, so cancelling (or a crash) between
// windows loses and duplicates nothing.
import type { Redis } from 'ioredis';
import { parseFailed } from './parse.js';
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
 * were in the list at the start have all been looked at (new failures keep arriving at the tail).
 */
export async function walkFailed(
  redis: Redis,
  failedKey: string,
  step: (items: FailedItem[]) => Promise<{ done: number; skipped: number }>,
  opts: BulkOptions & { filter?: FailedFilter; total: number; max?: number },
): Promise<BulkResult> {
  const size = opts.batchSize ?? DEFAULT_BATCH;
  const limit = await redis.llen(failedKey);
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  let cursor = 0;
  let scanned = 0;
  let done = 0;
  let skipped = 0;
  while (scanned < limit && done + skipped < max) {
    if (opts.signal?.aborted) return { done, total: opts.total, cancelled: true, skipped };
    const want = Math.min(size, limit - scanned);
    const batch = await redis.lrange(failedKey, cursor, cursor + want - 1);
    if (batch.length === 0) break;
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
  }
  return { done, total: opts.total, cancelled: false, skipped };
}
