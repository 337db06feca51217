// Pane switching and list movement. Pure store updates: no Redis, no React.
import { Command } from '../keymap.js';
import { PANES, type PaneId } from '../panes.js';
import { type AnyRows, rowsFor } from '../rows.js';
import { moveTo, resolveIndex } from '../selection.js';
import { setSelection, type UiState, type UiStore } from '../store.js';
import type { ControlContext } from './context.js';

export function currentRows(s: UiState, pane: PaneId = s.pane): AnyRows {
  return rowsFor(pane, s, s.filters[pane]);
}

/** The selected row's item in the current pane, if it is loaded. */
export function selectedItem<T>(s: UiState, pane: PaneId = s.pane): T | undefined {
  const rows = currentRows(s, pane);
  const index = selectedIndex(s, pane);
  return rows.items[index - rows.offset] as T | undefined;
}

export function selectedIndex(s: UiState, pane: PaneId = s.pane): number {
  const rows = currentRows(s, pane);
  // Logs without a selected line follow the tail.
  if (pane === 'logs' && s.selections.logs.id === null) return Math.max(0, rows.total - 1);
  return resolveIndex(s.selections[pane], rows.ids, rows.offset, rows.total);
}

function switchPane(ctx: ControlContext, pane: PaneId): void {
  ctx.store.setState({ pane, filterDraft: null });
  // Delayed reads a scrolled window only while it is shown: refresh for the new window.
  ctx.refresh();
}

function move(ctx: ControlContext, to: (index: number, page: number, total: number) => number): void {
  const s = ctx.store.getState();
  const rows = currentRows(s);
  const sel = s.selections[s.pane];
  const page = Math.max(1, s.bodyRows);
  const index = selectedIndex(s);
  const target = to(index, page, rows.total);
  const next = moveTo(target, sel.top, rows.ids, rows.offset, rows.total, page);
  // Logs follow the tail while the last line is selected.
  if (s.pane === 'logs' && next.index >= rows.total - 1) next.id = null;
  setSelection(ctx.store, s.pane, next);
  const loaded = next.index >= rows.offset && next.index < rows.offset + rows.items.length;
  if (!loaded) ctx.refresh();
}

/** Handles navigation commands; returns false when `command` is not one. */
export function navigate(ctx: ControlContext, command: Command): boolean {
  const s = ctx.store.getState();
  const at = PANES.indexOf(s.pane);
  switch (command) {
    case Command.Pane1:
    case Command.Pane2:
    case Command.Pane3:
    case Command.Pane4:
    case Command.Pane5:
    case Command.Pane6:
    case Command.Pane7:
      switchPane(ctx, PANES[Number(command.slice(4)) - 1]);
      return true;
    case Command.NextPane:
      switchPane(ctx, PANES[(at + 1) % PANES.length]);
      return true;
    case Command.PrevPane:
      switchPane(ctx, PANES[(at - 1 + PANES.length) % PANES.length]);
      return true;
    case Command.Up:
      move(ctx, (i) => i - 1);
      return true;
    case Command.Down:
      move(ctx, (i) => i + 1);
      return true;
    case Command.PageUp:
      move(ctx, (i, page) => i - page);
      return true;
    case Command.PageDown:
      move(ctx, (i, page) => i + page);
      return true;
    case Command.Top:
      move(ctx, () => 0);
      return true;
    case Command.Bottom:
      move(ctx, (_i, _p, total) => total - 1);
      return true;
    default:
      return false;
  }
}

/**
 * After a refresh: a selection made by position (a jump past the loaded rows) takes the identity
 * of the row now loaded there, so from then on it follows that job. Logs keep "no id" = follow.
 */
export function adoptLoadedIds(store: UiStore): void {
  const s = store.getState();
  for (const pane of ['failed', 'delayed', 'queues', 'workers', 'locks'] as const) {
    const sel = s.selections[pane];
    if (sel.id !== null) continue;
    const rows = currentRows(s, pane);
    const id = rows.ids[sel.index - rows.offset];
    if (id !== undefined) setSelection(store, pane, { ...sel, id });
  }
}
