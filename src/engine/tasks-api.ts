// The Stellar `api.tasks` surface over node-resque, with node-resque's traps fixed:
// atomic retry, removal by exact stored string, delDelayedAt, a details() that answers,
// cleanOldWorkers that also cleans crashed idle workers, scans with COUNT 1000.
import type { Redis } from 'ioredis';
import type { ConnectionOptions, Queue } from 'node-resque';
import { UserFacingError } from '../errors.js';
import { Actions } from './actions.js';
import { callbackify } from './callbackify.js';
import { connectClient, type RedisTarget } from './connection.js';
import { delayedChanged } from './delayed-total.js';
import { ResqueKeys, splitWorkerEntry } from './keys.js';
import { Monitor } from './monitor.js';
import { canonicalJson, encodeJob, parseFailed, sameEntry } from './parse.js';
import { attachQueue, type JobsMap } from './plugins.js';

export interface TaskDefinition {
  name: string;
  queue: string;
  frequency: number;
  plugins: string[];
  pluginOptions: Record<string, unknown>;
  description?: string;
}

export interface EngineOptions {
  target: RedisTarget;
  readOnly?: boolean;
}

/** A failed job as failed() returns it (node-resque's shape) for entries that parse. */
export type FailedJob = Record<string, unknown>;

/** `enqueueAt` takes a Date or epoch ms; numbers below 10^11 are epoch seconds (the seed's examples). */
export function toEpochMs(timestamp: Date | number | string): number {
  const n = timestamp instanceof Date ? timestamp.getTime() : Number(timestamp);
  if (!Number.isFinite(n)) throw new UserFacingError(`invalid timestamp: ${String(timestamp)}`);
  return n < 1e11 ? n * 1000 : n;
}

function arrayify(args: unknown): unknown[] {
  if (args === undefined) return [];
  return Array.isArray(args) ? args : [args];
}

export class TaskEngine {
  readonly jobs: JobsMap = {};
  readonly registry = new Map<string, TaskDefinition>();
  readonly keys: ResqueKeys;
  readonly queue: Queue;
  readonly actions: Actions;
  readonly monitor: Monitor;
  /** The stored string behind each object failed() handed out, to remove exactly that entry. */
  private readonly storedOf = new WeakMap<object, string>();

  constructor(
    readonly redis: Redis,
    readonly target: RedisTarget,
    readonly readOnly = false,
  ) {
    this.keys = new ResqueKeys(target.namespace);
    this.queue = attachQueue(redis, target.namespace, this.jobs);
    this.actions = new Actions(redis, this.keys, { readOnly, jobs: this.jobs });
    this.monitor = new Monitor(redis, this.keys);
  }

  static async connect(opts: EngineOptions): Promise<TaskEngine> {
    const redis = await connectClient(opts.target, { persistent: true, name: 'stellar-tasks-tui' });
    return new TaskEngine(redis, opts.target, opts.readOnly ?? false);
  }

  /** Options for node-resque workers and schedulers on the same Redis. */
  connectionOptions(): ConnectionOptions {
    const t = this.target;
    return {
      host: t.host,
      port: t.port,
      database: t.db,
      namespace: t.namespace,
      scanCount: 1000,
      options: {
        username: t.username,
        password: t.password,
        tls: t.tls ? { servername: t.host } : undefined,
      },
    };
  }

  private queueFor(taskName: string, queue?: string): string {
    return queue ?? this.registry.get(taskName)?.queue ?? 'default';
  }

  private definition(taskName: string): TaskDefinition {
    const def = this.registry.get(taskName);
    if (!def) throw new UserFacingError(`unknown task "${taskName}"`);
    return def;
  }

  // ---- enqueueing -----------------------------------------------------------------------------

  enqueue = callbackify(async (taskName: string, args?: unknown, queue?: string): Promise<boolean> => {
    this.actions.guard();
    return (await this.queue.enqueue(this.queueFor(taskName, queue), taskName, arrayify(args))) !== false;
  });

