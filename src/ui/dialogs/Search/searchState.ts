// The search view's state as plain data and pure transitions: typing the query (Tab switches
// substring / regex), scanning with matches streaming in, then the results with a selection; plus
// the header and the table columns. No React, no Redis.
import type { SearchMatch, SearchMode, SearchResult, SearchTarget } from '../../backend.js';
import type { Column } from '../../components/Table.js';
import { formatCount, formatTime } from '../../format.js';
import type { Command } from '../../keymap.js';
import { moveInList } from '../../listMove.js';
import type { Rows } from '../../rows.js';
import { clean, truncate } from '../../sanitize.js';
import { EMPTY_SELECTION, resolveIndex, type Selection } from '../../selection.js';

/** Matches kept in the view; the scan stops there and says so (refine the query). */
export const MAX_RESULTS = 10_000;

export interface SearchView {
  target: SearchTarget;
  phase: 'input' | 'scanning' | 'done';
  query: string;
  mode: SearchMode;
  /** Why the query could not run (invalid regex…), shown under the input. */
  error: string | null;
  scanned: number;
  total: number;
  matches: SearchMatch[];
  cancelled: boolean;
  limited: boolean;
  selection: Selection;
  /** Aborts the scan in progress (a no-op once it is done). */
  cancel: () => void;
}

const noop = () => undefined;

/** The query input; the last query and mode are kept when searching the same list again. */
export function inputView(target: SearchTarget, prev: SearchView | null): SearchView {
  const same = prev !== null && sameTarget(prev.target, target);
  return {
    target,
    phase: 'input',
    query: same ? prev.query : '',
    mode: same ? prev.mode : 'substring',
    error: null,
    scanned: same ? prev.scanned : 0,
    total: same ? prev.total : 0,
    matches: same ? prev.matches : [],
    cancelled: same ? prev.cancelled : false,
    limited: same ? prev.limited : false,
    selection: same ? prev.selection : EMPTY_SELECTION,
    cancel: noop,
  };
}

export function sameTarget(a: SearchTarget, b: SearchTarget): boolean {
  return a.kind === b.kind && (a.kind === 'failed' || (b.kind === 'queue' && a.name === b.name));
}

export function editQuery(v: SearchView, query: string): SearchView {
  return { ...v, query, error: null };
}

export function toggleMode(v: SearchView): SearchView {
  return { ...v, mode: v.mode === 'substring' ? 'regex' : 'substring', error: null };
}

/** A scan starts: earlier results go. */
export function started(v: SearchView, cancel: () => void): SearchView {
  return {
    ...v,
    phase: 'scanning',
    error: null,
    scanned: 0,
    total: 0,
    matches: [],
    cancelled: false,
    limited: false,
    selection: EMPTY_SELECTION,
    cancel,
  };
}

/** A window was read: its matches join the list (in scan order). */
export function progressed(v: SearchView, found: SearchMatch[], scanned: number, total: number): SearchView {
  return { ...v, scanned, total, matches: found.length > 0 ? [...v.matches, ...found] : v.matches };
}

export function finished(v: SearchView, r: SearchResult): SearchView {
  return {
    ...v,
    phase: 'done',
    scanned: r.scanned,
    total: r.total,
    cancelled: r.cancelled,
    limited: r.limited,
    cancel: noop,
  };
}

/** The query could not run: back to the input, saying why. */
export function refused(v: SearchView, error: string): SearchView {
  return { ...v, phase: 'input', error, cancel: noop };
}

/** A match acted on (retried, removed, or found gone) leaves the list. */
export function dropMatch(v: SearchView, match: SearchMatch): SearchView {
  return { ...v, matches: v.matches.filter((m) => m !== match) };
}

const rowsCache = new WeakMap<SearchMatch[], Rows<SearchMatch>>();

/** Each list position is read once per scan, so the index identifies a match. */
export function matchRows(v: SearchView): Rows<SearchMatch> {
  let rows = rowsCache.get(v.matches);
  if (!rows) {
    rows = {
      items: v.matches,
      ids: v.matches.map((m) => String(m.index)),
      offset: 0,
      total: v.matches.length,
    };
    rowsCache.set(v.matches, rows);
  }
  return rows;
}

export function selectedMatch(v: SearchView): SearchMatch | undefined {
  const rows = matchRows(v);
  return v.matches[resolveIndex(v.selection, rows.ids, 0, rows.total)];
}

/** Moves the selection for a movement command; `page` is the number of visible rows. */
export function moveIn(v: SearchView, command: Command, page: number): SearchView {
  const selection = moveInList(v.selection, matchRows(v).ids, command, page);
  return selection ? { ...v, selection } : v;
}

export function targetName(t: SearchTarget): string {
  return t.kind === 'failed' ? 'the failed list' : `queue ${clean(t.name)}`;
}

/** The inverse first line: what is searched, the meter, and the keys that apply now. */
export function header(v: SearchView): string {
  const what = `search ${targetName(v.target)}`;
  if (v.phase === 'input') return ` ${what} · Tab substring/regex · Enter search · Esc back `;
  const n = v.matches.length;
  const query = clean(truncate(v.query, 40));
  const parts = [
    `${what} for ${v.mode === 'regex' ? `/${query}/` : `"${query}"`}`,
    `scanned ${formatCount(v.scanned)} of ${formatCount(v.total)} · ${formatCount(n)} match${n === 1 ? '' : 'es'}`,
  ];
  if (v.limited) parts.push(`stopped at ${formatCount(MAX_RESULTS)}: refine the query`);
  if (v.cancelled) parts.push('cancelled');
  if (v.phase === 'scanning') parts.push('Esc cancels');
  else if (v.target.kind === 'failed')
    parts.push('Enter detail · r/x retry/remove · R/X all matches · Ctrl-F edit · Esc back');
  else parts.push('Ctrl-F edit · Esc back');
  return ` ${parts.join(' · ')} `;
}

/** Under the input: the error, or how the query is read. */
export function inputHint(v: SearchView): string {
  if (v.error) return v.error;
  const fields = v.target.kind === 'failed' ? 'class, args, error, exception, queue' : 'class, args, queue';
  const regex = v.mode === 'regex' ? '; a regex sees the first 10 KB of each field' : '';
  return `matches ${fields}; ignores case unless the query has a capital${regex}`;
}

/** What the row shows for a match: where it matched, or the error when the match was the name. */
function matchText(m: SearchMatch): string {
  if (m.kind === 'failed' && (m.field === 'class' || m.field === 'queue'))
    return clean(truncate(m.item.error ?? m.item.exception ?? ''));
  return clean(truncate(m.excerpt));
}

export function matchColumns(target: SearchTarget): Column<SearchMatch>[] {
  const field: Column<SearchMatch> = { title: 'in', width: 9, get: (m) => m.field };
  const match: Column<SearchMatch> = { title: 'match', width: 0, get: matchText };
  if (target.kind === 'failed') {
    return [
      { title: 'failed at', width: 19, get: (m) => (m.kind === 'failed' ? formatTime(m.item.failedAt) : '') },
      { title: 'queue', width: 12, get: (m) => clean((m.kind === 'failed' ? m.item.queue : null) ?? '?') },
      {
        title: 'class',
        width: 18,
        get: (m) => clean((m.kind === 'failed' ? m.item.class : null) ?? '(not JSON)'),
      },
      field,
      match,
    ];
  }
  return [
    { title: '#', width: 8, get: (m) => String(m.index).padStart(8) },
    {
      title: 'class',
      width: 20,
      get: (m) => clean((m.kind === 'queue' ? m.job.class : null) ?? '(not JSON)'),
    },
    field,
    match,
  ];
}
