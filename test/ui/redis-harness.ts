// The app over a real redis-server through the production backend wiring (createEngineBackend),
// with the real refresh loop: what a key does is checked in Redis, not in a fake.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createEngineBackend } from '../../src/commands/tui.js';
import { parseRedisTarget } from '../../src/engine/connection.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { type Harness, renderApp } from './helpers.js';

export interface RedisUi {
  redis: TestRedis;
  client: Redis;
  open(opts?: { readOnly?: boolean; size?: { columns: number; rows: number } }): Harness;
}

/** node-resque's failed entry, as its worker writes it. */
export function failedEntry(i: number, over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    worker: 'host:1+1',
    queue: 'default',
    payload: { class: 'boom', queue: 'default', args: [i] },
    exception: 'Error',
    error: `boom ${i}`,
    backtrace: ['at perform (job.js:1:1)', 'at Worker.perform'],
    failed_at: new Date().toString(),
    ...over,
  });
}

export function setupRedisUi(): RedisUi {
  // The undo journal goes to a temporary state directory, never the user's (a test may set its own).
  process.env.STELLAR_TASKS_TUI_STATE_DIR ??= mkdtempSync(join(tmpdir(), 'stt-state-'));
  const ctx = {} as RedisUi;
  let harnesses: Harness[] = [];
  beforeAll(async () => {
    ctx.redis = await startTestRedis();
    ctx.client = ctx.redis.client();
  });
  afterAll(async () => {
    await ctx.redis?.stop();
  });
  beforeEach(async () => {
    await ctx.redis.flush();
  });
  afterEach(() => {
    for (const h of harnesses) h.stop();
    harnesses = [];
  });
  ctx.open = (opts = {}) => {
    const client = ctx.redis.client();
    const target = parseRedisTarget(ctx.redis.url, 'resque');
    const backend = createEngineBackend(client, target, { readOnly: opts.readOnly ?? false, refreshMs: 250 });
    const h = renderApp({ backend, size: opts.size, refresher: { refreshMs: 250 } });
    harnesses.push(h);
    return h;
  };
  return ctx;
}
