import type { LockInfo } from '../../engine/types.js';
import { type Column, Table } from '../components/Table.js';
import { formatDuration } from '../format.js';
import type { Rows } from '../rows.js';
import { clean, truncate } from '../sanitize.js';
import { useNow } from '../useNow.js';
import { type PaneProps, usePaneRows } from './usePaneRows.js';

/** `lock:<class>:<queue>:<argsJSON>` (or `workerslock:…`) -> its parts; args may hold colons. */
export function decodeLockKey(key: string): { class: string; queue: string; args: string } {
  const parts = key.split(':');
  return { class: parts[1] ?? '', queue: parts[2] ?? '', args: parts.slice(3).join(':') };
}

export function LocksPane({ width, height }: PaneProps) {
  const { rows, selection, snapshot } = usePaneRows<Rows<LockInfo>>('locks');
  const now = useNow();
  const elapsed = snapshot ? Math.max(0, now - snapshot.takenAt) : 0;
  const ttl = (l: LockInfo) =>
    l.ttlSeconds < 0 ? 'no TTL' : formatDuration(Math.max(0, l.ttlSeconds * 1000 - elapsed));
  const columns: Column<LockInfo>[] = [
    { title: 'kind', width: 6, get: (l) => l.kind },
    { title: 'class', width: 18, get: (l) => clean(decodeLockKey(l.key).class) },
    { title: 'queue', width: 12, get: (l) => clean(decodeLockKey(l.key).queue) },
    { title: 'args', width: 18, get: (l) => clean(truncate(decodeLockKey(l.key).args)) },
    { title: 'ttl', width: 8, get: ttl },
    { title: 'key', width: 0, get: (l) => clean(truncate(l.key)) },
  ];
  return (
    <Table
      rows={rows}
      columns={columns}
      selection={selection}
      height={height - 1}
      width={width}
      empty="  no locks"
    />
  );
}
