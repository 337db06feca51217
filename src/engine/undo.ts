// Restoring what the journal saw a remove or retry act on. Called only through Actions, which
// holds the read-only gate and marks the operation undone.
import type { Redis } from 'ioredis';
import type { LastOperation } from './journal.js';
import type { ResqueKeys } from './keys.js';
import { withScripts } from './scripts.js';

/** Returns how many entries came back to the failed list. */
export async function restoreOperation(redis: Redis, keys: ResqueKeys, last: LastOperation): Promise<number> {
  if (last.op === 'remove') {
    if (last.acted.length === 0) return 0;
    // One transaction: an undo interrupted half-way could otherwise be repeated in part.
    const multi = redis.multi();
    for (let i = 0; i < last.acted.length; i += 1000) {
      multi.rpush(keys.failed, ...last.acted.slice(i, i + 1000).map((e) => e.stored));
    }
    await multi.exec();
    return last.acted.length;
  }
  // Retries: each job still waiting in its queue goes back, atomically per job.
  const scripts = withScripts(redis);
  const retried = last.acted.filter((e) => e.queue !== undefined && e.job !== undefined);
  let restored = 0;
  for (let i = 0; i < retried.length; i += 500) {
    const argv = retried.slice(i, i + 500).flatMap((e) => [e.stored, e.queue!, e.job!]);
    const flags = (await scripts.undoRetry(keys.failed, keys.queue(''), ...argv)) as unknown as number[];
    restored += flags.reduce((n, f) => n + Number(f), 0);
  }
  return restored;
}
