// `check [--max-failed N] [--max-overdue SECONDS] [--require-leader] [--json]`: one snapshot
// judged against the rules given, for cron, CI and monitoring. Exit 0 healthy, 1 with one line
// per broken rule (stdout), 1 with one line on stderr when Redis cannot be read. No Ink/React.
import { terminalSafe } from '../engine/ndjson.js';
import type { Snapshot } from '../engine/types.js';
import { UsageError } from '../errors.js';
import { oneLine } from '../text.js';
import { readSnapshot } from './snapshot.js';

export interface CheckOptions {
  redisUrl?: string;
  namespace: string;
  maxFailed?: number;
  maxOverdueSeconds?: number;
  requireLeader: boolean;
  json: boolean;
}

export interface RuleResult {
  rule: 'max-failed' | 'max-overdue' | 'require-leader';
  ok: boolean;
  value: number | string | null;
  limit: number | boolean;
  message: string;
}

/** How late the oldest due delayed job is, in whole seconds (0 when none is due). */
export function overdueSeconds(s: Snapshot): number {
  const first = s.delayed.next[0];
  if (!first) return 0;
  return Math.max(0, Math.floor((s.takenAt - first.at) / 1000));
}

export function evaluate(s: Snapshot, opts: CheckOptions): RuleResult[] {
  const rules: RuleResult[] = [];
  if (opts.maxFailed !== undefined) {
    const value = s.failed.total;
    const ok = value <= opts.maxFailed;
    rules.push({
      rule: 'max-failed',
      ok,
      value,
      limit: opts.maxFailed,
      message: ok ? `failed jobs ${value} <= ${opts.maxFailed}` : `failed jobs ${value} > ${opts.maxFailed}`,
    });
  }
  if (opts.maxOverdueSeconds !== undefined) {
    const value = overdueSeconds(s);
    const limit = opts.maxOverdueSeconds;
    const ok = value <= limit;
    rules.push({
      rule: 'max-overdue',
      ok,
      value,
      limit,
      message: ok
        ? `oldest due delayed job ${value} s late <= ${limit} s`
        : `oldest due delayed job ${value} s late > ${limit} s`,
    });
  }
  if (opts.requireLeader) {
    const ok = s.leader !== null;
    rules.push({
      rule: 'require-leader',
      ok,
      value: s.leader,
      limit: true,
      message: ok ? `scheduler leader ${oneLine(s.leader ?? '', 200)}` : 'no scheduler leader',
    });
  }
  return rules;
}

function summary(s: Snapshot): string {
  const queued = s.queues.reduce((sum, q) => sum + q.length, 0);
  const working = s.workers.filter((w) => w.status === 'working').length;
  return [
    `${queued} queued in ${s.queues.length} queues`,
    `${s.delayed.total} delayed (${overdueSeconds(s)} s overdue)`,
    `${s.failed.total} failed`,
    `${s.workers.length} workers (${working} working)`,
    `leader ${s.leader === null ? 'none' : oneLine(s.leader, 200)}`,
  ].join(', ');
}

export async function runCheck(opts: CheckOptions): Promise<number> {
  if (!opts.redisUrl) throw new UsageError('check needs a Redis: pass --redis URL or set REDIS_URL');
  // A few rows of delayed jobs: a stale schedule entry (its list gone) must not hide the next one.
  const s = await readSnapshot(opts.redisUrl, opts.namespace, 5);
  const rules = evaluate(s, opts);
  const healthy = rules.every((r) => r.ok);
  let text: string;
  if (opts.json) {
    const body = {
      healthy,
      rules,
      namespace: s.namespace,
      takenAt: s.takenAt,
      failed: s.failed.total,
      overdueSeconds: overdueSeconds(s),
      leader: s.leader,
      queued: s.queues.reduce((sum, q) => sum + q.length, 0),
      delayed: s.delayed.total,
      workers: s.workers.length,
    };
    text = `${terminalSafe(JSON.stringify(body, null, 2))}\n`;
  } else if (healthy) {
    text = `ok: ${summary(s)}\n`;
  } else {
    text = rules
      .filter((r) => !r.ok)
      .map((r) => `${r.message}\n`)
      .join('');
  }
  // The CLI exits right after: wait until stdout took it all.
  await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  return healthy ? 0 : 1;
}
