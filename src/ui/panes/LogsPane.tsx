import { Text } from 'ink';
import type { LogEntry } from '../backend.js';
import { type Column, Table } from '../components/Table.js';
import { useUi } from '../context.js';
import type { Rows } from '../rows.js';
import { clean, preview, truncate } from '../sanitize.js';
import { type PaneProps, usePaneRows } from './usePaneRows.js';

const time = (at: number) => new Date(at).toTimeString().slice(0, 8);

const columns: Column<LogEntry>[] = [
  { title: 'time', width: 8, get: (e) => time(e.at) },
  { title: 'level', width: 5, get: (e) => e.level },
  {
    title: 'message',
    width: 0,
    get: (e) => `${clean(truncate(e.message))}${e.data === undefined ? '' : ` ${preview(e.data, 200)}`}`,
  },
];

const COLORS: Record<LogEntry['level'], string | undefined> = {
  info: undefined,
  warn: 'yellow',
  error: 'red',
};

export function LogsPane({ width, height }: PaneProps) {
  const { rows, selection } = usePaneRows<Rows<LogEntry>>('logs');
  const sandbox = useUi((s) => s.logs.length > 0);
  // Following the tail (no id): the last line is the position.
  const sel = selection.id === null ? { ...selection, index: rows.total - 1 } : selection;
  if (!sandbox && rows.total === 0)
    return <Text dimColor> Logs come from the sandbox; a remote Redis has none.</Text>;
  return (
    <Table
      rows={rows}
      columns={columns}
      selection={sel}
      height={height - 1}
      width={width}
      rowColor={(e) => COLORS[e.level]}
    />
  );
}
