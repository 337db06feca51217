// The line under the tabs: the disconnected banner when Redis is away; otherwise the filter (or
// the filter being typed) with its matched count, and marks.
import { Text, useInput } from 'ink';
import { useControl, useUi } from '../context.js';
import { editFilter } from '../control/dispatch.js';
import { currentRows, selectedIndex } from '../control/navigation.js';
import { editText } from '../dialogs/TextInput/textInput.js';
import { formatCount, formatTime } from '../format.js';
import { clean } from '../sanitize.js';

function useFilterInput(active: boolean) {
  const ctx = useControl();
  useInput(
    (input, key) => {
      const draft = ctx.store.getState().filterDraft ?? '';
      if (key.escape) return editFilter(ctx, '', 'clear');
      if (key.return) return editFilter(ctx, draft, 'keep');
      const next = editText(draft, input, key);
      if (next !== undefined) editFilter(ctx, next, false);
    },
    { isActive: active },
  );
}

export function InfoLine() {
  const error = useUi((s) => s.error);
  const stale = useUi((s) => s.stale);
  const takenAt = useUi((s) => s.snapshot?.takenAt);
  const draft = useUi((s) => s.filterDraft);
  const filter = useUi((s) => s.filters[s.pane]);
  const marks = useUi((s) => s.marks.size);
  // Memoised in rowsFor, so this selector returns a stable object between changes.
  const rows = useUi((s) => (s.filterDraft !== null || s.filters[s.pane] ? currentRows(s) : null));
  // Where the cursor is in the whole list (windowed lists load only part of it).
  const at = useUi((s) => (s.pane === 'overview' ? -1 : selectedIndex(s)));
  const total = useUi((s) => (s.pane === 'overview' ? 0 : currentRows(s).total));
  const position = total > 0 ? { at: at + 1, total } : null;
  useFilterInput(draft !== null);
  if (error) {
    return (
      <Text color="white" backgroundColor="red" wrap="truncate">
        {` DISCONNECTED · retrying${stale && takenAt ? ` · data below is stale (from ${formatTime(takenAt)})` : ''} · ${clean(error)} `}
      </Text>
    );
  }
  const parts: string[] = [];
  if (rows) {
    const searched = rows.searched !== undefined ? ` of ${formatCount(rows.searched)} searched` : '';
    parts.push(
      `filter /${clean(draft ?? filter)}${draft !== null ? '█' : ''}  ${formatCount(rows.total)} matched${searched}`,
    );
  }
  if (marks > 0) parts.push(`${marks} marked (r/x act on them, Esc clears)`);
  if (parts.length === 0) {
    const where = position ? `row ${formatCount(position.at)} of ${formatCount(position.total)} · ` : '';
    return <Text dimColor>{` ${where}/ filter · n enqueue · ? keys`}</Text>;
  }
  return (
    <Text color="cyan" wrap="truncate">
      {` ${parts.join('   ')}`}
    </Text>
  );
}
