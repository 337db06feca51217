// Every mutating operation the console offers, in one place: each is atomic (Lua), targets
// exact stored strings, and is refused here, once, when the console is read-only.
import type { Redis } from 'ioredis';
import { UserFacingError } from '../errors.js';
import {
  type BulkOptions,
  type BulkResult,
  countMatching,
  DEFAULT_BATCH,
  type FailedFilter,
  walkFailed,
} from './bulk.js';
import { delayedChanged } from './delayed-total.js';
import { type EnqueueInput, enqueueJob } from './enqueue.js';
import type { Journal, JournalEntry, JournalOp } from './journal.js';
import type { ResqueKeys } from './keys.js';
import { forgetLock } from './lock-cache.js';
import { encodeJob, parseFailed, parseJob } from './parse.js';
import { type JobsMap, PluginHooks } from './plugins.js';
import { withScripts } from './scripts.js';
import type { DelayedJob, FailedItem } from './types.js';
import { restoreOperation } from './undo.js';
import { deadWorkers, unregisterWorker } from './worker-cleaning.js';

export type { BulkOptions, BulkResult, FailedFilter } from './bulk.js';
export type { EnqueueInput } from './enqueue.js';

export class ReadOnlyError extends UserFacingError {
  override name = 'ReadOnlyError';
  constructor() {
    super('read-only: this console does not write to Redis');
  }
}

export interface RetryResult {
  status: 'retried' | 'missing' | 'vetoed' | 'invalid';
  reason?: string;
}

export interface UndoResult {
  op: JournalOp | null;
  restored: number;
  /** Retried jobs a worker had already taken: they cannot come back. */
  skipped: number;
  /** Entries of a batch whose outcome the journal never saw (a crash): left in the journal file. */
  unconfirmed: number;
}

/** One user operation: its journal id and the next batch number. */
interface OpContext {
  id: string;
  batch: number;
}

const sum = (flags: number[]) => flags.reduce((n, f) => n + Number(f), 0);

export interface ActionsOptions {
  readOnly: boolean;
  /** Where removes and retries record their exact entries first, for undo. */
  journal?: Journal;
  /** Task definitions with plugins (the sandbox); without them no plugin runs. */
  jobs?: JobsMap;
}

/** Where a failed entry goes back to, and the job JSON to push; null when it cannot be retried. */
function retryTarget(item: FailedItem): { queue: string; job: string } | null {
  if (item.class === null || item.queue === null) return null;
  return { queue: item.queue, job: encodeJob(item.queue, item.class, item.args) };
}

export class Actions {
  readonly readOnly: boolean;
  private readonly redis: ReturnType<typeof withScripts>;
  private readonly hooks: PluginHooks;
  private readonly journal?: Journal;

  constructor(
    redis: Redis,
    private readonly keys: ResqueKeys,
    options: ActionsOptions,
  ) {
    this.readOnly = options.readOnly;
    this.redis = withScripts(redis);
    this.hooks = new PluginHooks(redis, keys.namespace, options.jobs);
    this.journal = options.journal;
  }

  private operation(): OpContext {
    return { id: this.journal?.newOperation() ?? '', batch: 0 };
  }

  /** Journals a batch before it reaches Redis and, after, which entries were acted on. */
  private async journaled(
    op: JournalOp,
    ctx: OpContext,
    entries: JournalEntry[],
    run: () => Promise<number[]>,
  ): Promise<number[]> {
    if (!this.journal) return run();
    const batch = ctx.batch++;
    this.journal.intent(ctx.id, op, this.keys.namespace, batch, entries);
    const flags = await run();
    this.journal.done(ctx.id, batch, flags);
    return flags;
  }

  private async removeStored(stored: string[], ctx: OpContext): Promise<number> {
    const flags = await this.journaled(
      'remove',
      ctx,
      stored.map((s) => ({ stored: s })),
      async () => (await this.redis.removeEntries(this.keys.failed, ...stored)) as unknown as number[],
    );
    return sum(flags);
  }

  /** The single read-only gate: every write below passes through it first. */
  guard(): void {
    if (this.readOnly) throw new ReadOnlyError();
  }

  // ---- failed jobs --------------------------------------------------------------------------

  /** Moves one failed entry (exact stored string) back to its queue, atomically. */
  async retryFailed(stored: string, ctx = this.operation()): Promise<RetryResult> {
    this.guard();
    const item = parseFailed(stored);
    const target = retryTarget(item);
    if (!target) return { status: 'invalid', reason: 'entry is not a job (not JSON or no class)' };
    if (this.hooks.has(item.class)) {
      // Check first so a plugin's side effect (a queue lock) is not taken for a missing entry.
      if ((await this.redis.lpos(this.keys.failed, stored)) === null) return { status: 'missing' };
      const veto = await this.hooks.run('beforeEnqueue', item.class!, target.queue, item.args);
      if (veto) return { status: 'vetoed', reason: `${veto} vetoed the enqueue; the job stays in failed` };
    }
    const moved = await this.moveFailed([{ stored, ...target }], ctx);
    if (moved === 0) {
      // Not moved but still there: the script found the queue's key holding another type.
      if ((await this.redis.lpos(this.keys.failed, stored)) === null) return { status: 'missing' };
      return {
        status: 'invalid',
        reason: `queue ${target.queue} is not a list in Redis; the job stays in failed`,
      };
    }
    if (this.hooks.has(item.class))
      await this.hooks.run('afterEnqueue', item.class!, target.queue, item.args);
    return { status: 'retried' };
  }

