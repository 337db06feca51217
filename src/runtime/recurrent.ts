// Periodic tasks: enqueued once at start, re-enqueued `frequency` ms after each run (after a
// failure too). resque's delayed queue has one-second resolution and its scheduler moves
// second S when round(now / 1000) >= S, i.e. from S - 0.5 s on. Picking the S whose moment
// is nearest to now + frequency keeps the average period at the frequency instead of
// Stellar's enqueueIn, which can fire a few ms after a run when the rounding falls badly.
import type { Queue } from 'node-resque';
import type { TaskDefinition } from '../engine/tasks-api.js';

/** The enqueueAt timestamp (ms, whole second) whose transfer is nearest to now + frequency. */
export function nextRunAt(now: number, frequencyMs: number): number {
  const second = Math.round((now + frequencyMs + 500) / 1000);
  // Never a second the scheduler would move within half a second: no back-to-back runs.
  return Math.max(second, Math.ceil(now / 1000 + 1)) * 1000;
}

const NO_ARGS: unknown[] = [];

export class Recurrence {
  constructor(private readonly queue: Queue) {}

  /** At start: enqueue now unless a copy is already queued or delayed (the plugins decide). */
  async start(def: TaskDefinition): Promise<boolean> {
    return this.queue.enqueue(def.queue, def.name, [...NO_ARGS]);
  }

  /** After a run: drop queued and delayed copies, then schedule the one next run. */
  async next(def: TaskDefinition, now = Date.now()): Promise<number> {
    await this.clear(def);
    const at = nextRunAt(now, def.frequency);
    await this.queue.enqueueAt(at, def.queue, def.name, [...NO_ARGS], true);
    return at;
  }

  /** Removes every queued and delayed copy (a task that is no longer periodic or is gone). */
  async clear(def: Pick<TaskDefinition, 'name' | 'queue' | 'plugins'>): Promise<void> {
    const removed = await this.queue.del(def.queue, def.name, [...NO_ARGS]);
    await this.queue.delDelayed(def.queue, def.name, [...NO_ARGS]);
    // QueueLock releases its lock only when the job runs; a copy deleted from the queue
    // would leave the lock behind and veto every later enqueue for an hour.
    if (removed > 0 && def.plugins.includes('QueueLock')) {
      const connection = this.queue.connection;
      await connection.redis.del(connection.key('lock', def.name, def.queue, JSON.stringify(NO_ARGS)));
    }
  }
}
