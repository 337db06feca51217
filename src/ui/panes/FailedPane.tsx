import type { FailedItem } from '../../engine/types.js';
import { type Column, Table } from '../components/Table.js';
import { useUi } from '../context.js';
import { formatTime } from '../format.js';
import type { Rows } from '../rows.js';
import { clean, truncate } from '../sanitize.js';
import { type PaneProps, usePaneRows } from './usePaneRows.js';

const columns: Column<FailedItem>[] = [
  { title: 'failed at', width: 19, get: (f) => formatTime(f.failedAt) },
  { title: 'queue', width: 12, get: (f) => clean(f.queue ?? '?') },
  { title: 'class', width: 20, get: (f) => clean(f.class ?? '(not JSON)') },
  { title: 'error', width: 0, get: (f) => clean(truncate(f.error ?? f.exception ?? f.raw ?? '')) },
];

export function FailedPane({ width, height }: PaneProps) {
  const { rows, selection } = usePaneRows<Rows<FailedItem>>('failed');
  const marks = useUi((s) => s.marks);
  return (
    <Table
      rows={rows}
      columns={columns}
      selection={selection}
      height={height - 1}
      width={width}
      marks={marks}
      empty="  no failed jobs"
    />
  );
}