  /** Removes one failed entry by its exact stored string. */
  async removeFailed(stored: string): Promise<boolean> {
    this.guard();
    return (await this.removeStored([stored], this.operation())) > 0;
  }

  async retryFailedMany(stored: string[], opts: BulkOptions = {}): Promise<BulkResult> {
    this.guard();
    const ctx = this.operation();
    return this.inBatches(stored, opts, (items) => this.retryItems(items, ctx));
  }

  async removeFailedMany(stored: string[], opts: BulkOptions = {}): Promise<BulkResult> {
    this.guard();
    const ctx = this.operation();
    return this.inBatches(stored, opts, async (items) => {
      const removed = await this.removeStored(
        items.map((i) => i.stored!),
        ctx,
      );
      return { done: removed, skipped: items.length - removed };
    });
  }

  /** Retries every failed entry (matching the filter), oldest first, in atomic windows. */
  async retryAllFailed(
    opts: BulkOptions & { filter?: FailedFilter; max?: number } = {},
  ): Promise<BulkResult> {
    this.guard();
    const total = await this.countFailed(opts.filter, opts.signal);
    const ctx = this.operation();
    return walkFailed(this.redis, this.keys.failed, (items) => this.retryItems(items, ctx), {
      ...opts,
      total: Math.min(total, opts.max ?? total),
    });
  }

  /** Removes every failed entry (matching the filter) that was there when it started. */
  async removeAllFailed(
    opts: BulkOptions & { filter?: FailedFilter; max?: number } = {},
  ): Promise<BulkResult> {
    this.guard();
    const total = await this.countFailed(opts.filter, opts.signal);
    const ctx = this.operation();
    return walkFailed(
      this.redis,
      this.keys.failed,
      async (items) => {
        const removed = await this.removeStored(
          items.map((i) => i.stored!),
          ctx,
        );
        return { done: removed, skipped: items.length - removed };
      },
      { ...opts, total: Math.min(total, opts.max ?? total) },
    );
  }

  /** How many failed entries match (all when no filter): read-only, allowed in read-only mode. */
  async countFailed(filter?: FailedFilter, signal?: AbortSignal): Promise<number> {
    if (!filter) return this.redis.llen(this.keys.failed);
    return countMatching(this.redis, this.keys.failed, filter, { signal });
  }

  private async moveFailed(
    entries: { stored: string; queue: string; job: string }[],
    ctx: OpContext,
  ): Promise<number> {
    const argv = entries.flatMap((e) => [e.stored, e.queue, e.job]);
    const flags = await this.journaled(
      'retry',
      ctx,
      entries,
      async () =>
        (await this.redis.moveFailed(
          this.keys.failed,
          this.keys.queues,
          this.keys.queue(''),
          ...argv,
        )) as unknown as number[],
    );
    return sum(flags);
  }

  /** What undoLast() would act on, read from the local journal only (no Redis); null when nothing. */
  async lastUndoable(): Promise<{ op: JournalOp; count: number; unconfirmed: number } | null> {
    const last = this.journal?.last(this.keys.namespace);
    return last ? { op: last.op, count: last.acted.length, unconfirmed: last.unconfirmed } : null;
  }

  /**
   * Undoes the newest remove or retry this journal recorded in this namespace: removed entries
   * go back to the failed list; retried jobs still waiting in their queue go back to failed.
   */
  async undoLast(): Promise<UndoResult> {
    this.guard();
    const last = this.journal?.last(this.keys.namespace);
    if (!last) return { op: null, restored: 0, skipped: 0, unconfirmed: 0 };
    const restored = await restoreOperation(this.redis, this.keys, last);
    this.journal!.undone(last.id);
    return { op: last.op, restored, skipped: last.acted.length - restored, unconfirmed: last.unconfirmed };
  }

  private async retryItems(items: FailedItem[], ctx: OpContext): Promise<{ done: number; skipped: number }> {
    let plain: { stored: string; queue: string; job: string }[] = [];
    let done = 0;
    let skipped = 0;
    // Jobs reach their queues in failed-list order: the plain ones in one script per run.
    const flush = async () => {
      if (plain.length === 0) return;
      const moved = await this.moveFailed(plain, ctx);
      done += moved;
      skipped += plain.length - moved;
      plain = [];
    };
    for (const item of items) {
      const target = retryTarget(item);
      if (!target) skipped++;
      else if (this.hooks.has(item.class)) {
        // Plugins run per job, around its own atomic move.
        await flush();
        const result = await this.retryFailed(item.stored!, ctx);
        if (result.status === 'retried') done++;
        else skipped++;
      } else plain.push({ stored: item.stored!, ...target });
    }
    await flush();
    return { done, skipped };
  }

