// Retry-all through the console's bulk path, with the correctness check: the failed list ends
// empty and the queues grew by exactly the number of failed jobs.
import type { Redis } from 'ioredis';
import { Actions } from '../src/engine/actions.js';
import { ResqueKeys } from '../src/engine/keys.js';

async function queuedTotal(redis: Redis): Promise<number> {
  const queues = await redis.smembers('resque:queues');
  const p = redis.pipeline();
  for (const q of queues) p.llen(`resque:queue:${q}`);
  return ((await p.exec()) ?? []).reduce((sum, [, n]) => sum + Number(n), 0);
}

export async function measureRetryAll(client: Redis) {
  const failedBefore = await client.llen('resque:failed');
  const queuedBefore = await queuedTotal(client);
  const actions = new Actions(client, new ResqueKeys('resque'), { readOnly: false });
  const t = performance.now();
  const result = await actions.retryAllFailed({ batchSize: 1000 });
  const seconds = (performance.now() - t) / 1000;
  const failedAfter = await client.llen('resque:failed');
  const grew = (await queuedTotal(client)) - queuedBefore;
  return {
    jobs: failedBefore,
    jobsPerSecond: Math.round(result.done / seconds),
    seconds,
    ok: failedAfter === 0 && grew === failedBefore && result.done === failedBefore,
    detail: `failed ${failedBefore} -> ${failedAfter}, queues grew ${grew}, moved ${result.done}`,
  };
}
