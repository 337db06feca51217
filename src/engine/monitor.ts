// The read model: one snapshot per refresh in two pipelined round trips. Its Redis work is
// bounded by the page sizes and the number of queues and workers, never by the number of jobs.
import { type Redis, ReplyError } from 'ioredis';
import { DelayedTotal } from './delayed-total.js';
import { type ResqueKeys, splitWorkerEntry } from './keys.js';
import { LockCache } from './lock-cache.js';
import { parseFailed, parseJob, parseTime, toCount } from './parse.js';
import type { DelayedJob, FailedItem, JobPayload, Snapshot, WorkerInfo } from './types.js';

export interface SnapshotWindow {
  /** Failed rows: offset from the newest entry, and how many. */
  failedOffset?: number;
  failedLimit?: number;
  /** Delayed rows: offset in schedule entries (distinct seconds), and how many jobs. */
  delayedOffset?: number;
  delayedLimit?: number;
}

export interface QueuedJob extends JobPayload {
  stored: string;
  index: number;
}

export interface MonitorOptions {
  lockCacheMs?: number;
  delayedTotalCacheMs?: number;
}

type Result = [Error | null, unknown];

/** Reads one pipeline result; a per-command error (WRONGTYPE, NOPERM…) yields the fallback. */
function value<T>(results: Result[], i: number, fallback: T): T {
  const r = results[i];
  return r && r[0] === null && r[1] !== null && r[1] !== undefined ? (r[1] as T) : fallback;
}

/**
 * A per-command error reply from Redis (WRONGTYPE on one key, NOPERM) degrades that one value;
 * anything else (connection closed, stream not writeable) means no data at all: throw it, so a
 * lost connection never reads as an empty Redis.
 */
function throwIfConnectionLost(results: Result[]): void {
  for (const [error] of results) {
    if (error && !(error instanceof ReplyError)) throw error;
  }
}

function infoField(info: string, field: string): string | undefined {
  const m = info.match(new RegExp(`^${field}:(.*)$`, 'm'));
  return m?.[1]?.trim();
}

/** A schedule entry's due time in epoch seconds: its score, else its member, else 0. */
function dueSecond(member: string, score: string): number {
  for (const n of [Number(score), Number(member)]) if (Number.isFinite(n) && Math.abs(n) < 8.64e12) return n;
  return 0;
}

export class Monitor {
  private readonly lockCache: LockCache;
  private readonly delayedTotal: DelayedTotal;
  private infoDenied = false;

  constructor(
    private readonly redis: Redis,
    readonly keys: ResqueKeys,
    opts: MonitorOptions = {},
  ) {
    this.lockCache = new LockCache(redis, keys, opts.lockCacheMs);
    this.delayedTotal = new DelayedTotal(redis, keys, opts.delayedTotalCacheMs);
  }

  get locks(): LockCache {
    return this.lockCache;
  }

