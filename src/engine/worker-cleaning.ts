// Unregistering workers and finding dead ones. Called only through Actions, which holds the
// read-only gate.
import type { Redis } from 'ioredis';
import { UserFacingError } from '../errors.js';
import { type ResqueKeys, splitWorkerEntry } from './keys.js';
import { forceCleanFailure, jobStart, parseTime, pingTime } from './parse.js';
import { withScripts } from './scripts.js';

/**
 * Unregisters a worker and all its keys in one script (its job, if any, goes to failed);
 * null when the worker is not (or no longer) registered.
 */
export async function unregisterWorker(
  redis: Redis,
  keys: ResqueKeys,
  entry: string,
): Promise<{ failed: boolean } | null> {
  const scripts = withScripts(redis);
  const { name } = splitWorkerEntry(entry);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await redis.get(keys.workerJob(entry));
    const failure = current ? forceCleanFailure(name, current) : '';
    const result = await scripts.cleanWorker(
      keys.workers,
      keys.workerJob(entry),
      keys.workerStarted(entry),
      keys.workerPing(name),
      keys.stat('failed', name),
      keys.stat('processed', name),
      keys.stat('failed'),
      keys.failed,
      entry,
      current ?? '',
      failure,
    );
    if (result === -1) return null;
    if (result !== -2) return { failed: result === 1 };
  }
  throw new UserFacingError(`worker ${entry} keeps changing; try again`);
}

/**
 * Workers that look dead: working on one job for longer than `ageMs`, or idle with no heartbeat
 * (ping, else registration time) for longer than `ageMs`. node-resque's own cleanOldWorkers never
 * looks at idle workers, so crashed idle ones stayed forever.
 */
export async function deadWorkers(redis: Redis, keys: ResqueKeys, ageMs: number): Promise<string[]> {
  const entries = await redis.smembers(keys.workers);
  if (entries.length === 0) return [];
  const values = await redis.mget(
    entries.flatMap((e) => [
      keys.workerJob(e),
      keys.workerPing(splitWorkerEntry(e).name),
      keys.workerStarted(e),
    ]),
  );
  const now = Date.now();
  return entries.filter((_entry, i) => {
    const [job, ping, started] = values.slice(i * 3, i * 3 + 3);
    const since = job ? jobStart(job) : (pingTime(ping) ?? parseTime(started));
    return since === null || now - since > ageMs;
  });
}
