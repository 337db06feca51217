// Runs node-resque plugin hooks (QueueLock's beforeEnqueue and the like) for an enqueue that
// the engine performs itself, so an atomic retry still honours the task's plugins.
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { type Job, Queue } from 'node-resque';

const require = createRequire(import.meta.url);
const { RunPlugin } = require('node-resque/dist/core/pluginRunner.js') as {
  RunPlugin: (
    self: Queue,
    plugin: unknown,
    type: string,
    func: string,
    queue: string,
    job: unknown,
    args: unknown[],
  ) => Promise<boolean>;
};

export type JobsMap = Record<string, Job<unknown>>;

export class PluginHooks {
  private queue?: Queue;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    readonly jobs: JobsMap | undefined,
  ) {}

  /** True when the class has plugins that must run around an enqueue. */
  has(className: string | null): boolean {
    if (!className || !this.jobs) return false;
    const job = this.jobs[className];
    return Boolean(job?.plugins && job.plugins.length > 0);
  }

  private resque(): Queue {
    // A Queue over the shared client: never connect()ed, so it writes no test key.
    this.queue ??= attachQueue(this.redis, this.namespace, this.jobs ?? {});
    return this.queue;
  }

  /** Runs one hook over every plugin; returns the name of the plugin that vetoed, or null. */
  async run(
    type: 'beforeEnqueue' | 'afterEnqueue',
    className: string,
    queue: string,
    args: unknown[],
  ): Promise<string | null> {
    const job = this.jobs?.[className];
    if (!job?.plugins) return null;
    for (const plugin of job.plugins) {
      const ok = await RunPlugin(this.resque(), plugin, type, className, queue, job, args);
      if (ok === false)
        return typeof plugin === 'string' ? plugin : (plugin as { name?: string }).name || 'plugin';
    }
    return null;
  }
}

/**
 * A node-resque Queue over an existing client without calling connect(), which would write a
 * test key (a read-only user cannot) and register listeners. Scans use COUNT 1000.
 */
export function attachQueue(redis: Redis, namespace: string, jobs: JobsMap): Queue {
  const queue = new Queue({ connection: { redis, namespace, scanCount: 1000 } }, jobs);
  const connection = queue.connection as unknown as { redis: Redis; connected: boolean };
  connection.redis = redis;
  connection.connected = true;
  return queue;
}