  async snapshot(window: SnapshotWindow = {}): Promise<Snapshot> {
    const failedOffset = window.failedOffset ?? 0;
    const failedLimit = window.failedLimit ?? 20;
    const delayedOffset = window.delayedOffset ?? 0;
    const delayedLimit = window.delayedLimit ?? 20;
    const k = this.keys;
    // The lock cache may scan (first call, or stale): let it run beside the pipelines.
    const locksPromise = this.lockCache.get(Date.now());

    const first = this.redis.pipeline();
    first.get(k.stat('processed'));
    first.get(k.stat('failed'));
    first.get(k.leaderLock);
    first.smembers(k.queues);
    first.zcard(k.delayedSchedule);
    first.zrange(
      k.delayedSchedule,
      delayedOffset,
      delayedOffset + Math.max(delayedLimit, 1) - 1,
      'WITHSCORES',
    );
    first.llen(k.failed);
    if (failedLimit > 0) first.lrange(k.failed, -(failedOffset + failedLimit), -(failedOffset + 1));
    first.smembers(k.workers);
    // INFO last: a read-only ACL user may not run it; then it is not sent again.
    if (!this.infoDenied) first.info();
    const r1 = ((await first.exec()) ?? []) as Result[];
    throwIfConnectionLost(r1);
    const takenAt = Date.now();

    const queueNames = [...value<string[]>(r1, 3, [])].sort();
    const timestampCount = toCount(value(r1, 4, 0));
    const scheduleWindow = value<string[]>(r1, 5, []);
    const failedTotal = toCount(value(r1, 6, 0));
    const failedRaw = failedLimit > 0 ? value<string[]>(r1, 7, []) : [];
    const workerEntries = [...value<string[]>(r1, failedLimit > 0 ? 8 : 7, [])].sort();
    const infoIndex = failedLimit > 0 ? 9 : 8;
    if (/NOPERM/.test(String(r1[infoIndex]?.[0] ?? ''))) this.infoDenied = true;
    const info = this.infoDenied ? '' : value(r1, infoIndex, '');

    // The member names the delayed:<member> list (as node-resque reads it); the score is the due
    // second. Both are the same number unless someone else wrote the schedule (a score of inf).
    const members: string[] = [];
    const seconds: number[] = [];
    for (let i = 0; i < scheduleWindow.length; i += 2) {
      members.push(scheduleWindow[i]);
      seconds.push(dueSecond(scheduleWindow[i], scheduleWindow[i + 1]));
    }

    const second = this.redis.pipeline();
    for (const q of queueNames) second.llen(k.queue(q));
    // LLEN per second on screen, plus its first rows when rows are wanted (never LRANGE 0 -1).
    const stride = delayedLimit > 0 ? 2 : 1;
    for (const member of members) {
      second.llen(k.delayed(member));
      if (delayedLimit > 0) second.lrange(k.delayed(member), 0, delayedLimit - 1);
    }
    const workerKeys = workerEntries.flatMap((e) => [
      k.workerJob(e),
      k.workerPing(splitWorkerEntry(e).name),
      k.workerStarted(e),
    ]);
    if (workerKeys.length > 0) second.mget(workerKeys);
    const r2 = second.length > 0 ? (((await second.exec()) ?? []) as Result[]) : [];
    throwIfConnectionLost(r2);

    const queues = queueNames.map((name, i) => ({ name, length: toCount(value(r2, i, 0)) }));
    const delayedResults = r2.slice(queueNames.length, queueNames.length + seconds.length * stride);
    const next = delayedLimit > 0 ? this.delayedJobs(seconds, delayedResults, delayedLimit) : [];
    const windowTotal = seconds.reduce(
      (sum, _s, i) => sum + toCount(value(delayedResults, i * stride, 0)),
      0,
    );
    const workerValues = value<(string | null)[]>(r2, queueNames.length + seconds.length * stride, []);
    const workers = workerEntries.map((entry, i) => this.worker(entry, workerValues.slice(i * 3, i * 3 + 3)));

    const [locks, delayedTotal] = await Promise.all([
      locksPromise,
      this.delayedTotal.get(
        timestampCount,
        delayedOffset === 0 && seconds.length === timestampCount ? windowTotal : null,
      ),
    ]);

    const failedItems: FailedItem[] = [];
    for (let i = failedRaw.length - 1; i >= 0; i--) {
      const index = failedTotal - failedOffset - (failedRaw.length - i);
      failedItems.push(parseFailed(failedRaw[i], index));
    }

    return {
      namespace: k.namespace,
      takenAt,
      redis: {
        version:
          infoField(info, 'redis_version') ??
          infoField(info, 'valkey_version') ??
          (this.infoDenied ? 'unknown (INFO not permitted)' : 'unknown'),
        usedMemoryBytes: toCount(infoField(info, 'used_memory')),
        connectedClients: toCount(infoField(info, 'connected_clients')),
      },
      stats: { processed: toCount(value(r1, 0, 0)), failed: toCount(value(r1, 1, 0)) },
      leader: value<string | null>(r1, 2, null),
      queues,
      delayed: { total: delayedTotal, timestamps: timestampCount, next },
      workers,
      locks,
      failed: { total: failedTotal, items: failedItems },
    };
  }

  private delayedJobs(seconds: number[], results: Result[], limit: number): DelayedJob[] {
    const jobs: DelayedJob[] = [];
    seconds.forEach((sec, i) => {
      for (const stored of value<string[]>(results, i * 2 + 1, [])) {
        if (jobs.length >= limit) return;
        const job = parseJob(stored);
        jobs.push({
          at: sec * 1000,
          queue: job.queue,
          class: job.class,
          args: job.args,
          raw: job.raw,
          stored,
        });
      }
    });
    return jobs;
  }

  private worker(entry: string, [job, ping, started]: (string | null)[]): WorkerInfo {
    const { name, queues } = splitWorkerEntry(entry);
    let current: WorkerInfo['job'] = null;
    if (job) {
      try {
        const parsed = JSON.parse(job) as { run_at?: unknown; queue?: unknown; payload?: unknown };
        const payload = parseJob(JSON.stringify(parsed.payload ?? {}));
        current = {
          queue: typeof parsed.queue === 'string' ? parsed.queue : payload.queue,
          class: payload.class,
          args: payload.args,
          runAt: parseTime(parsed.run_at),
        };
      } catch {
        current = { queue: null, class: null, args: [], runAt: null };
      }
    }
    let pingAt: number | null = null;
    if (ping) {
      try {
        pingAt = parseTime((JSON.parse(ping) as { time?: unknown }).time);
      } catch {
        pingAt = null;
      }
    }
    return {
      name,
      queues: queues ? queues.split(',') : [],
      status: job ? 'working' : 'idle',
      job: current,
      pingAt,
      entry,
      startedAt: parseTime(started),
    };
  }

  /** One page of a queue's jobs, head first. */
  async queueJobs(
    queue: string,
    offset: number,
    limit: number,
  ): Promise<{ total: number; items: QueuedJob[] }> {
    const results = ((await this.redis
      .pipeline()
      .llen(this.keys.queue(queue))
      .lrange(this.keys.queue(queue), offset, offset + limit - 1)
      .exec()) ?? []) as Result[];
    const stored = value<string[]>(results, 1, []);
    return {
      total: toCount(value(results, 0, 0)),
      items: stored.map((s, i) => ({ ...parseJob(s), stored: s, index: offset + i })),
    };
  }
}
