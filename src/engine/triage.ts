// Failure triage: the failed list grouped by queue, class, exception and normalised error, read in
// LRANGE windows (never the whole list at once, never Lua over it) so a 50,000-entry list costs a
// few dozen short commands and can be cancelled between windows. A group's key is plain JSON, so
// a group can be acted on later: `groupFilter(key)` selects exactly its entries for the bulk
// retry/remove in actions.ts.
import type { Redis } from 'ioredis';
import type { ResqueKeys } from './keys.js';
import { parseFailed } from './parse.js';
import type { FailedItem } from './types.js';

export const TRIAGE_WINDOW = 2000;
/** Longest error text normalised (and kept in a key); longer messages are cut first. */
const MAX_ERROR_CHARS = 500;
const MAX_EXCEPTION_CHARS = 200;

export interface TriageGroup {
  /** Stable, serialisable identity: JSON of [queue, class, exception, error]. */
  key: string;
  queue: string | null;
  class: string | null;
  exception: string | null;
  /** The normalised error message (placeholders for numbers, ids, strings…). */
  error: string;
  count: number;
  /** Earliest and latest failedAt (epoch ms) in the group; null when no entry had a time. */
  firstSeen: number | null;
  lastSeen: number | null;
  /** The group's most recently pushed entry, with its exact stored string. */
  sample: FailedItem;
}

export interface TriageResult {
  /** Length of the failed list when the scan started. */
  total: number;
  /** Entries read (less than total when cancelled, or when entries were removed meanwhile). */
  scanned: number;
  /** Sorted by count (largest first), then most recent. */
  groups: TriageGroup[];
  cancelled: boolean;
}

export interface TriageOptions {
  signal?: AbortSignal;
  /** Entries per LRANGE. */
  windowSize?: number;
  onProgress?: (scanned: number, total: number) => void;
}

// Order matters: whole things (emails, urls, quoted strings, uuids) before their parts.
const RULES: [RegExp, string][] = [
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>'],
  [/(?<!\w)"[^"\n]*"|(?<!\w)'[^'\n]*'(?!\w)|`[^`\n]*`/g, '<str>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Hex digests and object ids: 8+ hex characters with at least one digit and one letter.
  [/\b(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  // Opaque ids: 8+ word characters mixing letters and at least two digits (ord_8f3k2j9d, user1234).
  [/\b(?=[\w-]*[a-z])(?=(?:[\w-]*?\d){2})[\w-]{8,}\b/gi, '<id>'],
  // Numbers, unless glued to a letter before them (utf8, sha256, E11000 stay): 3000ms -> <n>ms.
  [/(?<![a-z\d])\d+(?:[.,]\d+)*/gi, '<n>'],
];

/** Folds the variable parts of an error message so messages of one kind compare equal. */
export function normaliseError(message: string | null | undefined): string {
  if (!message) return '';
  let text = message.length > MAX_ERROR_CHARS ? message.slice(0, MAX_ERROR_CHARS) : message;
  for (const [pattern, placeholder] of RULES) {
    text = text.replace(pattern, (m) => (placeholder === '<str>' ? `${m[0]}<str>${m[0]}` : placeholder));
  }
  return text.replace(/\s+/g, ' ').trim();
}

function groupFields(item: FailedItem): [string | null, string | null, string | null, string] {
  const exception = item.exception === null ? null : item.exception.slice(0, MAX_EXCEPTION_CHARS);
  return [item.queue, item.class, exception, normaliseError(item.error)];
}

/** The key of the group an entry belongs to. */
export function groupKeyOf(item: FailedItem): string {
  return JSON.stringify(groupFields(item));
}

/** Selects exactly the entries of one group (for Actions.retryAllFailed / removeAllFailed). */
export function groupFilter(key: string): (item: FailedItem) => boolean {
  return (item) => groupKeyOf(item) === key;
}

/** Adds one window of stored entries to the groups. */
export function addToGroups(groups: Map<string, TriageGroup>, stored: string[], firstIndex: number): void {
  for (let i = 0; i < stored.length; i++) {
    const item = parseFailed(stored[i], firstIndex + i);
    const fields = groupFields(item);
    const key = JSON.stringify(fields);
    const at = item.failedAt;
    const g = groups.get(key);
    if (!g) {
      const [queue, klass, exception, error] = fields;
      groups.set(key, {
        key,
        queue,
        class: klass,
        exception,
        error,
        count: 1,
        firstSeen: at,
        lastSeen: at,
        sample: item,
      });
      continue;
    }
    g.count++;
    g.sample = item;
    if (at !== null) {
      if (g.firstSeen === null || at < g.firstSeen) g.firstSeen = at;
      if (g.lastSeen === null || at > g.lastSeen) g.lastSeen = at;
    }
  }
}

export function sortGroups(groups: Iterable<TriageGroup>): TriageGroup[] {
  return [...groups].sort(
    (a, b) =>
      b.count - a.count ||
      (b.lastSeen ?? 0) - (a.lastSeen ?? 0) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/**
 * Groups the failed list as it is when the scan starts (entries pushed meanwhile are not read).
 * A picture, not a transaction: entries removed by someone else during the scan shift the
 * windows. Cancelling returns the groups read so far with `cancelled: true`.
 */
export async function triageFailed(
  redis: Redis,
  keys: ResqueKeys,
  opts: TriageOptions = {},
): Promise<TriageResult> {
  const size = Math.max(1, opts.windowSize ?? TRIAGE_WINDOW);
  const groups = new Map<string, TriageGroup>();
  const total = await redis.llen(keys.failed);
  let scanned = 0;
  let cancelled = false;
  opts.onProgress?.(0, total);
  while (scanned < total) {
    if (opts.signal?.aborted) {
      cancelled = true;
      break;
    }
    const end = Math.min(total, scanned + size) - 1;
    const batch = await redis.lrange(keys.failed, scanned, end);
    if (batch.length === 0) break;
    addToGroups(groups, batch, scanned);
    scanned += batch.length;
    opts.onProgress?.(scanned, total);
  }
  return { total, scanned, groups: sortGroups(groups.values()), cancelled };
}
