// A TaskRuntime over a real redis-server and a throwaway task directory, for the runtime tests.
import type { Redis } from 'ioredis';
import { parseRedisTarget } from '../../src/engine/connection.js';
import { TaskEngine } from '../../src/engine/tasks-api.js';
import { TaskRuntime } from '../../src/runtime/runtime.js';
import { createLog, type LogEntry, type WritableLog } from '../../src/sandbox/log.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { makeTaskDir, type TaskDir } from './helpers.js';

export interface RuntimeRig {
  redis: TestRedis;
  /** One plain client for the test's own reads. */
  client: Redis;
  engine: TaskEngine;
  runtime: TaskRuntime;
  log: WritableLog;
  dir: TaskDir;
  /** Log lines so far matching the pattern. */
  lines(pattern: RegExp): LogEntry[];
  close(stopTimeoutMs?: number): Promise<void>;
}

export async function startRig(
  files: Record<string, string>,
  options: { jobTimeoutMs?: number } = {},
): Promise<RuntimeRig> {
  const redis = await startTestRedis();
  const dir = makeTaskDir(files);
  const engine = await TaskEngine.connect({ target: parseRedisTarget(redis.url) });
  const log = createLog(5000);
  const runtime = new TaskRuntime({
    engine,
    log,
    tasksDir: dir.root,
    jobTimeoutMs: options.jobTimeoutMs ?? 5000,
    id: 'test',
    config: { sandbox: true },
    pollMs: 50,
  });
  await runtime.start();
  let closed = false;
  return {
    redis,
    client: redis.client(),
    engine,
    runtime,
    log,
    dir,
    lines: (pattern) => log.entries().filter((e) => pattern.test(e.message)),
    async close(stopTimeoutMs = 2000) {
      if (closed) return;
      closed = true;
      await runtime.stop(stopTimeoutMs);
      await engine.end();
      await redis.stop();
      dir.remove();
    },
  };
}
