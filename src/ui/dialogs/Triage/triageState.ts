// The triage view's state as plain data and pure transitions: scanning with progress, then the
// groups (largest first) with a selection; plus the table columns. No React, no Redis.
import type { TriageGroup, TriageResult } from '../../backend.js';
import type { Column } from '../../components/Table.js';
import { formatDuration } from '../../format.js';
import type { Command } from '../../keymap.js';
import { moveInList } from '../../listMove.js';
import type { Rows } from '../../rows.js';
import { clean, truncate } from '../../sanitize.js';
import { EMPTY_SELECTION, resolveIndex, type Selection } from '../../selection.js';

export interface TriageView {
  phase: 'scanning' | 'ready';
  scanned: number;
  total: number;
  groups: TriageGroup[];
  selection: Selection;
  /** Aborts the scan in progress (a no-op once it is done). */
  cancel: () => void;
  /** When the shown groups were read (epoch ms); null before the first scan ends. */
  at: number | null;
}

/** A scan starts: the selection is kept so a rescan after an action stays near the same group. */
export function scanning(prev: TriageView | null, cancel: () => void): TriageView {
  return {
    phase: 'scanning',
    scanned: 0,
    total: 0,
    groups: prev?.groups ?? [],
    selection: prev?.selection ?? EMPTY_SELECTION,
    cancel,
    at: prev?.at ?? null,
  };
}

export function progressed(v: TriageView, scanned: number, total: number): TriageView {
  return { ...v, scanned, total };
}

export function scanned(v: TriageView, r: TriageResult, now: number): TriageView {
  return { ...v, phase: 'ready', scanned: r.scanned, total: r.total, groups: r.groups, at: now };
}

export function groupRows(v: TriageView): Rows<TriageGroup> {
  return { items: v.groups, ids: v.groups.map((g) => g.key), offset: 0, total: v.groups.length };
}

export function selectedGroup(v: TriageView): TriageGroup | undefined {
  const rows = groupRows(v);
  return v.groups[resolveIndex(v.selection, rows.ids, 0, rows.total)];
}

/** Moves the selection for a movement command; `page` is the number of visible rows. */
export function moveIn(v: TriageView, command: Command, page: number): TriageView {
  const selection = moveInList(v.selection, groupRows(v).ids, command, page);
  return selection ? { ...v, selection } : v;
}

/** "boom on default", for questions and status lines. */
export function groupName(g: TriageGroup): string {
  return clean(`${g.class ?? '(not JSON)'} on ${g.queue ?? '?'}`);
}

/** The error cell: the exception in front when it says more than "Error". */
export function errorText(g: TriageGroup): string {
  const ex = g.exception && g.exception !== 'Error' && g.exception !== g.error ? `${g.exception}: ` : '';
  return clean(truncate(`${ex}${g.error || (ex ? '' : '(no message)')}`));
}

const ago = (at: number | null, now: number) => (at === null ? '?' : `${formatDuration(now - at)} ago`);

export function groupColumns(now: number): Column<TriageGroup>[] {
  return [
    { title: 'count', width: 7, get: (g) => String(g.count).padStart(7) },
    { title: 'queue', width: 12, get: (g) => clean(g.queue ?? '?') },
    { title: 'class', width: 18, get: (g) => clean(g.class ?? '(not JSON)') },
    { title: 'first seen', width: 10, get: (g) => ago(g.firstSeen, now) },
    { title: 'last seen', width: 10, get: (g) => ago(g.lastSeen, now) },
    { title: 'error', width: 0, get: errorText },
  ];
}
