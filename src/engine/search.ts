// Search over a whole list in Redis (the failed list, or one queue), not just what a pane has
// loaded: read in LRANGE windows (never the whole list at once, never Lua over it), matched here,
// matches streamed as they are found, cancellable between windows. Each match carries the exact
// stored string, so Actions.retryFailed / removeFailed can act on exactly that entry.
//
// Order: the failed list is read newest first (from its tail, as the Failed pane shows it, so the
// most recent failures arrive first); a queue is read from its head (next to run first, as the
// queue's job view shows it). Either way the windows are positive indices fixed by the length at
// the start, so entries pushed meanwhile (RPUSH, at the tail) shift nothing and are not read.
//
// Regex safety: JavaScript regexes backtrack and cannot be interrupted. Two cheap guards: a
// pattern whose repeated group holds a quantifier or an alternation (`(a+)+`, `(\w*)*`, `(a|ab)*`),
// the shape of exponential backtracking, is refused before any read; and each field is matched over
// at most its first MAX_REGEX_FIELD_CHARS characters. Substring search reads whole fields.
import type { Redis } from 'ioredis';
import { UserFacingError } from '../errors.js';
import type { ResqueKeys } from './keys.js';
import { parseFailed, parseJob } from './parse.js';
import type { FailedItem, JobPayload } from './types.js';

export const SEARCH_WINDOW = 1000;
/** Characters of one field a regex sees (a 1 MB args blob is cut, not backtracked over). */
export const MAX_REGEX_FIELD_CHARS = 10_000;
/** Characters of context kept around a match for display. */
const EXCERPT_CHARS = 120;

export type SearchTarget = { kind: 'failed' } | { kind: 'queue'; name: string };
export type SearchMode = 'substring' | 'regex';
export type SearchField = 'class' | 'args' | 'error' | 'exception' | 'queue' | 'raw';

interface MatchBase {
  /** Position in the list at read time (0 = head: the oldest failure, or the next job to run). */
  index: number;
  /** The exact stored string (what removal and retry target). */
  stored: string;
  /** The first field that matched, and the text around the match (uncleaned: clean before drawing). */
  field: SearchField;
  excerpt: string;
}

export type SearchMatch =
  | (MatchBase & { kind: 'failed'; item: FailedItem })
  | (MatchBase & { kind: 'queue'; job: JobPayload });

export interface SearchOptions {
  target: SearchTarget;
  query: string;
  mode: SearchMode;
  /** Default: "smart case": case-sensitive only when the query holds an upper-case letter. */
  caseSensitive?: boolean;
  /** Entries per LRANGE. */
  windowSize?: number;
  /** Stop once this many matches were found (the result says `limited`). */
  maxMatches?: number;
  signal?: AbortSignal;
  onMatch?: (match: SearchMatch) => void;
  onProgress?: (scanned: number, total: number) => void;
}

export interface SearchResult {
  /** Length of the list when the scan started. */
  total: number;
  /** Positions read (less than total when cancelled or limited). */
  scanned: number;
  /** Matches found (each was passed to onMatch). */
  matches: number;
  cancelled: boolean;
  /** True when the scan stopped at maxMatches. */
  limited: boolean;
}

/** A query that cannot run (empty, invalid or dangerous regex): said before anything is read. */
export class SearchQueryError extends UserFacingError {
  override name = 'SearchQueryError';
}

/** Finds the query in a text: the match's start and length, or null. */
type Finder = (text: string) => { at: number; length: number } | null;

/**
 * Why a pattern may backtrack exponentially, or null: a repeated group (`*`, `+`, `{n,}`, `{n,m}`)
 * whose body holds a quantifier or an alternation, at any depth: `(a+)+`, `((\w*))*`, `(a|ab)*`.
 * A plain reading of the pattern (escapes and character classes skipped), not a regex over it.
 */
export function backtrackingRisk(pattern: string): string | null {
  // Per open group: does its body hold a quantifier or a `|`?
  const stack: { quantified: boolean; alternation: boolean }[] = [];
  const quantifierAt = (i: number): number => {
    const c = pattern[i];
    if (c === '*' || c === '+' || c === '?') return 1;
    if (c === '{') {
      const m = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      if (m) return m[0].length;
    }
    return 0;
  };
  const repeats = (i: number): boolean => {
    const c = pattern[i];
    return c === '*' || c === '+' || (c === '{' && /^\{\d+,\d*\}/.test(pattern.slice(i)));
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // Skip the class: `]` right after `[` or `[^` is a literal, escapes inside too.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') {
      stack.push({ quantified: false, alternation: false });
      // `(?:`, `(?=`, `(?<name>`: the `?` is not a quantifier.
      if (pattern[i + 1] === '?') i++;
      continue;
    }
    if (c === ')') {
      const closed = stack.pop();
      if (closed && stack.length > 0) {
        const parent = stack[stack.length - 1];
        parent.quantified ||= closed.quantified;
        parent.alternation ||= closed.alternation;
      }
      if (closed && repeats(i + 1) && (closed.quantified || closed.alternation)) {
        return closed.quantified
          ? 'a repeated group holds a quantifier, like (a+)+'
          : 'a repeated group holds an alternation, like (a|ab)*';
      }
      continue;
    }
    if (c === '|' && stack.length > 0) stack[stack.length - 1].alternation = true;
    const q = quantifierAt(i);
    if (q > 0) {
      if (stack.length > 0) stack[stack.length - 1].quantified = true;
      i += q - 1;
    }
  }
  return null;
}

