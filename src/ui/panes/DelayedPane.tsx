import type { DelayedJob } from '../../engine/types.js';
import { type Column, Table } from '../components/Table.js';
import { formatDuration, formatTime, relative } from '../format.js';
import type { Rows } from '../rows.js';
import { clean, preview } from '../sanitize.js';
import { useNow } from '../useNow.js';
import { type PaneProps, usePaneRows } from './usePaneRows.js';

export function DelayedPane({ width, height }: PaneProps) {
  const { rows, selection } = usePaneRows<Rows<DelayedJob>>('delayed');
  const now = useNow();
  const columns: Column<DelayedJob>[] = [
    { title: 'due', width: 19, get: (d) => formatTime(d.at) },
    {
      title: 'countdown',
      width: 13,
      get: (d) => (d.at <= now ? `${formatDuration(now - d.at)} late` : relative(d.at, now)),
    },
    { title: 'queue', width: 14, get: (d) => clean(d.queue ?? '?') },
    { title: 'class', width: 20, get: (d) => clean(d.class ?? '(not JSON)') },
    { title: 'args', width: 0, get: (d) => (d.class === null ? preview(d.raw ?? '') : preview(d.args)) },
  ];
  return (
    <Table
      rows={rows}
      columns={columns}
      selection={selection}
      height={height - 1}
      width={width}
      rowColor={(d) => (d.at <= now ? 'yellow' : undefined)}
      empty="  no delayed jobs"
    />
  );
}
