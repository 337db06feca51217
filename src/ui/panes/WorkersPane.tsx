import type { WorkerInfo } from '../../engine/types.js';
import { type Column, Table } from '../components/Table.js';
import { formatDuration } from '../format.js';
import type { Rows } from '../rows.js';
import { clean, preview } from '../sanitize.js';
import { useNow } from '../useNow.js';
import { type PaneProps, usePaneRows } from './usePaneRows.js';
import { hostPid, workerFlags } from './workerHealth.js';

export function WorkersPane({ width, height }: PaneProps) {
  const { rows, selection } = usePaneRows<Rows<WorkerInfo>>('workers');
  const now = useNow();
  const columns: Column<WorkerInfo>[] = [
    { title: 'host', width: 16, get: (w) => clean(hostPid(w.name).host) },
    { title: 'pid', width: 8, get: (w) => clean(hostPid(w.name).pid) },
    { title: 'queues', width: 14, get: (w) => clean(w.queues.join(',')) },
    { title: 'status', width: 8, get: (w) => w.status },
    {
      title: 'job',
      width: 0,
      get: (w) => (w.job ? `${clean(w.job.class ?? '?')} ${preview(w.job.args, 120)}` : ''),
    },
    {
      title: 'for',
      width: 9,
      get: (w) => {
        const long = workerFlags(w, now).long ? '!' : '';
        return w.job?.runAt != null ? `${formatDuration(Math.max(0, now - w.job.runAt))}${long}` : '';
      },
    },
    {
      title: 'heartbeat',
      width: 10,
      get: (w) => {
        if (w.pingAt === null) return '—';
        return `${formatDuration(Math.max(0, now - w.pingAt))}${workerFlags(w, now).stale ? ' !' : ''}`;
      },
    },
  ];
  return (
    <Table
      rows={rows}
      columns={columns}
      selection={selection}
      height={height - 1}
      width={width}
      rowColor={(w) => {
        const f = workerFlags(w, now);
        return f.long ? 'red' : f.stale ? 'yellow' : undefined;
      }}
      empty="  no workers registered"
    />
  );
}