  private async inBatches(
    stored: string[],
    opts: BulkOptions,
    step: (items: FailedItem[]) => Promise<{ done: number; skipped: number }>,
  ): Promise<BulkResult> {
    const size = opts.batchSize ?? DEFAULT_BATCH;
    let done = 0;
    let skipped = 0;
    for (let i = 0; i < stored.length; i += size) {
      if (opts.signal?.aborted) return { done, total: stored.length, cancelled: true, skipped };
      const result = await step(stored.slice(i, i + size).map((s) => parseFailed(s)));
      done += result.done;
      skipped += result.skipped;
      opts.onProgress?.(done, stored.length);
    }
    return { done, total: stored.length, cancelled: false, skipped };
  }

  // ---- delayed jobs -------------------------------------------------------------------------

  /** Moves one delayed job to its queue now, atomically. */
  async runDelayedNow(job: DelayedJob): Promise<boolean> {
    this.guard();
    const stored = job.stored ?? job.raw;
    if (!stored) return false;
    const queue = job.queue ?? parseJob(stored).queue;
    if (!queue) throw new UserFacingError('this delayed entry names no queue; delete it instead');
    try {
      return await this.moveDelayed(Math.round(job.at / 1000), stored, queue);
    } catch (error) {
      // The script checks before it writes: the job is still delayed.
      if (/queue key is not a list/.test(String(error)))
        throw new UserFacingError(`queue ${queue} is not a list in Redis; the job stays delayed`);
      throw error;
    }
  }

  /** Deletes one delayed job (its exact stored string) and its back-reference. */
  async removeDelayed(job: DelayedJob): Promise<boolean> {
    this.guard();
    const stored = job.stored ?? job.raw;
    if (!stored) return false;
    return this.moveDelayed(Math.round(job.at / 1000), stored, '');
  }

  /** Removes every job due at a second (epoch seconds), with back-references and schedule entry. */
  async delDelayedAt(timestampSec: number): Promise<number> {
    this.guard();
    const sec = String(timestampSec);
    const removed = await this.redis.delDelayedAt(
      this.keys.delayed(sec),
      this.keys.delayedSchedule,
      this.keys.key('timestamps:'),
      `delayed:${sec}`,
      sec,
    );
    if (removed > 0) delayedChanged(this.redis, this.keys.namespace);
    return removed;
  }

  private async moveDelayed(sec: number, stored: string, queue: string): Promise<boolean> {
    const moved = await this.redis.moveDelayed(
      this.keys.delayed(sec),
      this.keys.delayedSchedule,
      this.keys.timestamps(stored),
      this.keys.queues,
      this.keys.queue(queue || '_'),
      stored,
      `delayed:${sec}`,
      String(sec),
      queue,
    );
    if (moved === 1) delayedChanged(this.redis, this.keys.namespace);
    return moved === 1;
  }

  // ---- queues, locks, workers, enqueue ---------------------------------------------------------

  /** Deletes a queue's list and its name; returns how many jobs were in it. */
  async deleteQueue(name: string): Promise<number> {
    this.guard();
    const [[, length], , ,] = (await this.redis
      .multi()
      .llen(this.keys.queue(name))
      .del(this.keys.queue(name))
      .srem(this.keys.queues, name)
      .exec()) as [Error | null, number][];
    return length ?? 0;
  }

  /** Deletes a lock key given without the namespace (as in LockInfo.key). */
  async deleteLock(key: string): Promise<boolean> {
    this.guard();
    const deleted = (await this.redis.del(this.keys.key(key))) > 0;
    forgetLock(this.redis, this.keys.namespace, key);
    return deleted;
  }

  /**
   * Unregisters a worker (member of the workers set) and all its keys; a job it was working on
   * goes to the failed list, as node-resque's forceCleanWorker does, minus the orphan key.
   */
  async cleanWorker(entry: string): Promise<{ failed: boolean }> {
    this.guard();
    const result = await unregisterWorker(this.redis, this.keys, entry);
    if (result === null) throw new UserFacingError(`no worker ${entry}`);
    return result;
  }

  /** Cleans the workers deadWorkers() finds (see there); returns the cleaned entries. */
  async cleanWorkersOlderThan(ageMs: number): Promise<string[]> {
    this.guard();
    const cleaned: string[] = [];
    for (const entry of await deadWorkers(this.redis, this.keys, ageMs)) {
      // A worker that exited on its own meanwhile is not counted (and does not stop the sweep).
      if (await unregisterWorker(this.redis, this.keys, entry)) cleaned.push(entry);
    }
    return cleaned;
  }

  /** Enqueues a job now or after `delayMs` (resque's delayed queue has one-second resolution). */
  async enqueue(input: EnqueueInput): Promise<void> {
    this.guard();
    await enqueueJob(this.redis, this.keys, this.hooks, input);
  }
}
