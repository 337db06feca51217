// Movement keys over a fully loaded list (dialog views such as triage and search results).
import { Command } from './keymap.js';
import { moveTo, resolveIndex, type Selection } from './selection.js';

/** The selection after a movement command, or null when `command` does not move; `page` = visible rows. */
export function moveInList(
  sel: Selection,
  ids: readonly string[],
  command: Command,
  page: number,
): Selection | null {
  const total = ids.length;
  const index = resolveIndex(sel, ids, 0, total);
  const p = Math.max(1, page);
  const target: Partial<Record<Command, number>> = {
    [Command.Up]: index - 1,
    [Command.Down]: index + 1,
    [Command.PageUp]: index - p,
    [Command.PageDown]: index + p,
    [Command.Top]: 0,
    [Command.Bottom]: total - 1,
  };
  const to = target[command];
  return to === undefined ? null : moveTo(to, sel.top, ids, 0, total, p);
}
