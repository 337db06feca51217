import type { QueueInfo } from '../../engine/types.js';
import { bar } from '../components/charts.js';
import { type Column, Table } from '../components/Table.js';
import { formatCount } from '../format.js';
import type { Rows } from '../rows.js';
import { clean } from '../sanitize.js';
import { type PaneProps, usePaneRows } from './usePaneRows.js';

export function QueuesPane({ width, height }: PaneProps) {
  const { rows, selection } = usePaneRows<Rows<QueueInfo>>('queues');
  const max = Math.max(0, ...rows.items.map((q) => q.length));
  const columns: Column<QueueInfo>[] = [
    { title: 'queue', width: 0, get: (q) => clean(q.name) },
    { title: 'length', width: 10, get: (q) => formatCount(q.length).padStart(10) },
    { title: '', width: 24, get: (q) => bar(q.length, max, 24) },
  ];
  return (
    <Table
      rows={rows}
      columns={columns}
      selection={selection}
      height={height - 1}
      width={width}
      empty="  no queues (Enter lists a queue's jobs, x deletes it)"
    />
  );
}