  /** Returns false (instead of throwing) when the same job is already due at that second. */
  enqueueAt = callbackify(
    async (timestamp: Date | number, taskName: string, args?: unknown, queue?: string): Promise<boolean> => {
      this.actions.guard();
      const at = toEpochMs(timestamp);
      const q = this.queueFor(taskName, queue);
      const added = (await this.queue.enqueueAt(at, q, taskName, arrayify(args), true)) === true;
      if (added) delayedChanged(this.redis, this.keys.namespace);
      return added;
    },
  );

  enqueueIn = callbackify(async (delayMs: number, taskName: string, args?: unknown, queue?: string) =>
    this.enqueueAt(Date.now() + Number(delayMs), taskName, args, queue),
  );

  del = callbackify(async (queue: string, taskName: string, args?: unknown, count = 0): Promise<number> => {
    this.actions.guard();
    return this.queue.del(queue, taskName, arrayify(args), count);
  });

  /** Removes the job from every second it is due at; returns those seconds (node-resque's shape). */
  delDelayed = callbackify(async (queue: string, taskName: string, args?: unknown): Promise<number[]> => {
    this.actions.guard();
    const stored = encodeJob(queue, taskName, arrayify(args));
    const refs = await this.redis.smembers(this.keys.timestamps(stored));
    const removed: number[] = [];
    for (const ref of refs) {
      const sec = Number(ref.split(':')[1]);
      // Each call removes one copy and, with the last one, the schedule member node-resque leaves.
      while (await this.actions.removeDelayed({ at: sec * 1000, stored, queue, class: taskName, args: [] })) {
        removed.push(sec);
      }
    }
    return removed;
  });

  delQueue = callbackify(async (queue: string): Promise<number> => this.actions.deleteQueue(queue));

  /** Stellar's semantics: del + delDelayed + enqueueIn(frequency). */
  enqueueRecurrentJob = callbackify(async (taskName: string): Promise<boolean> => {
    this.actions.guard();
    const def = this.definition(taskName);
    if (!(def.frequency > 0)) throw new UserFacingError(`task "${taskName}" is not periodic (frequency 0)`);
    await this.del(def.queue, taskName);
    await this.delDelayed(def.queue, taskName);
    return this.enqueueIn(def.frequency, taskName, [], def.queue);
  });

  /** Returns how many jobs it removed (Stellar's returns NaN). */
  stopRecurrentJob = callbackify(async (taskName: string): Promise<number> => {
    this.actions.guard();
    const def = this.definition(taskName);
    const queued = await this.del(def.queue, taskName);
    const delayed = await this.delDelayed(def.queue, taskName);
    return queued + delayed.length;
  });

  // ---- reading (scans use COUNT 1000; these are for scripts, never the refresh path) ----------

  timestamps = callbackify(async (): Promise<number[]> => this.queue.timestamps());
  stats = callbackify(async (): Promise<Record<string, string>> => this.queue.stats());
  locks = callbackify(async (): Promise<Record<string, string | null>> => this.queue.locks());
  allDelayed = callbackify(async () => this.queue.allDelayed());
  workers = callbackify(async () => this.queue.workers());
  failedCount = callbackify(async (): Promise<number> => this.queue.failedCount());
  queued = callbackify(async (queue: string, start: number, stop: number) =>
    this.queue.queued(queue, start, stop),
  );
  delayedAt = callbackify(async (timestamp: number) => this.queue.delayedAt(toEpochMs(timestamp)));
  scheduledAt = callbackify(async (queue: string, taskName: string, args?: unknown) =>
    this.queue.scheduledAt(queue, taskName, arrayify(args)),
  );
  workingOn = callbackify(async (name: string, queues: string) => this.queue.workingOn(name, queues));

