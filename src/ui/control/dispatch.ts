// One command in the main view (no dialog open): the single switch the input hook calls.
import type { FailedItem, QueueInfo } from '../../engine/types.js';
import { Command } from '../keymap.js';
import { rowsFor } from '../rows.js';
import { resolveIndex } from '../selection.js';
import { openOverlay, setSelection } from '../store.js';
import { act } from './actions.js';
import type { ControlContext } from './context.js';
import { openCommandLine } from './contexts.js';
import { navigate, selectedItem } from './navigation.js';
import { openSearch } from './search.js';
import { startTriage } from './triage.js';
import { undoLast } from './undo.js';

function toggleMark(ctx: ControlContext): void {
  const s = ctx.store.getState();
  if (s.pane !== 'failed') return;
  const rows = rowsFor('failed', s, s.filters.failed);
  const index = resolveIndex(s.selections.failed, rows.ids, rows.offset, rows.total);
  const item = rows.items[index - rows.offset] as FailedItem | undefined;
  const id = rows.ids[index - rows.offset];
  const stored = item?.stored ?? item?.raw;
  if (!id || stored === undefined) return;
  const marks = new Map(s.marks);
  if (marks.has(id)) marks.delete(id);
  else marks.set(id, stored);
  ctx.store.setState({ marks });
  navigate(ctx, Command.Down);
}

export function dispatch(ctx: ControlContext, command: Command): void {
  const s = ctx.store.getState();
  switch (command) {
    case Command.Quit:
      ctx.quit();
      return;
    case Command.Help:
      openOverlay(ctx.store, { kind: 'help' });
      return;
    case Command.Filter:
      ctx.store.setState({ filterDraft: s.filters[s.pane] });
      return;
    case Command.Back:
      if (s.filters[s.pane]) {
        ctx.store.setState({ filters: { ...s.filters, [s.pane]: '' } });
        ctx.refresh();
      } else if (s.marks.size > 0) {
        ctx.store.setState({ marks: new Map() });
      }
      return;
    case Command.Open:
      if (s.pane === 'failed') {
        const item = selectedItem<FailedItem>(s);
        if (item) openOverlay(ctx.store, { kind: 'detail', item });
      } else if (s.pane === 'queues') {
        const q = selectedItem<QueueInfo>(s);
        if (q) openOverlay(ctx.store, { kind: 'queueJobs', queue: q.name });
      }
      return;
    case Command.Mark:
      toggleMark(ctx);
      return;
    case Command.Triage:
      if (s.pane === 'failed') void startTriage(ctx);
      return;
    case Command.Search:
      if (s.pane === 'failed') openSearch(ctx, { kind: 'failed' });
      else if (s.pane === 'queues') {
        const q = selectedItem<QueueInfo>(s);
        if (q) openSearch(ctx, { kind: 'queue', name: q.name });
      }
      return;
    case Command.Undo:
      void undoLast(ctx);
      return;
    case Command.CommandLine:
      openCommandLine(ctx);
      return;
    default:
      if (!navigate(ctx, command)) act(ctx, command);
  }
}

/** Applies typed filter text live; `done` closes the editor (Esc also clears the filter). */
export function editFilter(ctx: ControlContext, text: string, done: 'keep' | 'clear' | false): void {
  const s = ctx.store.getState();
  const value = done === 'clear' ? '' : text;
  // A new filter re-reads rows: selection restarts at the top of the matches.
  setSelection(ctx.store, s.pane, { id: null, index: 0, top: 0 });
  ctx.store.setState({ filters: { ...s.filters, [s.pane]: value }, filterDraft: done ? null : value });
  ctx.refresh();
}
