// Enqueueing a job the way node-resque does (same JSON, same keys), with the task's plugins when
// the console knows them. Called only through Actions, which holds the read-only gate.
import type { Redis } from 'ioredis';
import { UserFacingError } from '../errors.js';
import { delayedChanged } from './delayed-total.js';
import type { ResqueKeys } from './keys.js';
import { encodeJob } from './parse.js';
import type { PluginHooks } from './plugins.js';

export interface EnqueueInput {
  class: string;
  queue: string;
  args: unknown[];
  delayMs?: number;
}

export async function enqueueJob(
  redis: Redis,
  keys: ResqueKeys,
  hooks: PluginHooks,
  input: EnqueueInput,
): Promise<void> {
  const job = encodeJob(input.queue, input.class, input.args);
  if (input.delayMs && input.delayMs > 0) {
    const sec = Math.round((Date.now() + input.delayMs) / 1000);
    // As node-resque's enqueueAt: the same job twice at one second would be one back-reference
    // for two list entries, and removing one would orphan the other.
    if (await redis.sismember(keys.timestamps(job), `delayed:${sec}`))
      throw new UserFacingError('the same job is already scheduled at that second');
    await redis
      .multi()
      .rpush(keys.delayed(sec), job)
      .sadd(keys.timestamps(job), `delayed:${sec}`)
      .zadd(keys.delayedSchedule, sec, String(sec))
      .exec();
    delayedChanged(redis, keys.namespace);
    return;
  }
  if (hooks.has(input.class)) {
    const veto = await hooks.run('beforeEnqueue', input.class, input.queue, input.args);
    if (veto) throw new UserFacingError(`${veto} vetoed the enqueue`);
  }
  await redis.multi().sadd(keys.queues, input.queue).rpush(keys.queue(input.queue), job).exec();
  if (hooks.has(input.class)) await hooks.run('afterEnqueue', input.class, input.queue, input.args);
}