  /** Like node-resque's, but idle workers map to null instead of the string "started". */
  allWorkingOn = callbackify(async (): Promise<Record<string, unknown>> => {
    const entries = await this.redis.smembers(this.keys.workers);
    const values =
      entries.length > 0 ? await this.redis.mget(entries.map((e) => this.keys.workerJob(e))) : [];
    const result: Record<string, unknown> = {};
    entries.forEach((entry, i) => {
      const raw = values[i];
      let parsed: unknown = null;
      if (raw) {
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = raw;
        }
      }
      result[splitWorkerEntry(entry).name] = parsed;
    });
    return result;
  });

  /** `{queues: {name: {length}}, workers, stats, leader}`, as actionhero's details() answers. */
  details = callbackify(async () => {
    const snapshot = await this.monitor.snapshot({ failedLimit: 0, delayedLimit: 0 });
    const queues: Record<string, { length: number }> = {};
    for (const q of snapshot.queues) queues[q.name] = { length: q.length };
    return {
      queues,
      workers: await this.allWorkingOn(),
      stats: await this.stats(),
      leader: snapshot.leader,
    };
  });

  /** Failed entries oldest first; entries that are not JSON come back as `{raw}`. */
  failed = callbackify(async (start: number, stop: number): Promise<FailedJob[]> => {
    const stored = await this.redis.lrange(this.keys.failed, start, stop);
    return stored.map((s) => {
      let job: FailedJob;
      try {
        const parsed = JSON.parse(s);
        job = typeof parsed === 'object' && parsed !== null ? parsed : { raw: s };
      } catch {
        job = { raw: s };
      }
      this.storedOf.set(job, s);
      return job;
    });
  });

  /** Finds the exact stored string of a failed job, however it was spaced or ordered. */
  private async storedFailed(failedJob: FailedJob | string): Promise<string | null> {
    if (typeof failedJob === 'string') return failedJob;
    const known = this.storedOf.get(failedJob);
    if (known) return known;
    const wanted = canonicalJson(failedJob);
    const total = await this.redis.llen(this.keys.failed);
    for (let start = 0; start < total; start += 1000) {
      for (const s of await this.redis.lrange(this.keys.failed, start, start + 999)) {
        if (s === wanted || sameEntry(s, failedJob)) return s;
      }
    }
    return null;
  }

  removeFailed = callbackify(async (failedJob: FailedJob | string): Promise<number> => {
    this.actions.guard();
    const stored = await this.storedFailed(failedJob);
    return stored !== null && (await this.actions.removeFailed(stored)) ? 1 : 0;
  });

  /** One atomic step; rejects with the reason when the job is gone or a plugin vetoed. */
  retryAndRemoveFailed = callbackify(async (failedJob: FailedJob | string): Promise<boolean> => {
    this.actions.guard();
    const stored = await this.storedFailed(failedJob);
    if (stored === null) throw new UserFacingError('This job is not in failed queue');
    const result = await this.actions.retryFailed(stored);
    if (result.status === 'retried') return true;
    if (result.status === 'missing') throw new UserFacingError('This job is not in failed queue');
    throw new UserFacingError(result.reason ?? `cannot retry: ${parseFailed(stored).class ?? 'not a job'}`);
  });

  // ---- workers and locks ------------------------------------------------------------------------

  /** Cleans working workers stuck longer than ageMs and idle ones silent that long; name → queues. */
  cleanOldWorkers = callbackify(async (ageMs: number): Promise<Record<string, string>> => {
    const cleaned = await this.actions.cleanWorkersOlderThan(Number(ageMs));
    return Object.fromEntries(cleaned.map((e) => [splitWorkerEntry(e).name, splitWorkerEntry(e).queues]));
  });

  delLock = callbackify(
    async (lockName: string): Promise<number> => ((await this.actions.deleteLock(lockName)) ? 1 : 0),
  );

  /** Removes every job due at that time (epoch ms, or seconds below 10^11); returns how many. */
  delDelayedAt = callbackify(
    async (timestamp: Date | number): Promise<number> =>
      this.actions.delDelayedAt(Math.round(toEpochMs(timestamp) / 1000)),
  );

  /** Closes the connection; resolves once it is closed (QUIT's reply comes before the close). */
  async end(): Promise<void> {
    if (this.redis.status === 'end') return;
    const closed = new Promise<void>((resolve) => {
      this.redis.once('end', resolve);
      setTimeout(resolve, 1000).unref();
    });
    await this.redis.quit().catch(() => this.redis.disconnect());
    await closed;
  }
}