/** Upper-case letters outside escapes (`\S`, `\W` are not "upper case" in a pattern). */
function hasUpper(query: string, mode: SearchMode): boolean {
  const text = mode === 'regex' ? query.replace(/\\./g, '') : query;
  return text !== text.toLowerCase();
}

/** Builds the matcher, or throws SearchQueryError. Exported for the UI's early check and tests. */
export function compileQuery(query: string, mode: SearchMode, caseSensitive?: boolean): Finder {
  if (query === '') throw new SearchQueryError('type something to search for');
  const sensitive = caseSensitive ?? hasUpper(query, mode);
  if (mode === 'substring') {
    const needle = sensitive ? query : query.toLowerCase();
    return (text) => {
      const at = (sensitive ? text : text.toLowerCase()).indexOf(needle);
      return at < 0 ? null : { at, length: needle.length };
    };
  }
  let re: RegExp;
  try {
    re = new RegExp(query, sensitive ? '' : 'i');
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : '';
    throw new SearchQueryError(`invalid regular expression: ${why || query}`);
  }
  const risk = backtrackingRisk(query);
  if (risk) throw new SearchQueryError(`regular expression refused (could run for ever): ${risk}`);
  return (text) => {
    const m = re.exec(text.length > MAX_REGEX_FIELD_CHARS ? text.slice(0, MAX_REGEX_FIELD_CHARS) : text);
    return m ? { at: m.index, length: m[0].length } : null;
  };
}

function excerpt(text: string, at: number, length: number): string {
  if (text.length <= EXCERPT_CHARS) return text;
  const before = Math.max(0, at - 30);
  const end = Math.min(text.length, before + Math.max(EXCERPT_CHARS, length + 30));
  return `${before > 0 ? '…' : ''}${text.slice(before, end)}${end < text.length ? '…' : ''}`;
}

function argsJson(args: unknown[]): string {
  try {
    return JSON.stringify(args) ?? '';
  } catch {
    return '';
  }
}

/** The searchable fields of an entry, in the order a match is reported. */
function fieldsOf(item: FailedItem | JobPayload): [SearchField, string | null | undefined][] {
  const failed = 'error' in item;
  const fields: [SearchField, string | null | undefined][] = [
    ['class', item.class],
    ['args', item.args.length > 0 ? argsJson(item.args) : null],
  ];
  if (failed) fields.push(['error', item.error], ['exception', item.exception]);
  fields.push(['queue', item.queue]);
  if (item.class === null) fields.push(['raw', item.raw]);
  return fields;
}

function findIn(item: FailedItem | JobPayload, find: Finder): { field: SearchField; excerpt: string } | null {
  for (const [field, text] of fieldsOf(item)) {
    if (!text) continue;
    const hit = find(text);
    if (hit) return { field, excerpt: excerpt(text, hit.at, hit.length) };
  }
  return null;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Scans the whole list as it is when the scan starts. A picture, not a transaction: entries
 * removed by someone else meanwhile shift the windows (an entry may be missed or read twice),
 * which is harmless because actions target the stored string, not the index.
 */
export async function searchList(redis: Redis, keys: ResqueKeys, opts: SearchOptions): Promise<SearchResult> {
  // Before any read: a bad query costs Redis nothing.
  const find = compileQuery(opts.query, opts.mode, opts.caseSensitive);
  const size = Math.max(1, Math.floor(opts.windowSize ?? SEARCH_WINDOW));
  const max = opts.maxMatches ?? Number.POSITIVE_INFINITY;
  const failed = opts.target.kind === 'failed';
  const key = opts.target.kind === 'failed' ? keys.failed : keys.queue(opts.target.name);
  const total = await redis.llen(key);
  let scanned = 0;
  let matches = 0;
  let cancelled = false;
  let limited = false;
  opts.onProgress?.(0, total);
  while (scanned < total) {
    if (opts.signal?.aborted) {
      cancelled = true;
      break;
    }
    // Failed: newest first, windows walking down from the tail. Queue: from the head.
    const start = failed ? Math.max(0, total - scanned - size) : scanned;
    const end = failed ? total - scanned - 1 : Math.min(total, scanned + size) - 1;
    const batch = await redis.lrange(key, start, end);
    const width = end - start + 1;
    for (let n = 0; n < batch.length; n++) {
      const i = failed ? batch.length - 1 - n : n;
      const stored = batch[i];
      const index = start + i;
      const item = failed ? parseFailed(stored, index) : parseJob(stored);
      const hit = findIn(item, find);
      if (!hit) continue;
      const match: SearchMatch = failed
        ? { kind: 'failed', index, stored, ...hit, item: item as FailedItem }
        : { kind: 'queue', index, stored, ...hit, job: item as JobPayload };
      matches++;
      opts.onMatch?.(match);
      if (matches >= max) {
        limited = true;
        // Positions read up to and including this entry.
        scanned += failed ? end - index + 1 : index - start + 1;
        break;
      }
    }
    if (limited) break;
    scanned += width;
    opts.onProgress?.(scanned, total);
    // The queue shrank below this window (jobs taken meanwhile): nothing further down the head.
    if (!failed && batch.length === 0) break;
    // Let the UI breathe (keys, redraws) between windows: matching a window is synchronous work.
    await nextTurn();
  }
  if (limited) opts.onProgress?.(scanned, total);
  return { total, scanned: Math.min(scanned, total), matches, cancelled, limited };
}
