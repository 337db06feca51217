// F on the Failed pane: the failed list grouped by queue, class, exception and normalised error.
// Shown in place of the pane, so confirmations and the bulk progress bar sit under it.
import { Box, Text, useInput } from 'ink';
import { bar } from '../../components/charts.js';
import { Table } from '../../components/Table.js';
import { useControl, useUi } from '../../context.js';
import { triageCommand } from '../../control/triage.js';
import { formatCount, formatTime } from '../../format.js';
import { commandFor } from '../../keymap.js';
import type { PaneProps } from '../../panes/usePaneRows.js';
import { groupColumns, groupRows } from './triageState.js';

export function TriageView({ width, height }: PaneProps) {
  const ctx = useControl();
  const v = useUi((s) => s.triage);
  const active = useUi((s) => s.overlay === null && s.triage !== null);
  // Header line + table header: the rest are group rows.
  const page = Math.max(1, height - 2);
  useInput(
    (input, key) => {
      const command = commandFor(input, key, 'failed');
      if (command) triageCommand(ctx, command, page);
    },
    { isActive: active },
  );
  if (!v) return null;
  if (v.phase === 'scanning') {
    const pct = v.total > 0 ? Math.floor((v.scanned / v.total) * 100) : 0;
    return (
      <Box flexDirection="column" height={height} width={width}>
        <Text inverse wrap="truncate">
          {' failure triage · grouping the failed list · Esc cancels '}
        </Text>
        <Text wrap="truncate">{`scanned ${formatCount(v.scanned)} of ${formatCount(v.total)} failed jobs`}</Text>
        <Text wrap="truncate">{`${bar(v.scanned, v.total, Math.max(10, width - 12))} ${pct}%`}</Text>
      </Box>
    );
  }
  const now = v.at ?? Date.now();
  const groups = v.groups.length;
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text inverse wrap="truncate">
        {` failure triage · ${formatCount(v.total)} failed in ${formatCount(groups)} group${groups === 1 ? '' : 's'} · as of ${formatTime(v.at)} · Enter sample · r/x retry/remove group · F rescan · Esc back `}
      </Text>
      <Table
        rows={groupRows(v)}
        columns={groupColumns(now)}
        selection={v.selection}
        height={height - 2}
        width={width}
        empty="  no failed jobs"
      />
    </Box>
  );
}
