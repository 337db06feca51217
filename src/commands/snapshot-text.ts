// The compact, readable form of a snapshot (snapshot without --json, and the TUI when there is
// no terminal). Plain text only: no Ink, no React, so it loads fast.
import type { Snapshot } from '../engine/types.js';
import { argsPreview, formatBytes, formatDuration, oneLine } from '../text.js';

function table(rows: string[][]): string[] {
  if (rows.length === 0) return [];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd(),
  );
}

export function renderSnapshotText(s: Snapshot, where: string): string {
  const now = s.takenAt;
  const out: string[] = [];
  out.push(`stellar-tasks-tui snapshot of ${where} (namespace ${oneLine(s.namespace)})`);
  out.push(
    `redis ${oneLine(s.redis.version)}, ${formatBytes(s.redis.usedMemoryBytes)} used, ` +
      `${s.redis.connectedClients} clients; leader: ${s.leader ? oneLine(s.leader) : 'none'}`,
  );
  out.push(`processed ${s.stats.processed}, failed ${s.stats.failed}`);
  out.push('');
  out.push(`QUEUES (${s.queues.length})`);
  out.push(...table([['name', 'length'], ...s.queues.map((q) => [oneLine(q.name, 40), String(q.length)])]));
  out.push('');
  out.push(`DELAYED ${s.delayed.total} jobs at ${s.delayed.timestamps} times`);
  out.push(
    ...table(
      s.delayed.next.map((d) => [
        d.at <= now ? `due ${formatDuration(now - d.at)} ago` : `in ${formatDuration(d.at - now)}`,
        oneLine(d.queue ?? '-', 20),
        oneLine(d.class ?? '(not a job)', 30),
        argsPreview(d.raw !== undefined ? [d.raw] : d.args, 60),
      ]),
    ),
  );
  out.push('');
  out.push(`WORKERS (${s.workers.length})`);
  out.push(
    ...table(
      s.workers.map((w) => [
        oneLine(w.name, 40),
        oneLine(w.queues.join(','), 30),
        w.status,
        w.job
          ? `${oneLine(w.job.class ?? '?', 30)} for ${w.job.runAt ? formatDuration(now - w.job.runAt) : '?'}`
          : '',
        w.pingAt ? `ping ${formatDuration(now - w.pingAt)} ago` : 'no ping',
      ]),
    ),
  );
  out.push('');
  out.push(`LOCKS (${s.locks.length})`);
  out.push(
    ...table(
      s.locks.map((l) => [l.kind, oneLine(l.key, 80), l.ttlSeconds < 0 ? 'no ttl' : `${l.ttlSeconds}s`]),
    ),
  );
  out.push('');
  out.push(`FAILED ${s.failed.total} (newest first)`);
  out.push(
    ...table(
      s.failed.items.map((f) => [
        f.failedAt ? new Date(f.failedAt).toISOString() : '?',
        oneLine(f.queue ?? '-', 20),
        oneLine(f.class ?? '(not a job)', 30),
        oneLine(f.error ?? f.raw ?? '', 60),
      ]),
    ),
  );
  return `${out.join('\n')}\n`;
}
